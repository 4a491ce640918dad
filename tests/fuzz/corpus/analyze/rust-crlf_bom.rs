﻿/// Sums the even numbers.
pub fn even_sum(xs: &[i64]) -> i64 {
    xs.iter().filter(|x| *x % 2 == 0).sum()
}

#[inline]
fn sign(x: i64) -> i64 {
    if x > 0 {
        1
    } else if x < 0 {
        -1
    } else {
        0
    }
}
