package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/iamgate/iamgate/internal/typo"
)

// singleDash finds a flag named with one dash in the flag package's
// errors ("for flag -kind", "for -no-skip", "argument: -format").
var singleDash = regexp.MustCompile(`((?:for flag|for|argument:) )-\b`)

// parseFlags parses a command's flags. -h prints the usage; a mistake gets
// one "iamgate: CMD: ..." line, a suggestion when a flag is misspelt, and a
// pointer to the help, rather than the whole usage. stop says whether the
// command should return code now: ExitOK after -h, ExitUsage with the
// error after a mistake.
//
// A flag given an empty value (--expect "$WANT" when WANT is unset) is a
// mistake unless allowEmpty names it: an empty value never silently means
// "not given".
func parseFlags(e *env, fs *flag.FlagSet, args []string) (code int, stop bool, err error) {
	if flagSetSeen != nil {
		flagSetSeen(fs)
	}
	if e.describe != nil {
		e.describe(fs)
		return ExitOK, true, nil
	}
	usage := fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	restore := refuseEmpty(fs)
	err = fs.Parse(args)
	restore()
	fs.SetOutput(e.stderr)
	fs.Usage = usage
	switch {
	case err == nil:
		return 0, false, nil
	case errors.Is(err, flag.ErrHelp):
		// Asked-for help is the command's output, for a pager.
		fs.SetOutput(e.stdout)
		fs.Usage()
		fs.SetOutput(e.stderr)
		return ExitOK, true, nil
	}
	// The flag package names flags with one dash; the help and the
	// docs write two.
	msg := singleDash.ReplaceAllString(err.Error(), "${1}--")
	if name, found := strings.CutPrefix(msg, "flag provided but not defined: -"); found {
		msg = fmt.Sprintf("unknown flag --%s", name)
		if s := closestFlag(fs, name); s != "" {
			msg += fmt.Sprintf(" (did you mean --%s?)", s)
		}
	}
	e.errorf("%s: %s", fs.Name(), msg)
	fmt.Fprintf(e.stderr, "Run \"iamgate help %s\" for usage.\n", fs.Name())
	return ExitUsage, true, errors.New(msg)
}

// allowEmpty names the flags, as "COMMAND --FLAG", whose empty value
// means something, with what it means.
var allowEmpty = map[string]string{
	"eval --token":            "an empty token: API Gateway answers a missing or empty token itself (401)",
	"event --token":           "an empty token: the event is printed, with the note that API Gateway answers 401 before the authorizer",
	"eval --authorizer-error": "an error raised with an empty message, which is not Unauthorized",
}

// flagSetSeen, when set (by tests), is given every flag set parseFlags
// parses.
var flagSetSeen func(*flag.FlagSet)

// refuseEmpty makes every flag of fs that allowEmpty does not name refuse
// an empty value, until restore is called. Boolean flags refuse it
// already. The help is printed after restore, with the flags' own values.
func refuseEmpty(fs *flag.FlagSet) (restore func()) {
	var undo []func()
	fs.VisitAll(func(f *flag.Flag) {
		if _, ok := allowEmpty[fs.Name()+" --"+f.Name]; ok {
			return
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			return
		}
		v := f.Value
		f.Value = nonEmpty{v}
		undo = append(undo, func() { f.Value = v })
	})
	return func() {
		for _, u := range undo {
			u()
		}
	}
}

// nonEmpty is a flag value that refuses "".
type nonEmpty struct{ flag.Value }

func (n nonEmpty) Set(s string) error {
	if s == "" {
		return errors.New("the value is empty (leave the flag out to mean none; is a shell variable unset?)")
	}
	return n.Value.Set(s)
}

// closestFlag returns the defined flag nearest to name by edit distance, if
// it is near enough to be a typo.
func closestFlag(fs *flag.FlagSet, name string) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return typo.Closest(name, names...)
}

// parseInterspersed is parseFlags for commands whose arguments are paths:
// flags may also come after them ("iamgate test ./suites --format junit"),
// as CI scripts often write them. "--" ends the flags; "-" is a path.
func parseInterspersed(e *env, fs *flag.FlagSet, args []string) (paths []string, code int, stop bool) {
	for {
		code, stop, _ := parseFlags(e, fs, args)
		if stop {
			return nil, code, true
		}
		rest := fs.Args()
		if len(args) > 0 && len(rest) > 0 && len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(paths, rest...), 0, false
		}
		i := 0
		for i < len(rest) && (rest[i] == "-" || !strings.HasPrefix(rest[i], "-")) {
			i++
		}
		paths = append(paths, rest[:i]...)
		if i == len(rest) {
			return paths, 0, false
		}
		if rest[i] == "--" {
			return append(paths, rest[i+1:]...), 0, false
		}
		args = rest[i:]
	}
}

// printFlags writes fs's flags as the help lists them: a long name with
// two dashes and a one-letter name with one (--format, -o), as the docs
// and the error messages write them (the flag package takes either), its
// value's name, then its usage and its default when it has one.
func printFlags(fs *flag.FlagSet) {
	w := fs.Output()
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		var b strings.Builder
		fmt.Fprintf(&b, "  %s", dashed(f.Name))
		if name != "" {
			b.WriteString(" " + name)
		}
		b.WriteString("\n    \t")
		b.WriteString(strings.ReplaceAll(usage, "\n", "\n    \t"))
		if shownDefault(f) {
			if isStringFlag(f) {
				fmt.Fprintf(&b, " (default %q)", f.DefValue)
			} else {
				fmt.Fprintf(&b, " (default %v)", f.DefValue)
			}
		}
		b.WriteByte('\n')
		io.WriteString(w, b.String())
	})
}

// shownDefault says whether a flag's default is worth printing: not the
// zero value of its type.
func shownDefault(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "false", "0", "[]":
		return false
	}
	return true
}

// isStringFlag reports whether the flag holds a plain string, whose
// default is printed quoted, as the flag package prints it.
func isStringFlag(f *flag.Flag) bool {
	return fmt.Sprintf("%T", f.Value) == "*flag.stringValue"
}

// dashed writes a flag's name as the help and the errors do: "-o" for a
// one-letter name, "--format" for the others.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}
