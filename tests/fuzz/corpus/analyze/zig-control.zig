const std = @import("std");

fn classify(n: i32) i32 {
    if (n < 0) {
        return -1;
    } else if (n == 0) {
        return 0;
    } else {
        return 1;
    }
}

fn loops(items: []const u32) u32 {
    var sum: u32 = 0;
    for (items) |x| {
        if (x > 10) continue;
        sum += x;
    }
    var i: usize = 0;
    while (i < items.len) : (i += 1) {
        sum += items[i];
    }
    return sum;
}

fn prongs(c: u8) u8 {
    return switch (c) {
        'a' => 1,
        'b', 'c' => 2,
        '0'...'9' => 3,
        else => 0,
    };
}

fn logic(a: bool, b: bool, c: bool, d: bool) bool {
    const x = a and b and c;
    const y = a or b and d;
    if ((a and b) and c) return x;
    return y or !(c or d);
}

fn deep(xs: []const i32) i32 {
    var total: i32 = 0;
    outer: for (xs) |x| {
        while (x > 0) {
            if (x == 3) break :outer;
            total += x;
            break;
        }
    }
    return total;
}
