object Exits {
  def early(x: Int): Int = {
    if (x < 0) return -1
    if (x == 0) throw new IllegalArgumentException("zero")
    x
  }

  def implicitResult(x: Int): Int = x * 2

  def inLambda(xs: List[Int]): Int = {
    xs.foreach { x =>
      if (x < 0) throw new RuntimeException("neg")
    }
    return xs.sum
  }
}
