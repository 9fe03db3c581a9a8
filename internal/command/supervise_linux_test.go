package command_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/internal/command"
)

// supervisedTests are the tests of runs that TestSupervised runs again
// with every run supervised.
const supervisedTests = "^(TestRun|TestRunTimeoutStopsTheGroup|TestRunCancelled|TestRunUnreadStdin|TestRunKillsLeftovers|TestAuthorizeKilledBySignal|TestAuthorizeTimeoutIsNoSignal|TestStartError|TestSupervisorIsParent)$"

// TestSupervised: a run through the supervisor (command.EnableSupervisor)
// is read as a direct run is: output, exit status, signal, timeout,
// cancellation, start errors, leftovers killed.
func TestSupervised(t *testing.T) {
	if os.Getenv("COMMAND_SUPERVISED") == "1" {
		t.Skip("running supervised already")
	}
	cmd := exec.Command(os.Args[0], "-test.run", supervisedTests, "-test.v")
	cmd.Env = append(os.Environ(), "COMMAND_SUPERVISED=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestSupervisorIsParent") {
		t.Errorf("supervised: %v\n%s", err, out)
	}
}

// TestSupervisorIsParent: supervised, the program's parent is the
// supervisor, this test binary run again.
func TestSupervisorIsParent(t *testing.T) {
	if os.Getenv("COMMAND_SUPERVISED") != "1" {
		t.Skip("runs under TestSupervised")
	}
	r := spec(t, "parent").Run(context.Background(), nil)
	if r.Err != nil || r.ExitCode != 0 {
		t.Fatalf("%+v", r)
	}
	if cmdline := r.Stdout; !strings.Contains(string(cmdline), "__iamgate-supervise") {
		t.Errorf("the parent is %q, not the supervisor", cmdline)
	}
}

// TestStartError: a script whose #! interpreter is missing is reported as
// that, not as "no such file or directory" for the script, which exists.
func TestStartError(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "authorizer")
	if err := os.WriteFile(script, []byte("#!/no/such/interpreter -x\necho hi\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	r := command.Spec{Argv: []string{"./authorizer"}, Dir: dir}.Run(context.Background(), nil)
	want := "./authorizer: its interpreter /no/such/interpreter (the #! line) is not installed: fork/exec ./authorizer: no such file or directory"
	if r.Err == nil || r.Err.Error() != want {
		t.Errorf("error %v, want %s", r.Err, want)
	}
	// A program that is missing itself is still told as missing.
	r = command.Spec{Argv: []string{filepath.Join(dir, "gone")}}.Run(context.Background(), nil)
	if r.Err == nil || strings.Contains(r.Err.Error(), "interpreter") || !strings.Contains(r.Err.Error(), "no such file or directory") {
		t.Errorf("missing program: %v", r.Err)
	}
}
