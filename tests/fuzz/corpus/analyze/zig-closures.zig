const std = @import("std");

// Zig has no lambdas: a function in a local struct stands for one.
fn sortDesc(xs: []i32) void {
    const Cmp = struct {
        fn gt(_: void, a: i32, b: i32) bool {
            return a > b;
        }
    };
    std.mem.sort(i32, xs, {}, Cmp.gt);
}

fn counter(start: u32) u32 {
    const value = blk: {
        if (start > 100) break :blk 100;
        break :blk start + 1;
    };
    return value;
}

fn comptimeTable() [4]u8 {
    comptime {
        var t: [4]u8 = undefined;
        for (&t, 0..) |*v, i| v.* = @intCast(i);
        return t;
    }
}

fn lastEven(xs: []const u32) ?u32 {
    const found = blk: {
        var i = xs.len;
        while (i != 0) {
            i -= 1;
            if (xs[i] % 2 == 0) break :blk xs[i];
        }
        break :blk null;
    };
    return found;
}
