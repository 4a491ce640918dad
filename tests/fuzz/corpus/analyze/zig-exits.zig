const std = @import("std");
const Error = error{ Bad, Worse };

fn parse(s: []const u8) !u32 {
    const n = try std.fmt.parseInt(u32, s, 10);
    if (n == 0) return error.Bad;
    return n;
}

fn fallback(s: []const u8) u32 {
    const n = parse(s) catch |err| switch (err) {
        error.Bad => return 1,
        else => return 2,
    };
    return n;
}

fn optional(p: ?*u32, q: ?u32) u32 {
    const a = p orelse return 0;
    const b = q orelse 7;
    return a.* + b;
}

fn cleanup(alloc: std.mem.Allocator) ![]u8 {
    const buf = try alloc.alloc(u8, 16);
    errdefer alloc.free(buf);
    defer std.debug.print("done\n", .{});
    const x = parse("1") catch unreachable;
    _ = x;
    return buf;
}
