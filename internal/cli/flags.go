package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

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
		fs.Usage()
		return ExitOK, true, nil
	}
	msg := err.Error()
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
	best, bestDist := "", 3
	fs.VisitAll(func(f *flag.Flag) {
		if d := editDistance(name, f.Name); d < bestDist {
			best, bestDist = f.Name, d
		}
	})
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
