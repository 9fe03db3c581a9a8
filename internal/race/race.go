//go:build race

// Package race says whether the race detector is on. Tests that pin
// allocation counts skip under it: the race detector's sync.Pool drops
// entries at random, so a matcher that reuses pooled buffers (gobwas/glob's)
// allocates then, and only then.
package race

// Enabled is true when the program was built with -race.
const Enabled = true
