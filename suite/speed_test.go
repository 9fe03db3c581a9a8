package suite_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/internal/suitegen"
	"github.com/iamgate/iamgate/suite"
)

// bigSuite writes a suite of n requests that all pass (suitegen.Suite)
// and returns its path.
func bigSuite(tb testing.TB, n int) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "big.iamgate.yaml")
	if err := os.WriteFile(path, []byte(suitegen.Suite(n)), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestBigSuitePasses(t *testing.T) {
	s, err := suite.Load(bigSuite(t, 1000), suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	results := s.Run(suite.RunOptions{})
	passed, failed := suite.Counts(results)
	if passed != 1000 || failed != 0 {
		for _, r := range results {
			if !r.Passed {
				t.Errorf("%s: want %s, got %s", r.Name, r.Case.Expect, r.Got)
				break
			}
		}
		t.Fatalf("%d passed, %d failed; want 1000 and 0", passed, failed)
	}
}

// BenchmarkSuite10000 loads and runs a 10,000-request suite: the work of
// "iamgate test" on it, without the report.
func BenchmarkSuite10000(b *testing.B) {
	path := bigSuite(b, 10000)
	for b.Loop() {
		s, err := suite.Load(path, suite.LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if p, f := suite.Counts(s.Run(suite.RunOptions{})); p != 10000 || f != 0 {
			b.Fatalf("%d passed, %d failed", p, f)
		}
	}
}

// BenchmarkRun10000 runs an already loaded 10,000-request suite.
func BenchmarkRun10000(b *testing.B) {
	s, err := suite.Load(bigSuite(b, 10000), suite.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s.Run(suite.RunOptions{})
	}
}

// BenchmarkSuite10000AuthorizersLast is BenchmarkSuite10000 with the
// authorizers written at the end of the file: documents written in place
// must not cost in proportion to what precedes them.
func BenchmarkSuite10000AuthorizersLast(b *testing.B) {
	src := suitegen.Suite(10000)
	i, j := strings.Index(src, "authorizers:"), strings.Index(src, "auth: jwt")
	path := filepath.Join(b.TempDir(), "last.iamgate.yaml")
	if err := os.WriteFile(path, []byte(src[:i]+src[j:]+src[i:j]), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s, err := suite.Load(path, suite.LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if p, f := suite.Counts(s.Run(suite.RunOptions{})); p != 10000 || f != 0 {
			b.Fatalf("%d passed, %d failed", p, f)
		}
	}
}
