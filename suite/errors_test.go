package suite_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
)

// flowKeys is a suite of n unknown keys in one flow mapping, on one line.
func flowKeys(n int) []byte {
	var b strings.Builder
	b.WriteString("{api: arn:aws:execute-api:us-east-1:123456789012:abc123defg")
	for i := range n {
		fmt.Fprintf(&b, ", k%d: 1", i)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// Detail shows the first policy.MaxDetail problems, each with its line
// and caret, and counts the others.
func TestErrorDetailCap(t *testing.T) {
	_, err := suite.Parse(flowKeys(250), "s.iamgate.yaml", suite.LoadOptions{Now: now})
	se, ok := suite.AsError(err)
	if !ok {
		t.Fatalf("not a suite error: %v", err)
	}
	if len(se.List) < 250 {
		t.Fatalf("%d problems, want at least 250", len(se.List))
	}
	d := se.Detail()
	if n := strings.Count(d, "s.iamgate.yaml:"); n != policy.MaxDetail {
		t.Errorf("%d problems shown, want %d", n, policy.MaxDetail)
	}
	if n := strings.Count(d, "^\n"); n != policy.MaxDetail {
		t.Errorf("%d carets, want %d", n, policy.MaxDetail)
	}
	want := fmt.Sprintf("and %d more errors\n", len(se.List)-policy.MaxDetail)
	if !strings.HasSuffix(d, "\n"+want) {
		t.Errorf("Detail ends %q, want %q", d[max(0, len(d)-200):], want)
	}
}

// 50,000 unknown keys in one flow mapping (540 KB): loading took 48 s,
// each key's position being found by walking its line from the start.
func BenchmarkLoadFlowKeys50k(b *testing.B) {
	src := flowKeys(50_000)
	for b.Loop() {
		_, err := suite.Parse(src, "s.iamgate.yaml", suite.LoadOptions{Now: now})
		se, ok := suite.AsError(err)
		if !ok || len(se.List) < 50_000 {
			b.Fatal(err)
		}
		_ = se.Detail()
	}
}
