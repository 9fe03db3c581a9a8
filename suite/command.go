package suite

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/command"
)

// DefaultTimeout is how long a command authorizer may run when the suite
// gives no timeout.
const DefaultTimeout = command.DefaultTimeout

// commandAuthorizer is an authorizer the suite runs as a program: the
// event on its standard input, the response on its standard output.
type commandAuthorizer struct {
	name string
	spec command.Spec
	// inherit names the variables of iamgate's environment the program
	// gets besides the minimal ones (inheritEnv); set is the suite's env,
	// as NAME=VALUE.
	inherit, set []string
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
var commandKeys = []string{"command", "dir", "env", "inheritEnv", "timeout"}

// command reads an authorizer's command, dir, env, inheritEnv and
// timeout. A problem of one key hides none of the others': each is
// reported, and only the program's lookup, which needs a valid command and
// dir, is skipped.
func (l *loader) command(a *authorizer, fs map[string]field) *commandAuthorizer {
	before := len(l.errs)
	cf := fs["command"]
	argv, argvOK := l.strs(cf, "command")
	if argvOK && argv[0] == "" {
		l.errorf(cf.val, cf.path, "command: the program name is empty")
		argvOK = false
	}
	ca := &commandAuthorizer{name: a.name, spec: command.Spec{Argv: argv, Timeout: DefaultTimeout, MaxOutput: command.MaxResponse}}
	_, onDisk := l.fsys.(osFiles)
	if !onDisk {
		l.errorf(cf.key, cf.path, "authorizer %q runs a command, which needs the suite in a folder on disk (it was read from an embedded file system)", a.name)
	}
	dir, dirOK := l.commandDir(fs, onDisk)
	ca.spec.Dir = dir
	l.commandEnv(fs, ca)
	ca.spec.Env = command.Environ(a.name, ca.inherit, ca.set)
	if f, ok := fs["timeout"]; ok {
		if s, ok := l.str(f, "timeout"); ok {
			d, err := command.ParseTimeout(s)
			if err != nil {
				l.errorf(f.val, f.path, "timeout: %v", err)
			} else {
				ca.spec.Timeout = d
			}
		}
	}
	if !argvOK || !dirOK {
		// The program is looked up in its folder: what stops it is
		// reported.
		return nil
	}
	path, ok := l.locate(cf, ca)
	if !ok || len(l.errs) > before {
		return nil
	}
	ca.spec.Path = path
	return ca
}

// commandDir reads the folder the command runs in: dir, relative to the
// suite, or the suite's own folder. Without a disk (onDisk false) there
// is no folder to look at, so it is not valid, though no more is
// reported.
func (l *loader) commandDir(fs map[string]field, onDisk bool) (string, bool) {
	dir, dirOK := l.dir, onDisk
	f, ok := fs["dir"]
	if !ok {
		return dir, dirOK
	}
	rel, ok := l.str(f, "dir")
	dir = l.fsys.join(l.dir, rel)
	switch {
	case !ok:
		dirOK = false
	case onDisk:
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			l.errorf(f.val, f.path, "dir: %s is not a folder (paths are relative to the suite file)", dir)
			dirOK = false
		} else if err := l.insideRoots(rel, dir); err != nil {
			l.errorf(f.val, f.path, "dir: %s", readProblem(dir, err))
			dirOK = false
		}
	}
	return dir, dirOK
}

// commandEnv reads the variables the command's environment sets (env,
// sorted by name) and those it inherits from iamgate's (inheritEnv).
func (l *loader) commandEnv(fs map[string]field, ca *commandAuthorizer) {
	if f, ok := fs["env"]; ok {
		env := map[string]string{}
		for _, e := range l.entries(f, "env") {
			if strings.Contains(e.name, "=") {
				l.errorf(e.key, e.path, "env: %q is not a variable name (it contains =)", e.name)
			}
			if v, ok := l.singleValue(e, "env"); ok {
				env[e.name] = v
			}
		}
		for _, k := range slices.Sorted(maps.Keys(env)) {
			ca.set = append(ca.set, k+"="+env[k])
		}
	}
	if f, ok := fs["inheritEnv"]; ok {
		if names, ok := l.strs(f, "inheritEnv"); ok {
			for i, name := range names {
				if err := command.CheckName(name); err != nil {
					l.errorf(f.val, fmt.Sprintf("%s/%d", f.path, i), "inheritEnv: %v", err)
				}
			}
			ca.inherit = names
		}
	}
}

