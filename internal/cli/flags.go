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
func parseFlags(e *env, fs *flag.FlagSet, args []string) (code int, stop bool, err error) {
	usage := fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err = fs.Parse(args)
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
	// README write two.
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
