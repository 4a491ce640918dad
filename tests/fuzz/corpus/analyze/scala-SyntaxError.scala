object Broken {
  def fine(x: Int): Int = if (x > 0) x else 0

  def broken(x: Int): Int = {
    val y = (x +
  }
}
