class Params {
    def none() {
        0
    }

    def typed(int a, String b, List<String> c) {
        a
    }

    def defaults(String who, int times = 1, boolean loud = false) {
        who
    }

    def varargs(String fmt, Object... args) {
        fmt
    }

    def closures() {
        def noArgs = { 42 }
        def one = { x -> x }
        def two = { String s, int n -> s * n }
        def withDefault = { List xs = NONE -> xs }
        return noArgs
    }
}
