class Ignore {
    // assay: ignore
    int quiet(boolean a, boolean b) { if (a && b) { return 1; } return 0; }

    int loud(boolean a, boolean b) { if (a && b) { return 1; } return 0; }
}
