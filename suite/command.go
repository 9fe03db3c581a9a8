package suite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/command"
	"github.com/iamgate/iamgate/internal/typo"
)

// DefaultTimeout is how long a command authorizer may run when the suite
// gives no timeout.
const DefaultTimeout = 10 * time.Second

// maxTimeout is Lambda's longest function timeout (15 minutes).
const maxTimeout = 15 * time.Minute

// maxResponse is Lambda's limit on a synchronous invocation's response
// payload (6 MB): a longer output fails the invocation.
const maxResponse = 6 << 20

// maxReport is how much of a command's standard output and standard error
// a report keeps.
const maxReport = 64 << 10

// commandAuthorizer is an authorizer the suite runs as a program: the
// event on its standard input, the response on its standard output.
type commandAuthorizer struct {
	name string
	spec command.Spec
	// skip says why the program cannot run on this machine (its
	// interpreter is not installed); "" when it can.
	skip string
}

// Invocation is one run of a command authorizer for a request.
type Invocation struct {
	// Command is the command line, Dir its working directory.
	Command string
	Dir     string
	// Event is the event written to its standard input (JSON).
	Event []byte
	// Stdout and Stderr are what it wrote, each cut at 64 KiB for
	// reports (the answer is read from the whole output).
	Stdout, Stderr string
	// ExitCode is its exit status, -1 when it did not exit by itself.
	ExitCode int
	// TimedOut is set when it was stopped at the suite's timeout.
	TimedOut bool
	Duration time.Duration
	// Response is set when the run returned a response API Gateway can
	// use; Outcome says in a few words how the run was read: "returned a
	// response", "raised \"Unauthorized\"", "timed out after 10s", ...
	Response bool
	Outcome  string
}

// commandKeys are the keys of an authorizer that runs a command.
var commandKeys = []string{"command", "dir", "env", "timeout"}

// command reads an authorizer's command, dir, env and timeout.
func (l *loader) command(a *authorizer, fs map[string]field) *commandAuthorizer {
	cf := fs["command"]
	argv, ok := l.strs(cf, "command")
	if !ok {
		return nil
	}
	if argv[0] == "" {
		l.errorf(cf.val, cf.path, "command: the program name is empty")
		return nil
	}
	ca := &commandAuthorizer{name: a.name, spec: command.Spec{Argv: argv, Timeout: DefaultTimeout, MaxOutput: maxResponse}}
	if _, onDisk := l.fsys.(osFiles); !onDisk {
		l.errorf(cf.key, cf.path, "authorizer %q runs a command, which needs the suite in a folder on disk (it was read from an embedded file system)", a.name)
		return nil
	}
	dir := l.dir
	if f, ok := fs["dir"]; ok {
		rel, ok := l.str(f, "dir")
		if !ok {
			return nil
		}
		dir = l.fsys.join(l.dir, rel)
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			l.errorf(f.val, f.path, "dir: %s is not a folder (paths are relative to the suite file)", dir)
			return nil
		}
	}
	ca.spec.Dir = dir
	if f, ok := fs["env"]; ok {
		env := l.singleValues(f, "env")
		ca.spec.Env = os.Environ()
		for _, k := range slices.Sorted(maps.Keys(env)) {
			if strings.Contains(k, "=") {
				l.errorf(f.val, f.path, "env: %q is not a variable name (it contains =)", k)
				return nil
			}
			ca.spec.Env = append(ca.spec.Env, k+"="+env[k][0])
		}
	}
	if f, ok := fs["timeout"]; ok {
		s, ok := l.str(f, "timeout")
		if !ok {
			return nil
		}
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 || d > maxTimeout {
			l.errorf(f.val, f.path, "timeout must be a duration such as 10s or 2m, above 0 and at most 15m (Lambda's longest), not %q", s)
			return nil
		}
		ca.spec.Timeout = d
	}
	// The program: a path is relative to dir and must exist; a bare name
	// is looked up in PATH, and a missing interpreter skips the requests
	// (visibly) rather than failing the suite on a machine without it.
	prog := argv[0]
	if strings.ContainsRune(prog, '/') || strings.ContainsRune(prog, filepath.Separator) {
		p := prog
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		info, err := os.Stat(p)
		switch {
		case err != nil && oneLine(argv):
			l.errorf(cf.val, cf.path, shellLine)
			return nil
		case err != nil || info.IsDir():
			l.errorf(cf.val, cf.path, "command: %s is not a file (a program with a path is relative to the command's folder %s)", prog, dir)
			return nil
		case runtime.GOOS != "windows" && info.Mode()&0o111 == 0:
			l.errorf(cf.val, cf.path, "command: %s is not executable (chmod +x it, or name its interpreter first, such as [node, %s])", prog, prog)
			return nil
		}
	} else if path, found := lookPath(prog, ca.spec.Env, dir); found {
		// The command's own PATH, when env sets one, finds it.
		ca.spec.Path = path
	} else if oneLine(argv) {
		l.errorf(cf.val, cf.path, shellLine)
		return nil
	} else {
		ca.skip = fmt.Sprintf("%s is not installed (not found in PATH)%s; authorizer %q runs it", prog, didYouMean(prog), a.name)
	}
	return ca
}

