	defmodule Outer do
  defmodule Inner.Deep do
    def f(a), do: a
  end

  def g(0), do: 0
  def g(n) when n > 0, do: g(n - 1)

  defmacro m(ast) do
    ast
  end

  defp h, do: :ok
end

defprotocol Size do
  def size(data)
end
