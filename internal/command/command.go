// Package command runs a program with input on its standard input, as
// suites run a real Lambda authorizer: bounded in time and in the output
// kept, with its whole process group stopped on a timeout.
package command

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// Spec is a program to run.
type Spec struct {
	// Argv is the program and its arguments. A program named with a path
	// separator is relative to Dir; a bare name is looked up in PATH.
	Argv []string
	// Path, when set, is the program to start in place of Argv[0] (found
	// in another PATH, say); Argv[0] stays the name it is shown by.
	Path string
	// Dir is the working directory; empty means the current one.
	Dir string
	// Env is the environment: nil means this process's.
	Env []string
	// Timeout bounds the run; 0 means none.
	Timeout time.Duration
	// MaxOutput bounds what is kept of standard output and of standard
	// error, each; 0 means no bound. A run whose standard output is longer
	// fails.
	MaxOutput int
}

// Result is what a run did.
type Result struct {
	Stdout, Stderr []byte
	// ExitCode is the exit status; -1 when the program did not exit by
	// itself (it could not start, timed out or was killed).
	ExitCode int
	// TimedOut is set when the run was stopped at its timeout, Cancelled
	// when it was stopped because its context was cancelled.
	TimedOut  bool
	Cancelled bool
	// StdoutTruncated is set when standard output exceeded MaxOutput.
	StdoutTruncated bool
	// Err is why the program could not be started or waited for; nil
	// after a run to completion, whatever its exit status, and after a
	// timeout or cancellation.
	Err      error
	Duration time.Duration
}

// Run runs the program with stdin as its standard input. When ctx is
// cancelled or the timeout passes, the program and every process it
// started are killed; after it exits, so are the processes it left
// running (an authorizer's work ends with its answer).
func (s Spec) Run(ctx context.Context, stdin []byte) Result {
	if len(s.Argv) == 0 {
		return Result{ExitCode: -1, Err: errors.New("command: no program")}
	}
	if s.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.Timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, s.Argv[0], s.Argv[1:]...)
	if s.Path != "" {
		cmd.Path, cmd.Err = s.Path, nil
	}
	cmd.Dir = s.Dir
	cmd.Env = s.Env
	cmd.Stdin = bytes.NewReader(stdin)
	setGroup(cmd)
	// The program writes to pipes this process reads itself, so that
	// waiting for the program does not wait for its children, which may
	// hold the pipes open (go run's program, a shell's background job).
	stdout := &limited{max: s.MaxOutput}
	stderr := &limited{max: s.MaxOutput}
	outR, outW, err := os.Pipe()
	if err != nil {
		return Result{ExitCode: -1, Err: err}
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return Result{ExitCode: -1, Err: err}
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	start := time.Now()
	err = cmd.Start()
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return Result{ExitCode: -1, Err: err, Duration: time.Since(start)}
	}
	var copying sync.WaitGroup
	for _, c := range []struct {
		w *limited
		r *os.File
	}{{stdout, outR}, {stderr, errR}} {
		copying.Add(1)
		go func() {
			defer copying.Done()
			io.Copy(c.w, c.r)
		}()
	}
	err = cmd.Wait()
	r := Result{ExitCode: -1, Duration: time.Since(start)}
	killGroup(cmd)
	// Once the group is gone the pipes reach their end; where groups
	// cannot be killed, give the copies a moment, then stop reading.
	done := make(chan struct{})
	go func() { copying.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Second):
		outR.Close()
		errR.Close()
		<-done
	}
	outR.Close()
	errR.Close()
	r.Stdout, r.Stderr, r.StdoutTruncated = stdout.buf.Bytes(), stderr.buf.Bytes(), stdout.over
	if cmd.ProcessState != nil && cmd.ProcessState.Exited() {
		r.ExitCode = cmd.ProcessState.ExitCode()
	}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		r.TimedOut, r.ExitCode = true, -1
	case ctx.Err() != nil:
		r.Cancelled, r.ExitCode = true, -1
	default:
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			r.Err = err
		}
	}
	return r
}

// String writes the command line for messages.
func (s Spec) String() string {
	var b bytes.Buffer
	for i, a := range s.Argv {
		if i > 0 {
			b.WriteByte(' ')
		}
		if a == "" || bytes.ContainsAny([]byte(a), " \t\n\"'\\$") {
			fmt.Fprintf(&b, "%q", a)
		} else {
			b.WriteString(a)
		}
	}
	return b.String()
}

// limited keeps the first max bytes written and discards the rest.
type limited struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (l *limited) Write(p []byte) (int, error) {
	n := len(p)
	if l.max > 0 && l.buf.Len()+len(p) > l.max {
		l.over = true
		p = p[:max(0, l.max-l.buf.Len())]
	}
	l.buf.Write(p)
	return n, nil
}
