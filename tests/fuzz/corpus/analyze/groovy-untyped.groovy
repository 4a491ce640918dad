def untyped(a, b, List c = [1, 2]) {
    a
}

def one(x) {
    x
}
