
// the same callbacks under --units=each: every lambda is a unit
fun total(items: List<Int>): Int {
    var sum = 0
    items.forEach { item ->
        if (item > 0) sum += item
    }
    val doubled = items.map { it * 2 }
    return sum + doubled.size
}
