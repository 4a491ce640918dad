	// Lambdas.java: every line of this file ends in CR LF
import java.util.List;

class Lambdas {
    private List<String> names;

    void printAll() {
        names.forEach(n -> {
            if (n.isEmpty()) {
                return;
            }
            System.out.println(n);
        });
    }

    Runnable task() {
        Runnable r = () -> {
            for (String n : names) {
                System.out.println(n);
            }
        };
        return r;
    }

    Runnable anon() {
        return new Runnable() {
            @Override
            public void run() {
                if (names.isEmpty()) {
                    System.out.println("empty");
                }
            }
        };
    }

    int mapSum(List<Integer> xs) {
        return xs.stream().mapToInt(x -> x > 0 ? x : 0).sum();
    }
}
