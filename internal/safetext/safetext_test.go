package safetext_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/internal/safetext"
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
		got := safetext.Clean(in)
		if got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
		var v struct {
			Text string `xml:",chardata"`
		}
		doc := "<x>" + strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(got) + "</x>"
		if err := xml.Unmarshal([]byte(doc), &v); err != nil {
			t.Errorf("Clean(%q) is not well-formed XML text: %v", in, err)
		}
	}
}

func TestIndent(t *testing.T) {
	if got, want := safetext.Indent("a\n  \nb\n", "> "), "> a\n\n> b\n"; got != want {
		t.Errorf("Indent: %q, want %q", got, want)
	}
}

func TestTail(t *testing.T) {
	if got := safetext.Tail("short", 10); got != "short" {
		t.Errorf("a short text: %q", got)
	}
	if got, want := safetext.Tail("0123456789", 3), "[...]789"; got != want {
		t.Errorf("Tail: %q, want %q", got, want)
	}
}

func TestPrefixLinesAndSpacedDetail(t *testing.T) {
	if got := safetext.PrefixLines("a\nb", "> "); got != "> a\n> b" {
		t.Errorf("PrefixLines = %q", got)
	}
	if got := safetext.PrefixLines("", "> "); got != "" {
		t.Errorf("PrefixLines of nothing = %q", got)
	}
	detail := "f.json:1:2: bad (at /x)\n\t{\"a\": 1}\n\t ^\nand 3 more errors\n"
	if got, want := safetext.SpacedDetail(detail), "f.json:1:2: bad (at /x)\n  {\"a\": 1}\n   ^\nand 3 more errors"; got != want {
		t.Errorf("SpacedDetail = %q, want %q", got, want)
	}
}
