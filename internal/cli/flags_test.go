package cli

import (
	"flag"
	"slices"
	"strings"
	"testing"
)

// TestEmptyFlagValues walks every flag of every command: each refuses an
// empty value (exit 2, naming the flag), or allowEmpty names it with what
// the empty value means.
func TestEmptyFlagValues(t *testing.T) {
	sets := map[string]*flag.FlagSet{}
	flagSetSeen = func(fs *flag.FlagSet) { sets[fs.Name()] = fs }
	t.Cleanup(func() { flagSetSeen = nil })
	for _, c := range commands {
		run(t, "", c.name, "-h")
	}
	flagSetSeen = nil
	for _, want := range []string{"eval", "event", "lint", "test", "validate"} {
		if sets[want] == nil {
			t.Fatalf("no flag set seen for %s", want)
		}
	}
	used := map[string]bool{}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range sets {
			if !yield(n) {
				return
			}
		}
	}) {
		sets[name].VisitAll(func(f *flag.Flag) {
			key := name + " --" + f.Name
			t.Run(strings.ReplaceAll(key, " ", ""), func(t *testing.T) {
				code, _, stderr := run(t, "", name, "--"+f.Name+"=")
				refused := code == ExitUsage && strings.Contains(stderr, `invalid value "" for flag --`+f.Name) ||
					strings.Contains(stderr, `invalid boolean value "" for --`+f.Name)
				if _, ok := allowEmpty[key]; ok {
					used[key] = true
					if refused {
						t.Errorf("%s= is refused, but allowEmpty says it means something:\n%s", key, stderr)
					}
					return
				}
				if !refused {
					t.Errorf("%s= exits %d, want %d naming the flag; stderr:\n%s", key, code, ExitUsage, stderr)
				}
			})
		})
	}
	for key := range allowEmpty {
		if !used[key] {
			t.Errorf("allowEmpty names %s, which no command defines", key)
		}
	}
}

// TestEmptyFlagValueMessage: the refusal of an empty value says why, and
// the help printed after parsing keeps the flags' defaults.
func TestEmptyFlagValueMessage(t *testing.T) {
	code, stdout, stderr := run(t, "", "eval", "--api", apiARN, "--request", "GET /prod/x", "--expect", "")
	want := "iamgate: eval: invalid value \"\" for flag --expect: the value is empty (leave the flag out to mean none; is a shell variable unset?)\nRun \"iamgate help eval\" for usage.\n"
	if code != ExitUsage || stdout != "" || stderr != want {
		t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant:\n%s", code, stdout, stderr, want)
	}
	_, help, _ := run(t, "", "eval", "-h")
	if !strings.Contains(help, `(default "text")`) {
		t.Errorf("eval -h lost the defaults:\n%s", help)
	}
}
