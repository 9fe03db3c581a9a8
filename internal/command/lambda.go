package command

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/typo"
)

// MaxResponse is Lambda's limit on a synchronous invocation's response
// payload (6 MB): a longer output fails the invocation.
const MaxResponse = 6 << 20

// MaxTimeout is Lambda's longest function timeout (15 minutes);
// DefaultTimeout is how long an authorizer program may run when nothing
// says otherwise (how long API Gateway waits is not documented).
const (
	MaxTimeout     = 15 * time.Minute
	DefaultTimeout = 10 * time.Second
)

// MaxReport is how much of a program's standard output and standard error
// reports keep.
const MaxReport = 64 << 10

// ParseTimeout reads an authorizer program's timeout, such as "10s" or
// "2m": above 0 and at most MaxTimeout.
func ParseTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 || d > MaxTimeout {
		return 0, fmt.Errorf("%q is not a duration such as 10s or 2m, above 0 and at most 15m (Lambda's longest)", s)
	}
	return d, nil
}

// Problem says why a command's program cannot be started.
type Problem int

const (
	// Found: the program can be started.
	Found Problem = iota
	// NotInstalled: a bare name that no folder of PATH holds.
	NotInstalled
	// NotAFile: a program named with a path that names nothing, or a
	// folder.
	NotAFile
	// NotExecutable: a file without execute permission.
	NotExecutable
	// ShellLine: one argument with spaces that names no file, such as
	// "node run.mjs": a shell line, and no shell runs it.
	ShellLine
)

// Locate finds the program of argv as it will be started in dir with env
// (nil env: this process's). A program named with a path is relative to
// dir and must be an executable file; a bare name is looked up in the
// PATH of env (its relative folders are relative to dir) or else of this
// process. path is what to start when the PATH of env found it, "" when
// argv[0] is started as it is.
func Locate(argv, env []string, dir string) (path string, p Problem) {
	prog := argv[0]
	if strings.ContainsRune(prog, '/') || strings.ContainsRune(prog, filepath.Separator) {
		full := prog
		if !filepath.IsAbs(full) {
			full = filepath.Join(dir, full)
		}
		info, err := os.Stat(full)
		switch {
		case err != nil && oneLine(argv):
			return "", ShellLine
		case err != nil || info.IsDir():
			return "", NotAFile
		case runtime.GOOS != "windows" && info.Mode()&0o111 == 0:
			return "", NotExecutable
		}
		return "", Found
	}
	if path, found := lookPath(prog, env, dir); found {
		return path, Found
	}
	if oneLine(argv) {
		return "", ShellLine
	}
	return "", NotInstalled
}

// oneLine reports whether a command looks like a shell line: one element
// with a space.
func oneLine(argv []string) bool {
	return len(argv) == 1 && strings.ContainsAny(argv[0], " \t")
}

// DidYouMean suggests an installed interpreter whose name is close to a
// program that is not installed: " (did you mean node?)", or "".
func DidYouMean(prog string) string {
	for _, name := range interpreters {
		d := typo.Distance(prog, name)
		if d == 0 || d > 2 || (d > 1 && len(prog) <= 4) {
			continue
		}
		if _, err := exec.LookPath(name); err == nil {
			return fmt.Sprintf(" (did you mean %s?)", name)
		}
	}
	return ""
}

// interpreters are the programs a command is likely to start, for the hint
// of a misspelt one.
var interpreters = []string{"node", "nodejs", "deno", "bun", "python", "python3", "ruby", "php", "java", "dotnet", "pwsh", "go", "sh", "bash", "uv", "npx"}

// lookPath finds a program in PATH: the PATH env sets for the command
// (the last one, as the command sees it; its relative folders are relative
// to the command's folder, dir), or else this process's.
func lookPath(prog string, env []string, dir string) (string, bool) {
	pathList, custom := "", false
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if k == "PATH" || (runtime.GOOS == "windows" && strings.EqualFold(k, "PATH")) {
			pathList, custom = v, true
		}
	}
	if !custom || pathList == os.Getenv("PATH") {
		// This process's PATH (Environ passes it on) is searched as
		// this process searches it.
		p, err := exec.LookPath(prog)
		return p, err == nil
	}
	exts := []string{""}
	if runtime.GOOS == "windows" {
		exts = append(exts, filepath.SplitList(strings.ToLower(os.Getenv("PATHEXT")))...)
	}
	for _, d := range filepath.SplitList(pathList) {
		if !filepath.IsAbs(d) {
			d = filepath.Join(dir, d)
		}
		for _, ext := range exts {
			p := filepath.Join(d, prog+ext)
			if info, err := os.Stat(p); err == nil && !info.IsDir() && (runtime.GOOS == "windows" || info.Mode()&0o111 != 0) {
				if abs, err := filepath.Abs(p); err == nil {
					p = abs
				}
				return p, true
			}
		}
	}
	return "", false
}

// Reading is a run of a Lambda authorizer's program, read as API Gateway
// reads the function's result.
type Reading struct {
	Result
	// Answer is the authorizer's result for the engine.
	Answer *apigw.AuthorizerResult
	// Response is set when the run returned a response API Gateway can
	// use; Outcome says in a few words how the run was read: "returned a
	// response", "raised \"Unauthorized\" (exit status 1)", ...
	Response bool
	Outcome  string
}

