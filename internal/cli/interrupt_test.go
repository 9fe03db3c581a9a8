package cli

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

// TestInterruptStdin: cancelling the context while a command reads a
// standard input that sends nothing (sleep 6 | iamgate validate -) ends
// the command at once: exit 2, "interrupted".
func TestInterruptStdin(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	start := time.Now()
	go func() { done <- Run(ctx, []string{"validate", "-"}, r, &stdout, &stderr) }()
	select {
	case code := <-done:
		if code != ExitUsage || stderr.String() != "iamgate: validate: interrupted\n" {
			t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("took %s", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("validate - still reads 5s after the interrupt")
	}
}

// TestInterruptedExitCode: a command that finishes after an interrupt
// exits 2 and says it was interrupted, whatever it found.
func TestInterruptedExitCode(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := Run(ctx, []string{"validate", "-"}, strings.NewReader(`{"Statement":[]}`), &stdout, &stderr)
	if code != ExitUsage || stderr.String() != "iamgate: validate: interrupted\n" {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// TestCtxReader: what is read through ctxReader is what the reader gave,
// in any chunking.
func TestCtxReader(t *testing.T) {
	want := strings.Repeat("0123456789", 10000)
	c := &ctxReader{ctx: context.Background(), r: strings.NewReader(want)}
	var got bytes.Buffer
	buf := make([]byte, 7)
	for {
		n, err := c.Read(buf)
		got.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if got.String() != want {
		t.Errorf("read %d bytes, want %d", got.Len(), len(want))
	}
}
