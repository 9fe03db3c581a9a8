package suite_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/suite"
)

// TestHeaderControlCharacters: a suite's header values, token, userAgent
// and referer are refused when they hold a control character other than
// the tab (ESC, 0x01, DEL), which no HTTP request can carry.
func TestHeaderControlCharacters(t *testing.T) {
	src := "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\n" +
		"cases:\n" +
		"  - {request: GET /prod/a, headers: {X-Tenant: \"a\\e[31m\"}, expect: allow}\n" +
		"  - {request: GET /prod/a, userAgent: \"curl\\x01\", expect: allow}\n" +
		"  - {request: GET /prod/a, referer: \"https://a\\x7f/\", expect: allow}\n" +
		"  - {request: GET /prod/a, userAgent: \"a\\tb\", headers: {X-Tenant: \"a\\tb\"}, expect: allow}\n"
	_, err := suite.Parse([]byte(src), "s.iamgate.yaml", suite.LoadOptions{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	se, ok := suite.AsError(err)
	if !ok {
		t.Fatalf("Parse: %v, want a *suite.Error", err)
	}
	var got []string
	for _, p := range se.List {
		got = append(got, p.Error())
	}
	want := []string{
		`s.iamgate.yaml:3:48: header value "a\x1b[31m" holds "\x1b", which a header value cannot (at /cases/0/headers/X-Tenant)`,
		`s.iamgate.yaml:4:39: userAgent: header value "curl\x01" holds "\x01", which a header value cannot (at /cases/1/userAgent)`,
		`s.iamgate.yaml:5:37: referer: header value "https://a\x7f/" holds "\x7f", which a header value cannot (at /cases/2/referer)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
