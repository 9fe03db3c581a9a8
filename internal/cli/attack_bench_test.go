package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/internal/suitegen"
)

// BenchmarkAttackLint and BenchmarkAttackTest are "iamgate lint" and
// "iamgate test" on issue 13's attack suites (suitegen), in-process, each
// within 2 s and 300 MB: the {{methodArn}} suite is loaded and run (its
// response compiled once), the alias suites end with exit 2 and the limit
// they passed.
//
//	go test ./internal/cli/ -run '^$' -bench Attack -benchmem
func BenchmarkAttackLint(b *testing.B) { benchAttacks(b, "lint") }

func BenchmarkAttackTest(b *testing.B) { benchAttacks(b, "test") }

func benchAttacks(b *testing.B, cmd string) {
	dir := b.TempDir()
	s, resp := suitegen.MethodARNAttack(3000, 2000)
	files := map[string]string{
		"methodarn.iamgate.yaml": s, "response.json": resp,
		"aliases2000.iamgate.yaml":  suitegen.AliasAttack(600, 2000),
		"aliases20000.iamgate.yaml": suitegen.AliasAttack(600, 20000),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, name := range []string{"methodarn", "aliases2000", "aliases20000"} {
		path := filepath.Join(dir, name+".iamgate.yaml")
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				var out, errb strings.Builder
				code := Run(context.Background(), []string{cmd, path}, strings.NewReader(""), &out, &errb)
				if name == "methodarn" {
					// Compiled once and bound to each path: loaded and run.
					if code == ExitUsage || strings.Contains(out.String()+errb.String(), "the limit") {
						b.Fatalf("exit %d:\n%s%s", code, out.String(), errb.String())
					}
					continue
				}
				if code != ExitUsage || !strings.Contains(out.String()+errb.String(), "the limit") {
					b.Fatalf("exit %d, want %d with the limit:\n%s%s", code, ExitUsage, out.String(), errb.String())
				}
			}
		})
	}
}
