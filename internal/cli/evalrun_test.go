package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeAuthorizer makes iamgate-test-authorizer, in PATH, the authorizer
// its argument names (internal/fakeauthz): the test binary run by that
// name is the authorizer (TestMain).
func fakeAuthorizer(t *testing.T) {
	t.Helper()
	fakeAuthorizerInPath(t)
}

// TestEvalCommand runs the authorizer program given after -- for one
// request: its answer, read as Lambda's, decides; the report says what the
// run did.
func TestEvalCommand(t *testing.T) {
	fakeAuthorizer(t)
	base := []string{"eval", "--api", apiARN, "--request", "GET /prod/orders/42", "--time", at, "--token", "Bearer alice"}
	tests := []struct {
		name     string
		args     []string
		wantCode int
	}{
		{"eval-command-allow", append(base, "--", "iamgate-test-authorizer", "stage"), ExitOK},
		{"eval-command-deny", append(base, "--", "iamgate-test-authorizer", "deny"), ExitOK},
		{"eval-command-unauthorized", append(base, "--", "iamgate-test-authorizer", "unauthorized"), ExitOK},
		{"eval-command-throw", append(base, "--", "iamgate-test-authorizer", "throw"), ExitOK},
		{"eval-command-crash", append(base, "--", "iamgate-test-authorizer", "crash"), ExitOK},
		{"eval-command-not-json", append(base, "--", "iamgate-test-authorizer", "not-json"), ExitOK},
		{"eval-command-timeout", append(append([]string{}, base...), "--authorizer-timeout", "200ms", "--", "iamgate-test-authorizer", "sleep"), ExitOK},
		{"eval-command-expect", append(append([]string{}, base...), "--expect", "allow", "--", "iamgate-test-authorizer", "unauthorized"), ExitFailed},
		{"eval-command-not-reached", append(append([]string{}, base...), "--resource-policy", "fixtures/policies/resource-ip-allowlist.json", "--source-ip", "203.0.113.9", "--", "iamgate-test-authorizer", "stage"), ExitOK},
		{"eval-command-missing-program", append(base, "--", "iamgate-no-such-program"), ExitUsage},
		{"eval-command-shell-line", append(base, "--", "iamgate-test-authorizer stage"), ExitUsage},
		{"eval-command-no-program", append(base, "--"), ExitUsage},
		{"eval-command-and-response", append(append([]string{}, base...), "--authorizer-response", "fixtures/policies/authorizer-scoped.json", "--", "iamgate-test-authorizer", "stage"), ExitUsage},
		{"eval-command-bad-timeout", append(append([]string{}, base...), "--authorizer-timeout", "1h", "--", "iamgate-test-authorizer", "stage"), ExitUsage},
		{"eval-command-cannot-start", append(append([]string{}, base...), "--expect", "500", "--", "internal/cli/testdata/noshebang"), ExitUsage},
		{"eval-command-resource-mismatch-not-reached", append(append([]string{}, base...), "--resource-policy", "fixtures/policies/resource-ip-allowlist.json", "--source-ip", "203.0.113.9", "--resource", "/customers/{id}", "--", "iamgate-test-authorizer", "stage"), ExitUsage},
		{"eval-command-resource-alone", append(append([]string{}, base...), "--resource", "/orders/{id}"), ExitUsage},
		{"eval-command-request", []string{"eval", "--api", apiARN, "--request", "GET /prod/orders/42", "--time", at, "--authorizer-type", "REQUEST", "--source-ip", "192.0.2.7", "--resource", "/orders/{id}", "--", "iamgate-test-authorizer", "echo"}, ExitOK},
		{"eval-command-timeout-alone", append(append([]string{}, base...), "--authorizer-timeout", "1s"), ExitUsage},
		{"eval-command-request-needs-ip", []string{"eval", "--api", apiARN, "--request", "GET /prod/orders/42", "--time", at, "--authorizer-type", "REQUEST", "--", "iamgate-test-authorizer", "stage"}, ExitUsage},
		{"eval-command-policy-reads-ip", append(base, "--", "iamgate-test-authorizer", "source-ip"), ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, stdout, stderr)
			}
			stdout = durations.ReplaceAllString(stdout, "${1}0")
			golden(t, tt.name+".golden", "-- stdout --\n"+stdout+"-- stderr --\n"+stderr)
		})
	}
}

