// Package safetext makes text safe for iamgate's reports: the text, JSON,
// JUnit XML and TAP reports of "iamgate test" (package suite) and the
// answer of "iamgate eval" quote what an authorizer program wrote, which
// may hold any byte.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Clean writes control characters other than newline and tab (an
// authorizer's broken output may hold any), invalid UTF-8 and the
// characters XML 1.0 forbids as \u and \x escapes, so that a JUnit XML
// report and TAP's YAML stay well-formed and a terminal shows no escape
// sequences. Text that needs none is returned as it is.
func Clean(s string) string {
	ok := true
	for _, r := range s {
		if unsafeRune(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == utf8.RuneError:
			b.WriteRune(r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r < 0xa0, r == 0xfffe, r == 0xffff, r >= 0xd800 && r < 0xe000:
		return true
	case r == utf8.RuneError:
		return true
	}
	return false
}

// Indent puts prefix before each line of s that is not blank; a blank
// line becomes an empty one.
func Indent(s, prefix string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if strings.TrimSpace(l) != "" {
			b.WriteString(prefix)
			b.WriteString(l)
		} else if l != "" {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// Tail keeps the last n bytes of s, where errors and stack traces end,
// marking the cut with "[...]".
func Tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "[...]" + s[len(s)-n:]
}

// PrefixLines puts prefix before every line of s; "" stays "".
func PrefixLines(s, prefix string) string {
	if s == "" {
		return ""
	}
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// SpacedDetail is the text of a problem list's Detail (each problem on its
// line, then its source line and caret line, each begun with a tab) with
// each tab that begins a line made two spaces, without its final newline:
// the form problems take inside an indented message.
func SpacedDetail(detail string) string {
	lines := strings.Split(strings.TrimSuffix(detail, "\n"), "\n")
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, "\t"); ok {
			lines[i] = "  " + rest
		}
	}
	return strings.Join(lines, "\n")
}
