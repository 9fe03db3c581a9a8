package cli

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestCleanKeepsReportsWellFormed(t *testing.T) {
	for in, want := range map[string]string{
		"plain text\n\twith tab": "plain text\n\twith tab",
		"bell\x01 esc\x1b[31m":   `bell\u0001 esc\u001b[31m`,
		"bad utf8 \xff":          `bad utf8 \xff`,
		"c1 \u0085 ok \u00e9":    `c1 \u0085 ok é`,
		"nonchar \uFFFF":         `nonchar \uffff`,
		"replacement \uFFFD ok":  "replacement \uFFFD ok",
	} {
		got := clean(in)
		if got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
		var v struct {
			Text string `xml:",chardata"`
		}
		doc := "<x>" + strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(got) + "</x>"
		if err := xml.Unmarshal([]byte(doc), &v); err != nil {
			t.Errorf("clean(%q) is not well-formed XML text: %v", in, err)
		}
	}
}

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
