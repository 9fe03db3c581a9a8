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

// timeValue reads a time: key, an RFC 3339 time within the range
// timeInRange accepts; false when it is not one (reported).
func (l *loader) timeValue(g field) (time.Time, bool) {
	s, ok := l.str(g, "time")
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		l.errorf(g.val, g.path, "time %q is not an RFC 3339 time such as 2026-01-02T15:04:05Z", s)
		return time.Time{}, false
	}
	if err := timeInRange(t); err != nil {
		l.errorf(g.val, g.path, "time %q %v", s, err)
		return time.Time{}, false
	}
	return t, true
}
