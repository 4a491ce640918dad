
fun ok(a: Int): Int {
    return a + 1
}

fun broken(x: Int) {
    if (x > ) {
        println(x)
    }
}
