
/* Classes, objects, companions
   and property accessors */
package demo.classes

class Account(val owner: String, private var balance: Int = 0) {
    init {
        require(balance >= 0)
    }

    constructor(owner: String, cents: Long) : this(owner, (cents / 100).toInt()) {
        if (cents < 0) throw IllegalArgumentException("negative")
    }

    constructor(other: Account) : this(other.owner, other.balance)

    val isEmpty: Boolean
        get() = balance == 0

    var limit: Int = 100
        set(value) {
            field = if (value < 0) 0 else value
        }

    var count: Int = 0
        private set

    fun deposit(amount: Int) {
        balance += amount
    }

    companion object {
        fun empty(owner: String) = Account(owner)
    }

    object Audit {
        fun log(msg: String) = println(msg)
    }

    inner class Statement {
        fun lines(): List<String> = listOf(owner)
    }
}

interface Shape {
    fun area(): Double
    fun describe(): String {
        return "shape"
    }
}

enum class Op {
    PLUS {
        override fun apply(a: Int, b: Int) = a + b
    },
    MINUS {
        override fun apply(a: Int, b: Int) = a - b
    };

    abstract fun apply(a: Int, b: Int): Int
}

fun String.shout(): String = uppercase() + "!"

fun <T> List<T>?.orNone(): List<T> = this ?: emptyList()

class Registry {
    companion object Factory {
        fun create(): Registry = Registry()
    }
}

val String.initial: Char
    get() = if (isEmpty()) ' ' else this[0]
