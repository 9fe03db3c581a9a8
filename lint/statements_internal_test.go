package lint

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/internal/wildcard"
)

func TestPatternCovers(t *testing.T) {
	const api = "arn:aws:execute-api:us-east-1:123456789012:abc123defg"
	tests := []struct {
		t, s string
		mode wildcard.Mode
		want bool
	}{
		{"*", api + "/prod/GET/pets", wildcard.ARN, true},
		{api + "/*", api + "/prod/*/pets", wildcard.ARN, true},
		{api + "/prod/*", api + "/prod/GET/pets", wildcard.ARN, true},
		{api + "/prod/*/*", api + "/prod/GET/pets", wildcard.ARN, true}, // a literal value, matched
		{api + "/prod/*/*", api + "/prod/GET/*", wildcard.ARN, false},   // two patterns: not decided
		{api + "/prod/*", api + "/dev/GET/pets", wildcard.ARN, false},
		{"arn:aws:execute-api:us-*", api + "/prod/GET", wildcard.ARN, true}, // D13: a final * crosses ':'
		{api + "/prod/GET/${aws:username}", api + "/prod/GET/${aws:username}", wildcard.ARN, true},
		{api + "/prod/GET/*", api + "/prod/GET/${aws:username}", wildcard.ARN, false},
		{api + "/prod/GET/pets", api + "/prod/GET/pets/1", wildcard.ARN, false},
		{"execute-api:*", "execute-api:invoke", wildcard.Action, true},
		{"execute-api:*", "execute-api:inv*", wildcard.Action, true},
		{"execute-api:i*", "execute-api:*", wildcard.Action, false},
		{"*:invoke", "execute-api:invoke", wildcard.Action, true},
		{"*:invoke", "execute-api:*", wildcard.Action, false},
	}
	for _, tt := range tests {
		if got := patternCovers(tt.t, tt.s, tt.mode); got != tt.want {
			t.Errorf("patternCovers(%q, %q, %v) = %v, want %v", tt.t, tt.s, tt.mode, got, tt.want)
		}
	}
}

// TestPatternCoversSound checks, on random patterns, that patternCovers
// never claims a coverage the matcher contradicts: when T covers S, every
// string S matches is matched by T.
func TestPatternCoversSound(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "/", ":", "*", "?"}
	pattern := func() string {
		var b strings.Builder
		for n := r.IntN(7); n > 0; n-- {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	// instance replaces the wildcards of a pattern with random text, so
	// that it often matches.
	instance := func(p string) string {
		var b strings.Builder
		for _, c := range p {
			switch c {
			case '*':
				for n := r.IntN(3); n > 0; n-- {
					b.WriteString(alphabet[r.IntN(4)])
				}
			case '?':
				b.WriteString(alphabet[r.IntN(4)])
			default:
				b.WriteRune(c)
			}
		}
		return b.String()
	}
	checked := 0
	for _, mode := range []wildcard.Mode{wildcard.ARN, wildcard.Action} {
		for range 20000 {
			tp, sp := pattern(), pattern()
			if r.IntN(3) == 0 {
				sp = strings.TrimSuffix(tp, "*") + sp // often a prefix case
			}
			if !patternCovers(tp, sp, mode) {
				continue
			}
			pt, err1 := wildcard.Compile(tp, mode, false)
			ps, err2 := wildcard.Compile(sp, mode, false)
			if err1 != nil || err2 != nil {
				continue
			}
			for range 20 {
				x := instance(sp)
				if ps.Match(x, nil) && !pt.Match(x, nil) {
					t.Fatalf("%v: patternCovers(%q, %q) but %q matches only the second", mode, tp, sp, x)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no covering pair was checked")
	}
}

func TestOppositeOperator(t *testing.T) {
	for op, want := range map[string]string{
		"IpAddress":                      "NotIpAddress",
		"NotIpAddress":                   "IpAddress",
		"NotIpAddressIfExists":           "IpAddress",
		"StringEquals":                   "StringNotEquals",
		"ForAnyValue:StringLike":         "StringNotLike",
		"StringNotEqualsIgnoreCase":      "StringEqualsIgnoreCase",
		"ArnLike":                        "ArnNotLike",
		"ArnNotEquals":                   "ArnEquals",
		"ForAllValues:StringNotLike":     "StringLike",
		"StringEqualsIgnoreCaseIfExists": "StringNotEqualsIgnoreCase",
		"NumericEquals":                  "NumericNotEquals",
		"DateNotEquals":                  "DateEquals",
		"NumericLessThan":                "the opposite operator",
		"Null":                           "the opposite operator",
	} {
		if got := opposite(op); got != want {
			t.Errorf("opposite(%q) = %q, want %q", op, got, want)
		}
	}
}
