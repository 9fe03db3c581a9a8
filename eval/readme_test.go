package eval_test

import (
	"os"
	"strings"
	"testing"
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
