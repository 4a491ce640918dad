﻿struct Acc {
    int total = 0;
    void add(int v) { total += v; }
};

// bom_nonl.cpp: starts with a UTF-8 BOM and has no newline at the end
int twice(int x) { return 2 * x; }