package suite

import (
	"time"

	"github.com/iamgate/iamgate/internal/rfc3339"
)

// timeInRange returns nil when t can be written as an RFC 3339 time (in
// UTC, years 0000 to 9999), and else an error whose text reads after the
// time it is about ("is after 9999-12-31T23:59:59Z, ..."). A suite's times
// and the times its sequences' clocks reach are checked with it, so that
// no report prints "10292-...".
func timeInRange(t time.Time) error { return rfc3339.Check(t) }
