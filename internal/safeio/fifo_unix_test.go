//go:build unix

package safeio

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestReadFileFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := ReadFile(fifo, 0)
		done <- err
	}()
	select {
	case err := <-done:
		var nr *NotRegularError
		if !errors.As(err, &nr) || !strings.Contains(err.Error(), "FIFO") {
			t.Fatalf("ReadFile(fifo) = %v, want a *NotRegularError", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ReadFile(fifo) blocks")
	}
}
