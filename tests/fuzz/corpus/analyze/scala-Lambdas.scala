object Lambdas {
  val inc = (x: Int) => x + 1
  var pick: (Int, Int) => Int = (a, b) => if (a > b) a else b

  def run(xs: List[Int]): List[Int] = {
    val keep = (x: Int) => x > 0 && x < 10
    xs.filter(keep).map { x =>
      if (x > 5) x else 0
    }
  }

  def parts(xs: List[(Int, String)]): List[String] = xs.collect {
    case (n, s) if n > 0 => s
    case (_, s) => s.reverse
  }

  def placeholder(xs: List[Int]): Int = xs.map(_ * 2).sum

  def later(): Unit = {
    var f: Int => Int = null
    f = y => y * 3
  }
}
