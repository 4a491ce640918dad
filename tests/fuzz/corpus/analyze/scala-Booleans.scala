object Booleans {
  def mixed(a: Boolean, b: Boolean, c: Boolean, d: Boolean): Boolean =
    a && b || c && d

  def compare(a: Int, b: Int, c: Int): Boolean = a > 0 && b == c && c < 10

  def grouped(a: Boolean, b: Boolean, c: Boolean): Boolean = (a || b) && (b || c)

  def notLogic(a: Int, b: Int): Int = a + b * (a - b)

  def words(a: Int, b: Int): Int = a max b min 3

  def strings(name: String, n: Int): String = s"hi $name, ${if (n > 1) "many" else "one"}"
}
