// assay: ignore[ccn,cognitive]
fn quiet(a: bool, b: bool) -> i32 { if a && b { return 1; } 0 }

fn loud(a: bool, b: bool) -> i32 { if a && b { return 1; } 0 }
