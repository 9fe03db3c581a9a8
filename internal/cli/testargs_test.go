package cli

import (
	"flag"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testArgsOf parses test's flags and paths and types them, reading no
// file.
func testArgsOf(t *testing.T, args ...string) (*testArgs, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f testFlags
	defineTestFlags(fs, &f)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("flags %q: %v", args, err)
	}
	return parseTestArgs(&f, fs.Args())
}

func TestParseTestArgs(t *testing.T) {
	dir := t.TempDir()
	type view struct {
		Format, Filter, Run, Out string
		Verbose, NoSkip          bool
		Allow, InheritEnv, Paths []string
		Now                      string
		MaxDocument, MaxSuite    int64
	}
	for _, tc := range []struct {
		args []string
		want view
	}{
		{nil, view{Format: "text", Paths: []string{"."}, Now: "0001-01-01T00:00:00Z"}},
		{[]string{"--format", "junit", "--run", "orders/.*", "-v", "-o", "r.xml", "--no-skip", "--time", "2026-01-02T03:04:05Z",
			"--allow-path", dir, "--inherit-env", "NODE_OPTIONS", "--max-document-size", "2MiB", "--max-suite-size", "1KiB", "a", "b"},
			view{Format: "junit", Filter: "orders/.*", Run: "orders/.*", Out: "r.xml", Verbose: true, NoSkip: true,
				Allow: []string{dir}, InheritEnv: []string{"NODE_OPTIONS"}, Paths: []string{"a", "b"}, Now: "2026-01-02T03:04:05Z",
				MaxDocument: 2 << 20, MaxSuite: 1 << 10}},
	} {
		a, err := testArgsOf(t, tc.args...)
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		got := view{Format: a.format, Run: a.run, Out: a.out, Verbose: a.verbose, NoSkip: a.noSkip,
			Allow: a.load.AllowPaths, InheritEnv: a.inheritEnv, Paths: a.paths, Now: a.load.Now.Format(time.RFC3339),
			MaxDocument: a.load.MaxDocumentSize, MaxSuite: a.load.MaxSuiteSize}
		if a.filter != nil {
			got.Filter = a.filter.String()
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%q (-want +got):\n%s", tc.args, d)
		}
	}
}

func TestParseTestArgsRefuses(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml"}, `--format: "xml" is not text, json, junit or tap`},
		{[]string{"--run", "("}, "--run: error parsing regexp: missing closing ): `(`"},
		{[]string{"--allow-path", "no/such/folder"}, "--allow-path: no/such/folder is not a folder"},
		{[]string{"--inherit-env", "A=B"}, `--inherit-env: "A=B" is not a variable name (it contains = or NUL)`},
		{[]string{"--time", "noon"}, `--time: "noon" is not an RFC 3339 time such as 2026-01-02T15:04:05Z`},
		{[]string{"--time", "9999-12-31T23:59:59Z"}, `--time: "9999-12-31T23:59:59Z" is after 9999-12-31T22:59:59Z: an authorizer's result cached then (for up to 1h0m0s) would expire after 9999-12-31T23:59:59Z, the last time RFC 3339 can write`},
		{[]string{"a", "-"}, "- (standard input) is not a suite file: give the suite's file or folder (its paths are relative to it)"},
	} {
		_, err := testArgsOf(t, tc.args...)
		if err == nil {
			t.Errorf("%q: no error, want %q", tc.args, tc.want)
			continue
		}
		if got := err.Error(); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.args, got, tc.want)
		}
	}
}
