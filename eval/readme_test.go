package eval_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// goBlocks names, for each page with ```go blocks, the files its blocks
// mirror: every line of the page's Go blocks must appear, in order, in
// those files read one after the other. The files are Examples and tests
// that go test runs, so the code the docs show compiles and works.
var goBlocks = map[string][]string{
	"../docs/testing-authorizers.md": {"../examples/go/authorizer_test.go"},
	"../docs/library.md":             {"example_test.go", "../apigw/example_test.go", "../suite/example_test.go"},
}

// TestDocsMirrorExamples keeps the Go code of README.md and docs/*.md and
// the Examples (which go test runs) in step.
func TestDocsMirrorExamples(t *testing.T) {
	pages, err := filepath.Glob("../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range append(pages, "../README.md") {
		text, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		blocks := strings.Split(string(text), "```go\n")[1:]
		sources, listed := goBlocks[page]
		switch {
		case !listed && len(blocks) > 0:
			t.Errorf("%s has ```go blocks but goBlocks does not say which Examples they mirror", page)
			continue
		case listed && len(blocks) == 0:
			t.Errorf("%s has no ```go block, but goBlocks lists it", page)
			continue
		}
		var example []byte
		for _, src := range sources {
			b, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			example = append(example, b...)
		}
		if line, ok := mirrors(blocks, string(example)); !ok {
			t.Errorf("%s: line %q is not in %s (in order)", page, line, strings.Join(sources, ", "))
		}
	}
	for page := range goBlocks {
		if _, err := os.Stat(page); err != nil {
			t.Errorf("goBlocks lists %s: %v", page, err)
		}
	}
}

// mirrors reports whether every non-blank line of the blocks (each cut at
// its closing fence) appears in example, in order; if not, the first line
// that does not.
func mirrors(blocks []string, example string) (string, bool) {
	rest := example
	for _, block := range blocks {
		block, _, _ = strings.Cut(block, "```")
		for _, line := range strings.Split(block, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			i := strings.Index(rest, line)
			if i < 0 {
				return line, false
			}
			rest = rest[i+len(line):]
		}
	}
	return "", true
}

// TestDocsPackages keeps the "Packages" table of docs/library.md and the
// module's public packages in step: every package outside internal/ and
// examples/ has a row, and every row names a package.
func TestDocsPackages(t *testing.T) {
	page, err := os.ReadFile("../docs/library.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(page), "\n## Packages\n")
	if !ok {
		t.Fatal(`docs/library.md has no "## Packages" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var listed []string
	for _, line := range strings.Split(section, "\n") {
		if rest, ok := strings.CutPrefix(line, "| `"); ok {
			name, _, _ := strings.Cut(rest, "`")
			listed = append(listed, name)
		}
	}
	var packages []string
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != ".." && (strings.HasPrefix(name, ".") || name == "internal" || name == "examples" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			dir := filepath.ToSlash(filepath.Dir(path))
			if rel := strings.TrimPrefix(dir, "../"); rel != dir && !slices.Contains(packages, rel) {
				packages = append(packages, rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(listed)
	slices.Sort(packages)
	if diff := cmp.Diff(packages, listed); diff != "" {
		t.Errorf("docs/library.md's Packages table (-packages +table):\n%s", diff)
	}
}
