// crlf.go: every line of this file ends in CR LF
package main

/*
block comment
*/
func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

func neg(v int) int { return -v }
