package main

// assay: ignore
func quiet(a, b bool) int { if a && b { return 1 }; return 0 }

func loud(a, b bool) int { if a && b { return 1 }; return 0 }
