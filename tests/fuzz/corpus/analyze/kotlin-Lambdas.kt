
// Lambdas and anonymous functions under the bound policy
package demo.lambdas

val square = { x: Int -> x * x }

val isEven = fun(n: Int): Boolean { return n % 2 == 0 }

class Handlers {
    var onClick: (Int) -> Unit = {}

    fun install(items: List<Int>) {
        onClick = { id ->
            if (id > 0) println(id)
        }
        items.forEach { item ->
            if (item < 0) return@forEach
            println(item)
        }
        val total = items.map { it * 2 }.filter { it > 2 }.sum()
        println(total)
    }

    fun lookup(key: String?): Int {
        val len = key?.let { it.length } ?: -1
        val upper = key?.uppercase()
        return len + (upper?.length ?: 0)
    }

    fun safely(block: () -> Unit) {
        run {
            block()
        }
        with(this) {
            println(onClick)
        }
        val lazyValue by lazy { compute() }
        println(lazyValue)
    }

    private fun compute() = 42
}

fun interface Action {
    fun act(): Int
}

val action = Action { 7 }
val anon = object : Action {
    override fun act(): Int = 8
}
