// assay: ignore
function quiet(a, b) { if (a && b) { return 1; } return 0; }
function loud(a, b) { if (a && b) { return 1; } return 0; }
