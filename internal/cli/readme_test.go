package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// The README and the pages of docs/ show commands with their output, suite
// files and links; the tests below keep them honest. A command shown in a
// ```console block runs in-process, a ```yaml block is a file of the
// repository (or an excerpt of one), and every link between the pages
// leads to a page and a heading that exist.

// docPages reads README.md and every docs/*.md page, by path relative to
// the repository root ("README.md", "docs/eval.md").
func docPages(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join(pkgDir, "..", "..")
	names, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{}
	for _, name := range append(names, filepath.Join(root, "README.md")) {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, name)
		pages[filepath.ToSlash(rel)] = string(b)
	}
	return pages
}

// fenced returns the bodies of the page's code blocks opened by "```"+lang.
func fenced(page, lang string) []string {
	var blocks []string
	for _, b := range strings.Split(page, "```"+lang+"\n")[1:] {
		b, _, _ = strings.Cut(b, "```")
		blocks = append(blocks, b)
	}
	return blocks
}

// minConsole is how many console blocks each page has at least, so that
// an example lost in a move fails here rather than going unnoticed.
var minConsole = map[string]int{
	"README.md":                   4,
	"docs/eval.md":                6,
	"docs/suites.md":              2,
	"docs/testing-authorizers.md": 4,
	"docs/lint.md":                1,
	"docs/validate.md":            2,
	"docs/templates.md":           4,
}

// TestDocsCommands runs every "$ go run ./cmd/iamgate ..." command of the
// console blocks of README.md and docs/*.md in-process and checks that the
// output shown under it is the beginning of the real output, so that the
// examples run as written. A ```text block is the whole output of one of
// its page's commands.
func TestDocsCommands(t *testing.T) {
	pages := docPages(t)
	for page, n := range minConsole {
		if got := len(fenced(pages[page], "console")); got < n {
			t.Errorf("%s has %d console blocks, want at least %d", page, got, n)
		}
	}
	for _, page := range sortedKeys(pages) {
		var outputs []string
		for i, block := range fenced(pages[page], "console") {
			cmd, shown, ok := splitCommand(block)
			if !ok {
				t.Fatalf("%s: console block %d does not start with $ go run ./cmd/iamgate:\n%s", page, i, block)
			}
			args, err := shellWords(cmd)
			if err != nil {
				t.Fatalf("%s: block %d: %v", page, i, err)
			}
			t.Run(page+"/"+strings.Join(args[:min(len(args), 6)], " "), func(t *testing.T) {
				skipWithoutInterpreter(t, args)
				_, stdout, stderr := run(t, "", args...)
				// How long an authorizer program ran varies.
				if !strings.HasPrefix(durations.ReplaceAllString(stdout, "${1}0"), durations.ReplaceAllString(shown, "${1}0")) {
					t.Errorf("%s shows:\n%s\nthe command prints:\n%s%s", page, shown, stdout, stderr)
				}
				outputs = append(outputs, stdout)
			})
		}
		for _, full := range fenced(pages[page], "text") {
			if !slices.Contains(outputs, full) {
				t.Errorf("%s: a ```text block is no command's whole output; the page's commands print:\n%s", page, strings.Join(outputs, "\n----\n"))
			}
		}
	}
}

// skipWithoutInterpreter skips a command that runs an example authorizer
// whose interpreter is not installed.
func skipWithoutInterpreter(t *testing.T, args []string) {
	t.Helper()
	for lang, prog := range map[string]string{"examples/node": "node", "examples/python": "python3"} {
		if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, lang) }) {
			if _, err := exec.LookPath(prog); err != nil {
				t.Skipf("%s is not installed", prog)
			}
		}
	}
}

// yamlBlocks names, page by page and in order, the file each ```yaml block
// shows: the whole file, or an excerpt (its lines, in order, each a line
// of the file).
var yamlBlocks = []struct {
	page, file string
	whole      bool
}{
	{"README.md", "fixtures/suites/caching.iamgate.yaml", false},
	{"docs/suites.md", "fixtures/suites/caching.iamgate.yaml", true},
	{"docs/testing-authorizers.md", "examples/node/node.iamgate.yaml", false},
	{"docs/schemas.md", "examples/node/node.iamgate.yaml", false},
	{"docs/templates.md", "fixtures/templates/orders.iamgate.yaml", false},
}

