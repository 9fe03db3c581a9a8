package cli

import (
	"errors"
	"flag"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
)

// evalArgsOf parses eval's flags and types them, reading no file.
func evalArgsOf(t *testing.T, args ...string) (*evalArgs, error) {
	t.Helper()
	fs, f := evalFlagsOf(t, args)
	f.command = fs.Args()
	return parseEvalArgs(f)
}

// evalFlagsOf parses eval's flags, failing the test on a flag error.
func evalFlagsOf(t *testing.T, args []string) (*flag.FlagSet, *evalFlags) {
	t.Helper()
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f evalFlags
	defineEvalFlags(fs, &f)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("flags %q: %v", args, err)
	}
	return fs, &f
}

const argsAPI = "arn:aws:execute-api:us-east-1:123456789012:abc123"

func TestParseEvalArgs(t *testing.T) {
	a, err := evalArgsOf(t, "--api", argsAPI, "--request", "GET /prod/orders/42?b=2", "--query", "a=1",
		"--header", "x-token=tok", "--identity-source", "method.request.header.X-Token", "--authorizer-response", "resp.json",
		"--stage-variable", "env=dev", "--stage-variable", "env=prod", "--source-ip", "203.0.113.9", "--time", "2026-01-02T03:04:05Z",
		"--request-context", "identity.caller=me", "--resource", "/orders/{id}", "--format", "json", "--messages", "legacy")
	if err != nil {
		t.Fatal(err)
	}
	if a.auth != apigw.AuthCustom || a.authorizer == nil || a.authorizer.Name != authorizerName || a.authorizer.Type != apigw.TokenAuthorizer {
		t.Errorf("authorization %v, authorizer %+v: want CUSTOM with a TOKEN authorizer (an authorizer response is given)", a.auth, a.authorizer)
	}
	if a.method.String() != "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders/42" || a.format != "json" || a.style != apigw.LegacyMessages {
		t.Errorf("method %s, format %s, style %v", a.method, a.format, a.style)
	}
	r := a.request
	want := map[string]any{
		"verb/stage/path": "GET prod /orders/42",
		"query":           map[string][]string{"a": {"1"}, "b": {"2"}},
		"headers":         http.Header{"X-Token": {"tok"}},
		"header names":    map[string]string{"X-Token": "x-token"},
		"stage variables": map[string]string{"env": "prod"},
		"request context": map[string]string{"identity.caller": "me"},
		"resource":        "/orders/{id}",
		"source ip":       "203.0.113.9",
		"time":            "2026-01-02T03:04:05Z",
		// The token's header is sent: its value is checked, not assumed.
		"assume valid": false,
	}
	got := map[string]any{
		"verb/stage/path": r.Verb + " " + r.Stage + " " + r.Path,
		"query":           map[string][]string(r.Query),
		"headers":         r.Headers,
		"header names":    r.HeaderNames,
		"stage variables": r.StageVariables,
		"request context": r.RequestContext,
		"resource":        r.Resource,
		"source ip":       r.Info.SourceIP.String(),
		"time":            r.Info.Time.Format("2006-01-02T15:04:05Z07:00"),
		"assume valid":    r.AssumeValidIdentity,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("request (-want +got):\n%s", d)
	}

	// The authorization type defaults from the other flags.
	for _, tc := range []struct {
		args []string
		want apigw.AuthType
	}{
		{nil, apigw.AuthNone},
		{[]string{"--caller", "arn:aws:iam::123456789012:user/alice"}, apigw.AuthIAM},
		{[]string{"--token", "x"}, apigw.AuthCustom},
		{[]string{"--authorizer-error", "Unauthorized"}, apigw.AuthCustom},
		{[]string{"--auth", "COGNITO_USER_POOLS"}, apigw.AuthCognito},
	} {
		a, err := evalArgsOf(t, append([]string{"--method-arn", argsAPI + "/prod/GET/x"}, tc.args...)...)
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		if a.auth != tc.want {
			t.Errorf("%q: authorization %v, want %v", tc.args, a.auth, tc.want)
		}
	}
	// A TOKEN authorizer's token, not given, is taken as present and
	// valid; given, it goes to its header.
	a, _ = evalArgsOf(t, "--method-arn", argsAPI+"/prod/GET/x", "--auth", "CUSTOM")
	if a == nil || !a.request.AssumeValidIdentity || a.request.HasToken {
		t.Errorf("no token: %+v", a)
	}
	a, _ = evalArgsOf(t, "--method-arn", argsAPI+"/prod/GET/x", "--token", "Bearer x")
	if a == nil || a.request.AssumeValidIdentity || !a.request.HasToken || a.request.Token != "Bearer x" {
		t.Errorf("a token: %+v", a)
	}
}

