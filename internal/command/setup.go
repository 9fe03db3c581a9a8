package command

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
)

// loadErrors are the errorType values of Lambda's error object that a
// runtime (or a runner that imitates one, such as examples/node/run.mjs)
// reports when the handler never ran: its module cannot be loaded, it has
// no such export, its code does not parse, or the runtime itself exited.
var loadErrors = map[string]bool{
	"Runtime.ImportModuleError":   true,
	"Runtime.HandlerNotFound":     true,
	"Runtime.UserCodeSyntaxError": true,
	"Runtime.ExitError":           true,
}

// handlerExts are the file extensions of a handler module that a runner
// must start: run on its own, such a module only defines its handler.
var handlerExts = map[string]string{
	".js": "node examples/node/run.mjs", ".mjs": "node examples/node/run.mjs", ".cjs": "node examples/node/run.mjs",
	".py": "python3 examples/python/run.py",
}

// ErrorType returns the errorType of Lambda's error object on standard
// output, "" when there is none.
func ErrorType(stdout []byte) string {
	text := bytes.TrimSpace(stdout)
	if len(text) == 0 || text[0] != '{' {
		return ""
	}
	var obj struct {
		ErrorType string `json:"errorType"`
	}
	if json.Unmarshal(text, &obj) != nil {
		return ""
	}
	return obj.ErrorType
}

// setupProblem says why a finished run never ran the handler, as
// apigw.AuthorizerResult.WithSetupProblem takes it; "" when nothing shows
// that it did not. Two runs are setup problems: a successful exit that
// wrote nothing to standard output (a handler module started without a
// runner defines its handler and exits), and a failure whose error object
// is one of the runtime's load errors (loadErrors).
func (s Spec) setupProblem(r Result) string {
	switch {
	case r.Cancelled || r.TimedOut || r.Err != nil || r.Signal != nil || r.StdoutTruncated:
		return ""
	case r.ExitCode == 0 && len(bytes.TrimSpace(r.Stdout)) == 0:
		return s.nothingWritten()
	case r.ExitCode != 0 && loadErrors[ErrorType(r.Stdout)]:
		msg, _ := ErrorObject(r.Stdout)
		return fmt.Sprintf("%s failed to load the handler%s (%s: %s)", s.runnerName(), s.handlerName(), ErrorType(r.Stdout), msg)
	}
	return ""
}

// nothingWritten is the setup problem of a program that exited 0 without
// writing anything to standard output.
func (s Spec) nothingWritten() string {
	what := fmt.Sprintf("the program %q wrote nothing to standard output and exited with status 0, so no handler answered", s.String())
	if len(s.Argv) == 2 {
		if runner, ok := handlerExts[strings.ToLower(filepath.Ext(s.Argv[1]))]; ok {
			return what + fmt.Sprintf(": a handler module run on its own only defines its handler. Start it through a runner that calls the handler and prints its result, such as -- %s %s", runner, s.Argv[1])
		}
	}
	return what + ": check that the program calls the handler and prints its result as JSON"
}

// runnerName names the program that failed to load the handler: the
// runner (the script after the interpreter, such as
// examples/node/run.mjs) when the command looks like one, else the
// command.
func (s Spec) runnerName() string {
	if len(s.Argv) >= 3 && strings.HasPrefix(filepath.Base(s.Argv[1]), "run.") {
		return "the runner " + s.Argv[1]
	}
	return fmt.Sprintf("the program %q", s.String())
}

// handlerName is " HANDLER" for a runner's command (its module argument),
// or "".
func (s Spec) handlerName() string {
	if len(s.Argv) >= 3 && strings.HasPrefix(filepath.Base(s.Argv[1]), "run.") {
		return " " + s.Argv[2]
	}
	return ""
}
