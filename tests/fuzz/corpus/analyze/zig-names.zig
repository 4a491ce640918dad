const std = @import("std");

pub const Point = struct {
    x: i32,
    y: i32,

    pub fn init(x: i32, y: i32) Point {
        return .{ .x = x, .y = y };
    }

    const Inner = enum {
        a,
        b,

        fn isA(self: Inner) bool {
            return self == .a;
        }
    };
};

const Shape = union(enum) {
    circle: f32,
    square: f32,

    fn area(self: Shape) f32 {
        return switch (self) {
            .circle => |r| r * r * 3,
            .square => |s| s * s,
        };
    }
};

fn List(comptime T: type) type {
    return struct {
        items: []T,

        fn len(self: @This()) usize {
            return self.items.len;
        }
    };
}

extern fn puts(s: [*:0]const u8) c_int;

test "point init" {
    const p = Point.init(1, 2);
    try std.testing.expect(p.x == 1);
}

test area {
    _ = Shape.area(.{ .circle = 1 });
}

test {
    _ = List(u8);
}

const enabled = false;
const Ctx = if (enabled) Point else struct {
    fn end(self: @This()) void {
        _ = self;
    }
};