func TestParseEvalArgsRefuses(t *testing.T) {
	m := []string{"--method-arn", argsAPI + "/prod/GET/x"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml"}, `--format: "xml" is not text or json`},
		{append(m, "--messages", "new"), `--messages: "new" is not current or legacy`},
		{append(m, "--api", argsAPI), "--method-arn replaces --api and --request"},
		{[]string{"--api", argsAPI}, "give --api and --request (or --method-arn)"},
		{[]string{"--api", argsAPI, "--request", "GET /prod/x?=1"}, "has a parameter without a name"},
		{append(m, "--auth", "LAMBDA"), `--auth: "LAMBDA" is not NONE`},
		{append(m, "--token", "x", "--caller", "arn:aws:iam::123456789012:user/a"), "say which authorization the method uses with --auth"},
		{append(m, "--vpce", "vpce-1"), "--vpce makes this a call to a private API"},
		{append(m, "--header", "bad name=x"), "--header:"},
		{append(m, "--stage-variable", "novalue"), `--stage-variable: "novalue" is not NAME=VALUE`},
		{append(m, "--source-ip", "nowhere"), `--source-ip: "nowhere" is not an IP address`},
		{append(m, "--time", "yesterday"), `--time: "yesterday" is not an RFC 3339 time`},
		{append(m, "--context", "SourceIp=1"), `--context: "SourceIp" is not a condition key`},
		{append(m, "--resource-policy", "-", "--authorizer-response", "-"), "only one FILE can be -"},
		{append(m, "--authorizer-ttl", "soon", "--auth", "CUSTOM"), `--authorizer-ttl: "soon" is not a number of seconds`},
	} {
		_, err := evalArgsOf(t, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error saying %q", tc.args, err, tc.want)
		}
	}
}

// evalCommandArgsOf parses eval's command line as runEval does: the
// flags, then the authorizer's program after "--".
func evalCommandArgsOf(t *testing.T, args ...string) (*evalArgs, error) {
	t.Helper()
	fs, f := evalFlagsOf(t, args)
	return parseEvalCommandArgs(fs, f, args)
}

func TestParseEvalCommandArgs(t *testing.T) {
	m := []string{"--method-arn", argsAPI + "/prod/GET/x"}
	a, err := evalCommandArgsOf(t, append(m, "--resource", "/{p+}", "--authorizer-timeout", "2s", "--inherit-env", "NODE_OPTIONS",
		"--max-document-size", "2KiB", "--", "node", "run.mjs", "--flag")...)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{"program": a.program, "timeout": a.timeout.String(), "inherit": a.inheritEnv, "resource": a.resource,
		"max": a.maxDocument, "auth": a.auth.String()}
	want := map[string]any{"program": []string{"node", "run.mjs", "--flag"}, "timeout": "2s", "inherit": []string{"NODE_OPTIONS"},
		"resource": "/{p+}", "max": int64(2 << 10), "auth": "CUSTOM"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	// A program's timeout defaults; without a program there is none.
	if a, err := evalCommandArgsOf(t, append(m, "--", "auth")...); err != nil || a.timeout.String() != "10s" {
		t.Errorf("default timeout: %v, %v", a, err)
	}
	if a, err := evalCommandArgsOf(t, m...); err != nil || a.timeout != 0 || a.program != nil {
		t.Errorf("no program: %+v, %v", a, err)
	}
}

func TestParseEvalCommandArgsRefuses(t *testing.T) {
	m := []string{"--method-arn", argsAPI + "/prod/GET/x"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{append(m, "GET /prod/x"), `unexpected argument "GET /prod/x": eval takes flags only (quote the request: --request "GET /prod/pets"; an authorizer program comes after --)`},
		{append(m, "--"), "-- is followed by no program: give the authorizer's program and its arguments after it"},
		{append(m, "--resource", "/x"), "--resource shapes the event an authorizer program reads: it goes with a program after --"},
		{append(m, "--inherit-env", "A=B", "--", "auth"), `--inherit-env: "A=B" is not a variable name (it contains = or NUL)`},
		{append(m, "--authorizer-timeout", "soon", "--", "auth"), "--authorizer-timeout: "},
		{append(m, "--authorizer-timeout", "2s"), "--authorizer-timeout is for an authorizer program, given after --"},
		{append(m, "--format", "xml", "--", "auth"), `--format: "xml" is not text or json`},
	} {
		_, err := evalCommandArgsOf(t, tc.args...)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.args, err, tc.want)
		}
		var ue usageError
		if err != nil && !errors.As(err, &ue) {
			t.Errorf("%q: %v is not a usage error", tc.args, err)
		}
	}
}

// eventArgsOf parses event's flags as runEvent does.
func eventArgsOf(t *testing.T, args ...string) (*evalArgs, error) {
	t.Helper()
	fs := flag.NewFlagSet("event", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f evalFlags
	defineRequestFlags(fs, &f)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("flags %q: %v", args, err)
	}
	return parseEventArgs(fs, &f)
}

func TestParseEventArgs(t *testing.T) {
	a, err := eventArgsOf(t, "--api", argsAPI, "--request", "GET /prod/orders/42", "--authorizer-type", "REQUEST",
		"--identity-source", "method.request.header.Auth", "--resource", "/orders/{id}")
	if err != nil {
		t.Fatal(err)
	}
	if a.auth != apigw.AuthCustom || a.authorizer == nil || a.authorizer.Type != apigw.RequestAuthorizer || a.resource != "/orders/{id}" ||
		a.request.Resource != "/orders/{id}" || a.format != "text" || a.style != apigw.CurrentMessages {
		t.Errorf("%+v", a)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--method-arn", argsAPI + "/prod/GET/x", "extra"}, `unexpected argument "extra": event takes flags only (quote the request: --request "GET /prod/pets")`},
		{[]string{"--api", argsAPI}, "give --api and --request (or --method-arn)"},
		{[]string{"--method-arn", argsAPI + "/prod/GET/x", "--authorizer-type", "COOKIE"}, `--authorizer-type: "COOKIE" is not TOKEN or REQUEST`},
	} {
		_, err := eventArgsOf(t, tc.args...)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: %v, want %q", tc.args, err, tc.want)
		}
	}
}
