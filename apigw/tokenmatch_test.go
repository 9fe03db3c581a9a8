package apigw

import (
	"regexp"
	"testing"
)

func TestTokenMatcherFastPath(t *testing.T) {
	for _, tc := range []struct {
		expr   string
		simple bool
	}{
		{`[A-Za-z0-9._-]+`, true},
		{`\w{5}`, true},
		{`Bearer [\w.-]{20,}`, true},
		{`(?i)[a-f]*`, true},
		{`Bearer .+`, false},
		{`^Bearer \w+$`, false},
		{`(?i)bearer \w+`, false},
		{`\w+|x`, false},
		{`[é]+`, false},
	} {
		m, err := newTokenMatcher(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		if m.simple != tc.simple {
			t.Errorf("%q: fast path %v, want %v", tc.expr, m.simple, tc.simple)
		}
	}
}

// FuzzTokenMatcher checks the fast path against regexp, which decides
// whenever the fast path does not apply.
func FuzzTokenMatcher(f *testing.F) {
	for _, s := range [][2]string{
		{`[A-Za-z0-9._-]+`, "eyJhbGciOi.eyJzdWIi.c2ln"},
		{`\w{5}`, "abcde"},
		{`\w{5}`, "abcdef"},
		{`Bearer [\w.-]{2,4}`, "Bearer a.b"},
		{`(?i)[a-f]*`, "ABC\xff"},
		{`x{0}`, ""},
		{`[^a]+`, "é"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, expr, token string) {
		m, err := newTokenMatcher(expr)
		if err != nil {
			return
		}
		want := regexp.MustCompile(`^(?:` + expr + `)$`).MatchString(token)
		if got := m.match(token); got != want {
			t.Fatalf("%q on %q: fast path %v, regexp %v", expr, token, got, want)
		}
	})
}
