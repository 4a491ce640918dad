//! Control-flow fixtures for assay (hand-counted).

fn add(a: i32, b: i32) -> i32 {
    a + b
}

fn classify(n: i32) -> &'static str {
    if n < 0 {
        "negative"
    } else if n == 0 {
        "zero"
    } else if n < 10 {
        "small"
    } else {
        "large"
    }
}

fn describe(code: u8) -> u32 {
    match code {
        0 => 10,
        1 => 20,
        2 => {
            if code > 1 {
                return 30;
            }
            25
        }
        _ => 0,
    }
}

fn search(grid: &[Vec<i32>], target: i32) -> Option<(usize, usize)> {
    let mut found = None;
    'rows: for (r, row) in grid.iter().enumerate() {
        for (c, &v) in row.iter().enumerate() {
            if v < 0 {
                continue 'rows;
            }
            if v == target {
                found = Some((r, c));
                break 'rows;
            }
        }
    }
    found
}

fn spin(limit: u32) -> u32 {
    let mut n = 0;
    loop {
        n += 1;
        if n >= limit {
            break;
        }
    }
    while n > 0 && n % 2 == 0 {
        n /= 2;
    }
    n
}

fn drain(stack: &mut Vec<i32>) -> i32 {
    let mut sum = 0;
    while let Some(top) = stack.pop() {
        sum += top;
    }
    if let Some(first) = stack.first() {
        sum += *first;
    }
    sum
}

fn logic(a: bool, b: bool, c: bool, d: bool) -> bool {
    let x = a && b && c;
    let y = a && b || c;
    x || y || a || b && c || d
}

fn parse_pair(s: &str) -> Result<(i32, i32), std::num::ParseIntError> {
    let mut parts = s.split(',');
    let a = parts.next().unwrap_or("0").trim().parse::<i32>()?;
    let b = parts.next().unwrap_or("0").trim().parse::<i32>()?;
    Ok((a, b))
}

fn fact(n: u64) -> u64 {
    if n <= 1 {
        return 1;
    }
    n * fact(n - 1)
}
