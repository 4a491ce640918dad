// Control.java: branches, switch, loops, labels, exceptions
import java.util.List;

public class Control {

    static int add(int a, int b) { return a + b; }

    static int classify(int x) {
        if (x < 0) {
            return -1;
        } else if (x == 0) {
            return 0;
        } else if (x < 100) {
            return 1;
        } else {
            return 2;
        }
    }

    static String season(int m) {
        String s;
        switch (m) {
            case 12:
            case 1:
            case 2:
                s = "winter";
                break;
            case 3:
                s = "early";
                // fall through
            case 4:
                s = "spring";
                break;
            default:
                s = "other";
        }
        return s;
    }

    static int findRow(int[][] grid, int target) {
        int row = -1;
        outer:
        for (int i = 0; i < grid.length; i++) {
            for (int j = 0; j < grid[i].length; j++) {
                if (grid[i][j] < 0) {
                    continue outer;
                }
                if (grid[i][j] == target) {
                    row = i;
                    break outer;
                }
            }
        }
        return row;
    }

    static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return 0;
        } finally {
            System.out.println("done");
        }
    }

    static boolean check(boolean a, boolean b, boolean c) {
        return a && b || c && (a || b);
    }

    static int collatz(long n) {
        int steps = 0;
        while (n != 1) {
            n = n % 2 == 0 ? n / 2 : 3 * n + 1;
            steps++;
        }
        do {
            steps--;
        } while (steps > 1000);
        return steps;
    }

    static int gcd(int a, int b) {
        if (b == 0) {
            return a;
        }
        return gcd(b, a % b);
    }

    static int total(List<Integer> xs) {
        int t = 0;
        for (int x : xs) {
            t += x;
        }
        return t;
    }
}
