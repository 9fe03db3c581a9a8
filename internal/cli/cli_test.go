package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/internal/fakeauthz"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// pkgDir is this package's folder, read before any test changes directory.
var pkgDir = func() string {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return wd
}()

// run runs the command in-process from the repository root, so that paths
// in outputs are the ones the README shows.
func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(filepath.Join(pkgDir, "..", ".."))
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(pkgDir, "testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

func TestCLI(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		stdin    string
		wantCode int
	}{
		{"no-args", nil, "", ExitUsage},
		{"help", []string{"help"}, "", ExitOK},
		{"help-validate", []string{"help", "validate"}, "", ExitOK},
		{"unknown-command", []string{"frobnicate"}, "", ExitUsage},
		{"validate-fixtures", []string{"validate", "fixtures/policies/authorizer-scoped.json", "fixtures/policies/identity-invoke-prod.json", "fixtures/policies/resource-cross-account.json", "fixtures/policies/resource-ip-allowlist.json", "fixtures/policies/resource-private-vpce.json"}, "", ExitOK},
		{"validate-invalid", []string{"validate", "fixtures/invalid/broken-resource-policy.json"}, "", ExitFailed},
		{"validate-bad-conditions", []string{"validate", "fixtures/invalid/bad-conditions.json"}, "", ExitFailed},
		{"validate-invalid-json", []string{"validate", "--format", "json", "fixtures/invalid/broken-resource-policy.json"}, "", ExitFailed},
		{"validate-stdin-kind", []string{"validate", "--kind", "identity", "-"}, `{"Statement":{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}}`, ExitFailed},
		{"validate-syntax-error", []string{"validate", "-"}, "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}\n", ExitFailed},
		{"validate-auto-shorthand-is-resource", []string{"validate", "-"}, `{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"execute-api:/*"}}`, ExitFailed},
		{"validate-no-files", []string{"validate"}, "", ExitUsage},
		{"validate-missing-file", []string{"validate", "does-not-exist.json", "fixtures/policies/resource-ip-allowlist.json"}, "", ExitUsage},
		{"validate-bad-kind", []string{"validate", "--kind", "weird", "x.json"}, "", ExitUsage},
		{"validate-bad-api", []string{"validate", "--api", "arn:aws:s3:::bucket", "x.json"}, "", ExitUsage},
		{"validate-bad-format", []string{"validate", "--format", "xml", "x.json"}, "", ExitUsage},
		{"validate-flags-after-files", []string{"validate", "fixtures/policies/resource-ip-allowlist.json", "--format", "json"}, "", ExitOK},
		{"validate-principal-id-is-output", []string{"validate", "-"}, `{"principalId":"user"}`, ExitFailed},
		{"misspelt-command", []string{"evl"}, "", ExitUsage},
		{"help-version", []string{"help", "version"}, "", ExitOK},
		{"help-help", []string{"help", "help"}, "", ExitOK},
		{"help-completion", []string{"help", "completion"}, "", ExitOK},
		{"eval-dash-h", []string{"eval", "-h"}, "", ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.stdin, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, stdout, stderr)
			}
			golden(t, tt.name+".golden", "-- stdout --\n"+stdout+"-- stderr --\n"+stderr)
		})
	}
}

// TestMain lets the test binary stand in for a Lambda authorizer that a
// suite runs as a command (internal/fakeauthz), when its environment says
// so or when it runs as iamgate-test-authorizer (fakeAuthorizerInPath).
func TestMain(m *testing.M) {
	if os.Getenv(fakeauthz.Env) == "1" || filepath.Base(os.Args[0]) == "iamgate-test-authorizer" {
		os.Exit(fakeauthz.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// failingWriter fails every write, as a full disk does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestOutputWriteFailure: a report that could not be written fails the
// command (exit 2), whatever the report said, so CI cannot pass on a lost
// report.
func TestOutputWriteFailure(t *testing.T) {
	t.Chdir(filepath.Join(pkgDir, "..", ".."))
	for _, args := range [][]string{
		{"test", "./fixtures"},
		{"test", "--format", "junit", "./fixtures"},
		{"lint", "fixtures/policies/authorizer-deny-all.json"},
		{"validate", "fixtures/policies/resource-ip-allowlist.json"},
		{"eval", "--api", apiARN, "--request", "GET /prod/x"},
		{"event", "--api", apiARN, "--request", "GET /prod/x", "--token", "t"},
		{"version"},
	} {
		var stderr bytes.Buffer
		code := Run(context.Background(), args, strings.NewReader(""), failingWriter{}, &stderr)
		if code != ExitUsage || !strings.Contains(stderr.String(), "iamgate: writing the output: no space left on device") {
			t.Errorf("%v: exit %d, stderr:\n%s", args, code, stderr.String())
		}
	}
}
