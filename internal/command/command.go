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
	// itself (it could not start, timed out, was cancelled or was killed
	// by a signal).
	ExitCode int
	// Signal is the signal that ended the program, such as SIGKILL from
	// another process or the kernel's out-of-memory killer; nil when it
	// exited by itself, and when this process stopped it at its timeout
	// or on cancellation (see TimedOut and Cancelled). Only Unix systems
	// tell.
	Signal os.Signal
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
	setGroup(cmd)
	prog := cmd.Path
	sup, err := superviseCmd(cmd)
	if err != nil {
		return Result{ExitCode: -1, Err: err}
	}
	if sup != nil {
		defer sup.close()
	}
	// The program reads from and writes to pipes this process serves
	// itself, so that waiting for the program does not wait for its
	// children, which may hold the pipes open (go run's program, a shell's
	// background job), nor for a child that holds standard input unread.
	stdout := &limited{max: s.MaxOutput}
	stderr := &limited{max: s.MaxOutput}
	var files []*os.File // every end this process holds
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	pipe := func() (r, w *os.File, err error) {
		r, w, err = os.Pipe()
		if err == nil {
			files = append(files, r, w)
		}
		return r, w, err
	}
	inR, inW, err1 := pipe()
	outR, outW, err2 := pipe()
	errR, errW, err3 := pipe()
	if err := errors.Join(err1, err2, err3); err != nil {
		closeAll()
		return Result{ExitCode: -1, Err: err}
	}
	defer closeAll()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errW
	start := time.Now()
	err = cmd.Start()
	// The program has its own copies of its ends.
	inR.Close()
	outW.Close()
	errW.Close()
	if sup != nil {
		sup.started()
	}
	if err != nil {
		r := Result{ExitCode: -1, Err: startError(prog, s.Dir, err), Duration: time.Since(start)}
		r.TimedOut, r.Cancelled = stopped(ctx)
		if r.TimedOut || r.Cancelled {
			r.Err = nil
		}
		return r
	}
	track(cmd)
	var io2 sync.WaitGroup
	io2.Add(3)
	go func() {
		defer io2.Done()
		inW.Write(stdin) // a program that stops reading ends the write
		inW.Close()
	}()
	for _, c := range []struct {
		w *limited
		r *os.File
	}{{stdout, outR}, {stderr, errR}} {
		go func() {
			defer io2.Done()
			io.Copy(c.w, c.r)
		}()
	}
	err = cmd.Wait()
	r := Result{ExitCode: -1, Duration: time.Since(start)}
	r.TimedOut, r.Cancelled = stopped(ctx)
	killGroup(cmd)
	untrack(cmd)
	// Once the group is gone the pipes reach their end; where groups
	// cannot be killed (or a child left the group), give the copies a
	// moment, then stop serving the pipes.
	done := make(chan struct{})
	go func() { io2.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Second):
		closeAll()
		<-done
	}
	r.Stdout, r.Stderr, r.StdoutTruncated = stdout.buf.Bytes(), stderr.buf.Bytes(), stdout.over
	if ps := cmd.ProcessState; ps != nil && !r.TimedOut && !r.Cancelled {
		if ps.Exited() {
			r.ExitCode = ps.ExitCode()
		} else {
			r.Signal = signal(ps)
		}
	}
	var exit *exec.ExitError
	if err != nil && !r.TimedOut && !r.Cancelled && !errors.As(err, &exit) {
		r.Err = err
	}
	if sup != nil && !r.TimedOut && !r.Cancelled {
		// The supervisor's end is the program's, as it tells it.
		if code, sig, startErr, ok := sup.end(); ok {
			r.ExitCode, r.Signal, r.Err = code, sig, startErr
		}
	}
	return r
}

// stopped says whether ctx ended by its deadline or by cancellation.
func stopped(ctx context.Context) (timedOut, cancelled bool) {
	switch err := ctx.Err(); {
	case errors.Is(err, context.DeadlineExceeded):
		return true, false
	case err != nil:
		return false, true
	}
	return false, false
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
