package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/internal/suitegen"
)

// BenchmarkTestCommand10000 is "iamgate test" on a 10,000-request suite,
// end to end and in-process: finding the file, loading it, running every
// request, and writing the text report.
func BenchmarkTestCommand10000(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.iamgate.yaml")
	if err := os.WriteFile(path, []byte(suitegen.Suite(10000)), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var out strings.Builder
		if code := Run(context.Background(), []string{"test", path}, strings.NewReader(""), &out, io.Discard); code != ExitOK {
			b.Fatalf("exit %d:\n%s", code, out.String())
		}
		if !strings.HasSuffix(out.String(), "10000 passed, 0 failed\n") {
			b.Fatalf("report:\n%s", out.String())
		}
	}
}
