package suite_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/suite"
)

// TestTimesPastYear9999: a suite's times and the times its sequences'
// clocks reach must be writable as RFC 3339 times, and so must the expiry
// of an authorizer's result cached at them; past the year 9999 Go prints
// "10292-..." and before the year 0000 "-0001-...". Before, such suites
// loaded and their reports printed those.
func TestTimesPastYear9999(t *testing.T) {
	start := time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC)
	src := `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
cases:
  - {request: GET /prod/a, time: "9999-12-31T23:59:59-10:00", expect: allow}
  - {request: GET /prod/a, time: "0000-01-01T00:00:00+01:00", expect: allow}
  - {request: GET /prod/a, time: "9999-12-31T23:59:59+10:00", expect: allow}
  - {request: GET /prod/a, time: "9999-12-31T23:00:00Z", expect: allow}
sequences:
  - name: waits
    time: 9999-01-01T00:00:00Z
    steps:
      - {request: GET /prod/a, expect: allow}
      - wait: 2562047h
      - {request: GET /prod/a, expect: allow}
  - name: at
    steps:
      - {request: GET /prod/a, expect: allow}
      - {request: GET /prod/a, at: +2562047h, expect: allow}
      - {request: GET /prod/a, at: "9999-12-31T23:59:59-00:01", expect: allow}
  - name: start
    time: "9999-12-31T23:59:59-01:00"
    steps:
      - {request: GET /prod/a, expect: allow}
`
	_, err := suite.Parse([]byte(src), "s.iamgate.yaml", suite.LoadOptions{Now: start})
	se, ok := suite.AsError(err)
	if !ok {
		t.Fatalf("Parse: %v, want a *suite.Error", err)
	}
	var got []string
	for _, p := range se.List {
		got = append(got, p.Error())
	}
	const after = "is after 9999-12-31T23:59:59Z, the last time RFC 3339 can write"
	want := []string{
		`s.iamgate.yaml:3:34: time "9999-12-31T23:59:59-10:00" ` + after + ` (at /cases/0/time)`,
		`s.iamgate.yaml:4:34: time "0000-01-01T00:00:00+01:00" is before 0000-01-01T00:00:00Z, the first time RFC 3339 can write (at /cases/1/time)`,
		`s.iamgate.yaml:6:34: time "9999-12-31T23:00:00Z" is after 9999-12-31T22:59:59Z: an authorizer's result cached then (for up to 1h0m0s) would expire after 9999-12-31T23:59:59Z, the last time RFC 3339 can write (at /cases/3/time)`,
		`s.iamgate.yaml:12:15: wait "2562047h" takes the sequence's clock to a time that ` + after + ` (at /sequences/0/steps/1/wait)`,
		`s.iamgate.yaml:17:36: at "+2562047h" puts the step at a time that ` + after + ` (at /sequences/1/steps/1/at)`,
		`s.iamgate.yaml:18:36: at "9999-12-31T23:59:59-00:01" ` + after + ` (at /sequences/1/steps/2/at)`,
		`s.iamgate.yaml:20:11: time "9999-12-31T23:59:59-01:00" ` + after + ` (at /sequences/2/time)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if strings.Contains(err.Error(), "10292-") || strings.Contains(err.Error(), "-0001-") {
		t.Errorf("the error prints a time RFC 3339 cannot write:\n%v", err)
	}

	for _, now := range []time.Time{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 12, 31, 0, 0, 0, 0, time.UTC)} {
		_, err := suite.Parse([]byte("api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\ncases:\n  - {request: GET /prod/a, expect: allow}\n"), "s.iamgate.yaml", suite.LoadOptions{Now: now})
		if err == nil || !strings.HasPrefix(err.Error(), "suite: LoadOptions.Now is ") {
			t.Errorf("LoadOptions{Now: year %d}: error %v, want one about LoadOptions.Now", now.Year(), err)
		}
	}
}
