package eval_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/race"
	"github.com/iamgate/iamgate/policy"
)

// TestVariableWildcardIsBounded is attack 5 of issue 13: a StringLike value
// with a policy variable among 400,000 wildcards took over 120 s against a
// 100 KB User-Agent (3 s at 4 KB). Decide and Evaluate must answer within a
// second, and agree.
func TestVariableWildcardIsBounded(t *testing.T) {
	for _, n := range []int{100_000, 20_000} {
		half := strings.Repeat("*?", n)
		pattern := half + "${aws:SourceIp}" + half + "b"
		doc := map[string]any{
			"Version": "2012-10-17",
			"Statement": []any{map[string]any{
				"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*",
				"Condition": map[string]any{"StringLike": map[string]any{"aws:UserAgent": pattern}},
			}, map[string]any{
				"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*",
			}},
		}
		src, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		d, err := policy.Parse(src, policy.ParseOptions{Kind: policy.Generic})
		if err != nil {
			t.Fatal(err)
		}
		set, err := eval.Compile(eval.CompileOptions{}, d)
		if err != nil {
			t.Fatal(err)
		}
		half100K := strings.Repeat("a", 50_000)
		for _, ua := range []string{half100K + half100K, half100K + "10.0.0.1" + half100K + "b"} {
			// The 20,000-pair pattern fits in 100 KB: the second agent
			// matches it and the Deny applies.
			want := eval.Allow
			if n == 20_000 && strings.HasSuffix(ua, "b") {
				want = eval.ExplicitDeny
			}
			req := &eval.Request{
				Resource: "arn:aws:execute-api:us-east-1:111122223333:api/prod/GET/pets",
				Action:   eval.NewAction("execute-api:Invoke"),
				Context:  eval.NewContext().Set("aws:UserAgent", ua).Set("aws:SourceIp", "10.0.0.1"),
			}
			limit := time.Second
			if race.Enabled {
				limit *= 10
			}
			var took time.Duration
			for i := range 3 { // the best of three: a loaded machine must not fail the test
				start := time.Now()
				got, ev := set.Decide(req), set.Evaluate(req).Decision
				d := time.Since(start)
				if got != want || ev != want {
					t.Fatalf("%d pairs, %d-byte agent: Decide %v, Evaluate %v, want %v", n, len(ua), got, ev, want)
				}
				if i == 0 || d < took {
					took = d
				}
				if took <= limit {
					break
				}
			}
			if took > limit {
				t.Errorf("%d pairs, %d-byte agent: Decide and Evaluate took %v, want at most %v", n, len(ua), took, limit)
			}
		}
	}
}
