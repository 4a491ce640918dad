package demo.control

object Control {
  def sign(x: Int): Int = {
    if (x > 0) 1
    else if (x < 0) -1
    else 0
  }

  def loops(n: Int): Int = {
    var i = 0
    var s = 0
    while (i < n) {
      if (i % 2 == 0) s += i
      i += 1
    }
    do {
      s -= 1
    } while (s > 100)
    for (a <- 1 to n; b <- 1 to a if a != b) {
      s += a * b
    }
    s
  }

  def describe(x: Any): String = x match {
    case 0 => "zero"
    case i: Int if i > 0 => "positive"
    case s: String => s
    case _ => "other"
  }

  def safe(f: () => Int): Int =
    try f()
    catch {
      case _: ArithmeticException => 0
      case e: Exception => if (e.getMessage == null) 1 else 2
    } finally println("done")

  def both(a: Boolean, b: Boolean, c: Boolean): Boolean = a && b || c
}
