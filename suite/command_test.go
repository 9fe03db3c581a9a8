package suite_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/fakeauthz"
	"github.com/iamgate/iamgate/suite"
)

// The test binary doubles as the authorizer the suites run (fakeauthz).
func TestMain(m *testing.M) {
	if os.Getenv(fakeauthz.Env) == "1" {
		os.Exit(fakeauthz.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// commandSuite is a suite whose authorizer runs the test binary as
// behaviour.
func commandSuite(t *testing.T, behaviour, extra, body string) (*suite.Suite, string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	src := fmt.Sprintf(`api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  fn:
    type: TOKEN
    command: [%q, %s]
    env: {IAMGATE_TEST_AUTHORIZER: "1"}
%s
auth: fn
routes: ["GET /orders/{id}", "DELETE /orders/{id}"]
defaults: {token: tok-1}
%s`, exe, behaviour, extra, body)
	return parseSuite(t, "", src, nil)
}

func TestCommandAuthorizerAnswers(t *testing.T) {
	// Each way an authorizer can end, and API Gateway's answer to it
	// (LA-USE; D3 and D9).
	for _, tc := range []struct {
		behaviour, expect, outcome string
	}{
		{"stage", "allow", "returned a response"},
		{"deny", "{status: 403, decision: explicit-deny, layer: authorizer}", "returned a response"},
		{"unauthorized", "{status: 401, layer: authorizer, message: Unauthorized}", `raised "Unauthorized" (exit status 1)`},
		{"unauthorized-text", "{status: 401, layer: authorizer}", `raised "Unauthorized" (exit status 1)`},
		{"unauthorized-spaces", "{status: 500, layer: authorizer-failure}", `raised "  Unauthorized  " (exit status 1)`},
		{"unauthorized-exit-0", "{status: 500, layer: authorizer-failure}", "returned output API Gateway cannot use: Lambda's error object, with exit status 0 (to raise an error, a runner exits with a non-zero status)"},
		{"throw", "{status: 500, layer: authorizer-failure}", `raised "Unauthorized: token expired" (exit status 1)`},
		{"crash", "{status: 500, layer: authorizer-failure}", "failed with exit status 2 and no error message on standard output"},
		{"not-json", "{status: 500, layer: authorizer-failure}", "returned output API Gateway cannot use"},
		{"proxy", "{status: 500, layer: authorizer-failure}", "returned output API Gateway cannot use"},
	} {
		t.Run(tc.behaviour, func(t *testing.T) {
			s, _ := commandSuite(t, tc.behaviour, "", "cases:\n  - {name: c, request: GET /prod/orders/1, expect: "+tc.expect+"}\n")
			res := s.Run(suite.RunOptions{})
			if len(res) != 1 {
				t.Fatalf("got %d results", len(res))
			}
			r := res[0]
			if !r.Passed {
				t.Errorf("want %s, got %s\n%s", tc.expect, r.Got, r.Answer.Trace)
			}
			if r.Invocation == nil || !r.Invoked {
				t.Fatal("the authorizer was not run")
			}
			if r.Invocation.Outcome != tc.outcome {
				t.Errorf("outcome: want %q, got %q", tc.outcome, r.Invocation.Outcome)
			}
		})
	}
}

func TestCommandAuthorizerStderrKept(t *testing.T) {
	s, _ := commandSuite(t, "crash", "", "cases:\n  - {name: c, request: GET /prod/orders/1, expect: allow}\n")
	r := s.Run(suite.RunOptions{})[0]
	if r.Passed {
		t.Fatal("a crashed authorizer passed as allow")
	}
	if !strings.Contains(r.Invocation.Stderr, "panic: runtime error") {
		t.Errorf("stderr not kept: %q", r.Invocation.Stderr)
	}
	if r.Outcome.Status != 500 || r.Outcome.Response != apigw.AuthorizerFailure {
		t.Errorf("want 500 AUTHORIZER_FAILURE, got %d %s", r.Outcome.Status, r.Outcome.Response)
	}
}

func TestCommandAuthorizerTimeout(t *testing.T) {
	s, _ := commandSuite(t, "sleep", "    timeout: 300ms", "cases:\n  - {name: c, request: GET /prod/orders/1, expect: {status: 500, layer: authorizer-failure}}\n")
	start := time.Now()
	r := s.Run(suite.RunOptions{})[0]
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("the run took %s: the timeout did not stop it", d)
	}
	if !r.Passed || !r.Invocation.TimedOut {
		t.Fatalf("want a timed-out 500, got %s (timed out %v)", r.Got, r.Invocation.TimedOut)
	}
	if r.Invocation.Outcome != "timed out after 300ms" {
		t.Errorf("outcome %q", r.Invocation.Outcome)
	}
	if r.Outcome.Status != 500 || r.Outcome.Response != apigw.AuthorizerFailure {
		t.Errorf("want 500 AUTHORIZER_FAILURE, got %d %s", r.Outcome.Status, r.Outcome.Response)
	}
}

func TestCommandAuthorizerCache(t *testing.T) {
	// The classic trap with a real program: the policy it returns names
	// event.methodArn only, and the cached result denies the next route.
	body := `sequences:
  - name: trap
    steps:
      - {name: first, request: GET /prod/orders/1, expect: {status: 200, cached: false}}
      - {name: second, request: DELETE /prod/orders/1, expect: {status: 403, decision: implicit-deny, cached: true}}
      - {name: other token, request: DELETE /prod/orders/1, token: tok-2, expect: {status: 200, cached: false}}
`
	s, _ := commandSuite(t, "method-arn-only", "", body)
	res := s.Run(suite.RunOptions{})
	var got []string
	for _, r := range res {
		got = append(got, fmt.Sprintf("%s passed=%v invoked=%v", r.Case.Name, r.Passed, r.Invoked))
	}
	want := []string{"first passed=true invoked=true", "second passed=true invoked=false", "other token passed=true invoked=true"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestCommandAuthorizerEvent(t *testing.T) {
	s, _ := commandSuite(t, "echo", "", "cases:\n  - {name: c, request: GET /prod/orders/42, token: Bearer abc, expect: allow}\n")
	r := s.Run(suite.RunOptions{})[0]
	want := `{"type":"TOKEN","authorizationToken":"Bearer abc","methodArn":"arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/42"}`
	if r.Invocation.Stderr != want || string(r.Invocation.Event) != want {
		t.Errorf("event:\nwant %s\ngot  %s\nsent %s", want, r.Invocation.Stderr, r.Invocation.Event)
	}
}

func TestCommandAuthorizerNeedsSourceIP(t *testing.T) {
	s, _ := commandSuite(t, "source-ip", "", "cases:\n  - {name: c, request: GET /prod/orders/1, expect: allow}\n")
	r := s.Run(suite.RunOptions{})[0]
	if r.Passed || !strings.Contains(r.Problem, "aws:SourceIp") {
		t.Errorf("want a failure naming aws:SourceIp, got passed=%v problem %q", r.Passed, r.Problem)
	}
	s, _ = commandSuite(t, "source-ip", "", "cases:\n  - {name: c, request: GET /prod/orders/1, sourceIp: 192.0.2.7, expect: allow}\n")
	if r := s.Run(suite.RunOptions{})[0]; !r.Passed {
		t.Errorf("with sourceIp: %s %s", r.Got, r.Problem)
	}
}

func TestCommandAuthorizerMissingProgram(t *testing.T) {
	src := `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  fn: {type: TOKEN, command: [iamgate-no-such-interpreter, authorizer.js]}
auth: fn
defaults: {token: t}
cases:
  - {name: a, request: GET /prod/x, expect: allow}
  - {name: b, request: GET /prod/y, expect: 401, token: ""}
sequences:
  - name: s
    steps:
      - {request: GET /prod/x, expect: allow}
`
	s, _ := parseSuite(t, "", src, nil)
	res := s.Run(suite.RunOptions{})
	var got []string
	for _, r := range res {
		got = append(got, fmt.Sprintf("%s skipped=%v", r.Name, r.Skipped))
	}
	// b stops at the identity check, before the authorizer: it runs.
	want := []string{"s/a skipped=true", "s/b skipped=false", "s/s/GET /prod/x skipped=true"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if !strings.Contains(res[0].SkipReason, "iamgate-no-such-interpreter is not installed") {
		t.Errorf("reason %q", res[0].SkipReason)
	}
	if p, f := suite.Counts(res); p != 1 || f != 0 || suite.Skipped(res) != 2 {
		t.Errorf("counts %d %d %d", p, f, suite.Skipped(res))
	}
}

func TestCommandAuthorizerLoadErrors(t *testing.T) {
	for _, tc := range []struct{ name, auth, want string }{
		{"one line", `{type: TOKEN, command: "node authorizer.js"}`, "not one line"},
		{"one line in a list", `{type: TOKEN, command: ["node authorizer.js"]}`, "not one line"},
		{"missing file", `{type: TOKEN, command: [./nope.sh]}`, "./nope.sh is not a file"},
		{"with response", `{type: TOKEN, command: [node], error: Unauthorized}`, "both command and a written answer"},
		{"timeout", `{type: TOKEN, command: [node], timeout: 20m}`, "at most 15m"},
		{"timeout text", `{type: TOKEN, command: [node], timeout: soon}`, `"soon" is not a duration`},
		{"dir", `{type: TOKEN, command: [node], dir: nowhere}`, "is not a folder"},
		{"env without command", `{type: TOKEN, error: Unauthorized, env: {A: b}}`, "env applies to an authorizer that runs a command"},
		{"empty", `{type: TOKEN, command: []}`, "empty list"},
		{"not executable", `{type: TOKEN, command: [./plain.txt]}`, "./plain.txt is not executable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nauthorizers:\n  fn: " + tc.auth + "\nauth: fn\ncases:\n  - {request: GET /prod/x, token: t, expect: allow}\n"
			dir := t.TempDir()
			if err := os.WriteFile(dir+"/plain.txt", []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := suite.Parse([]byte(src), dir+"/s.iamgate.yaml", suite.LoadOptions{Now: now})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("want an error with %q, got %v", tc.want, err)
			}
		})
	}
}

func TestCommandAuthorizerLoadErrorsAtOnce(t *testing.T) {
	// A problem of one of command, dir, env and timeout hides none of the
	// others': one load reports them all. Only the program's lookup needs
	// a valid dir.
	for _, tc := range []struct {
		name, dir string
		want      []string
	}{
		{"bad dir", "nowhere", []string{
			`DIR/s.iamgate.yaml:6:10: dir: DIR/nowhere is not a folder (paths are relative to the suite file) (at /authorizers/fn/dir)`,
			`DIR/s.iamgate.yaml:8:7: env: "A=B" is not a variable name (it contains =) (at /authorizers/fn/env/A=B)`,
			`DIR/s.iamgate.yaml:10:7: env: "C=D" is not a variable name (it contains =) (at /authorizers/fn/env/C=D)`,
			`DIR/s.iamgate.yaml:11:14: timeout: "0s" is not a duration such as 10s or 2m, above 0 and at most 15m (Lambda's longest) (at /authorizers/fn/timeout)`,
		}},
		{"good dir, missing program", "sub", []string{
			`DIR/s.iamgate.yaml:5:14: command: ./nope.sh is not a file (a program with a path is relative to the command's folder DIR/sub) (at /authorizers/fn/command)`,
			`DIR/s.iamgate.yaml:8:7: env: "A=B" is not a variable name (it contains =) (at /authorizers/fn/env/A=B)`,
			`DIR/s.iamgate.yaml:10:7: env: "C=D" is not a variable name (it contains =) (at /authorizers/fn/env/C=D)`,
			`DIR/s.iamgate.yaml:11:14: timeout: "0s" is not a duration such as 10s or 2m, above 0 and at most 15m (Lambda's longest) (at /authorizers/fn/timeout)`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"sub/README": "", "s.iamgate.yaml": `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  fn:
    type: TOKEN
    command: [./nope.sh]
    dir: ` + tc.dir + `
    env:
      "A=B": x
      OK: y
      "C=D": z
    timeout: 0s
auth: fn
cases:
  - {request: GET /prod/x, token: t, expect: allow}
`})
			got, _ := loadProblems(t, dir, "s.iamgate.yaml")
			for i := range got {
				// The folder in a message that ends with it.
				got[i] = strings.ReplaceAll(got[i], dir, "DIR")
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCommandAuthorizerRequestEvent(t *testing.T) {
	exe, _ := os.Executable()
	src := fmt.Sprintf(`api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  fn:
    type: REQUEST
    identitySource: method.request.header.X-Api-Key
    command: [%q, echo]
    env: {IAMGATE_TEST_AUTHORIZER: "1"}
auth: fn
routes: ["GET /orders/{id}"]
cases:
  - name: c
    request: GET /prod/orders/42?page=2
    headers: {x-api-key: k1}
    stageVariables: {env: production}
    sourceIp: 192.0.2.7
    time: 2026-12-02T10:00:00Z
    expect: allow
`, exe)
	s, _ := parseSuite(t, "", src, nil)
	r := s.Run(suite.RunOptions{})[0]
	if !r.Passed {
		t.Fatalf("%s\n%s", r.Got, r.Invocation.Stderr)
	}
	var ev struct {
		Type           string
		Resource       string
		Path           string
		Headers        map[string]string
		Query          map[string]string `json:"queryStringParameters"`
		PathParameters map[string]string
		StageVariables map[string]string
		RequestContext struct {
			Path, ResourcePath, Stage, RequestTime string
			Identity                               map[string]string
		}
	}
	if err := json.Unmarshal([]byte(r.Invocation.Stderr), &ev); err != nil {
		t.Fatalf("%v: %s", err, r.Invocation.Stderr)
	}
	if ev.Type != "REQUEST" || ev.Resource != "/orders/{id}" || ev.Path != "/orders/42" ||
		ev.Headers["x-api-key"] != "k1" || ev.Headers["X-Forwarded-For"] != "192.0.2.7" || ev.Query["page"] != "2" || ev.PathParameters["id"] != "42" ||
		ev.StageVariables["env"] != "production" || ev.RequestContext.Path != "/prod/orders/42" ||
		ev.RequestContext.ResourcePath != "/orders/{id}" || ev.RequestContext.Identity["sourceIp"] != "192.0.2.7" ||
		ev.RequestContext.RequestTime != "02/Dec/2026:10:00:00 +0000" {
		t.Errorf("event: %s", r.Invocation.Stderr)
	}
}

func TestCommandAuthorizerRelativeProgram(t *testing.T) {
	// A program named with a path is relative to dir, itself relative to
	// the suite file.
	exe, _ := os.Executable()
	src := `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  fn:
    type: TOKEN
    command: [./bin/authorizer, stage]
    dir: sub
    env: {IAMGATE_TEST_AUTHORIZER: "1"}
auth: fn
cases:
  - {request: GET /prod/x, token: t, expect: allow}
`
	dir := t.TempDir()
	if err := os.MkdirAll(dir+"/sub/bin", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(exe, dir+"/sub/bin/authorizer"); err != nil {
		t.Skip("symlinks:", err)
	}
	s, err := suite.Parse([]byte(src), dir+"/s.iamgate.yaml", suite.LoadOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	r := s.Run(suite.RunOptions{})[0]
	if !r.Passed || r.Invocation.Dir != dir+"/sub" {
		t.Errorf("passed %v, dir %s: %s %s", r.Passed, r.Invocation.Dir, r.Got, r.Invocation.Stderr)
	}
}

func TestCommandAuthorizerNeedsDisk(t *testing.T) {
	fsys := fstest.MapFS{"s.iamgate.yaml": {Data: []byte(`api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  fn: {type: TOKEN, command: [node, a.mjs]}
auth: fn
cases:
  - {request: GET /prod/x, token: t, expect: allow}
`)}}
	_, err := suite.LoadFS(fsys, "s.iamgate.yaml", suite.LoadOptions{Now: now})
	if err == nil || !strings.Contains(err.Error(), "needs the suite in a folder on disk") {
		t.Errorf("want an error about the embedded file system, got %v", err)
	}
}

// BenchmarkCommandAuthorizer is one request that runs a command
// authorizer (a Go binary: the test binary as fakeauthz): the event
// built, the process started and waited for, its output parsed, the
// answer decided. Interpreters add their own start-up time.
func BenchmarkCommandAuthorizer(b *testing.B) {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	src := fmt.Sprintf(`api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  fn: {type: TOKEN, command: [%q, stage], env: {IAMGATE_TEST_AUTHORIZER: "1"}}
auth: fn
cases:
  - {request: GET /prod/x, token: t, expect: allow}
`, exe)
	s, err := suite.Parse([]byte(src), b.TempDir()+"/s.iamgate.yaml", suite.LoadOptions{Now: now})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if r := s.Run(suite.RunOptions{}); !r[0].Passed {
			b.Fatal(r[0].Got)
		}
	}
}

func TestCommandAuthorizerPATH(t *testing.T) {
	// A program found through the command's own PATH (env) is not
	// skipped; a misspelt interpreter's skip says what it may be.
	exe, _ := os.Executable()
	bin := t.TempDir()
	if err := os.Symlink(exe, bin+"/my-authorizer"); err != nil {
		t.Skip("symlinks:", err)
	}
	src := fmt.Sprintf(`api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  fn: {type: TOKEN, command: [my-authorizer, stage], env: {IAMGATE_TEST_AUTHORIZER: "1", PATH: %q}}
  typo: {type: TOKEN, command: [nodee, a.mjs]}
routes: [{route: GET /a, auth: fn}, {route: GET /b, auth: typo}]
cases:
  - {request: GET /prod/a, token: t, expect: allow}
  - {request: GET /prod/b, token: t, expect: allow}
`, bin)
	s, _ := parseSuite(t, "", src, nil)
	res := s.Run(suite.RunOptions{})
	if !res[0].Passed || res[0].Skipped {
		t.Errorf("through env PATH: passed %v, skipped %q, %s", res[0].Passed, res[0].SkipReason, res[0].Got)
	}
	if res[0].Invocation.Command != "my-authorizer stage" {
		t.Errorf("command shown as %q", res[0].Invocation.Command)
	}
	// The hint names only an installed interpreter.
	_, err := exec.LookPath("node")
	if hinted := strings.Contains(res[1].SkipReason, "(did you mean node?)"); !res[1].Skipped || hinted != (err == nil) {
		t.Errorf("typo: skipped %v, %q", res[1].Skipped, res[1].SkipReason)
	}
}

func TestCommandAuthorizerRelativePATHAndSpaces(t *testing.T) {
	// A relative folder of the command's PATH is relative to its dir; a
	// one-element command that names a file with a space in its path is
	// a program, not a shell line.
	exe, _ := os.Executable()
	dir := t.TempDir()
	for _, p := range []string{dir + "/bin", dir + "/my dir"} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if os.Symlink(exe, dir+"/bin/rel-authorizer") != nil || os.Symlink(exe, dir+"/my dir/authz") != nil {
		t.Skip("symlinks")
	}
	src := `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  rel: {type: TOKEN, command: [rel-authorizer, stage], env: {IAMGATE_TEST_AUTHORIZER: "1", PATH: bin}}
  spaced: {type: TOKEN, command: ["./my dir/authz"], env: {IAMGATE_TEST_AUTHORIZER: "1"}}
routes: [{route: GET /a, auth: rel}, {route: GET /b, auth: spaced}]
cases:
  - {request: GET /prod/a, token: t, expect: allow}
  - {request: GET /prod/b, token: t, expect: {status: 500}}
`
	// ./my dir/authz runs, with no behaviour named: fakeauthz exits 4, a 500.
	t.Chdir(t.TempDir()) // relative to the suite, not to the working folder
	s, err := suite.Parse([]byte(src), dir+"/s.iamgate.yaml", suite.LoadOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Run(suite.RunOptions{}) {
		if !r.Passed || r.Skipped {
			t.Errorf("%s: got %s, skipped %q", r.Name, r.Got, r.SkipReason)
		}
	}
}

// TestCommandAuthorizerCannotStart: a program the system cannot start (a
// script without an interpreter line) is iamgate's setup failing, not the
// authorizer answering: the request fails whatever it expects.
func TestCommandAuthorizerCannotStart(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no exec format errors on Windows")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "auth"), []byte("echo hi\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  fn: {type: TOKEN, command: [./auth]}
auth: fn
cases:
  - {request: GET /prod/x, token: t, expect: 500}
`
	s, err := suite.Parse([]byte(src), filepath.Join(dir, "s.iamgate.yaml"), suite.LoadOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	r := s.Run(suite.RunOptions{})[0]
	if r.Passed || !strings.Contains(r.Problem, "the authorizer's program could not be started (") || !strings.Contains(r.Problem, "exec format error") {
		t.Errorf("passed %v, problem %q", r.Passed, r.Problem)
	}
}

// TestWrongTypeHidesNothing: an authorizer's wrong type does not hide the
// problems of its command keys.
func TestWrongTypeHidesNothing(t *testing.T) {
	_, err := suite.Parse([]byte(`api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  fn: {type: TOKN, command: [node, x.mjs], timeout: soon}
cases:
  - {request: GET /prod/x, expect: allow}
`), filepath.Join(t.TempDir(), "s.iamgate.yaml"), suite.LoadOptions{Now: now})
	se, ok := suite.AsError(err)
	if !ok {
		t.Fatalf("want a load error, got %v", err)
	}
	d := se.Detail()
	for _, want := range []string{`authorizer type must be TOKEN, REQUEST or COGNITO_USER_POOLS, not "TOKN"`, `timeout: "soon" is not a duration`} {
		if !strings.Contains(d, want) {
			t.Errorf("missing %q in:\n%s", want, d)
		}
	}
}

// TestCommandAuthorizerEnvironment: the program gets a minimal
// environment, Lambda's variables and the suite's env, never a secret of
// iamgate's environment unless inheritEnv (or RunOptions.InheritEnv) names
// it.
func TestCommandAuthorizerEnvironment(t *testing.T) {
	t.Setenv("AWS_SECRET_ACCESS_KEY", "planted-aws-secret")
	t.Setenv("GITHUB_TOKEN", "planted-github-token")
	t.Setenv("IAMGATE_OTHER", "planted-other")
	t.Setenv("HOME", "/home/planted")
	body := "cases:\n  - {name: c, request: GET /prod/orders/1, expect: allow}\n"
	envOf := func(t *testing.T, extra string, opts suite.RunOptions) string {
		t.Helper()
		s, _ := commandSuite(t, "env", extra, body)
		res := s.Run(opts)
		if len(res) != 1 || res[0].Invocation == nil || !res[0].Passed {
			t.Fatalf("results: %+v", res)
		}
		return res[0].Invocation.Stderr
	}
	got := envOf(t, "", suite.RunOptions{})
	for _, want := range []string{"HOME=/home/planted", "PATH=", "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1", "AWS_LAMBDA_FUNCTION_NAME=fn", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128", "TZ=:UTC", "IAMGATE_TEST_AUTHORIZER=1"} {
		if !strings.Contains(got, want) {
			t.Errorf("the environment lacks %s:\n%s", want, got)
		}
	}
	for _, secret := range []string{"planted-aws-secret", "planted-github-token", "planted-other"} {
		if strings.Contains(got, secret) {
			t.Errorf("the program saw %s:\n%s", secret, got)
		}
	}
	got = envOf(t, "    inheritEnv: [GITHUB_TOKEN]\n", suite.RunOptions{InheritEnv: []string{"IAMGATE_OTHER", "IAMGATE_UNSET"}})
	for _, want := range []string{"GITHUB_TOKEN=planted-github-token", "IAMGATE_OTHER=planted-other"} {
		if !strings.Contains(got, want) {
			t.Errorf("inherited, the environment lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "planted-aws-secret") || strings.Contains(got, "IAMGATE_UNSET") {
		t.Errorf("the program saw what was not named, or an unset variable:\n%s", got)
	}
	// inheritEnv may be one name.
	got = envOf(t, "    inheritEnv: AWS_SECRET_ACCESS_KEY\n", suite.RunOptions{})
	if !strings.Contains(got, "AWS_SECRET_ACCESS_KEY=planted-aws-secret") {
		t.Errorf("inheritEnv as one name was not passed:\n%s", got)
	}
}

func TestCommandAuthorizerInheritEnvErrors(t *testing.T) {
	for _, tc := range []struct{ value, want string }{
		{`[""]`, "inheritEnv: the variable name is empty"},
		{`[A=B]`, `inheritEnv: "A=B" is not a variable name`},
		{`[]`, "inheritEnv is an empty list"},
		{`{A: B}`, "inheritEnv"},
	} {
		t.Run(tc.value, func(t *testing.T) {
			src := `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  fn: {type: TOKEN, command: [sh], inheritEnv: ` + tc.value + `}
auth: fn
routes: ["GET /orders/{id}"]
cases:
  - {name: c, request: GET /prod/orders/1, token: t, expect: allow}
`
			dir := t.TempDir()
			file := filepath.Join(dir, "s.iamgate.yaml")
			if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := suite.Load(file, suite.LoadOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestCommandAuthorizerSetupProblems: in a suite too, a handler module
// run without a runner and a runner that cannot load its module are the
// 500 of a broken function, reported and advised as setup problems.
func TestCommandAuthorizerSetupProblems(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	runner, err := filepath.Abs("../examples/node/run.mjs")
	if err != nil {
		t.Fatal(err)
	}
	src := fmt.Sprintf(`api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  bare: {type: TOKEN, command: [node, index.mjs]}
  lost: {type: TOKEN, command: [node, %q, ./no-such.mjs]}
routes: [{route: GET /a, auth: bare}, {route: GET /b, auth: lost}]
cases:
  - {request: GET /prod/a, token: t, expect: 500}
  - {request: GET /prod/b, token: t, expect: 500}
`, runner)
	s, _ := parseSuite(t, "", src, map[string]string{"index.mjs": "export const handler = async () => ({principalId: 'me'});\n"})
	want := []struct{ outcome, advice string }{
		{"wrote nothing to standard output (exit status 0)", "Start it through a runner that calls the handler and prints its result, such as -- node examples/node/run.mjs index.mjs. This is a setup problem"},
		{"failed to load the handler: raised", "The runner " + runner + " failed to load the handler ./no-such.mjs (Runtime.ImportModuleError: "},
	}
	for i, r := range s.Run(suite.RunOptions{Explain: true}) {
		if !r.Passed || r.Skipped {
			t.Errorf("%s: got %s, skipped %q", r.Name, r.Got, r.SkipReason)
		}
		if r.Invocation == nil || !strings.Contains(r.Invocation.Outcome, want[i].outcome) {
			t.Errorf("%s: invocation %+v, want outcome %q", r.Name, r.Invocation, want[i].outcome)
		}
		explained := r.Answer.Explanation(apigw.RenderOptions{})
		if !strings.Contains(explained, want[i].advice) || strings.Contains(explained, "must fail with exactly") || strings.Contains(explained, "fix the authorizer's output") {
			t.Errorf("%s: explanation:\n%s\nwant advice %q", r.Name, explained, want[i].advice)
		}
	}
}
