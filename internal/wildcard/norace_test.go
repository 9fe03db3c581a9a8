//go:build !race

package wildcard

// raceEnabled tells that the race detector is on; see race_test.go.
const raceEnabled = false