// TestEvalCommandJSON checks the run in the JSON answer: the event the
// program read and what it wrote.
func TestEvalCommandJSON(t *testing.T) {
	fakeAuthorizer(t)
	code, stdout, stderr := run(t, "", "eval", "--format", "json", "--api", apiARN, "--request", "GET /prod/orders/42", "--time", at,
		"--token", "Bearer alice", "--", "iamgate-test-authorizer", "echo")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Status     int `json:"status"`
		Invocation *struct {
			Command string `json:"command"`
			Event   struct {
				Type               string `json:"type"`
				AuthorizationToken string `json:"authorizationToken"`
				MethodARN          string `json:"methodArn"`
			} `json:"event"`
			ExitCode int    `json:"exitCode"`
			Outcome  string `json:"outcome"`
			Stderr   string `json:"stderr"`
		} `json:"invocation"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	inv := got.Invocation
	if got.Status != 200 || inv == nil {
		t.Fatalf("status %d, invocation %v\n%s", got.Status, inv, stdout)
	}
	if inv.Command != "iamgate-test-authorizer echo" || inv.ExitCode != 0 || inv.Outcome != "returned a response" {
		t.Errorf("invocation: %+v", inv)
	}
	if inv.Event.Type != "TOKEN" || inv.Event.AuthorizationToken != "Bearer alice" || inv.Event.MethodARN != apiARN+"/prod/GET/orders/42" {
		t.Errorf("event: %+v", inv.Event)
	}
	if !strings.Contains(inv.Stderr, `"methodArn":"`+apiARN+`/prod/GET/orders/42"`) {
		t.Errorf("stderr does not carry the event the program read: %q", inv.Stderr)
	}

	// Without -- there is no invocation member; when the request does not
	// reach the authorizer, it is null.
	_, stdout, _ = run(t, "", "eval", "--format", "json", "--api", apiARN, "--request", "GET /prod/x", "--time", at)
	if strings.Contains(stdout, `"invocation"`) {
		t.Errorf("an answer without a program has an invocation member:\n%s", stdout)
	}
	_, stdout, _ = run(t, "", "eval", "--format", "json", "--api", apiARN, "--request", "GET /prod/x", "--time", at, "--token", "", "--", "iamgate-test-authorizer", "stage")
	if !strings.Contains(stdout, `"invocation": null`) || !strings.Contains(stdout, `"status": 401`) {
		t.Errorf("a request stopped before the authorizer:\n%s", stdout)
	}
}

// TestEvalCommandSetupProblems: a handler module run without a runner
// (it writes nothing) and a runner that cannot load its module are setup
// problems of the program: still the 500 of a broken function, but the
// advice says what happened instead of asking for another output or
// error.
func TestEvalCommandSetupProblems(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	module := filepath.Join(t.TempDir(), "index.mjs")
	if err := os.WriteFile(module, []byte("export const handler = async () => ({principalId: 'me'});\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"eval", "--api", apiARN, "--request", "GET /prod/orders/42", "--time", at, "--token", "Bearer alice"}
	tests := []struct {
		name    string
		program []string
		want    []string
	}{
		{"module without runner", []string{"node", module}, []string{
			"authorizer: ran node " + module + ": wrote nothing to standard output (exit status 0): no handler answered",
			"500 Internal Server Error",
			"  - The program \"node " + module + "\" wrote nothing to standard output and exited with status 0, so no handler answered: a handler module run on its own only defines its handler. Start it through a runner that calls the handler and prints its result, such as -- node examples/node/run.mjs " + module + ". This is a setup problem",
		}},
		{"wrong module path", []string{"node", "examples/node/run.mjs", "./no-such-authorizer.mjs"}, []string{
			"failed to load the handler: raised \"Error: Cannot find module",
			"500 Internal Server Error",
			"  - The runner examples/node/run.mjs failed to load the handler ./no-such-authorizer.mjs (Runtime.ImportModuleError: Error: Cannot find module",
			"This is a setup problem of the authorizer program or of how it is started",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", append(append(base, "--authorizer-timeout", "2m", "--"), tt.program...)...)
			if code != ExitOK {
				t.Fatalf("exit code %d\n%s%s", code, stdout, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, stdout)
				}
			}
			for _, bad := range []string{"fix the authorizer's output", "must fail with exactly"} {
				if strings.Contains(stdout, bad) {
					t.Errorf("output advises %q:\n%s", bad, stdout)
				}
			}
		})
	}
}
