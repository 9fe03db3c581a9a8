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
	"os/exec"
	"time"
)

// Spec is a program to run.
type Spec struct {
	// Argv is the program and its arguments. A program named with a path
	// separator is relative to Dir; a bare name is looked up in PATH.
	Argv []string
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
	// TimedOut is set when the run was stopped at its timeout.
	TimedOut bool
	// StdoutTruncated is set when standard output exceeded MaxOutput.
	StdoutTruncated bool
	// Err is why the program could not be started or waited for; nil
	// after a run to completion, whatever its exit status.
	Err      error
	Duration time.Duration
}

// Run runs the program with stdin as its standard input.
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
	cmd.Dir = s.Dir
	cmd.Env = s.Env
	cmd.Stdin = bytes.NewReader(stdin)
	stdout := &limited{max: s.MaxOutput}
	stderr := &limited{max: s.MaxOutput}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	setGroup(cmd)
	// A child that keeps the pipes open (go run's program, a shell's
	// background job) must not keep the run waiting.
	cmd.WaitDelay = time.Second
	start := time.Now()
	err := cmd.Run()
	r := Result{Stdout: stdout.buf.Bytes(), Stderr: stderr.buf.Bytes(), ExitCode: -1, Duration: time.Since(start), StdoutTruncated: stdout.over}
	if cmd.ProcessState != nil && cmd.ProcessState.Exited() {
		r.ExitCode = cmd.ProcessState.ExitCode()
	}
	if ctx.Err() == context.DeadlineExceeded {
		r.TimedOut, r.ExitCode = true, -1
		return r
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) && !errors.Is(err, exec.ErrWaitDelay) {
		r.Err = err
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

var _ io.Writer = (*limited)(nil)
