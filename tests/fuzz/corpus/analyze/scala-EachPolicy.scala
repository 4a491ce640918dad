object EachPolicy {
  def run(xs: List[Int]): Int = {
    val ys = xs.map(x => if (x > 0) x else -x)
    ys.foldLeft(0) { (acc, y) =>
      acc + y
    }
  }
}
