//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// iamgate starts the test binary as iamgate with args (one per line of
// IAMGATE_ARGV), with stdin as its standard input.
func iamgate(t *testing.T, stdin *os.File, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "IAMGATE_RUN_MAIN=1", "IAMGATE_ARGV="+strings.Join(args, "\n"))
	cmd.Dir = filepath.Join("..", "..")
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, &stderr
}

// exited returns a channel that gets cmd's exit code when it exits.
func exited(cmd *exec.Cmd) <-chan int {
	done := make(chan int, 1)
	go func() {
		err := cmd.Wait()
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit):
			done <- exit.ExitCode()
		case err != nil:
			done <- -1
		default:
			done <- 0
		}
	}()
	return done
}

// TestInterrupt: the first SIGINT or SIGTERM ends a command within a
// second, exit 2, "interrupted" on stderr: while it reads a standard input
// that sends nothing yet (sleep 6 | iamgate validate -), and while it opens
// a FIFO no one writes (which no read can cancel: the watchdog exits).
func TestInterrupt(t *testing.T) {
	dir := t.TempDir()
	fifo, fifoSuite := filepath.Join(dir, "policy.json"), filepath.Join(dir, "s.iamgate.yaml")
	for _, f := range []string{fifo, fifoSuite} {
		if err := syscall.Mkfifo(f, 0o600); err != nil {
			t.Skip("mkfifo:", err)
		}
	}
	for _, tc := range []struct {
		name string
		sig  syscall.Signal
		args []string
	}{
		{"stdin SIGINT", syscall.SIGINT, []string{"validate", "-"}},
		{"stdin SIGTERM", syscall.SIGTERM, []string{"validate", "-"}},
		{"fifo SIGTERM", syscall.SIGTERM, []string{"validate", fifo}},
		{"fifo lint", syscall.SIGINT, []string{"lint", fifo}},
		{"fifo test", syscall.SIGINT, []string{"test", fifoSuite}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close() // the writer stays, silent
			cmd, stderr := iamgate(t, r, tc.args...)
			r.Close()
			done := exited(cmd)
			select {
			case code := <-done:
				// A FIFO refused before it is opened: fine, if refused.
				if code != 2 {
					t.Fatalf("exit %d before the signal, stderr:\n%s", code, stderr)
				}
				t.Skipf("refused before any signal: %s", stderr)
			case <-time.After(300 * time.Millisecond): // iamgate is reading
			}
			sent := time.Now()
			cmd.Process.Signal(tc.sig)
			var code int
			select {
			case code = <-done:
			case <-time.After(3 * time.Second):
				t.Fatalf("still running 3s after the signal; stderr:\n%s", stderr)
			}
			if d := time.Since(sent); d > time.Second {
				t.Errorf("exited %s after the signal, want within 1s", d)
			}
			if code != 2 || !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("exit %d, stderr:\n%s", code, stderr)
			}
		})
	}
}

// TestKill9LeavesNoAuthorizer: when iamgate is killed with SIGKILL (no
// chance to clean up) while an authorizer program runs, the program's
// process group dies too, the child it started included.
func TestKill9LeavesNoAuthorizer(t *testing.T) {
	if _, err := os.Stat("/proc/self/exe"); err != nil {
		t.Skip("Linux only: the parent-death signal")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	pidFile := filepath.Join(t.TempDir(), "pid")
	script := `sleep 60 & echo $! > "$0.tmp" && mv "$0.tmp" "$0"; wait`
	cmd, stderr := iamgate(t, nil, "eval", "--api", "arn:aws:execute-api:us-east-1:123456789012:abc123defg",
		"--request", "GET /prod/x", "--token", "t", "--authorizer-timeout", "60s", "--", sh, "-c", script, pidFile)
	var pid int
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(pidFile)
		if err == nil {
			if pid, err = strconv.Atoi(strings.TrimSpace(string(b))); err != nil {
				t.Fatalf("pid file %q", b)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the authorizer did not start its child; stderr:\n%s", stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !alive(pid) {
		t.Fatalf("the child %d is not running", pid)
	}
	cmd.Process.Kill()
	<-exited(cmd)
	deadline = time.Now().Add(5 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("the authorizer's child %d outlived iamgate killed by SIGKILL", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// alive reports whether the process runs: it exists and is not a zombie.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	_, rest, _ := strings.Cut(string(stat), ") ")
	return !strings.HasPrefix(rest, "Z")
}