// locate finds the command's program. A path is relative to the
// command's folder and must exist; a bare name is looked up in PATH (the
// command's own, when env sets one), and a missing interpreter skips the
// requests (visibly) rather than failing the suite on a machine without
// it. false when the program's folder is outside the suite's (reported).
func (l *loader) locate(cf field, ca *commandAuthorizer) (string, bool) {
	argv, dir := ca.spec.Argv, ca.spec.Dir
	prog := argv[0]
	if strings.ContainsRune(prog, '/') || strings.ContainsRune(prog, filepath.Separator) {
		// The program's folder: the program itself may be a link to
		// an interpreter installed elsewhere.
		if full := filepath.Join(dir, prog); !filepath.IsAbs(prog) && fileExists(full) {
			if err := l.insideRoots(prog, filepath.Dir(full)); err != nil {
				l.errorf(cf.val, cf.path, "command: the folder of %s: %s", prog, readProblem(filepath.Dir(full), err))
				return "", false
			}
		}
	}
	path, problem := command.Locate(argv, ca.spec.Env, dir)
	switch problem {
	case command.ShellLine:
		l.errorf(cf.val, cf.path, shellLine)
	case command.NotAFile:
		l.errorf(cf.val, cf.path, "command: %s is not a file (a program with a path is relative to the command's folder %s)", prog, dir)
	case command.NotExecutable:
		l.errorf(cf.val, cf.path, "command: %s is not executable (chmod +x it, or name its interpreter first, such as [node, %s])", prog, prog)
	case command.NotInstalled:
		ca.skip = fmt.Sprintf("%s is not installed (not found in PATH)%s; authorizer %q runs it", prog, command.DidYouMean(prog), ca.name)
	}
	return path, true
}

// insideRoots checks that a relative path of a command (its folder, its
// program) leads inside the folders the suite may read. An absolute path
// is the suite's explicit choice of a program to run, as a name looked up
// in PATH is.
func (l *loader) insideRoots(rel, full string) error {
	if filepath.IsAbs(rel) {
		return nil
	}
	return l.fsys.inside(full, l.roots)
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// shellLine says why a command written as one line is refused.
const shellLine = "command is a list of the program and its arguments, such as [node, run.mjs, authorizer.mjs], not one line: iamgate runs no shell"

// invoke runs the authorizer with the event and reads its answer as API
// Gateway reads a Lambda function's (command.Spec.Authorize).
//
// startErr is why the program could not be started (a script without an
// interpreter line, an interpreter that is gone): iamgate's setup failed,
// so the answer is no prediction and the request fails whatever it
// expects.
//
// inherit names more variables of iamgate's environment to pass
// (RunOptions.InheritEnv).
func (ca *commandAuthorizer) invoke(ctx context.Context, event []byte, inherit []string) (res *apigw.AuthorizerResult, inv *Invocation, startErr error) {
	spec := ca.spec
	if len(inherit) > 0 {
		spec.Env = command.Environ(ca.name, append(slices.Clip(ca.inherit), inherit...), ca.set)
	}
	r := spec.Authorize(ctx, event, fmt.Sprintf("authorizer %s (stdout)", ca.name))
	return r.Answer, &Invocation{
		Command:  ca.spec.String(),
		Dir:      ca.spec.Dir,
		Event:    event,
		Stdout:   string(command.Clip(r.Stdout, command.MaxReport)),
		Stderr:   string(command.Clip(r.Stderr, command.MaxReport)),
		ExitCode: r.ExitCode,
		TimedOut: r.TimedOut,
		Duration: r.Duration,
		Response: r.Response,
		Outcome:  r.Outcome,
	}, r.Err
}
