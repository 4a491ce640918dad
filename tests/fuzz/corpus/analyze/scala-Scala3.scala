package demo.three

// Scala 3: indentation syntax, end markers, then/do, catch case
object Three:
  def classify(n: Int): String =
    if n < 0 then "negative"
    else if n == 0 then "zero"
    else "positive"
  end classify

  def sumTo(n: Int): Int =
    var i = 0
    var s = 0
    while i < n do
      s += i
      i += 1
    s

  def evens(xs: List[Int]): List[Int] =
    for
      x <- xs
      if x % 2 == 0
    yield x

  def parse(s: String): Int =
    try s.toInt
    catch case _: NumberFormatException => 0

  def kind(x: Matchable): String =
    x match
      case i: Int => "int"
      case _ => "other"

  given intOrd: Ordering[Int] with
    def compare(a: Int, b: Int): Int = a - b
end Three
