package cli

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// times hides the durations that vary from run to run.
var times = regexp.MustCompile(`time="[0-9.]+"`)

// durations hides how long a command authorizer ran.
var durations = regexp.MustCompile(`(, in |"durationMs": )[0-9.]+(ms|s|µs)?`)

// fakeAuthorizerInPath puts the test binary in PATH as
// iamgate-test-authorizer, which the suites under testdata/suites/commands
// run as their authorizers (TestMain, internal/fakeauthz).
func fakeAuthorizerInPath(t *testing.T) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(exe, filepath.Join(dir, "iamgate-test-authorizer")); err != nil {
		t.Skip("symlinks:", err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

func TestTestCLI(t *testing.T) {
	const failing = "internal/cli/testdata/suites/failing"
	tests := []struct {
		name     string
		args     []string
		wantCode int
	}{
		{"test-fixtures", []string{"test", "./fixtures"}, ExitOK},
		{"test-fixtures-verbose", []string{"test", "-v", "fixtures/suites/caching.iamgate.yaml"}, ExitOK},
		{"test-fixtures-run", []string{"test", "--run", "article-authorizer/.*500", "./fixtures"}, ExitOK},
		{"test-fixtures-run-step", []string{"test", "-v", "--run", "caching/.*/at 300 seconds", "./fixtures"}, ExitOK},
		{"test-failing", []string{"test", "--allow-path", "fixtures", failing}, ExitFailed},
		{"test-failing-json", []string{"test", "--format", "json", "--run", "wrong status", "--allow-path", "fixtures", failing}, ExitFailed},
		{"test-failing-junit", []string{"test", "--format", "junit", "--allow-path", "fixtures", failing}, ExitFailed},
		{"test-failing-tap", []string{"test", "--format", "tap", "--allow-path", "fixtures", failing}, ExitFailed},
		{"test-malformed", []string{"test", "internal/cli/testdata/suites/malformed", "fixtures/suites/caching.iamgate.yaml"}, ExitUsage},
		{"test-malformed-json", []string{"test", "--format", "json", "internal/cli/testdata/suites/malformed"}, ExitUsage},
		{"test-duplicate-suite-names", []string{"test", "internal/cli/testdata/suites/dupnames"}, ExitUsage},
		{"test-no-suites", []string{"test", "internal/cli/testdata/suites/empty"}, ExitUsage},
		{"test-run-matches-nothing", []string{"test", "--run", "no such case", "./fixtures"}, ExitUsage},
		{"test-bad-run", []string{"test", "--run", "(", "./fixtures"}, ExitUsage},
		{"test-bad-format", []string{"test", "--format", "xml", "./fixtures"}, ExitUsage},
		{"test-bad-time", []string{"test", "--time", "yesterday", "./fixtures"}, ExitUsage},
		{"test-missing-path", []string{"test", "no/such/folder"}, ExitUsage},
		{"test-stdin", []string{"test", "-"}, ExitUsage},
		{"test-bad-bool", []string{"test", "--no-skip=maybe", "./fixtures"}, ExitUsage},
		{"help-test", []string{"help", "test"}, ExitOK},
		{"test-commands", []string{"test", "internal/cli/testdata/suites/commands"}, ExitFailed},
		{"test-commands-json", []string{"test", "--format", "json", "--run", "Unauthorized", "internal/cli/testdata/suites/commands"}, ExitOK},
		{"test-commands-junit", []string{"test", "--format", "junit", "--run", "crash|fails", "internal/cli/testdata/suites/commands"}, ExitFailed},
		{"test-missing-interpreter", []string{"test", "-v", "internal/cli/testdata/suites/missing"}, ExitOK},
		{"test-missing-interpreter-tap", []string{"test", "--format", "tap", "internal/cli/testdata/suites/missing"}, ExitOK},
		{"test-missing-interpreter-no-skip", []string{"test", "--no-skip", "internal/cli/testdata/suites/missing"}, ExitFailed},
		{"test-missing-interpreter-json", []string{"test", "--format", "json", "internal/cli/testdata/suites/missing"}, ExitOK},
		{"test-missing-interpreter-no-skip-json", []string{"test", "--format", "json", "--no-skip", "internal/cli/testdata/suites/missing"}, ExitFailed},
	}
	fakeAuthorizerInPath(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, stdout, stderr)
			}
			stdout = times.ReplaceAllString(stdout, `time="0.000"`)
			stdout = durations.ReplaceAllString(stdout, "${1}0")
			golden(t, tt.name+".golden", "-- stdout --\n"+stdout+"-- stderr --\n"+stderr)
		})
	}
}

func TestTestOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.xml")
	code, stdout, _ := run(t, "", "test", "--format", "junit", "-o", out, "--allow-path", "fixtures", "internal/cli/testdata/suites/failing")
	if code != ExitFailed {
		t.Fatalf("exit code %d, want %d", code, ExitFailed)
	}
	// Standard output keeps the text report for people.
	if !strings.Contains(stdout, "wrong-expectations.iamgate.yaml:24: wrong status: want 200, got 403") || !strings.HasSuffix(stdout, "2 passed, 3 failed\n") {
		t.Errorf("stdout:\n%s", stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// The file is JUnit XML that a dashboard can read: count its parts.
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("the JUnit report does not parse: %v\n%s", err, data)
	}
	failures := 0
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				failures++
				if !strings.Contains(c.Failure.Text, "trace:") {
					t.Errorf("%s: the failure text has no explanation:\n%s", c.Name, c.Failure.Text)
				}
			}
		}
	}
	if doc.Tests != 5 || doc.Failures != 3 || failures != 3 {
		t.Errorf("tests=%d failures=%d (counted %d), want 5 and 3", doc.Tests, doc.Failures, failures)
	}

	// With --format text, the file has the report and stdout its last line.
	out = filepath.Join(t.TempDir(), "report.txt")
	code, stdout, _ = run(t, "", "test", "-o", out, "./fixtures")
	if code != ExitOK || stdout != "57 passed, 0 failed\n" {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
	if data, _ := os.ReadFile(out); !strings.HasSuffix(string(data), "57 passed, 0 failed\n") {
		t.Errorf("report file:\n%s", data)
	}
}

func TestTestTAPPlan(t *testing.T) {
	_, stdout, _ := run(t, "", "test", "--format", "tap", "./fixtures")
	lines := strings.Split(stdout, "\n")
	if lines[0] != "TAP version 13" || lines[1] != "1..57" {
		t.Fatalf("header: %q", lines[:2])
	}
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "ok ") || strings.HasPrefix(l, "not ok ") {
			n++
		}
	}
	if n != 57 {
		t.Errorf("%d test lines, want 57", n)
	}
}

// An interrupt (the context cancelled) stops the command authorizer that
// is running and the run, with exit code 2.
func TestTestInterrupted(t *testing.T) {
	fakeAuthorizerInPath(t)
	t.Chdir(filepath.Join(pkgDir, "..", ".."))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb bytes.Buffer
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	code := Run(ctx, []string{"test", "--run", "timeout", "internal/cli/testdata/suites/slow/slow.iamgate.yaml", "fixtures/suites/caching.iamgate.yaml"}, strings.NewReader(""), &out, &errb)
	if code != ExitUsage || !strings.Contains(errb.String(), "interrupted") || !strings.Contains(errb.String(), "1 more suite files were not run") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %s: the interrupt did not stop the authorizer", d)
	}
}
