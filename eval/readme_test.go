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

// TestREADMEMirrorsExample keeps the README's library examples and the
// Examples (which go test runs) in step: every line of the README's Go
// blocks must appear, in order, in ../examples/go/authorizer_test.go (the
// "Testing your authorizer" walk-through), then example_test.go, then
// ../apigw/example_test.go, then ../suite/example_test.go.
func TestREADMEMirrorsExample(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	// The apigw package's examples follow the eval ones in the README,
	// then the suite package's.
	gatewayExample, err := os.ReadFile("../apigw/example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	example = append(example, gatewayExample...)
	suiteExample, err := os.ReadFile("../suite/example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	walkthrough, err := os.ReadFile("../examples/go/authorizer_test.go")
	if err != nil {
		t.Fatal(err)
	}
	example = append(append(walkthrough, example...), suiteExample...)
	blocks := strings.Split(string(readme), "```go\n")[1:]
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```go block")
	}
	rest := string(example)
	for _, block := range blocks {
		block, _, _ = strings.Cut(block, "```")
		for _, line := range strings.Split(block, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			i := strings.Index(rest, line)
			if i < 0 {
				t.Fatalf("README line %q is not in example_test.go (in order)", line)
			}
			rest = rest[i+len(line):]
		}
	}
}

// TestREADMEPackages keeps the README's "Packages" table and the module's
// public packages in step: every package outside internal/ and examples/
// has a row, and every row names a package.
func TestREADMEPackages(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Packages\n")
	if !ok {
		t.Fatal(`README.md has no "## Packages" section`)
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
		t.Errorf("README.md's Packages table (-packages +table):\n%s", diff)
	}
}
