
defmodule P do
  def none, do: nil
  def two(a, b), do: {a, b}
  def defaults(a, b \\ 1)
  def defaults(a, b), do: a + b
  def pattern(%{k: v}, [h | t], _), do: {v, h, t}
end
