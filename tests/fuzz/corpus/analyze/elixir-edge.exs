# interpolation and heredoc
defmodule Edge do
  @moduledoc """
  Docs here.
  """
  def greet(name) do
    "hi #{name || "you"}"
  end

  def loop(n) do
    receive do
      :stop -> :ok
      {:msg, m} -> loop(n + m)
    after
      100 -> raise "timeout"
    end
  end
end