// TestDocsSuites checks that the suites the pages show are the files that
// go test and CI run.
func TestDocsSuites(t *testing.T) {
	pages := docPages(t)
	for _, page := range sortedKeys(pages) {
		blocks := fenced(pages[page], "yaml")
		var want []int
		for i, y := range yamlBlocks {
			if y.page == page {
				want = append(want, i)
			}
		}
		if len(blocks) != len(want) {
			t.Errorf("%s has %d yaml blocks, yamlBlocks lists %d", page, len(blocks), len(want))
			continue
		}
		for k, block := range blocks {
			y := yamlBlocks[want[k]]
			file, err := os.ReadFile(filepath.Join(pkgDir, "..", "..", y.file))
			if err != nil {
				t.Fatal(err)
			}
			if y.whole && block != string(file) {
				t.Errorf("%s: yaml block %d differs from %s", page, k, y.file)
			}
			if !y.whole {
				if line, ok := excerptOf(block, string(file)); !ok {
					t.Errorf("%s: yaml block %d is not an excerpt of %s: line %q is not in it (in order)", page, k, y.file, line)
				}
			}
		}
	}
}

// excerptOf reports whether every non-blank line of block is a line of
// file, in order; if not, the first line that is not.
func excerptOf(block, file string) (string, bool) {
	lines := strings.Split(file, "\n")
	for _, line := range strings.Split(block, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		i := slices.Index(lines, line)
		if i < 0 {
			return line, false
		}
		lines = lines[i+1:]
	}
	return "", true
}

// TestDocsEventPipe runs the pipeline of docs/testing-authorizers.md that
// feeds iamgate event's output to the Node.js example and its answer to
// iamgate eval, and checks the first line the page says eval prints.
func TestDocsEventPipe(t *testing.T) {
	page := docPages(t)["docs/testing-authorizers.md"]
	i := slices.IndexFunc(fenced(page, "sh"), func(b string) bool { return strings.Contains(b, "iamgate event") })
	if i < 0 {
		t.Fatal("docs/testing-authorizers.md has no sh block with iamgate event")
	}
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(fenced(page, "sh")[i], "\\\n", " ")), "\n")
	if len(lines) != 3 {
		t.Fatalf("the pipeline has %d lines, want event |, the handler, eval:\n%q", len(lines), lines)
	}
	said := regexp.MustCompile("the last command prints\\s+`([^`]+)`").FindStringSubmatch(page)
	if said == nil {
		t.Fatal("docs/testing-authorizers.md does not say what the pipeline's last command prints")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	eventArgs := mustWords(t, strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(lines[0]), "go run ./cmd/iamgate "), " |"))
	code, event, stderr := run(t, "", eventArgs...)
	if code != 0 {
		t.Fatalf("iamgate %s: exit %d: %s", strings.Join(eventArgs, " "), code, stderr)
	}
	handler := regexp.MustCompile(`^\(cd (\S+) && (.+)\) > (\S+)$`).FindStringSubmatch(strings.TrimSpace(lines[1]))
	if handler == nil {
		t.Fatalf("line 2 is not (cd DIR && HANDLER) > FILE: %q", lines[1])
	}
	words := mustWords(t, handler[2])
	cmd := exec.Command(words[0], words[1:]...)
	cmd.Dir = filepath.Join(pkgDir, "..", "..", handler[1])
	cmd.Stdin = strings.NewReader(event)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	response, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v: %s", handler[2], err, errb.String())
	}
	file := filepath.Join(t.TempDir(), "response.json")
	if err := os.WriteFile(file, response, 0o600); err != nil {
		t.Fatal(err)
	}
	evalArgs := mustWords(t, strings.TrimPrefix(strings.TrimSpace(lines[2]), "go run ./cmd/iamgate "))
	if j := slices.Index(evalArgs, handler[3]); j < 0 {
		t.Fatalf("eval does not read %s: %q", handler[3], evalArgs)
	} else {
		evalArgs[j] = file
	}
	_, stdout, stderr := run(t, "", evalArgs...)
	if first, _, _ := strings.Cut(stdout, "\n"); first != said[1] {
		t.Errorf("the page says eval prints %q; it prints:\n%s%s", said[1], stdout, stderr)
	}
}

