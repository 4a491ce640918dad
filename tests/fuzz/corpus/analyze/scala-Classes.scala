package demo
package shapes

trait Shape {
  def area: Double
  def name: String = "shape"
}

class Circle(r: Double) extends Shape {
  def this() = this(1.0)
  def area: Double = 3.14 * r * r
  class Inner {
    def twice(x: Int) = x * 2
  }
}

object Circle {
  def apply(r: Double): Circle = new Circle(r)
  def unapply(c: Circle): Option[Double] = None
}

package object util {
  def helper(): Unit = ()
}

object Outer {
  object Nested {
    def deep(): Int = 1
  }
  def local(n: Int): Int = {
    def go(i: Int, acc: Int): Int = if (i == 0) acc else go(i - 1, acc + i)
    go(n, 0)
  }
  val anon = new Shape {
    def area = 0.0
  }
}

enum Color {
  case Red, Green
  def isRed: Boolean = this == Red
}

extension (s: String) def shout: String = s.toUpperCase