// shellLine says why a command written as one line is refused.
const shellLine = "command is a list of the program and its arguments, such as [node, run.mjs, authorizer.mjs], not one line: iamgate runs no shell"

// oneLine reports whether a command looks like a shell line: one element
// with a space (that names no file).
func oneLine(argv []string) bool {
	return len(argv) == 1 && strings.ContainsAny(argv[0], " \t")
}

// didYouMean suggests an installed interpreter whose name is close to a
// program that is not installed: " (did you mean node?)", or "".
func didYouMean(prog string) string {
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
	if !custom {
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

// invoke runs the authorizer with the event and reads its answer as API
// Gateway reads a Lambda function's (reference 2.4): a response on
// standard output after a successful exit; a raised error after a failed
// one, whose message is the errorMessage of Lambda's error object on
// standard output (only exactly "Unauthorized" is a 401); a timeout, a
// program that cannot start or an output over Lambda's 6 MB limit is a
// failure without that message (500).
func (ca *commandAuthorizer) invoke(ctx context.Context, event []byte) (*eval.AuthorizerResult, *Invocation) {
	r := ca.spec.Run(ctx, event)
	inv := &Invocation{
		Command:  ca.spec.String(),
		Dir:      ca.spec.Dir,
		Event:    event,
		Stdout:   string(cut(r.Stdout, maxReport)),
		Stderr:   string(cut(r.Stderr, maxReport)),
		ExitCode: r.ExitCode,
		TimedOut: r.TimedOut,
		Duration: r.Duration,
	}
	var res *eval.AuthorizerResult
	switch {
	case r.Cancelled:
		res = eval.AuthorizerError("iamgate: the run was cancelled")
		inv.Outcome = "cancelled"
	case r.TimedOut:
		// Lambda's own message for a function stopped at its timeout.
		msg := fmt.Sprintf("Task timed out after %.2f seconds", ca.spec.Timeout.Seconds())
		res = eval.AuthorizerError(msg)
		inv.Outcome = fmt.Sprintf("timed out after %s", ca.spec.Timeout)
	case r.Err != nil:
		res = eval.AuthorizerError("iamgate could not run the authorizer: " + r.Err.Error())
		inv.Outcome = "could not run: " + errText(r.Err)
	case r.StdoutTruncated:
		res = eval.AuthorizerError("iamgate: the response is larger than Lambda's 6 MB limit")
		inv.Outcome = "wrote more than Lambda's 6 MB response limit"
	case r.ExitCode == 0:
		res = eval.ParseAuthorizerOutput(r.Stdout, fmt.Sprintf("authorizer %s (stdout)", ca.name))
		inv.Response = res.Usable()
		switch _, isError := errorObject(r.Stdout); {
		case inv.Response:
			inv.Outcome = "returned a response"
		case isError:
			inv.Outcome = "returned output API Gateway cannot use: Lambda's error object, with exit status 0 (to raise an error, a runner exits with a non-zero status)"
		default:
			inv.Outcome = "returned output API Gateway cannot use"
		}
	default:
		msg, ok := errorMessage(r.Stdout)
		if !ok {
			res = eval.AuthorizerError(fmt.Sprintf("Runtime exited with error: exit status %d", r.ExitCode))
			inv.Outcome = fmt.Sprintf("failed with exit status %d and no error message on standard output", r.ExitCode)
			break
		}
		res = eval.AuthorizerError(msg)
		inv.Outcome = fmt.Sprintf("raised %q (exit status %d)", msg, r.ExitCode)
	}
	return res, inv
}

// errorMessage reads the error a failed run reports on standard output:
// Lambda's error object {"errorMessage": "...", "errorType": "..."}, or
// else the text itself, less one line ending. The message is taken as it
// is: only exactly "Unauthorized" is a 401 (reference 2.4).
func errorMessage(stdout []byte) (string, bool) {
	if msg, ok := errorObject(stdout); ok {
		return msg, true
	}
	text := bytes.TrimSuffix(stdout, []byte("\n"))
	text = bytes.TrimSuffix(text, []byte("\r"))
	if len(bytes.TrimSpace(text)) == 0 {
		return "", false
	}
	return string(text), true
}

// errorObject reads Lambda's error object, {"errorMessage": "...", ...}.
func errorObject(stdout []byte) (string, bool) {
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

// cut keeps the first n bytes of b.
func cut(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	return append(b[:n:n], "\n[cut]"...)
}
