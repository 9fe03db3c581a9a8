// Package examples holds example Lambda authorizers in Go, Node.js and
// Python, each with the iamgate suite that runs it (see README.md). This
// test runs the suites through the suite package, so that "go test ./..."
// checks the examples as "iamgate test ./examples" does.
package examples_test

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/suite"
)

func TestExampleSuites(t *testing.T) {
	if testing.Short() {
		t.Skip("the examples start interpreters and go run: skipped with -short")
	}
	files, err := suite.Find(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 4 {
		t.Fatalf("found %d suites, want the Go, Node.js and Python examples' (4)", len(files))
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			s, err := suite.Load(file, suite.LoadOptions{})
			if err != nil {
				if se, ok := suite.AsError(err); ok {
					t.Fatalf("%s", se.Detail())
				}
				t.Fatal(err)
			}
			for _, r := range s.Run(suite.RunOptions{Context: t.Context()}) {
				t.Run(r.Name, func(t *testing.T) {
					if r.Skipped {
						// Visible in go test -v and in the summary.
						t.Skip(r.SkipReason)
					}
					if !r.Passed {
						var b strings.Builder
						b.WriteString("want " + r.Case.Expect.String() + ", got " + r.Got)
						if r.Problem != "" {
							b.WriteString("\nproblem: " + r.Problem)
						}
						if inv := r.Invocation; inv != nil {
							b.WriteString("\nran " + inv.Command + ": " + inv.Outcome)
							b.WriteString("\nstdout: " + inv.Stdout + "\nstderr: " + inv.Stderr)
						}
						for _, l := range r.Answer.Trace {
							b.WriteString("\n  " + l.String())
						}
						t.Error(b.String())
					}
				})
			}
		})
	}
}
