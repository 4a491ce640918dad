fn good(a: u8) u8 {
    if (a > 1) return a;
    return 0;
}

fn broken(x: u8) u8 {
    const y = (x + ;
    return y;
}

fn after(b: bool) u8 {
    while (b) {}
    return 1;
}
