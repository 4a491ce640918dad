﻿class BomNoNewline {
    // BomNoNewline.java: starts with a UTF-8 BOM and has no newline at the end

    int twice(int x) { return 2 * x; }

    int fact(int n) {
        if (n <= 1) {
            return 1;
        }
        return n * fact(n - 1);
    }
}