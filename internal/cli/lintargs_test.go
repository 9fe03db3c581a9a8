package cli

import (
	"flag"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/policy"
)

// lintArgsOf parses lint's flags and paths and types them, reading no
// file.
func lintArgsOf(t *testing.T, args ...string) (*lintArgs, error) {
	t.Helper()
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f lintFlags
	defineLintFlags(fs, &f)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("flags %q: %v", args, err)
	}
	return parseLintArgs(fs, &f, fs.Args())
}

func TestParseLintArgs(t *testing.T) {
	type view struct {
		Format, Out        string
		FailOn             lint.Severity
		Ignore, DocFlags   []string
		Kind               policy.Kind
		Detect             bool
		API                string
		Auth, Routes       []string
		TTL                int
		Private            string
		Paths              []string
		MaxDocument, Allow int
	}
	for _, tc := range []struct {
		args []string
		want view
	}{
		{[]string{"p.json"}, view{Format: "text", FailOn: lint.Error, Detect: true, TTL: -1, Private: "unknown", Paths: []string{"p.json"}}},
		{[]string{"--format", "sarif", "--fail-on", "none", "--ignore", "IG210, IG100", "--ignore", "IG210", "-o", "r.sarif", "--kind", "resource",
			"--api", "arn:aws:execute-api:us-east-1:123456789012:abc123", "--auth", "CUSTOM,AWS_IAM", "--auth", "CUSTOM", "--authorizer-ttl", "0",
			"--endpoint-type", "PRIVATE", "--route", " GET  /orders/{id} ", "--route", "GET /orders/{id}", "--max-document-size", "2KiB", "a", "-"},
			view{Format: "sarif", Out: "r.sarif", Ignore: []string{"IG210", "IG100"},
				DocFlags: []string{"--api", "--auth", "--authorizer-ttl", "--endpoint-type", "--kind", "--route"},
				Kind:     policy.ResourceBased, API: "arn:aws:execute-api:us-east-1:123456789012:abc123", Auth: []string{"CUSTOM", "AWS_IAM"},
				Routes: []string{"GET /orders/{id}"}, TTL: 0, Private: "true", Paths: []string{"a", "-"}, MaxDocument: 2 << 10}},
		{[]string{"--fail-on", "warning", "--endpoint-type", "EDGE", "x"}, view{Format: "text", FailOn: lint.Warning, Detect: true, TTL: -1,
			Private: "false", DocFlags: []string{"--endpoint-type"}, Paths: []string{"x"}}},
	} {
		a, err := lintArgsOf(t, tc.args...)
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		cfg := a.file.Config
		got := view{Format: a.format, Out: a.out, FailOn: a.failOn, Ignore: a.ignore, DocFlags: a.docFlags, Kind: a.file.Kind,
			Detect: a.file.DetectKind, Auth: cfg.Auth, Routes: cfg.Routes, TTL: -1, Private: "unknown", Paths: a.paths,
			MaxDocument: int(a.load.maxDocument.n)}
		if !cfg.API.IsZero() {
			got.API = cfg.API.String()
		}
		if cfg.CacheTTL.IsSet() {
			got.TTL = cfg.CacheTTL.Seconds()
		}
		if cfg.Private != nil {
			got.Private = map[bool]string{true: "true", false: "false"}[*cfg.Private]
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%q (-want +got):\n%s", tc.args, d)
		}
	}
}

func TestParseLintArgsRefuses(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml", "a"}, `--format: "xml" is not text, json or sarif`},
		{[]string{"--fail-on", "fatal", "a"}, `--fail-on: "fatal" is not error, security-warning, warning, suggestion or none`},
		{[]string{"--ignore", "IG999", "a"}, `--ignore: "IG999" is not a rule code (the rules are listed in docs/lint.md, IG100 to IG506)`},
		{[]string{"--api", "arn:aws:s3:::b", "a"}, "--api: "},
		{[]string{"--auth", "CUSTM", "a"}, `--auth: "CUSTM" is not NONE, CUSTOM, AWS_IAM or COGNITO_USER_POOLS (did you mean CUSTOM?)`},
		{[]string{"--authorizer-ttl", "3601", "a"}, `--authorizer-ttl: "3601" is not a number of seconds from 0 to 3600 (0 turns the cache off)`},
		{[]string{"--endpoint-type", "REGIONL", "a"}, `--endpoint-type: "REGIONL" is not REGIONAL, EDGE or PRIVATE (did you mean REGIONAL?)`},
		{[]string{"--route", "GET orders", "a"}, `--route: "GET orders" is not "VERB /path", such as "GET /orders/{id}" or "ANY /{proxy+}"`},
		{[]string{"--route", "FETCH /x", "a"}, `--route: "FETCH /x": "FETCH" is not GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS or ANY`},
		{[]string{"--route", "GET /{proxy+}/x", "a"}, `--route: "GET /{proxy+}/x": the greedy parameter {proxy+} must be the last segment`},
		{[]string{"--allow-path", "no/such/folder", "a"}, "--allow-path: no/such/folder is not a folder"},
		{nil, `no paths given: name policy documents, suite files or folders ("-" for standard input)`},
		{[]string{"-", "a", "-"}, `"-" (standard input) is given 2 times: it can be read once`},
	} {
		_, err := lintArgsOf(t, tc.args...)
		switch {
		case err == nil:
			t.Errorf("%q: no error, want %q", tc.args, tc.want)
		case tc.want == "--api: ":
			if len(err.Error()) <= len(tc.want) || err.Error()[:len(tc.want)] != tc.want {
				t.Errorf("%q: %q, want an --api error", tc.args, err)
			}
		case err.Error() != tc.want:
			t.Errorf("%q: %q, want %q", tc.args, err, tc.want)
		}
	}
}
