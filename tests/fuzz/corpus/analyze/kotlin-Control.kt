
// Control flow, counted as detekt's CyclomaticComplexMethod does
package demo.control

fun classify(n: Int): String {
    if (n < 0) {
        return "negative"
    } else if (n == 0) {
        return "zero"
    } else {
        return "positive"
    }
}

fun grade(score: Int): Char = when {
    score >= 90 -> 'A'
    score >= 80 -> 'B'
    else -> 'C'
}

fun kind(x: Any): String {
    return when (x) {
        1, 2 -> "small"
        in 3..9 -> "digit"
        is String -> "text"
        else -> "other"
    }
}

fun findRow(grid: Array<IntArray>, target: Int): Int {
    outer@ for (r in grid.indices) {
        for (c in grid[r].indices) {
            if (grid[r][c] < 0) continue@outer
            if (grid[r][c] == target) break@outer
        }
    }
    return -1
}

fun parse(s: String): Int {
    try {
        return s.toInt()
    } catch (e: NumberFormatException) {
        if (s.isEmpty()) return 0
        throw IllegalStateException(s)
    } catch (e: Exception) {
        return -1
    } finally {
        println("done") // not a decision
    }
}

fun check(a: Boolean, b: Boolean, c: Boolean): Boolean {
    return a && b || c && (a || b)
}

fun collatz(start: Int): Int {
    var n = start
    var steps = 0
    while (n != 1) {
        n = if (n % 2 == 0) n / 2 else 3 * n + 1
        steps++
    }
    do {
        steps--
    } while (steps > 100)
    return steps
}

fun gcd(a: Int, b: Int): Int {
    if (b == 0) return a
    return gcd(b, a % b)
}
