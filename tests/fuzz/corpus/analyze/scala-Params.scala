	object Params {
  def none = 42
  def empty() = 0
  def one(a: Int) = a
  def curried(a: Int, b: Int)(c: Int)(implicit d: Ordering[Int]) = a + b + c
  def using3(x: Int)(using ctx: String, n: Int) = x
  def defaults(a: Int = 1, b: String = "b") = a
  def varargs(xs: Int*) = xs.size
  def byName(cond: => Boolean) = cond
  def generic[A, B](a: A): A = a
  val two = (a: Int, b: Int) => a
  val bare = (x: Int) => x
  val under = (_: Int) => 0
}
