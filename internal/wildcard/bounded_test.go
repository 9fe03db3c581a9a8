package wildcard

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/iamgate/iamgate/internal/race"
)

// sourceIP resolves aws:sourceip only, as a request from 10.0.0.1 would.
var sourceIP = mapResolver{"aws:sourceip": "10.0.0.1"}

// attackPattern is "*?" n times, ${aws:SourceIp}, "*?" n times and "b": the
// pattern of issue 13 (n = 100000) took over 120 s on a 100 KB value.
func attackPattern(n int) string {
	half := strings.Repeat("*?", n)
	return half + "${aws:SourceIp}" + half + "b"
}

// TestVariablePatternsAreBounded: a pattern with wildcards before a policy
// variable is matched by an automaton over the substituted pattern whose
// cost does not grow with the number of wildcards on these shapes. Before,
// every character of the value cost a pass over every token: seconds at a
// few KB, minutes at 100 KB.
func TestVariablePatternsAreBounded(t *testing.T) {
	const size = 100_000
	a := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct {
		name    string
		pattern string
		mode    Mode
		value   string
		want    bool
	}{
		// Too short for the pattern's 200,000 `?`: refused before the
		// automaton runs, as a piece without variables is.
		{"issue pattern", attackPattern(100_000), Like, a(size), false},
		{"issue pattern, near match", attackPattern(100_000), Like, a(size/2) + "10.0.0.1" + a(size/2) + "b", false},
		// Long enough: the automaton runs over 100 KB.
		{"automaton, no match", attackPattern(20_000), Like, a(size), false},
		{"automaton, match", attackPattern(20_000), Like, a(size/2) + "10.0.0.1" + a(size/2) + "b", true},
		{"automaton, last character differs", attackPattern(20_000), Like, a(size/2) + "10.0.0.1" + a(size/2) + "c", false},
		{"stars and text", strings.Repeat("*a", 20_000) + "${aws:SourceIp}" + strings.Repeat("*?", 20_000) + "b", Like, a(size/2) + "10.0.0.1" + a(size/2) + "b", true},
		{"stars and text, no match", strings.Repeat("*a", 20_000) + "${aws:SourceIp}" + strings.Repeat("*?", 20_000) + "b", Like, a(size), false},
		{"ARN segment stars", "arn:aws:" + strings.Repeat("*a", 20_000) + ":${aws:SourceIp}:" + strings.Repeat("*?", 20_000) + "b", ARN,
			"arn:aws:" + a(size/2) + ":10.0.0.1:" + a(size/2) + "b", true},
		{"ARN segment stars, colon in the wrong segment", "arn:aws:" + strings.Repeat("*a", 20_000) + ":${aws:SourceIp}:" + strings.Repeat("*?", 20_000) + "b", ARN,
			"arn:aws:" + a(size/2) + "::10.0.0.1:" + a(size/2) + "b", false},
		{"ArnLike", "arn:aws:" + strings.Repeat("*?", 20_000) + "${aws:SourceIp}:x:y:" + strings.Repeat("*?", 20_000) + "b", ArnLike,
			"arn:aws:" + a(size/2) + "10.0.0.1:x:y:" + a(size/2) + "b", true},
		{"Action", strings.Repeat("*?", 20_000) + "${aws:SourceIp}" + strings.Repeat("*?", 20_000) + "B", Action, a(size/2) + "10.0.0.1" + a(size/2) + "b", true},
		{"without the variable", strings.Repeat("*?", 20_000) + "10.0.0.1" + strings.Repeat("*?", 20_000) + "*x*b", Like, a(size/2) + "10.0.0.1" + a(size/2) + "b", false},
	}
	limit := time.Second
	if race.Enabled {
		limit *= 10
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := MustCompile(c.pattern, c.mode, true)
			// The best of three runs, so that a loaded machine does not
			// fail the test (the old code took minutes on each).
			var took time.Duration
			for i := range 3 {
				start := time.Now()
				got := p.Match(c.value, sourceIP)
				d := time.Since(start)
				if got != c.want {
					t.Fatalf("Match = %t, want %t", got, c.want)
				}
				if i == 0 || d < took {
					took = d
				}
				if took <= limit {
					break
				}
			}
			if took > limit {
				t.Errorf("Match took %v on a %d-byte value, want at most %v", took, len(c.value), limit)
			}
		})
	}
}

// BenchmarkVariableAttack matches the pattern of issue 13 against a 100 KB
// value that is long enough for the automaton to run (attackPattern(20000)
// needs 40,000 characters; attackPattern(100000) is refused at once by
// length).
func BenchmarkVariableAttack(b *testing.B) {
	for _, n := range []int{20_000, 100_000} {
		p := MustCompile(attackPattern(n), Like, true)
		value := strings.Repeat("a", 50_000) + "10.0.0.1" + strings.Repeat("a", 50_000) + "b"
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				p.Match(value, sourceIP)
			}
		})
	}
}

