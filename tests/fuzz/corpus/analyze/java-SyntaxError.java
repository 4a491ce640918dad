
// SyntaxError.java: broken has a call with a missing ')'
class SyntaxError {
    int okBefore(int a) {
        if (a > 0) {
            return a;
        }
        return -a;
    }

    int broken(int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += compute(i, n;
        }
        return s;
    }

    int okAfter(int a, int b) {
        while (a > b) {
            a -= b;
        }
        return a;
    }

    int compute(int i, int n) { return i * n; }
}
