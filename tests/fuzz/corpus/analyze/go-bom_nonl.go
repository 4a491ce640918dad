
﻿package main

import "fmt"

// bom_nonl.go: starts with a UTF-8 BOM and has no newline at the end
func fact(n int) int {
	if n <= 1 {
		return 1
	}
	fmt.Println(n)
	return n * fact(n-1)
}

func twice(x int) int { return 2 * x }