// Package rfc3339 checks that a time can be written as an RFC 3339 time.
// RFC 3339 has four-digit years, so the times users give (flags and suite
// fields, whose UTC offset may move them across a year boundary) and the
// times a sequence's clock reaches (its waits and +DURATION steps) must
// fall, in UTC, between 0000-01-01T00:00:00Z and the end of 9999: Go's
// time.Time.Format writes year 10292 as "10292-..." and year -1 as
// "-0001-...", which no reader of a report takes for a time, and
// encoding/json refuses them.
package rfc3339

import (
	"errors"
	"fmt"
	"time"
)

// Last is the last second RFC 3339 can write; First is the first.
const (
	Last  = "9999-12-31T23:59:59Z"
	First = "0000-01-01T00:00:00Z"
)

var (
	// ErrAfter is what Check returns for a time after the year 9999.
	ErrAfter = errors.New("is after " + Last + ", the last time RFC 3339 can write")
	// ErrBefore is what Check returns for a time before the year 0000.
	ErrBefore = errors.New("is before " + First + ", the first time RFC 3339 can write")
)

// Check returns nil when t, in UTC, falls in the years 0000 to 9999, and
// else ErrAfter or ErrBefore, whose text reads after the time it is about:
// `time "9999-12-31T23:59:59-01:00" is after 9999-12-31T23:59:59Z, ...`.
func Check(t time.Time) error {
	switch y := t.UTC().Year(); {
	case y > 9999:
		return ErrAfter
	case y < 0:
		return ErrBefore
	}
	return nil
}

// CheckCache is Check for the time of a request whose authorizer's result
// may be cached for up to ttl: the result's expiry must be writable too,
// so t must be at least ttl before the end of 9999. Its error reads, like
// Check's, after the time it is about.
func CheckCache(t time.Time, ttl time.Duration) error {
	if err := Check(t); err != nil {
		return err
	}
	if Check(t.Add(ttl)) != nil {
		last := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Add(-ttl - time.Second)
		return fmt.Errorf("is after %s: an authorizer's result cached then (for up to %v) would expire after %s, the last time RFC 3339 can write",
			last.Format(time.RFC3339), ttl, Last)
	}
	return nil
}