// programAtoms are the pieces TestProgramDifferential builds patterns of:
// runs of wildcards, text with and without colons, and variables that
// resolve to text with wildcard characters, colons, nothing, or not at all.
var programAtoms = []string{
	"*", "?", "*?", "?*", "*?*?", "*:", "a", "b", "ab", ":", "a:", "é", "\xff",
	"${aws:username}", "${colon}", "${empty}", "${star}", "${qmark}", "${missing, 'a*b'}", "${upper}",
}

// TestProgramDifferential compares Match with the reference matcher on
// random patterns with wildcards before variables (the automaton path),
// longer than FuzzMatch's, in every mode with wildcards.
func TestProgramDifferential(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 5))
	values := []string{"a", "b", "ab", ":", "alice", "a:b", "*", "?", "é", "\xff", "äb", "A"}
	modes := []Mode{Like, ARN, ArnLike, Action}
	cases := 3000
	if testing.Short() {
		cases = 300
	}
	for range cases {
		var pb strings.Builder
		if rng.IntN(2) == 0 {
			pb.WriteString("arn:aws:")
		}
		for n := 1 + rng.IntN(30); n > 0; n-- {
			pb.WriteString(programAtoms[rng.IntN(len(programAtoms))])
		}
		pattern := pb.String()
		mode := modes[rng.IntN(len(modes))]
		p, err := Compile(pattern, mode, true)
		if err != nil {
			t.Fatalf("Compile(%q, %v): %v", pattern, mode, err)
		}
		var fill strings.Builder
		for n := rng.IntN(12); n > 0; n-- {
			fill.WriteString(values[rng.IntN(len(values))])
		}
		r := &fuzzResolver{value: fill.String()}
		for _, value := range []string{fill.String(), instance(pattern, fill.String()), expandFor(pattern, r, rng)} {
			checkMatch(t, p, nil, pattern, value, mode, true, r)
		}
	}
}

// expandFor returns a string that matches pattern with the variables of r
// more often than instance's: each variable is replaced by its value, each
// `*` by zero to two characters and each `?` by one.
func expandFor(pattern string, r Resolver, rng *rand.Rand) string {
	chars := []string{"a", "b", ":", "é", "x"}
	var b strings.Builder
	for i := 0; i < len(pattern); {
		rest := pattern[i:]
		if m := refVariable.FindString(rest); m != "" {
			name := strings.ToLower(strings.Trim(strings.SplitN(m[2:len(m)-1], ",", 2)[0], " \t\n\r"))
			if v, ok := r.LookupVariable(name); ok {
				b.WriteString(v)
			}
			i += len(m)
			continue
		}
		switch rest[0] {
		case '*':
			for n := rng.IntN(3); n > 0; n-- {
				b.WriteString(chars[rng.IntN(len(chars))])
			}
		case '?':
			b.WriteString(chars[rng.IntN(len(chars))])
		default:
			b.WriteByte(rest[0])
		}
		i++
	}
	return b.String()
}

// TestDominance covers the rule that drops the threads a live star
// dominates (setZones): a star that cannot match ':' does not dominate a
// thread that can still consume a colon before reaching it.
func TestDominance(t *testing.T) {
	cases := []matchCase{
		// The first star ends its segment and crosses ':'; the second does
		// not. Once "ax:b" is read the second star is live, but only the
		// first can take "x:bq" and reach the match.
		{name: "segment-final star before a segment star", pattern: "a*:b*c*?${empty}", mode: ARN, variables: true, value: "ax:bq:bzc1", want: true},
		{name: "without variables", pattern: "a*:b*c*?d*", mode: ARN, value: "ax:bq:bzc1d", want: true},
		{name: "no path", pattern: "a*:b*c*?${empty}", mode: ARN, variables: true, value: "ax:bq:bz:c1", want: false},
		{name: "colon in a value", pattern: "a*${colon}b*c*?", mode: ARN, variables: true, value: "aqx:yb1:x:yb2c3", want: false},
		{name: "resource part crosses", pattern: "a:b:c:d:e:*x*y*?${empty}", mode: ARN, variables: true, value: "a:b:c:d:e:1x2:x:y3", want: true},
		{name: "star then text then star", pattern: "*ab*${empty}c", mode: Like, variables: true, value: "abab-c", want: true},
	}
	runMatchCases(t, cases)
	for _, c := range cases {
		if want, _ := refMatch(c.pattern, c.value, c.mode, c.variables, testVariables.LookupVariable); want != c.want {
			t.Errorf("%s: reference matcher says %t", c.name, want)
		}
	}
}
