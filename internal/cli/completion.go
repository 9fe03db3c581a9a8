package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

// The completion scripts are generated from the commands' own flag sets
// (env.describe): a flag added to a command is completed without editing
// this file. What a flag set cannot say, the values a flag accepts, is in
// flagValues, which a test checks against the flags' help.

// flagValues lists the values of the flags that take one of a few words,
// as "COMMAND --FLAG".
var flagValues = map[string][]string{
	"eval --auth":             authTypes,
	"eval --authorizer-type":  {"TOKEN", "REQUEST"},
	"eval --messages":         {"current", "legacy"},
	"eval --format":           {"text", "json"},
	"eval --expect":           {"allow", "deny", "explicit-deny", "implicit-deny"},
	"event --authorizer-type": {"TOKEN", "REQUEST"},
	"lint --auth":             authTypes,
	"lint --kind":             documentKinds,
	"lint --format":           {"text", "json", "sarif"},
	"lint --fail-on":          {"error", "security-warning", "warning", "suggestion", "none"},
	"lint --endpoint-type":    {"REGIONAL", "EDGE", "PRIVATE"},
	"test --format":           {"text", "json", "junit", "tap"},
	"validate --kind":         documentKinds,
	"validate --format":       {"text", "json"},
	"version --format":        {"text", "json"},
}

var (
	authTypes     = []string{"NONE", "CUSTOM", "AWS_IAM", "COGNITO_USER_POOLS"}
	documentKinds = []string{"auto", "resource", "identity", "authorizer", "generic"}
	shells        = []string{"bash", "zsh", "fish"}
)

// complFlag is a flag as a completion script sees it.
type complFlag struct {
	name  string
	usage string
	// takesValue is false for a boolean flag. values are the words it
	// takes, if known; file and dir say that it takes a path.
	takesValue bool
	values     []string
	file, dir  bool
}

// spelling is how the flag is written: --name, or -o for a one-letter name.
func (f complFlag) spelling() string {
	if len(f.name) == 1 {
		return "-" + f.name
	}
	return "--" + f.name
}

// complCommand is a command with its flags and what its arguments are:
// paths (files), command names, shell names, or nothing.
type complCommand struct {
	name, summary string
	flags         []complFlag
	args          string // "files", "commands", "shells" or ""
}

// completionModel reads every command's flag set.
func completionModel(ctx context.Context) []complCommand {
	var out []complCommand
	for _, c := range commands {
		cc := complCommand{name: c.name, summary: c.summary}
		var fs *flag.FlagSet
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
			describe: func(s *flag.FlagSet) { fs = s }}
		if c.name != "help" {
			c.run(ctx, e, nil)
		}
		if fs != nil {
			fs.VisitAll(func(f *flag.Flag) { cc.flags = append(cc.flags, newComplFlag(c.name, f)) })
		}
		switch c.name {
		case "lint", "routes", "test", "validate":
			cc.args = "files"
		case "help":
			cc.args = "commands"
		case "completion":
			cc.args = "shells"
		}
		out = append(out, cc)
	}
	return out
}

func newComplFlag(command string, f *flag.Flag) complFlag {
	metavar, usage := flag.UnquoteUsage(f)
	cf := complFlag{name: f.Name, usage: firstClause(usage), takesValue: true}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		cf.takesValue = false
	}
	cf.values = flagValues[command+" --"+f.Name]
	switch metavar {
	case "FILE":
		cf.file = true
	case "FOLDER":
		cf.dir = true
	}
	return cf
}

// firstClause shortens a flag's help to what fits a completion menu.
func firstClause(usage string) string {
	for _, sep := range []string{" (", "; ", ": "} {
		if i := strings.Index(usage, sep); i > 20 {
			usage = usage[:i]
		}
	}
	return usage
}

const completionUsage = `Usage: iamgate completion bash|zsh|fish

Prints a script that completes iamgate's commands, their flags and the
values of flags such as --auth, --authorizer-type, --messages and --format,
for the shell named. Set it up once:

  bash   add to ~/.bashrc:    source <(iamgate completion bash)
  zsh    add to ~/.zshrc, after compinit:    source <(iamgate completion zsh)
         (or save it as _iamgate in a folder of $fpath)
  fish   iamgate completion fish > ~/.config/fish/completions/iamgate.fish

The script is generated from this iamgate's flags: regenerate it after an
upgrade, or source it from the command as above.
`

func runCompletion(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("completion", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { io.WriteString(fs.Output(), completionUsage) }
	if code, stop, _ := parseFlags(e, fs, args); stop {
		return code
	}
	fail := func(format string, args ...any) int {
		e.errorf("completion: "+format, args...)
		fmt.Fprintln(e.stderr, "Run \"iamgate help completion\" for usage.")
		return ExitUsage
	}
	if fs.NArg() != 1 {
		return fail("give one shell: bash, zsh or fish")
	}
	shell := fs.Arg(0)
	var b strings.Builder
	model := completionModel(ctx)
	switch shell {
	case "bash":
		writeBashCompletion(&b, model)
	case "zsh":
		writeZshCompletion(&b, model)
	case "fish":
		writeFishCompletion(&b, model)
	default:
		return fail("%q is not bash, zsh or fish", shell)
	}
	io.WriteString(e.stdout, b.String())
	return ExitOK
}

// commandNames are the names of the commands, in help order.
func commandNames(model []complCommand) []string {
	var names []string
	for _, c := range model {
		names = append(names, c.name)
	}
	return names
}
