// Types, extensions, accessors and how their units are named.

protocol Shape {
    var area: Double { get }
    func scaled(by factor: Double) -> Self
}

struct Point {
    var x = 0.0, y = 0.0

    init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    init?(text: String) {
        guard let v = Double(text) else { return nil }
        x = v
    }

    var length: Double {
        return (x * x + y * y).squareRoot()
    }
}

final class Counter {
    private var store: [String: Int] = [:]

    var total: Int {
        get {
            var sum = 0
            for (_, v) in store { sum += v }
            return sum
        }
        set(newTotal) {
            if newTotal == 0 { store = [:] }
        }
    }

    var limit: Int = 10 {
        willSet { print(newValue) }
        didSet(old) {
            if limit < 0 || limit > 100 { limit = old }
        }
    }

    subscript(key: String) -> Int {
        get { store[key] ?? 0 }
        set { store[key] = newValue }
    }

    subscript(a: Int, b: Int) -> Int { a * b }

    deinit {
        print("bye")
    }

    class Inner {
        func depth() -> Int { 1 }
    }
}

enum Direction {
    case north, south

    func opposite() -> Direction {
        switch self {
        case .north: return .south
        case .south: return .north
        }
    }
}

extension Counter.Inner {
    func twice() -> Int { depth() * 2 }
}

extension Array where Element == Int {
    func total() -> Int { reduce(0, +) }
}

extension Point: Shape {
    var area: Double { 0 }
    func scaled(by factor: Double) -> Point { Point(x: x * factor, y: y * factor) }
    static func == (l: Point, r: Point) -> Bool { l.x == r.x && l.y == r.y }
}

actor Bank {
    func deposit(_ amount: Int, to account: inout Int, notes: String...) async throws {
        account += amount
    }
}
