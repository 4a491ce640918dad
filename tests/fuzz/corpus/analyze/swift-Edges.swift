// Swift's own constructs: if let, while let, for case, where, #if, interpolation.

func describe(_ v: Int?) -> String {
    if let v = v, v > 0 {
        return "positive \(v > 99 ? "big" : "small")"
    }
    return "none"
}

func drain(_ queue: inout [Int]) -> Int {
    var total = 0
    while let head = queue.popLast() {
        guard head >= 0 else { continue }
        total += head
    }
    return total
}

func evens(_ xs: [Int?]) -> Int {
    var n = 0
    for case let x? in xs where x % 2 == 0 {
        n += 1
    }
    return n
}

func outer(_ s: String) -> Int {
    func inner(_ c: Character) -> Bool {
        return c == "a" || c == "b"
    }
    defer { print("done") }
    #if DEBUG
    print(s)
    #endif
    return s.filter(inner).count
}

func kind(_ p: (Int, Int)) -> String {
    switch p {
    case (0, 0):
        return "origin"
    case (_, 0), (0, _):
        return "axis"
    case let (x, y) where x == y:
        return "diagonal"
    @unknown default:
        return "other"
    }
}

func fetch(_ url: String) async throws -> Int {
    let data = try? await get(url)
    let size = if data == nil { 0 } else { 1 }
    return size + (data?.count ?? 0)
}

func pick(_ xs: [Int], _ k: Int) -> Int {
    for x in xs.filter({ $0 > k ? true : false }) {
        switch x > 0 ? x : -x {
        case 1: return 1
        default: break
        }
    }
    do { try g() } catch let e as E where e.code == 1 { return 0 } catch { }
    return -1
}
