func good(_ x: Int) -> Int {
    if x > 0 { return x }
    return 0
}

func broken( {
    let y = = 3
}
