package wildcard

import (
	"errors"
	"hash/fnv"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// This file holds the reference matcher the fuzz test compares Match with.
// It implements the rules of the package documentation directly, character
// by character, with none of the machinery of the package: no gobwas, no
// pieces, no fast paths.

// refToken is one character of an expanded pattern: a literal character or
// a wildcard.
type refToken struct {
	wild  byte   // 0 for a literal, '*' or '?'
	char  string // the literal character (valid UTF-8)
	cross bool   // the wildcard may match ':'
}

// refVariable matches a well-formed policy variable at the start of a string.
var refVariable = regexp.MustCompile(`^\$\{([^,}]*)(?:,[ \t\n\r]*'((?:[^']|'')*)'[ \t\n\r]*)?\}`)

// refExpand reads pattern the way Compile should, substituting the policy
// variables with lookup. It reports malformed for a variable Compile must
// reject, and unresolved when a variable has neither a value nor a default.
func refExpand(pattern string, mode Mode, variables bool, lookup func(string) (string, bool)) (toks []refToken, unresolved, malformed bool) {
	wild := mode == ARN || mode == ArnLike || mode == Action || mode == Like
	segmented := mode == ARN || mode == ArnLike
	literal := func(r rune) {
		if mode == Action {
			r = unicode.ToLower(r)
		}
		toks = append(toks, refToken{char: string(r)}) // an invalid byte arrives as U+FFFD
	}
	colons := 0
	for i := 0; i < len(pattern); {
		rest := pattern[i:]
		switch {
		case variables && strings.HasPrefix(rest, "${"):
			m := refVariable.FindStringSubmatch(rest)
			if m == nil {
				return nil, false, true
			}
			i += len(m[0])
			name := strings.Trim(m[1], " \t\n\r")
			if name == "*" || name == "?" || name == "$" {
				literal(rune(name[0]))
				continue
			}
			if name == "" || strings.ContainsAny(name, "${'") {
				return nil, false, true
			}
			value, ok := "", false
			if lookup != nil {
				value, ok = lookup(strings.ToLower(name))
			}
			if !ok && strings.Contains(m[0], "'") {
				value, ok = strings.ReplaceAll(m[2], "''", "'"), true
			}
			if !ok {
				unresolved = true
			}
			for _, r := range value {
				literal(r)
			}
		case wild && (rest[0] == '*' || rest[0] == '?'):
			t := refToken{wild: rest[0], cross: !segmented || colons >= 5}
			if mode == ARN && t.wild == '*' && (len(rest) == 1 || rest[1] == ':') {
				t.cross = true // the last character of its ARN segment (D13; not in ArnLike)
			}
			toks = append(toks, t)
			i++
		default:
			r, w := utf8.DecodeRuneInString(rest)
			if r == ':' {
				colons++
			}
			literal(r)
			i += w
		}
	}
	return toks, unresolved, false
}

// refMatch reports whether s matches pattern according to the package
// rules. In Action mode s must be lower-cased already.
func refMatch(pattern, s string, mode Mode, variables bool, lookup func(string) (string, bool)) (match, malformed bool) {
	toks, unresolved, malformed := refExpand(pattern, mode, variables, lookup)
	if malformed || unresolved {
		return false, malformed
	}
	if mode == Exact || mode == ExactFold {
		var b strings.Builder
		for _, t := range toks {
			b.WriteString(t.char)
		}
		if mode == Exact {
			return s == b.String(), false
		}
		return strings.EqualFold(s, b.String()), false
	}
	// The characters of s: each valid code point, or each invalid byte.
	var chars []string
	for i := 0; i < len(s); {
		_, w := utf8.DecodeRuneInString(s[i:])
		chars = append(chars, s[i:i+w])
		i += w
	}
	// memo[t][c] caches whether toks[t:] matches chars[c:]: 1 no, 2 yes.
	memo := make([][]byte, len(toks)+1)
	for i := range memo {
		memo[i] = make([]byte, len(chars)+1)
	}
	var rec func(t, c int) bool
	rec = func(t, c int) bool {
		if t == len(toks) {
			return c == len(chars)
		}
		if memo[t][c] != 0 {
			return memo[t][c] == 2
		}
		tok := toks[t]
		fits := c < len(chars) && (tok.cross || chars[c] != ":")
		var ok bool
		switch tok.wild {
		case 0:
			ok = c < len(chars) && chars[c] == tok.char && rec(t+1, c+1)
		case '?':
			ok = fits && rec(t+1, c+1)
		case '*':
			ok = rec(t+1, c) || (fits && rec(t, c+1))
		}
		memo[t][c] = 1
		if ok {
			memo[t][c] = 2
		}
		return ok
	}
	return rec(0, 0), false
}

// fuzzResolver resolves a few fixed names, and any other name, depending on
// its hash, to nothing or to a piece of value, so that substitutions often
// occur in the value matched.
type fuzzResolver struct{ value string }

var fuzzVariables = map[string]string{
	"aws:username": "alice",
	"empty":        "",
	"star":         "*",
	"qmark":        "?",
	"colon":        "a:b",
	"bad":          "\xff",
	"upper":        "ÄB",
	"kelvin":       "\u212a",
}

func (r *fuzzResolver) LookupVariable(name string) (string, bool) {
	if v, ok := fuzzVariables[name]; ok {
		return v, true
	}
	if name == "missing" {
		return "", false
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	x := h.Sum32()
	if x%4 == 0 {
		return "", false
	}
	n := uint32(len(r.value) + 1)
	a, b := int(x>>2%n), int(x>>12%n)
	return r.value[min(a, b):max(a, b)], true
}

// FuzzMatch compares Match with the reference matcher, and checks that
// Compile never panics and fails exactly on malformed policy variables.
func FuzzMatch(f *testing.F) {
	seeds := []struct {
		pattern, value string
		mode           Mode
		variables      bool
	}{
		{"*", "", ARN, false},
		{"*", "no:t:an:arn", ARN, false},
		{"**", "a:b", ARN, false},
		{"*:*", "a:b:c", ARN, false},
		{"a*b", "a:b", ARN, false},
		{"a*b", "a:b", Like, false},
		{"arn:aws:execute-api:us-east-1:*", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets", ARN, false},
		{"arn:aws:execute-api:us-*:1234*:abc*", "arn:aws:execute-api:us-east-1:123456789012:abcdef/prod/GET/x", ARN, false},
		{"arn:aws:execute-api:us-*-1:1:a", "arn:aws:execute-api:us-e:st-1:1:a", ARN, false},
		{"arn:aws:execute-api:us-east-?:1:a?b", "arn:aws:execute-api:us-east-1:1:a:b", ARN, false},
		{"arn:aws:execute-api:*:*:api/*", "arn:aws:execute-api:us-east-1:1:api/prod/GET/", ARN, false},
		{"a:b:c:d:e:f*g?h", "a:b:c:d:e:f:x:g:h", ARN, false},
		{"a:b:c:d*e:f", "a:b:c:d:x:e:f", ARN, false},
		{"a:*?:c", "a:bb:c", ARN, false},
		{"a:?*:c", "a:b:x:c", ARN, false},
		{"arn:aws:someservice:*:111122223333:finance/*", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", ArnLike, false},
		{"arn:aws:someservice:*:111122223333:finance/*", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", ARN, false},
		{"arn:aws:execute-api:*", "arn:aws:execute-api:us-east-1:1:a/b", ArnLike, false},
		{"a:b:c:d:e:*/x*y", "a:b:c:d:e:p/x:q:y", ArnLike, false},
		{"a/*/b/*/c/*", "a/1/b/2/c/3", ARN, false},
		{"x*yz*y", "xyzyzy", Like, false},
		{"x/prod/*/*", "x/prod/GET/", Like, false},
		{"rod/GET/*", "prod/GET/pets", Like, false},
		{"a.b+c(d)[e]{f,g}\\h^$|!", "a.b+c(d)[e]{f,g}\\h^$|!", Like, false},
		{"*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Like, false},
		{"a*ant", "ant", Like, false},
		{"?", "é", Like, false},
		{"??", "é", Like, false},
		{"a?c", "a\xffc", Like, false},
		{"\xff", "\ufffd", Like, false},
		{"\xff", "\xff", Exact, false},
		{"ExEcUtE-aPi:*", "execute-api:invoke", Action, false},
		{"İ*K", "i-k", Action, false},
		{"a*", "a*", Exact, false},
		{"ABC?", "abc?", ExactFold, false},
		{"\u212a", "k", ExactFold, false},
		{"home/${aws:username}/*", "home/alice/x", Like, true},
		{"*/${aws:username}/*", "a/b/alice/c", Like, true},
		{"arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/alice/k", ARN, true},
		{"a:${colon}:c:d:e*f", "a:a:b:c:d:e1:2f", ARN, true},
		{"a:${colon}*:c", "a:a:b:x:c", ARN, true},
		{"${missing, 'it''s'}", "it's", Like, true},
		{"${missing, '*'}", "x", Like, true},
		{"${star}", "*", Like, true},
		{"*${empty}?${empty}*", "abc", Like, true},
		{"${*}${?}${$}", "*?$", Like, true},
		{"${ AWS:UserName }", "ALICE", ExactFold, true},
		{"s3:${upper}*", "s3:äb-x", Action, true},
		{"${bad}", "\ufffd", Like, true},
		{"${kelvin}", "k", ExactFold, true},
		{"${x}${y}${z}", "abcdef", Like, true},
		{"*${v1}*${v2}*", "xyzxyzxyz", ARN, true},
		{"a*:b*c*?${empty}", "ax:bq:bzc1", ARN, true},
		{"a*:b*c*?d*", "ax:bq:bzc1d", ARN, false},
		{"*?*?*?${aws:username}*?*?b", "xyzalice12b", Like, true},
		{"${", "", Like, true},
		{"${}", "", Like, true},
		{"${a, x}", "", Like, true},
		{"${a, 'x}", "", Like, true},
		{"${a, 'x' y}", "", Like, true},
		{"${a${b}}", "", Like, true},
	}
	for _, s := range seeds {
		f.Add(s.pattern, s.value, byte(s.mode), s.variables)
	}
	f.Fuzz(func(t *testing.T, pattern, value string, modeByte byte, variables bool) {
		if len(pattern) > 64 || len(value) > 64 {
			t.Skip()
		}
		mode := Mode(modeByte % 7) // 6 is not a valid mode
		p, err := Compile(pattern, mode, variables)
		if mode == 6 {
			if err == nil {
				t.Fatalf("Compile(%q, %v) succeeded", pattern, mode)
			}
			return
		}
		r := &fuzzResolver{value: value}
		checkMatch(t, p, err, pattern, value, mode, variables, r)
		// Random values rarely match: try an instance of the pattern too.
		checkMatch(t, p, err, pattern, instance(pattern, value), mode, variables, r)
	})
}

// instance returns a string that often matches pattern: its text with each
// `*` replaced by a run of bytes taken from fill and each `?` by one
// character of fill.
func instance(pattern, fill string) string {
	var b strings.Builder
	take := func(n int) {
		n = min(n, len(fill))
		b.WriteString(fill[:n])
		fill = fill[n:]
	}
	for i := 0; i < len(pattern); i++ {
		switch pattern[i] {
		case '*':
			if len(fill) > 0 {
				take(int(fill[0]) % 4)
			}
		case '?':
			_, w := utf8.DecodeRuneInString(fill)
			take(w)
		default:
			b.WriteByte(pattern[i])
		}
	}
	return b.String()
}

// checkMatch compares p, compiled from pattern with the error err, with the
// reference matcher on value.
func checkMatch(t *testing.T, p *Pattern, err error, pattern, value string, mode Mode, variables bool, r *fuzzResolver) {
	t.Helper()
	s := value
	if mode == Action {
		s = strings.ToLower(value)
	}
	want, malformed := refMatch(pattern, s, mode, variables, r.LookupVariable)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Offset < 0 || e.Offset > len(pattern) {
			t.Fatalf("Compile(%q, %v, %t): unexpected error %#v", pattern, mode, variables, err)
		}
		if !malformed {
			t.Fatalf("Compile(%q, %v, %t): %v, want no error", pattern, mode, variables, err)
		}
		return
	}
	if malformed {
		t.Fatalf("Compile(%q, %v, %t) succeeded, want an error", pattern, mode, variables)
	}
	if got := p.Match(s, r); got != want {
		t.Fatalf("Compile(%q, %v, %t).Match(%q) = %t, reference says %t", pattern, mode, variables, s, got, want)
	}
	wantNil, _ := refMatch(pattern, s, mode, variables, nil)
	gotNil := p.Match(s, nil)
	if gotNil != wantNil {
		t.Fatalf("Compile(%q, %v, %t).Match(%q, nil) = %t, reference says %t", pattern, mode, variables, s, gotNil, wantNil)
	}
	for _, got := range []bool{want, wantNil} {
		if got && !strings.HasPrefix(s, p.LiteralPrefix()) {
			t.Fatalf("Compile(%q, %v, %t): %q matches but lacks LiteralPrefix %q", pattern, mode, variables, s, p.LiteralPrefix())
		}
		for _, lit := range p.Required() {
			if got && !strings.Contains(s, lit) {
				t.Fatalf("Compile(%q, %v, %t): %q matches but lacks Required %q", pattern, mode, variables, s, lit)
			}
		}
	}
	if p.MatchAll() && !want {
		t.Fatalf("Compile(%q, %v, %t): MatchAll but %q does not match", pattern, mode, variables, s)
	}
	if p.IsLiteral() && mode != ExactFold && want != (s == p.LiteralPrefix()) {
		t.Fatalf("Compile(%q, %v, %t): literal %q, but Match(%q) = %t", pattern, mode, variables, p.LiteralPrefix(), s, want)
	}
}
