package main

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/internal/command"
)

// The test binary runs main when asked, so that main's own setup (signals)
// is what the tests see.
func TestMain(m *testing.M) {
	// The test binary is re-run as the authorizers' supervisor, as iamgate
	// is (main), whatever its environment.
	command.Supervise(os.Args)
	if os.Getenv("IAMGATE_RUN_MAIN") == "1" {
		args := strings.Fields(os.Getenv("IAMGATE_ARGS"))
		if argv, ok := os.LookupEnv("IAMGATE_ARGV"); ok {
			args = strings.Split(argv, "\n")
		}
		os.Args = append([]string{"iamgate"}, args...)
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
