// methods.go: receivers, generics, variadic and multi-name params, func literals
package shapes

import "sort"

type Rect struct {
	W, H float64
}

func (r Rect) Area() float64 { return r.W * r.H }

func (r *Rect) Scale(fx, fy float64) {
	if fx > 0 && fy > 0 {
		r.W *= fx
		r.H *= fy
	}
}

func Map[T any, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Sum(xs ...int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}

func SortDesc(xs []int) []int {
	sort.Slice(xs, func(i, j int) bool {
		return xs[i] > xs[j]
	})
	return xs
}

func Counter() func() int {
	n := 0
	inc := func() int {
		n++
		if n > 100 {
			n = 0
		}
		return n
	}
	return inc
}

func Größe(länge, breite int) int { return länge * breite }
