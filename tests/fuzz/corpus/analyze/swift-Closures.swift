// Closures: bound ones are units, unbound ones fold into their function.

let square = { (x: Int) -> Int in x * x }

var handler: ((Int) -> Void)?

func process(_ items: [Int]) -> [Int] {
    let isBig = { (n: Int) -> Bool in
        if n > 100 { return true }
        return false
    }
    let out = items.filter { $0 > 0 }.map { n in
        n > 10 ? n : 0
    }
    items.forEach { item in
        if isBig(item) {
            print(item)
        }
    }
    return out
}

class Loader {
    lazy var cache: [String] = {
        var c = [String]()
        for i in 0..<3 { c.append("\(i)") }
        return c
    }()

    func start() {
        handler = { [weak self] code in
            guard let self = self else { return }
            self.done(code == 0 ? "ok" : "error \(code)")
        }
        DispatchQueue.main.async {
            if let h = handler { h(1) }
        }
    }

    func done(_ s: String) {}
}
