package cli

import (
	"encoding/xml"
	"strings"
	"testing"
)

// A suite that does not load because a document holds control characters
// still gives reports an XML or YAML reader accepts, and no escape
// sequence reaches the terminal.
func TestLoadErrorReportsAreClean(t *testing.T) {
	const dir = "internal/cli/testdata/suites/control"
	for _, format := range []string{"text", "junit", "tap"} {
		code, stdout, stderr := run(t, "", "test", "--format", format, dir)
		if code != ExitUsage {
			t.Fatalf("%s: exit %d", format, code)
		}
		if strings.ContainsRune(stdout+stderr, 0x1b) {
			t.Errorf("%s: an escape character reached the output:\n%q", format, stdout)
		}
		if format == "junit" {
			var v struct{}
			if err := xml.Unmarshal([]byte(stdout), &v); err != nil {
				t.Errorf("the JUnit report is not well-formed: %v", err)
			}
		}
	}
}
