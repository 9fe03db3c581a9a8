package arn_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/arn"
)

// checkParseError checks the invariants of every error the package
// returns for input: a *ParseError on that input, with an offset inside it
// (or at its end) and a message.
func checkParseError(t *testing.T, fn, input string, err error) {
	t.Helper()
	var pe *arn.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("%s(%q): error %T %v, want *arn.ParseError", fn, input, err, err)
	}
	if pe.Input != input || pe.Offset < 0 || pe.Offset > len(input) || pe.Msg == "" {
		t.Fatalf("%s(%q): bad error %#v", fn, input, pe)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"",
		"arn:",
		"arn:aws:s3:::bucket",
		"arn:aws:s3:::bucket/key with space",
		"arn:aws:iam::123456789012:role/x",
		"arn:aws:execute-api:us-east-1:123456789012:abc123abc1",
		"arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod/GET/",
		"arn:aws-cn:execute-api:cn-north-1:123456789012:abc/*",
		"arn:aws:execute-api:*:*:*",
		"arn:aws:execute-api:us-east-1:*",
		"arn:aws:logs:us-east-1:123456789012:log-group:/a:*",
		"ARN:aws:s3:::b",
		"arn::s3:::b",
		"arn:aws::::b",
		"arn:aws:s3:::b\x00",
		"execute-api:/*",
		"execute-api:/stage/GET/pets",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := arn.Parse(s)
		if err != nil {
			checkParseError(t, "Parse", s, err)
			if !a.IsZero() {
				t.Fatalf("Parse(%q) = %+v with an error", s, a)
			}
		} else {
			if got := a.String(); got != s {
				t.Fatalf("Parse(%q).String() = %q", s, got)
			}
			if a.Partition == "" || a.Service == "" ||
				strings.Contains(a.Partition+a.Service+a.Region+a.Account, ":") {
				t.Fatalf("Parse(%q) = %+v: bad fields", s, a)
			}
		}

		api, err := arn.ParseAPI(s)
		if err != nil {
			checkParseError(t, "ParseAPI", s, err)
		} else {
			if got := api.String(); got != s {
				t.Fatalf("ParseAPI(%q).String() = %q", s, got)
			}
			if diff := cmp.Diff(a, api.ARN()); diff != "" {
				t.Fatalf("ParseAPI(%q).ARN() differs from Parse (-Parse +ARN):\n%s", s, diff)
			}
		}

		got, ok := testAPI.ExpandShorthand(s)
		switch {
		case ok != strings.HasPrefix(s, "execute-api:/"):
			t.Fatalf("ExpandShorthand(%q) ok = %v", s, ok)
		case !ok && got != s:
			t.Fatalf("ExpandShorthand(%q) = %q, false; want the input back", s, got)
		case ok && got != testAPI.String()+strings.TrimPrefix(s, "execute-api:"):
			t.Fatalf("ExpandShorthand(%q) = %q", s, got)
		}
	})
}

func FuzzParseMethodARN(f *testing.F) {
	for _, s := range []string{
		"arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod/GET/pets/1",
		"arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod/GET/",
		"arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod/GET//",
		"arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod/GET",
		"arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod",
		"arn:aws:execute-api:us-east-1:123456789012:abc123abc1/",
		"arn:aws:execute-api:us-east-1:123456789012:abc123abc1",
		"arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:a/$default/POST/x:y",
		"arn:aws:execute-api:us-east-1:********9012:abc/prod/GET/",
		"arn:aws:execute-api:*:*:*",
		"GET /prod/pets/1?x=1",
		"GET /prod",
		"GET /prod/",
		"GET /prod//",
		"GET /prod/a%2Fb#frag",
		"get /prod/pets",
		"ANY /prod/pets",
		"GET /prod/pets HTTP/1.1",
		"GET /",
		"M-SEARCH /prod/x:y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := arn.ParseMethodARN(s)
		if err != nil {
			checkParseError(t, "ParseMethodARN", s, err)
			if !m.IsZero() {
				t.Fatalf("ParseMethodARN(%q) = %+v with an error", s, m)
			}
		} else {
			if got := m.String(); got != s {
				t.Fatalf("ParseMethodARN(%q).String() = %q", s, got)
			}
			if m.Len() != len(s) || m.TooLong() != (len(s) > arn.MaxMethodARNLength) {
				t.Fatalf("ParseMethodARN(%q): Len() = %d, TooLong() = %v", s, m.Len(), m.TooLong())
			}
			if !strings.HasPrefix(m.Path, "/") || m.Stage == "" || m.Verb == "" {
				t.Fatalf("ParseMethodARN(%q) = %+v: bad fields", s, m)
			}
			if masked := m.MaskedString(); len(masked) != len(s) {
				t.Fatalf("ParseMethodARN(%q).MaskedString() = %q: length changed", s, masked)
			}
			if diff := cmp.Diff(arn.MustParse(s), m.ARN()); diff != "" {
				t.Fatalf("ParseMethodARN(%q).ARN() differs from Parse (-Parse +ARN):\n%s", s, diff)
			}
		}

		// The same text as a request line.
		checkMethod(t, s, func() (arn.MethodARN, error) { return testAPI.Method(s) })
		verb, path, _ := strings.Cut(s, " ")
		checkMethod(t, s, func() (arn.MethodARN, error) { return testAPI.MethodFor(verb, path) })
	})
}

// checkMethod checks a result of Method or MethodFor: it re-parses to an
// equal value.
func checkMethod(t *testing.T, line string, build func() (arn.MethodARN, error)) {
	t.Helper()
	m, err := build()
	if err != nil {
		var pe *arn.ParseError
		if !errors.As(err, &pe) || pe.Offset < 0 || pe.Offset > len(pe.Input) {
			t.Fatalf("request %q: bad error %v", line, err)
		}
		return
	}
	reparsed, err := arn.ParseMethodARN(m.String())
	if err != nil {
		t.Fatalf("request %q gave %q, which does not parse: %v", line, m.String(), err)
	}
	if diff := cmp.Diff(m, reparsed); diff != "" {
		t.Fatalf("request %q: re-parsed method ARN differs (-built +reparsed):\n%s", line, diff)
	}
	if m.Verb == "ANY" || strings.ToUpper(m.Verb) != m.Verb {
		t.Fatalf("request %q: verb %q accepted", line, m.Verb)
	}
}
