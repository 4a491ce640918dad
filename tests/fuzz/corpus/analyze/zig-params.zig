fn none() void {}

fn one(a: u8) u8 {
    return a;
}

fn generic(comptime T: type, x: T, y: anytype) T {
    _ = y;
    return x;
}

extern fn printf(fmt: [*:0]const u8, ...) c_int;

fn method(self: *@This(), noalias out: []u8) void {
    _ = self;
    _ = out;
}

fn trailing(
    a: u8,
    b: u8,
) u16 {
    return a + b;
}
