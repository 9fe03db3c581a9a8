package cli

import (
	"strings"
	"testing"
)

// TestTimeFlagRange: --time must be a time RFC 3339 can write in UTC (the
// years 0000 to 9999; for test, an hour before the end, so that a cached
// result's expiry can be written too); an offset that moves it past them
// is a usage error instead of a report that prints "10000-..." or
// "-0001-...".
func TestTimeFlagRange(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"eval", "--api", apiARN, "--request", "GET /prod/x", "--time", "9999-12-31T23:59:59-10:00"},
			`iamgate: eval: --time: "9999-12-31T23:59:59-10:00" is after 9999-12-31T23:59:59Z, the last time RFC 3339 can write`},
		{[]string{"eval", "--api", apiARN, "--request", "GET /prod/x", "--time", "0000-01-01T00:00:00+01:00"},
			`iamgate: eval: --time: "0000-01-01T00:00:00+01:00" is before 0000-01-01T00:00:00Z, the first time RFC 3339 can write`},
		{[]string{"test", "--time", "9999-12-31T23:59:59-10:00", "./fixtures"},
			`--time: "9999-12-31T23:59:59-10:00" is after 9999-12-31T23:59:59Z, the last time RFC 3339 can write`},
		// A suite's request may store an authorizer's result for up to an
		// hour, and reports print when it expires.
		{[]string{"test", "--time", "9999-12-31T23:30:00Z", "./fixtures"},
			`--time: "9999-12-31T23:30:00Z" is after 9999-12-31T22:59:59Z: an authorizer's result cached then (for up to 1h0m0s) would expire after 9999-12-31T23:59:59Z`},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(t, "", tt.args...)
		if code != ExitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr, ExitUsage, tt.want)
		}
		if strings.Contains(stdout+stderr, "10000-") || strings.Contains(stdout+stderr, "-0001-") {
			t.Errorf("%q prints a time RFC 3339 cannot write:\n%s%s", tt.args, stdout, stderr)
		}
	}
	// The last second of 9999 is still a time.
	if code, _, stderr := run(t, "", "eval", "--api", apiARN, "--request", "GET /prod/x", "--time", "9999-12-31T23:59:59Z"); code == ExitUsage {
		t.Errorf("--time 9999-12-31T23:59:59Z: usage error %q", stderr)
	}
}