// mustWords is shellWords for a command line a test cannot go on without.
func mustWords(t *testing.T, s string) []string {
	t.Helper()
	w, err := shellWords(s)
	if err != nil || len(w) == 0 {
		t.Fatalf("cannot split %q: %v", s, err)
	}
	return w
}

// TestREADMELandingPage keeps README.md a landing page of at most 12 KB
// from which every page of docs/ can be reached, directly or through
// docs/README.md.
func TestREADMELandingPage(t *testing.T) {
	pages := docPages(t)
	if n := len(pages["README.md"]); n > 12*1024 {
		t.Errorf("README.md is %d bytes, want at most %d: move the details to docs/", n, 12*1024)
	}
	reached := map[string]bool{"README.md": true}
	queue := []string{"README.md"}
	for len(queue) > 0 {
		page := queue[0]
		queue = queue[1:]
		for _, l := range links(pages[page]) {
			target := resolve(page, l.path)
			if _, ok := pages[target]; ok && !reached[target] {
				reached[target] = true
				queue = append(queue, target)
			}
		}
	}
	for _, page := range sortedKeys(pages) {
		if !reached[page] {
			t.Errorf("%s cannot be reached from README.md", page)
		}
	}
}

// pending are the pages that other changes write; a link to one is
// checked as soon as it exists.
var pending = []string{"docs/install.md", "docs/schemas.md", "docs/references.md"}

// TestDocsLinks checks every relative link of README.md and docs/*.md: the
// file exists, and a #fragment is a heading (or an <a id>) of its page.
func TestDocsLinks(t *testing.T) {
	pages := docPages(t)
	root := filepath.Join(pkgDir, "..", "..")
	for _, page := range sortedKeys(pages) {
		for _, l := range links(pages[page]) {
			target := resolve(page, l.path)
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(target))); err != nil {
				if !slices.Contains(pending, target) {
					t.Errorf("%s: link %q: %s does not exist", page, l.path+"#"+l.fragment, target)
				}
				continue
			}
			if l.fragment == "" {
				continue
			}
			text, ok := pages[target]
			if !ok {
				t.Errorf("%s: link %q: a fragment into a file that is not a docs page", page, l.path+"#"+l.fragment)
				continue
			}
			if !slices.Contains(anchors(text), l.fragment) {
				t.Errorf("%s: link %q: %s has no heading #%s", page, l.path+"#"+l.fragment, target, l.fragment)
			}
		}
	}
}

type link struct{ path, fragment string }

var linkRE = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// links returns the page's relative links outside code blocks ("" as the
// path of a link into the page itself).
func links(page string) []link {
	var out []link
	for _, text := range prose(page) {
		for _, m := range linkRE.FindAllStringSubmatch(text, -1) {
			if strings.Contains(m[1], "://") || strings.HasPrefix(m[1], "mailto:") {
				continue
			}
			path, fragment, _ := strings.Cut(m[1], "#")
			out = append(out, link{path, fragment})
		}
	}
	return out
}

// resolve returns the repository path a link of page leads to.
func resolve(page, path string) string {
	if path == "" {
		return page
	}
	return filepath.ToSlash(filepath.Join(filepath.Dir(page), path))
}

// prose returns the page's lines outside fenced code blocks.
func prose(page string) []string {
	var out []string
	in := false
	for _, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, "```") {
			in = !in
			continue
		}
		if !in {
			out = append(out, line)
		}
	}
	return out
}

var anchorIDRE = regexp.MustCompile(`<a id="([^"]+)"></a>`)

// anchors returns the fragments a page defines: its headings as GitHub
// spells them (lower case, punctuation dropped, spaces as hyphens, a
// repeated one with -1, -2, ...) and its <a id> anchors.
func anchors(page string) []string {
	var out []string
	seen := map[string]int{}
	for _, line := range prose(page) {
		for _, m := range anchorIDRE.FindAllStringSubmatch(line, -1) {
			out = append(out, m[1])
		}
		text, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " ")
		if !ok || !strings.HasPrefix(line, "#") {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(text) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		slug := b.String()
		if n := seen[slug]; n > 0 {
			seen[slug]++
			slug = fmt.Sprintf("%s-%d", slug, n)
		} else {
			seen[slug] = 1
		}
		out = append(out, slug)
	}
	return out
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
// quoting the docs use: single quotes, double quotes, spaces.
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
