package main

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// The test binary runs main when asked, so that main's own setup (signals)
// is what the tests see.
func TestMain(m *testing.M) {
	if os.Getenv("IAMGATE_RUN_MAIN") == "1" {
		os.Args = append([]string{"iamgate"}, strings.Fields(os.Getenv("IAMGATE_ARGS"))...)
		main()
	}
	os.Exit(m.Run())
}

// TestClosedPipe: a report written to a closed pipe is a lost report:
// iamgate says so and exits 2, rather than dying of SIGPIPE (141 in a
// shell) or passing.
func TestClosedPipe(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGPIPE on Windows")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // the reader is gone before iamgate writes
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "IAMGATE_RUN_MAIN=1", "IAMGATE_ARGS=test -v --format json ../../fixtures")
	cmd.Stdout = w
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	w.Close()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(stderr.String(), "iamgate: writing the output:") {
		t.Errorf("err %v, stderr:\n%s", err, stderr.String())
	}
}
