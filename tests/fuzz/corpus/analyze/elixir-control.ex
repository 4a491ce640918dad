defmodule Shop.Control do
  def classify(x) do
    if x > 0 do
      :pos
    else
      :neg
    end
  end

  def kind(x) do
    case x do
      {:ok, v} -> v
      {:error, _} -> nil
      _ -> :other
    end
  end

  def grade(n) do
    cond do
      n > 90 -> :a
      n > 50 and n < 60 -> :b
      true -> :c
    end
  end

  defp nested(xs, y) do
    for x <- xs do
      unless x == y || x == 0 do
        x
      end
    end
  end

  def safe(f) do
    try do
      f.()
    rescue
      e in RuntimeError -> raise e
    end
  end

  def pick(a, b) do
    with {:ok, x} <- a,
         {:ok, y} <- b do
      x + y
    else
      {:error, r} -> r
      _ -> nil
    end
  end

  def short(x), do: if(x, do: 1, else: 2)
end
