// control.go: branches, switches, loops, labels, goto
package main

func add(a, b int) int { return a + b }

func sign(x int) int {
	if x < 0 {
		return -1
	} else if x == 0 {
		return 0
	} else {
		return 1
	}
}

func describe(n int) string {
	s := ""
	switch {
	case n < 0:
		s = "negative"
	case n == 0:
		s = "zero"
		fallthrough
	case n == 1:
		s += "small"
	default:
		s = "big"
	}
	return s
}

func kind(v interface{}) string {
	switch v.(type) {
	case int:
		return "int"
	case string:
		return "string"
	default:
		return "other"
	}
}

func findPair(grid [][]int, target int) (int, int) {
	ri, ci := -1, -1
outer:
	for i, row := range grid {
		for j, v := range row {
			if v < 0 {
				continue outer
			}
			if v == target {
				ri, ci = i, j
				break outer
			}
		}
	}
	return ri, ci
}

func retry(n int) int {
	tries := 0
again:
	tries++
	if tries < n {
		goto again
	}
	return tries
}

func valid(a, b, c bool) bool {
	return a && b && c || !a && c
}

func countdown(n int) int {
	steps := 0
	for n > 0 {
		n--
		steps++
	}
	for {
		if steps > 10 {
			break
		}
		steps++
	}
	return steps
}

func drain(a, b chan int, done chan bool) int {
	sum := 0
	for {
		select {
		case v := <-a:
			sum += v
		case v := <-b:
			sum -= v
		case <-done:
			return sum
		}
	}
}
