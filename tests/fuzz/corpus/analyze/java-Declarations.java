// Declarations.java: methods without a body are declarations, not units
package demo;

@FunctionalInterface
interface Failable<T, R, E extends Throwable> {
    R apply(T t) throws E;

    default R applyOr(T t, R fallback) {
        try {
            return apply(t);
        } catch (Throwable e) {
            return fallback;
        }
    }
}

abstract class Task {
    abstract void run();

    native int peek(long address);

    int twice(int x) {
        return x > 0 ? 2 * x : 0;
    }
}
