defmodule Safe do
  def decode(s) do
    {:ok, parse(s)}
  rescue
    ArgumentError -> :error
  catch
    :exit, _ -> :exit
  after
    :ok
  end

  def wait(ref) do
    receive do
      {^ref, r} -> r
    after
      5000 -> nil
    end
  end
end
