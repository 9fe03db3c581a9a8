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

func TestWindowKeepsTheCaretUnderItsColumn(t *testing.T) {
	line := strings.Repeat("a", 400) + "X" + strings.Repeat("b", 400)
	got, col := window(line, 401)
	if len(got) > maxShownLine+6 || got[col-1] != 'X' || !strings.HasPrefix(got, "...") || !strings.HasSuffix(got, "...") {
		t.Errorf("window = %q, column %d", got, col)
	}
	if got, col := window("short", 3); got != "short" || col != 3 {
		t.Errorf("a short line changed: %q %d", got, col)
	}
	got, col = window(strings.Repeat("a", 500)+"Z", 501)
	if got[col-1] != 'Z' || strings.HasSuffix(got, "...") {
		t.Errorf("end of line: %q %d", got, col)
	}
}
