
fun none() {}

fun defaults(a: Int = 1, b: String = "x", c: Boolean = a > 0 && b.isEmpty()) = a

fun varargs(vararg xs: Int, tail: String) {}

fun <T : Comparable<T>> maxOf3(a: T, b: T, c: T): T = maxOf(a, maxOf(b, c))

fun callback(f: (Int, Int) -> Int, g: suspend () -> Unit) {}

val pairs: (Pair<String, Int>, Int) -> Int = { (k, v), n -> k.length + v + n }

fun exits(x: Int): Int {
    if (x > 0) return 1
    if (x < 0) throw IllegalArgumentException()
    return 0
}

fun nothing(): Nothing = throw Error()
