package command_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/iamgate/iamgate/internal/command"
)

// TestAuthorizeSetupProblems: a program that exits 0 without writing
// anything, or whose runner reports one of the runtime's load errors, never
// ran its handler: the answer says so, and is still a 500.
func TestAuthorizeSetupProblems(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	fail := func(typ string) []string {
		return []string{"sh", "-c", `echo '{"errorMessage":"Cannot find module","errorType":"` + typ + `"}'; exit 1`}
	}
	tests := []struct {
		name        string
		argv        []string
		wantSetup   string // "" for none
		wantOutcome string
	}{
		{"silent", []string{"sh", "-c", "true"}, "wrote nothing to standard output and exited with status 0", "wrote nothing to standard output (exit status 0): no handler answered"},
		{"import", fail("Runtime.ImportModuleError"), "failed to load the handler (Runtime.ImportModuleError: Cannot find module)", "failed to load the handler: raised"},
		{"not found", fail("Runtime.HandlerNotFound"), "(Runtime.HandlerNotFound: ", "failed to load the handler"},
		{"syntax", fail("Runtime.UserCodeSyntaxError"), "(Runtime.UserCodeSyntaxError: ", "failed to load the handler"},
		{"exit", fail("Runtime.ExitError"), "(Runtime.ExitError: ", "failed to load the handler"},
		{"handler error", fail("Error"), "", `raised "Cannot find module" (exit status 1)`},
		{"not json", []string{"sh", "-c", "echo hello"}, "", "returned output API Gateway cannot use"},
		{"no message", []string{"sh", "-c", "exit 3"}, "", "failed with exit status 3 and no error message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := command.Spec{Argv: tt.argv, Timeout: 10 * time.Second}
			r := s.Authorize(context.Background(), []byte("{}"), "out")
			got := r.Answer.SetupProblem()
			if (got == "") != (tt.wantSetup == "") || !strings.Contains(got, tt.wantSetup) {
				t.Errorf("SetupProblem() = %q, want it to contain %q", got, tt.wantSetup)
			}
			if !strings.Contains(r.Outcome, tt.wantOutcome) {
				t.Errorf("Outcome = %q, want it to contain %q", r.Outcome, tt.wantOutcome)
			}
			if r.Response {
				t.Error("a setup problem is not a response")
			}
		})
	}
}

// TestSetupProblemNamesRunnerAndHandler: a handler module started on its
// own is told to go through a runner; a runner's load error names the
// runner and the handler.
func TestSetupProblemNamesRunnerAndHandler(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		argv []string
		want string
	}{
		{[]string{"true", "./index.mjs"}, "such as -- node examples/node/run.mjs ./index.mjs"},
		{[]string{"true", "handler.py"}, "such as -- python3 examples/python/run.py handler.py"},
		{[]string{"true"}, "check that the program calls the handler and prints its result"},
	} {
		if _, err := exec.LookPath("true"); err != nil {
			t.Skip("no true")
		}
		s := command.Spec{Argv: tc.argv, Timeout: 10 * time.Second, Dir: dir}
		got := s.Authorize(context.Background(), []byte("{}"), "out").Answer.SetupProblem()
		if !strings.Contains(got, tc.want) {
			t.Errorf("%q: SetupProblem() = %q, want it to contain %q", tc.argv, got, tc.want)
		}
	}
	script := dir + "/run.mjs"
	s := command.Spec{Argv: []string{"sh", script, "./nosuch.mjs"}, Timeout: 10 * time.Second}
	if err := writeScript(script, `echo '{"errorMessage":"no module","errorType":"Runtime.ImportModuleError"}'; exit 1`); err != nil {
		t.Fatal(err)
	}
	got := s.Authorize(context.Background(), []byte("{}"), "out").Answer.SetupProblem()
	if want := "the runner " + script + " failed to load the handler ./nosuch.mjs (Runtime.ImportModuleError: no module)"; got != want {
		t.Errorf("SetupProblem() = %q, want %q", got, want)
	}
}

func writeScript(path, text string) error { return os.WriteFile(path, []byte(text+"\n"), 0o600) }
