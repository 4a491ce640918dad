class Point {
    [int]$X
    [int]$Y

    Point([int]$x, [int]$y) {
        $this.X = $x
        $this.Y = $y
    }

    [int] Sum() {
        if ($this.X -gt 0) {
            return $this.X + $this.Y
        }
        return 0
    }

    static [Point] Origin() {
        return [Point]::new(0, 0)
    }
}

filter Select-Even {
    if ($_ % 2 -eq 0) { $_ }
}

class Holder {
    [scriptblock]$Show = { param($p) $p }
}
