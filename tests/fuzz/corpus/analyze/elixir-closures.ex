defmodule Fns do
  def run(xs) do
    double = fn x -> x * 2 end
    Enum.map(xs, fn
      0 -> 0
      x -> if x > 1, do: double.(x), else: x
    end)
  end
end

add = fn a, b -> a + b end
