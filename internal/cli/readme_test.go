package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestREADMECommands runs every "$ go run ./cmd/iamgate ..." command of the
// README's console blocks in-process and checks that the output shown
// under it is the beginning of the real output, so the README's quick start
// runs as written.
func TestREADMECommands(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(pkgDir, "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(readme), "```console\n")[1:]
	if len(blocks) < 4 {
		t.Fatalf("README has %d console blocks, want the quick start's", len(blocks))
	}
	var outputs []string
	for i, block := range blocks {
		block, _, _ = strings.Cut(block, "```")
		cmd, shown, ok := splitCommand(block)
		if !ok {
			t.Fatalf("console block %d does not start with $ go run ./cmd/iamgate:\n%s", i, block)
		}
		args, err := shellWords(cmd)
		if err != nil {
			t.Fatalf("block %d: %v", i, err)
		}
		t.Run(strings.Join(args[:min(len(args), 6)], " "), func(t *testing.T) {
			// The example authorizers need their interpreters.
			for lang, prog := range map[string]string{"examples/node": "node", "examples/python": "python3"} {
				if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, lang) }) {
					if _, err := exec.LookPath(prog); err != nil {
						t.Skipf("%s is not installed", prog)
					}
				}
			}
			_, stdout, stderr := run(t, "", args...)
			// How long an authorizer program ran varies.
			if !strings.HasPrefix(durations.ReplaceAllString(stdout, "${1}0"), durations.ReplaceAllString(shown, "${1}0")) {
				t.Errorf("README shows:\n%s\nthe command prints:\n%s%s", shown, stdout, stderr)
			}
			outputs = append(outputs, stdout)
		})
	}
	// The full output shown in a text block is the whole output of one of
	// the commands: the one whose shown lines it begins with.
	_, full, ok := strings.Cut(string(readme), "```text\n")
	if !ok {
		t.Fatal("README has no ```text block with a full answer")
	}
	full, _, _ = strings.Cut(full, "```")
	found := false
	for _, out := range outputs {
		found = found || out == full
	}
	if !found {
		t.Errorf("README's full answer is no command's whole output; the commands print:\n%s", strings.Join(outputs, "\n----\n"))
	}
}

// TestREADMESuite checks that the suite the README shows is the fixture
// that go test runs.
func TestREADMESuite(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(pkgDir, "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const file = "fixtures/suites/caching.iamgate.yaml"
	fixture, err := os.ReadFile(filepath.Join(pkgDir, "..", "..", file))
	if err != nil {
		t.Fatal(err)
	}
	_, shown, ok := strings.Cut(string(readme), "```yaml\n")
	if !ok {
		t.Fatal("README has no ```yaml block")
	}
	shown, _, _ = strings.Cut(shown, "```")
	if shown != string(fixture) {
		t.Errorf("README's suite differs from %s", file)
	}
}

// splitCommand separates "$ go run ./cmd/iamgate ARGS \" continuation
// lines from the output shown after them.
func splitCommand(block string) (cmd, shown string, ok bool) {
	rest, ok := strings.CutPrefix(block, "$ go run ./cmd/iamgate ")
	if !ok {
		return "", "", false
	}
	var b strings.Builder
	for {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		if l, cont := strings.CutSuffix(line, "\\"); cont {
			b.WriteString(l)
			continue
		}
		b.WriteString(line)
		break
	}
	return b.String(), rest, true
}

// shellWords splits a command line the way a POSIX shell does for the
// quoting the README uses: single quotes, double quotes, spaces.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case '\'', '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return nil, &os.PathError{Op: "parse", Path: s, Err: os.ErrInvalid}
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
