package cli

import (
	"strings"
	"testing"
)

// TestHeaderControlCharacters: a header value with a control character
// other than the tab (ESC, 0x01, DEL) is a usage error, as the README says,
// whether it comes with --header, --token, --user-agent or --referer.
func TestHeaderControlCharacters(t *testing.T) {
	base := []string{"eval", "--api", apiARN, "--request", "GET /prod/x", "--time", at}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--header", "X-Tenant=a\x1b[31m"}, `--header: header value "a\x1b[31m" holds "\x1b"`},
		{[]string{"--header", "X-Tenant=a\x01"}, `holds "\x01"`},
		{[]string{"--token", "Bearer a\x7f", "--authorizer-type", "TOKEN", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"}, `holds "\x7f"`},
		{[]string{"--user-agent", "curl\x1b"}, `--user-agent: header value "curl\x1b" holds "\x1b"`},
		{[]string{"--referer", "https://a\x7f/"}, `--referer: header value "https://a\x7f/" holds "\x7f"`},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, "", append(append([]string(nil), base...), tt.args...)...)
		if code != ExitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr, ExitUsage, tt.want)
		}
	}
	// A tab is allowed inside a value.
	if code, _, stderr := run(t, "", append(base, "--user-agent", "a\tb", "--header", "X-Tenant=a\tb")...); code == ExitUsage {
		t.Errorf("a tab in a value: usage error %q", stderr)
	}
}
