
mod util {
    pub fn clamp<T: PartialOrd>(v: T, lo: T, hi: T) -> T
    where
        T: Copy,
    {
        if v < lo {
            lo
        } else if v > hi {
            hi
        } else {
            v
        }
    }

    pub fn apply(values: &[i32]) -> Vec<i32> {
        let double = |x: i32| x * 2;
        let positive = |x: &i32| -> bool { *x > 0 };
        values
            .iter()
            .filter(|v| positive(v))
            .map(|v| if *v > 10 { double(*v) } else { *v })
            .collect()
    }

    pub fn outer(n: i32) -> i32 {
        fn inner(m: i32) -> i32 {
            if m > 0 { m } else { 0 }
        }
        inner(n) + 1
    }
}

fn main() {
    let total: i32 = util::apply(&[1, 20, -3]).iter().sum();
    println!("{}", util::outer(total));
}
