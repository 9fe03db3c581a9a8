//go:build unix

package command_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// An authorizer that answers and exits leaves nothing running, and its
// answer does not wait for the child that still holds the pipes.
func TestRunKillsLeftovers(t *testing.T) {
	start := time.Now()
	r := spec(t, "exit-leaving-child").Run(context.Background(), nil)
	if r.ExitCode != 0 || r.Err != nil {
		t.Fatalf("%+v", r)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s: waited for the child", d)
	}
	pid, err := strconv.Atoi(string(r.Stdout))
	if err != nil {
		t.Fatalf("stdout %q", r.Stdout)
	}
	// The child is killed; give the kernel a moment to reap it.
	deadline := time.Now().Add(5 * time.Second)
	for running(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("child %d still running", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// running reports whether the process is alive: it exists and, where
// /proc tells, is not a zombie waiting to be reaped.
func running(pid int) bool {
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
