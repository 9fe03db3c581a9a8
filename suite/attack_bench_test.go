package suite_test

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/suite"
)

// The benchmarks below load issue 13's attack suites (suitegen): each must
// end within 2 s and 300 MB, here with the refusal of a limit.
//
//	go test ./suite/ -run '^$' -bench Attack -benchmem

func benchRefusal(b *testing.B, file, want string) {
	for b.Loop() {
		_, err := suite.Load(file, suite.LoadOptions{Now: now})
		if err == nil || !strings.Contains(err.Error(), want) {
			b.Fatalf("Load: %v, want a refusal with %q", err, want)
		}
	}
}

// BenchmarkAttackMethodARN: 3,000 statements with {{methodArn}}, 2,000
// requests on different paths (337 KB; the old loader took 24 GB): the
// output is compiled once and bound to each path; loaded and run.
func BenchmarkAttackMethodARN(b *testing.B) {
	benchLoadRun(b, methodARNAttack(b, 3000, 2000), 2000)
}

// BenchmarkAttackMethodARNAsText: the same with the placeholder in the
// output's context too, filled in as text for each path: refused.
func BenchmarkAttackMethodARNAsText(b *testing.B) {
	benchRefusal(b, methodARNAttackAsText(b, 3000, 2000), "past the limit of 50000")
}

func benchLoadRun(b *testing.B, file string, cases int) {
	for b.Loop() {
		s, err := suite.Load(file, suite.LoadOptions{Now: now})
		if err != nil {
			b.Fatal(err)
		}
		if p, f := suite.Counts(s.Run(suite.RunOptions{})); p != cases || f != 0 {
			b.Fatalf("%d passed, %d failed", p, f)
		}
	}
}

// BenchmarkAttackAliases2000: 600 statements and 2,000 aliases of them
// (the old loader took 11.7 s and 3.9 GB).
func BenchmarkAttackAliases2000(b *testing.B) {
	benchRefusal(b, aliasAttack(b, 600, 2000), "YAML nodes, the limit")
}

// BenchmarkAttackAliases20000: 20,000 aliases (did not finish in 120 s).
func BenchmarkAttackAliases20000(b *testing.B) {
	benchRefusal(b, aliasAttack(b, 600, 20000), "YAML nodes, the limit")
}

// BenchmarkMethodARNWithinLimit loads and runs a suite just within the
// statement limit: 20 statements with {{methodArn}} in the context too,
// for 2,000 paths, each filled in as text and compiled once.
func BenchmarkMethodARNWithinLimit(b *testing.B) {
	benchLoadRun(b, methodARNAttackAsText(b, 20, 2000), 2000)
}
