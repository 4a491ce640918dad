package org.example.names

class Outer {
    Closure onEvent = { evt ->
        println(evt)
    }

    Outer() {
        println('made')
    }

    static int twice(int x) {
        return 2 * x
    }

    class Inner {
        def hello() {
            def shout = { String s -> s.toUpperCase() }
            return shout('hi')
        }
    }
}

interface Shape {
    double area()
}

enum Colour {
    // the grammar reads an enum as Java does: a ; ends the constants before a method
    RED, GREEN;

    String lower() {
        return name().toLowerCase()
    }
}

def scriptFunction(int n) {
    n + 1
}

def top = { it * 2 }
