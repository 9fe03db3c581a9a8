package cli

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// flagSetsOf returns every command's flag set, as parseFlags sees it when
// the command is asked for its help: a path independent of describe.
func flagSetsOf(t *testing.T) map[string]*flag.FlagSet {
	t.Helper()
	sets := map[string]*flag.FlagSet{}
	flagSetSeen = func(fs *flag.FlagSet) { sets[fs.Name()] = fs }
	defer func() { flagSetSeen = nil }()
	for _, c := range commands {
		run(t, "", c.name, "-h")
	}
	return sets
}

// TestCompletionScripts: each shell's script names every command, every
// flag of every command, and the values of the enum flags.
func TestCompletionScripts(t *testing.T) {
	sets := flagSetsOf(t)
	for _, shell := range shells {
		t.Run(shell, func(t *testing.T) {
			code, script, stderr := run(t, "", "completion", shell)
			if code != ExitOK || stderr != "" {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			for _, c := range commands {
				if !strings.Contains(script, c.name) {
					t.Errorf("the script does not name the command %s", c.name)
				}
				fs := sets[c.name]
				if fs == nil {
					continue
				}
				fs.VisitAll(func(f *flag.Flag) {
					if !strings.Contains(script, flagWord(shell, f.Name)) {
						t.Errorf("the script does not complete %s --%s (looked for %q)", c.name, f.Name, flagWord(shell, f.Name))
					}
				})
			}
			for key, values := range flagValues {
				if !strings.Contains(script, strings.Join(values, " ")) {
					t.Errorf("the script does not offer the values of %s: %v", key, values)
				}
			}
		})
	}
	if sets["eval"] == nil || sets["eval"].Lookup("auth") == nil {
		t.Fatal("no flag set seen for eval")
	}
}

// flagWord is how a shell's script names a flag.
func flagWord(shell, name string) string {
	switch {
	case shell == "fish" && len(name) == 1:
		return "-s " + name + " "
	case shell == "fish":
		return "-l " + name + " "
	case len(name) == 1:
		return "-" + name
	}
	return "--" + name
}

// TestFlagValues: every flag that flagValues lists exists, and its help
// names each value, so the completion and the help cannot drift apart.
func TestFlagValues(t *testing.T) {
	sets := flagSetsOf(t)
	for key, values := range flagValues {
		command, name, _ := strings.Cut(key, " --")
		fs := sets[command]
		if fs == nil || fs.Lookup(name) == nil {
			t.Errorf("flagValues names %s, which no command defines", key)
			continue
		}
		for _, v := range values {
			if !strings.Contains(fs.Lookup(name).Usage, v) {
				t.Errorf("%s: the help %q does not name the value %s", key, fs.Lookup(name).Usage, v)
			}
		}
	}
}

// TestDescribe: asked to describe itself, every command hands over its
// flag set and does nothing else: it writes nothing and reads nothing.
func TestDescribe(t *testing.T) {
	for _, c := range commands {
		if c.name == "help" {
			continue
		}
		var out, errb strings.Builder
		var got *flag.FlagSet
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, describe: func(fs *flag.FlagSet) { got = fs }}
		code := c.run(context.Background(), e, nil)
		if code != ExitOK || got == nil || got.Name() != c.name || out.Len()+errb.Len() > 0 {
			t.Errorf("%s: exit %d, flag set %v, stdout %q, stderr %q", c.name, code, got, out.String(), errb.String())
		}
	}
}

func TestCompletionMistakes(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"completion"}, "iamgate: completion: give one shell: bash, zsh or fish\nRun \"iamgate help completion\" for usage.\n"},
		{[]string{"completion", "bash", "zsh"}, "iamgate: completion: give one shell: bash, zsh or fish\nRun \"iamgate help completion\" for usage.\n"},
		{[]string{"completion", "powershell"}, "iamgate: completion: \"powershell\" is not bash, zsh or fish\nRun \"iamgate help completion\" for usage.\n"},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(t, "", tt.args...)
		if code != ExitUsage || stdout != "" || stderr != tt.want {
			t.Errorf("%v: exit %d, stdout %q, stderr:\n%s\nwant:\n%s", tt.args, code, stdout, stderr, tt.want)
		}
	}
}

// writeScript writes the completion script for shell to a file.
func writeScript(t *testing.T, shell string) string {
	t.Helper()
	_, script, _ := run(t, "", "completion", shell)
	path := filepath.Join(t.TempDir(), "iamgate."+shell)
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCompletionSyntax checks each script with its shell's -n, where the
// shell is installed.
func TestCompletionSyntax(t *testing.T) {
	for _, shell := range shells {
		t.Run(shell, func(t *testing.T) {
			if _, err := exec.LookPath(shell); err != nil {
				t.Skipf("%s is not installed", shell)
			}
			path := writeScript(t, shell)
			if out, err := exec.Command(shell, "-n", path).CombinedOutput(); err != nil {
				t.Errorf("%s -n: %v\n%s", shell, err, out)
			}
		})
	}
}

// TestBashCompletion runs the bash script's function on command lines.
func TestBashCompletion(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	path := writeScript(t, "bash")
	lines := [][]string{
		{"iamgate", "ev"},
		{"iamgate", "eval", "--aut"},
		{"iamgate", "eval", "--auth", ""},
		{"iamgate", "eval", "--auth", "=", "A"},
		{"iamgate", "eval", "--authorizer-type", "R"},
		{"iamgate", "eval", "--messages", ""},
		{"iamgate", "lint", "--format", "=", ""},
		{"iamgate", "test", "--format", "j"},
		{"iamgate", "version", "--format", ""},
		{"iamgate", "completion", ""},
		{"iamgate", "help", "v"},
		{"iamgate", "test", "--no"},
	}
	script := ". " + path + "\nt() { COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=(); _iamgate; echo \"${COMPREPLY[*]}\"; }\n"
	for _, l := range lines {
		script += "t"
		for _, w := range l {
			script += " '" + w + "'"
		}
		script += "\n"
	}
	out, err := exec.Command("bash", "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := strings.Join([]string{
		"eval event",
		"--auth --authorizer-error --authorizer-response --authorizer-timeout --authorizer-ttl --authorizer-type",
		"NONE CUSTOM AWS_IAM COGNITO_USER_POOLS",
		"AWS_IAM",
		"REQUEST",
		"current legacy",
		"text json sarif",
		"json junit",
		"text json",
		"bash zsh fish",
		"validate version",
		"--no-skip",
	}, "\n") + "\n"
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
