// Package typo suggests the name a user probably meant.
package typo

import "strings"

// Closest returns the candidate nearest to name by edit distance (ignoring
// case), if it is near enough to be a typo; "" otherwise.
// Names whose lengths differ by the distance or more are not compared:
// the distance is at least the difference, and a long name costs nothing.
func Closest(name string, candidates ...string) string {
	best, bestDist := "", 3
	lower := strings.ToLower(name)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if abs(len(lower)-len(lc)) >= bestDist {
			continue
		}
		d := Distance(lower, lc)
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// Distance is the Levenshtein edit distance between a and b, in bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