// Authorize runs the program as a Lambda authorizer: the event on its
// standard input, and its answer read as API Gateway reads a Lambda
// function's (LA-USE): a response on standard output after a
// successful exit; a raised error after a failed one, whose message is the
// errorMessage of Lambda's error object on standard output, or else the
// text (only exactly "Unauthorized" is a 401); a timeout, a program that
// cannot start, a program killed by a signal (whatever it wrote) or an
// output over Lambda's 6 MB limit is a failure without that message (500).
// source names the output in the answer's problems. MaxOutput is set to
// Lambda's limit when s has none. An environment (see Environ) gets
// AWS_REGION and AWS_DEFAULT_REGION from the event's method ARN.
func (s Spec) Authorize(ctx context.Context, event []byte, source string) Reading {
	if s.MaxOutput == 0 {
		s.MaxOutput = MaxResponse
	}
	s.Env = withRegion(s.Env, event)
	r := Reading{Result: s.Run(ctx, event)}
	switch {
	case r.Cancelled:
		r.Answer = apigw.AuthorizerError("iamgate: the run was cancelled")
		r.Outcome = "cancelled"
	case r.TimedOut:
		// Lambda's own message for a function stopped at its timeout.
		r.Answer = apigw.AuthorizerError(fmt.Sprintf("Task timed out after %.2f seconds", s.Timeout.Seconds()))
		r.Outcome = fmt.Sprintf("timed out after %s", s.Timeout)
	case r.Err != nil:
		r.Answer = apigw.AuthorizerError("iamgate could not run the authorizer: " + r.Err.Error())
		r.Outcome = "could not run: " + errText(r.Err)
	case r.Signal != nil:
		// Lambda's message for a runtime that a signal killed, as Go
		// words the exit: "signal: killed", "signal: segmentation
		// fault" (a core dump is not told: Lambda's runtimes make none).
		// The run did not finish: what it wrote is not its answer.
		r.Answer = apigw.AuthorizerError("Runtime exited with error: signal: " + r.Signal.String())
		by := r.Signal.String() // "signal 42" when it has no name
		if name := signalName(r.Signal); name != "" {
			by = "signal " + name
		}
		if len(bytes.TrimSpace(r.Stdout)) == 0 {
			r.Outcome = "killed by " + by + " (no error message on standard output)"
		} else {
			r.Outcome = "killed by " + by + " (what it wrote on standard output is not read: Lambda reports the signal)"
		}
	case r.StdoutTruncated:
		r.Answer = apigw.AuthorizerError("iamgate: the response is larger than Lambda's 6 MB limit")
		r.Outcome = "wrote more than Lambda's 6 MB response limit"
	case r.ExitCode == 0:
		r.Answer = apigw.ParseAuthorizerOutput(r.Stdout, source)
		r.Response = r.Answer.Usable()
		switch _, isError := ErrorObject(r.Stdout); {
		case r.Response:
			r.Outcome = "returned a response"
		case len(bytes.TrimSpace(r.Stdout)) == 0:
			r.Outcome = "wrote nothing to standard output (exit status 0): no handler answered"
		case isError:
			r.Outcome = "returned output API Gateway cannot use: Lambda's error object, with exit status 0 (to raise an error, a runner exits with a non-zero status)"
		default:
			r.Outcome = "returned output API Gateway cannot use"
		}
	default:
		msg, ok := errorMessage(r.Stdout)
		if !ok {
			r.Answer = apigw.AuthorizerError(fmt.Sprintf("Runtime exited with error: exit status %d", r.ExitCode))
			r.Outcome = fmt.Sprintf("failed with exit status %d and no error message on standard output", r.ExitCode)
			break
		}
		r.Answer = apigw.AuthorizerError(msg)
		r.Outcome = fmt.Sprintf("raised %q (exit status %d)", msg, r.ExitCode)
		if t := ErrorType(r.Stdout); loadErrors[t] {
			r.Outcome = fmt.Sprintf("failed to load the handler: raised %q (%s, exit status %d)", msg, t, r.ExitCode)
		}
	}
	r.Answer = r.Answer.WithSetupProblem(s.setupProblem(r.Result))
	return r
}

// errorMessage reads the error a failed run reports on standard output:
// Lambda's error object {"errorMessage": "...", "errorType": "..."}, or
// else the text itself, less one line ending. The message is taken as it
// is: only exactly "Unauthorized" is a 401 (LA-USE).
func errorMessage(stdout []byte) (string, bool) {
	if msg, ok := ErrorObject(stdout); ok {
		return msg, true
	}
	text := bytes.TrimSuffix(stdout, []byte("\n"))
	text = bytes.TrimSuffix(text, []byte("\r"))
	if len(bytes.TrimSpace(text)) == 0 {
		return "", false
	}
	return string(text), true
}

// ErrorObject reads Lambda's error object, {"errorMessage": "...", ...},
// the shape a runtime writes for a function that raised an error.
func ErrorObject(stdout []byte) (string, bool) {
	text := bytes.TrimSpace(stdout)
	if len(text) == 0 || text[0] != '{' {
		return "", false
	}
	var obj struct {
		ErrorMessage *string `json:"errorMessage"`
	}
	if json.Unmarshal(text, &obj) != nil || obj.ErrorMessage == nil {
		return "", false
	}
	return *obj.ErrorMessage, true
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + " " + pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// Clip keeps the first n bytes of b, marking the cut.
func Clip(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	return append(b[:n:n], "\n[cut]"...)
}
