//go:build race

package wildcard

// raceEnabled tells that the race detector is on. It makes sync.Pool drop
// items at random, so allocation counts are meaningless then.
const raceEnabled = true
