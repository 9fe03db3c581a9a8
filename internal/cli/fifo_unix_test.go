//go:build unix

package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFONoHang: a FIFO named as a suite, a document or a suite's
// document is refused at once (exit 2), not waited on.
func TestFIFONoHang(t *testing.T) {
	root := t.TempDir()
	fifo := filepath.Join(root, "p.json")
	suiteFIFO := filepath.Join(root, "f.iamgate.yaml")
	for _, name := range []string{fifo, suiteFIFO} {
		if err := syscall.Mkfifo(name, 0o600); err != nil {
			t.Skip(err)
		}
	}
	writeFiles(t, root, map[string]string{
		"s.iamgate.yaml": "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nresourcePolicy: p.json\ncases:\n  - {request: GET /prod/x, expect: allow}\n",
	})
	suiteFile := filepath.Join(root, "s.iamgate.yaml")
	for _, args := range [][]string{
		{"validate", fifo},
		{"lint", fifo},
		{"lint", suiteFIFO},
		{"lint", suiteFile},
		{"test", suiteFIFO},
		{"test", suiteFile},
		{"eval", "--api", "arn:aws:execute-api:us-east-1:123456789012:abc123defg", "--request", "GET /prod/x", "--resource-policy", fifo},
	} {
		done := make(chan string, 1)
		go func() {
			code, stdout, stderr := run(t, "", args...)
			if code != ExitUsage || !strings.Contains(stdout+stderr, "is not a regular file (a FIFO)") {
				done <- fmt.Sprintf("exit %d\n%s%s", code, stdout, stderr)
				return
			}
			done <- ""
		}()
		select {
		case msg := <-done:
			if msg != "" {
				t.Errorf("%q: %s", args, msg)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%q blocks on the FIFO", args)
		}
	}
	// A folder walk skips it with a note.
	_, stderr := run2(t, "lint", root)
	if !strings.Contains(stderr, "skipped "+fifo+" is not a regular file (a FIFO)") {
		t.Errorf("lint of the folder:\n%s", stderr)
	}
}

// TestDeviceRefused: /dev/zero is refused without being read.
func TestDeviceRefused(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"s.iamgate.yaml": "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nresourcePolicy: /dev/zero\ncases:\n  - {request: GET /prod/x, expect: allow}\n",
	})
	for _, args := range [][]string{
		{"validate", "/dev/zero"},
		{"lint", "/dev/zero"},
		{"test", "--allow-path", "/dev", filepath.Join(root, "s.iamgate.yaml")},
		{"eval", "--api", "arn:aws:execute-api:us-east-1:123456789012:abc123defg", "--request", "GET /prod/x", "--resource-policy", "/dev/zero"},
	} {
		code, stdout, stderr := run(t, "", args...)
		if code != ExitUsage || !strings.Contains(stdout+stderr, "/dev/zero is not a regular file (a character device)") {
			t.Errorf("%q: exit %d\n%s%s", args, code, stdout, stderr)
		}
	}
}
