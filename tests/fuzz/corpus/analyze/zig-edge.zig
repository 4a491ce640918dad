const std = @import("std");

fn pick(a: bool, b: bool) u8 {
    const v = if (a) 1 else if (b) 2 else 3;
    return v;
}

fn loopElse(xs: []const u8) ?usize {
    for (xs, 0..) |x, i| {
        if (x == 0) break;
        _ = i;
    } else {
        return null;
    }
    var it: ?u8 = 1;
    while (it) |v| : (it = null) {
        _ = v;
    }
    return 0;
}

const Tag = enum(u8) { a, b, c, _ };

fn prongs(t: Tag) u8 {
    return switch (t) {
        .a => 1,
        inline .b, .c => |x| @intFromEnum(x),
        _ => 0,
    };
}

fn text() []const u8 {
    const s =
        \\line one
        \\line two
    ;
    const @"weird name" = "a // not a comment";
    _ = @"weird name";
    return s;
}

fn unwrap(x: ?u8) u8 {
    if (x) |v| {
        return v;
    } else {
        return 0;
    }
}
