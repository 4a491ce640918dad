fn before(a: i32) -> i32 {
    a * 2
}

fn broken(x: i32) -> i32 {
    let y = x + ;
    y
}

fn after(xs: &[i32]) -> usize {
    let mut n = 0;
    for x in xs {
        if *x > 0 {
            n += 1;
        }
    }
    n
}
