// Package cli implements the iamgate command. main only calls Run, so that
// every path of the command can be tested in-process.
//
// The package is a thin shell. Each command turns its flags into a struct
// of typed, checked values (evalArgs, testArgs, lintArgs, validateArgs),
// made by a parseXxxArgs function from the flags alone; its run function
// then calls the library (apigw, eval, lint, suite) and picks one of the
// library's reporters or renderers. What a command decides about policies,
// suites or requests belongs in the library package, with its tests there.
//
// A new command goes in four places:
//   - a row of the commands table (see init), naming its run function, in
//     a file of its own (such as lintcmd.go) with its usage text and flags;
//   - its args struct and parseXxxArgs, in xxxargs.go;
//   - xxxargs_test.go: valid flag sets give the right typed values, and
//     each invalid one its exact usage error;
//   - xxx_test.go: runs through Run, with golden output under testdata/
//     (go test -update rewrites it).
//
// size_test.go holds every file of the package to 600 lines and every
// function to 80: a command that grows past them has logic to move into
// the library.
package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/iamgate/iamgate/internal/typo"
)

// Exit codes are part of the command's contract.
const (
	// ExitOK: the command did its job and every check passed.
	ExitOK = 0
	// ExitFailed: the command ran, and something it checked failed
	// (an invalid document, an unmet expectation).
	ExitFailed = 1
	// ExitUsage: wrong usage, or input that could not be read.
	ExitUsage = 2
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) int
}

var commands []command

func init() {
	commands = []command{
		{"eval", "predict API Gateway's answer to one request, with the reasons", runEval},
		{"event", "print the event API Gateway sends a Lambda authorizer for a request", runEvent},
		{"lint", "find policy mistakes that cause 401, 403 and 500 answers, before deploying", runLint},
		{"routes", "print every stage and route a template defines, its authorization and who can call it", runRoutes},
		{"test", "run suites of requests and the answers they must get, for CI", runTest},
		{"validate", "parse and compile policy documents, reporting every error with its position", runValidate},
		{"version", "print the version, revision and Go version of this build", runVersion},
		{"completion", "print a shell completion script (bash, zsh or fish)", runCompletion},
		{"help", "show help for a command", runHelp},
	}
}

// env is what a command may touch.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// describe, when set, is given the command's flag set, and the
	// command returns without parsing or doing anything: it is how
	// "iamgate completion" learns every command's flags.
	describe func(*flag.FlagSet)
}

func (e *env) errorf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "iamgate: "+format+"\n", args...)
}

// Run runs the iamgate command with args (without the program name) and
// returns the exit code.
//
// A failure to write standard output (a full disk, a closed pipe) makes the
// exit code 2 whatever the command found: a CI job must not pass on a
// report that was lost.
//
// Cancelling ctx (an interrupt) stops the command: a read of stdin returns
// at once, the authorizer programs running are stopped, and the exit code
// is 2, with "interrupted" on stderr.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := &checkedWriter{w: stdout}
	errw := &noteWriter{w: stderr, note: []byte("interrupted")}
	e := &env{stdin: &ctxReader{ctx: ctx, r: stdin}, stdout: out, stderr: errw}
	code := dispatch(ctx, e, args)
	if out.err != nil {
		e.errorf("writing the output: %v", out.err)
		return ExitUsage
	}
	if ctx.Err() != nil {
		if !errw.seen {
			e.errorf("interrupted")
		}
		return ExitUsage
	}
	return code
}

// noteWriter writes to w and notes whether note was written.
type noteWriter struct {
	w    io.Writer
	note []byte
	seen bool
}

func (n *noteWriter) Write(p []byte) (int, error) {
	n.seen = n.seen || bytes.Contains(p, n.note)
	return n.w.Write(p)
}

// errInterrupted is what a read of stdin returns after an interrupt.
var errInterrupted = errors.New("interrupted")

// ctxReader reads r until ctx is cancelled: a read blocked then (a
// terminal, a pipe whose writer is slow) returns errInterrupted at once,
// and r is read no more.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
	// chunks carries what a goroutine reads from r, started by the first
	// Read; rest is what a Read did not take of the last chunk.
	chunks chan chunk
	rest   []byte
	err    error
}

type chunk struct {
	b   []byte
	err error
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if len(c.rest) > 0 {
		n := copy(p, c.rest)
		c.rest = c.rest[n:]
		return n, nil
	}
	if c.err != nil {
		return 0, c.err
	}
	if c.ctx.Err() != nil {
		return 0, errInterrupted
	}
	if c.chunks == nil {
		c.chunks = make(chan chunk)
		go func() {
			for {
				b := make([]byte, 32<<10)
				n, err := c.r.Read(b)
				select {
				case c.chunks <- chunk{b[:n], err}:
				case <-c.ctx.Done():
					return
				}
				if err != nil {
					return
				}
			}
		}()
	}
	select {
	case ch := <-c.chunks:
		n := copy(p, ch.b)
		c.rest, c.err = ch.b[n:], ch.err
		if n == 0 && len(c.rest) == 0 {
			return 0, c.err
		}
		return n, nil
	case <-c.ctx.Done():
		c.err = errInterrupted
		return 0, c.err
	}
}

// checkedWriter keeps the first error of the writes to w, and writes
// nothing after it.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	c.err = err
	return n, err
}

func dispatch(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return ExitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		usage(e.stdout)
		return ExitOK
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, e, args[1:])
		}
	}
	e.errorf("unknown command %q%s", name, commandHint(name))
	usage(e.stderr)
	return ExitUsage
}

// commandHint is " (did you mean eval?)" for a misspelt command, or "".
func commandHint(name string) string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	if s := typo.Closest(name, names...); s != "" {
		return fmt.Sprintf(" (did you mean %s?)", s)
	}
	return ""
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("iamgate predicts how Amazon API Gateway authorizes a request, offline.\n\n")
	b.WriteString("Usage:\n\n\tiamgate <command> [flags] [arguments]\n\nCommands:\n\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "\t%-11s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun \"iamgate help <command>\" for a command's flags.\n")
	b.WriteString("Exit codes: 0 success, 1 a check failed, 2 usage or input error.\n")
	io.WriteString(w, b.String())
}

func runHelp(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || (len(args) == 1 && (args[0] == "help" || isHelpFlag(args[0]))) {
		usage(e.stdout)
		return ExitOK
	}
	if len(args) > 1 {
		e.errorf("help takes one command name")
		return ExitUsage
	}
	for _, c := range commands {
		if c.name == args[0] {
			e2 := &env{stdin: e.stdin, stdout: e.stdout, stderr: e.stdout}
			return c.run(ctx, e2, []string{"-h"})
		}
	}
	e.errorf("unknown command %q%s", args[0], commandHint(args[0]))
	return ExitUsage
}

func isHelpFlag(a string) bool {
	return a == "-h" || a == "-help" || a == "--help"
}
