package suite

import (
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/rfc3339"
)

// timeInRange returns nil when t and the expiry of an authorizer's result
// cached at t (apigw.MaxTTL later at most) can be written as RFC 3339 times
// (in UTC, years 0000 to 9999), and else an error whose text reads after
// the time it is about ("is after 9999-12-31T22:59:59Z: ..."). A suite's
// times and the times its sequences' clocks reach are checked with it, so
// that no report prints "10292-...".
func timeInRange(t time.Time) error { return rfc3339.CheckCache(t, apigw.MaxTTL*time.Second) }
