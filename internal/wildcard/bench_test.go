package wildcard

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/internal/race"
)

// contextResolver resolves variables the way the evaluator's request
// context does: a method on a pointer type, over a map of lower-case names.
type contextResolver struct{ keys map[string][]string }

func (c *contextResolver) LookupVariable(name string) (string, bool) {
	v, ok := c.keys[name]
	if !ok || len(v) != 1 {
		return "", false
	}
	return v[0], true
}

var benchResolver = &contextResolver{keys: map[string][]string{
	"aws:username":          {"alice"},
	"aws:principaltag/team": {"dev"},
	"aws:sourcevpce":        {"vpce-1a2b3c4d"},
}}

// matchBench is one pattern and one value matched in the allocation test and
// the benchmarks.
type matchBench struct {
	name      string
	pattern   string
	mode      Mode
	variables bool
	value     string
	want      bool
}

var matchBenches = []matchBench{
	{"literal", methodARN, ARN, false, methodARN, true},
	{"literal-miss", methodARN, ARN, false, apiPrefix + "/prod/GET/pet", false},
	{"match-all", "*", ARN, false, methodARN, true},
	{"prefix-star", apiPrefix + "/prod/*", ARN, false, methodARN, true},
	{"prefix-star-miss", apiPrefix + "/test/*", ARN, false, methodARN, false},
	{"arn-middle-stars", "arn:aws:execute-api:us-east-1:*:abc/*/GET/*", ARN, false, methodARN, true},
	{"arn-middle-stars-miss", "arn:aws:execute-api:us-east-1:*:abc/*/POST/*", ARN, false, methodARN, false},
	{"arn-segment-stars", "arn:aws:execute-api:us-*-1:1234*:abc/*/GET/pets", ARN, false, methodARN, true},
	{"action-fold", "Execute-API:Inv*", Action, false, "execute-api:invoke", true},
	{"action-literal", "execute-api:Invoke", Action, false, "execute-api:invoke", true},
	{"like", "vpce-*-??", Like, false, "vpce-1a2b3c4d-01", true},
	{"exact", "vpce-1a2b3c4d", Exact, false, "vpce-1a2b3c4d", true},
	{"exact-fold", "VPCE-1A2B3C4D", ExactFold, false, "vpce-1a2b3c4d", true},
	{"variables-arn", apiPrefix + "/prod/GET/users/${aws:username}/*", ARN, true, apiPrefix + "/prod/GET/users/alice/profile", true},
	{"variables-like", "team-${aws:PrincipalTag/team}-*", Like, true, "team-dev-42", true},
	{"variables-default", "${aws:missing, 'guest'}", Exact, true, "guest", true},
	{"variables-fold", "${aws:SourceVpce}", ExactFold, true, "VPCE-1A2B3C4D", true},
	{"variables-search", apiPrefix + "/*/GET/users/${aws:username}/*", ARN, true, apiPrefix + "/prod/GET/users/alice/profile", true},
	{"variables-unresolved", apiPrefix + "/*/${aws:missing}", ARN, true, methodARN, false},
	{"variables-long", "*/${aws:username}/*", Like, true, strings.Repeat("x/", 600) + "alice/", true},
	{"automaton", "a*b*c*?d", Like, false, "aXbYcZQd", true},
	{"automaton-variables", "*?*?${aws:username}*?b", Like, true, "xyalice1b", true},
}

func TestMatchAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector makes sync.Pool drop entries, so pooled matchers allocate: .ci/run runs this without -race")
	}
	for _, c := range matchBenches {
		t.Run(c.name, func(t *testing.T) {
			p := MustCompile(c.pattern, c.mode, c.variables)
			if got := p.Match(c.value, benchResolver); got != c.want {
				t.Fatalf("Match(%q) = %t, want %t", c.value, got, c.want)
			}
			allocs := testing.AllocsPerRun(100, func() {
				p.Match(c.value, benchResolver)
			})
			if allocs != 0 {
				t.Errorf("Match(%q) allocates %v times, want 0", c.value, allocs)
			}
		})
	}
}

func BenchmarkMatch(b *testing.B) {
	for _, c := range matchBenches {
		b.Run(c.name, func(b *testing.B) {
			p := MustCompile(c.pattern, c.mode, c.variables)
			for b.Loop() {
				p.Match(c.value, benchResolver)
			}
		})
	}
}

func BenchmarkCompile(b *testing.B) {
	for b.Loop() {
		MustCompile("arn:aws:execute-api:us-east-1:*:abc/*/GET/users/${aws:username}/*", ARN, true)
	}
}

// TestMatchConcurrent matches the same patterns from several goroutines; run
// with -race it checks that a Pattern is safe for concurrent use.
func TestMatchConcurrent(t *testing.T) {
	patterns := make([]*Pattern, len(matchBenches))
	for i, c := range matchBenches {
		patterns[i] = MustCompile(c.pattern, c.mode, c.variables)
	}
	done := make(chan bool)
	for range 4 {
		go func() {
			ok := true
			for range 50 {
				for i, c := range matchBenches {
					ok = ok && patterns[i].Match(c.value, benchResolver) == c.want
				}
			}
			done <- ok
		}()
	}
	for range 4 {
		if !<-done {
			t.Error("a concurrent Match returned a wrong result")
		}
	}
}
