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
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, &stderr
}

// waitExit waits at most d for cmd to exit, and returns its exit code.
func waitExit(t *testing.T, cmd *exec.Cmd, d time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		t.Fatalf("still running %s after the signal", d)
		return -1
	}
}

// TestInterrupt: the first SIGINT or SIGTERM ends a command within a
// second, exit 2, "interrupted" on stderr: while it reads a standard input
// that sends nothing yet (sleep 6 | iamgate validate -), and while it opens
// a FIFO no one writes (which no read can cancel: the watchdog exits).
func TestInterrupt(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "policy.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
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
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close() // the writer stays, silent
			cmd, stderr := iamgate(t, r, tc.args...)
			r.Close()
			time.Sleep(300 * time.Millisecond) // iamgate is reading
			sent := time.Now()
			cmd.Process.Signal(tc.sig)
			code := waitExit(t, cmd, 3*time.Second)
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
	cmd.Wait()
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
