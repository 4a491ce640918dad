class Control {
    int classify(int n) {
        if (n < 0) {
            return -1
        } else if (n == 0) {
            return 0
        } else {
            n = n + 1
        }
        return 1
    }

    String loops(List xs, int k) {
        int total = 0
        for (int i = 0; i < k; i++) {
            while (total < i && k > 0) {
                total++
            }
        }
        for (x in xs) {
            if (x == null || x == 0) {
                continue
            }
            do {
                total--
            } while (total > 10)
        }
        return total > 5 ? 'big' : 'small'
    }

    int pick(String s) {
        switch (s) {
            case 'a':
                return 1
            case 'b':
            case 'c':
                return 2
            default:
                return 0
        }
    }

    void guarded(Closure work) {
        try {
            work.call()
        } catch (IOException e) {
            throw new IllegalStateException(e)
        } catch (Exception e) {
            println(e)
        } finally {
            println('done')
        }
    }
}
