defmodule Broken do
  def ok(x), do: x

  def bad(x) do
    if x do
  end
