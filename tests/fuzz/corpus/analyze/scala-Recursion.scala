
object Recursion {
  def fact(n: Int): Int = if (n <= 1) 1 else n * fact(n - 1)
  def typed[A](n: Int, a: A): A = if (n == 0) a else typed[A](n - 1, a)
  def other(n: Int): Int = this.other(n)
}
