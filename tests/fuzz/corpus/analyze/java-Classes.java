// Classes.java: constructors, inner and static nested classes, generics, varargs
import java.util.ArrayList;
import java.util.List;

public class Classes {
    private final List<String> names = new ArrayList<>();

    public Classes() {
        this("none");
    }

    public Classes(String first) {
        if (first != null) {
            names.add(first);
        }
    }

    public int sum(int... xs) {
        int s = 0;
        for (int x : xs) {
            s += x;
        }
        return s;
    }

    public static <T extends Comparable<T>> T max(T a, T b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    class Inner {
        int depth;

        Inner(int depth) {
            this.depth = depth;
        }

        int twice() { return depth * 2; }
    }

    static class Nested {
        @Override
        public String toString() {
            return "Nested";
        }
    }

    int größe(int länge) { return länge * 2; }
}
