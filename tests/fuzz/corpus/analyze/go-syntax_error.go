// syntax_error.go: broken has a call with a missing ')'
package main

func okBefore(a int) int {
	if a > 0 {
		return a
	}
	return -a
}

func broken(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += compute(i, n
	}
	return s
}

func okAfter(a, b int) int {
	for a > b {
		a -= b
	}
	return a
}
