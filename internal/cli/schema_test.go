package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The JSON Schemas of docs/schema: the eval, test and lint JSON outputs
// (schemaVersion 1) and the suite file format. These tests validate real
// output and every bundled suite against them, and check that broken
// output and suites are rejected, so that a schema that accepts anything
// fails here.

// schemaBase is the URL the schemas' $id values share; a schema names
// another by its file name, relative to it.
const schemaBase = "https://raw.githubusercontent.com/iamgate/iamgate/main/docs/schema/"

// schemaNames are the schemas, by file name without .schema.json.
var schemaNames = []string{"eval", "test", "lint", "suite", "routes"}

var (
	schemaOnce     sync.Once
	schemaCompiled map[string]*jsonschema.Schema
	schemaErr      error
)

// schemaFile is the path of a schema in the repository.
func schemaFile(name string) string {
	return filepath.Join(pkgDir, "..", "..", "docs", "schema", name+".schema.json")
}

// noLoader refuses every URL the schemas did not register: a schema that
// refers to anything outside docs/schema (or to the network) fails to
// compile.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("%s is not one of docs/schema/*.schema.json", url)
}

// schemas compiles the schemas once: each against the draft 2020-12
// metaschema, with format assertions on (a date-time must be one).
func schemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	schemaOnce.Do(func() {
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		c.AssertFormat()
		c.UseLoader(noLoader{})
		for _, name := range schemaNames {
			doc, err := readJSONFile(schemaFile(name))
			if err != nil {
				schemaErr = err
				return
			}
			if err := c.AddResource(schemaBase+name+".schema.json", doc); err != nil {
				schemaErr = err
				return
			}
		}
		schemaCompiled = map[string]*jsonschema.Schema{}
		for _, name := range schemaNames {
			s, err := c.Compile(schemaBase + name + ".schema.json")
			if err != nil {
				schemaErr = fmt.Errorf("%s.schema.json: %v", name, err)
				return
			}
			schemaCompiled[name] = s
		}
	})
	if schemaErr != nil {
		t.Fatal(schemaErr)
	}
	return schemaCompiled
}

func readJSONFile(path string) (any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}

// checkValid reports data (JSON text) when the schema rejects it.
func checkValid(t *testing.T, schema, what string, data []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s: the output is not JSON: %v\n%s", what, err, data)
		return
	}
	if err := schemas(t)[schema].Validate(v); err != nil {
		t.Errorf("%s: %s.schema.json rejects the output: %v", what, schema, err)
	}
}

// TestSchemaFiles checks what every schema must have: the draft, its $id
// (its URL, which names its file), a title, and a description on every
// property written for users; every object that lists its properties is
// closed (additionalProperties false), so that a field the output gains
// fails the tests below until the schema describes it.
func TestSchemaFiles(t *testing.T) {
	schemas(t) // each compiles, against the metaschema
	for _, name := range schemaNames {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(schemaFile(name))
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			if got, want := doc["$schema"], "https://json-schema.org/draft/2020-12/schema"; got != want {
				t.Errorf("$schema is %v, want %s", got, want)
			}
			if got, want := doc["$id"], schemaBase+name+".schema.json"; got != want {
				t.Errorf("$id is %v, want %s", got, want)
			}
			for _, k := range []string{"title", "description"} {
				if s, _ := doc[k].(string); s == "" {
					t.Errorf("the schema has no %s", k)
				}
			}
			for _, p := range schemaProblems(doc, doc, "") {
				t.Error(p)
			}
		})
	}
}

// schemaProblems walks a schema: a property without a description (of
// its own, or of the local definition it refers to), and an object schema
// with properties that is not closed.
func schemaProblems(root map[string]any, s any, at string) []string {
	var out []string
	switch s := s.(type) {
	case map[string]any:
		// A schema of an object, not a constraint (if, not) on one.
		if props, ok := s["properties"].(map[string]any); ok && s["type"] == "object" {
			if s["additionalProperties"] != false {
				out = append(out, fmt.Sprintf("%s: an object with properties is not closed (additionalProperties: false)", at))
			}
			for _, k := range sortedKeys(props) {
				if !described(root, props[k]) {
					out = append(out, fmt.Sprintf("%s/properties/%s has no description", at, k))
				}
			}
		}
		for _, k := range sortedKeys(s) {
			out = append(out, schemaProblems(root, s[k], at+"/"+k)...)
		}
	case []any:
		for i, v := range s {
			out = append(out, schemaProblems(root, v, fmt.Sprintf("%s/%d", at, i))...)
		}
	}
	return out
}

// described reports whether a property's schema is described: false (a
// property that must not be there) needs no words.
func described(root map[string]any, s any) bool {
	m, ok := s.(map[string]any)
	if !ok {
		return s == false
	}
	if d, _ := m["description"].(string); d != "" {
		return true
	}
	ref, _ := m["$ref"].(string)
	if !strings.HasPrefix(ref, "#/") {
		return false
	}
	var cur any = root
	for _, part := range strings.Split(ref[2:], "/") {
		next, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		cur = next[part]
	}
	return described(root, cur)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestSchemaEvalOutput validates what "iamgate eval --format json" writes
// for answers of every kind, with --expect, with an authorizer program,
// and for usage and input errors. (Each run of a program starts the test
// binary: a few are enough, since the answers are those of the other
// cases.)
func TestSchemaEvalOutput(t *testing.T) {
	fakeAuthorizerInPath(t)
	base := []string{"eval", "--format", "json", "--api", apiARN, "--time", at}
	withCommand := func(args ...string) []string {
		return append(append(append([]string{}, base...), "--request", "GET /prod/orders/42", "--token", "Bearer alice", "--"), args...)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
	}{
		{"allow", append(base, "--request", "GET /prod/orders/42", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), ExitOK},
		{"expect met", append(base, "--request", "GET /prod/orders/42", "--authorizer-response", "fixtures/policies/authorizer-scoped.json", "--expect", "allow"), ExitOK},
		{"implicit deny, expect not met", append(base, "--request", "GET /prod/orders/43", "--authorizer-response", "fixtures/policies/authorizer-method-only.json", "--expect", "allow"), ExitFailed},
		{"explicit deny", append(base, "--request", "GET /prod/orders/42", "--authorizer-response", "fixtures/policies/authorizer-deny-all.json"), ExitOK},
		{"resource policy and authorizer", append(base, "--request", "GET /prod/invoices", "--token", "t", "--resource-policy", "fixtures/policies/resource-office-allow-only.json", "--source-ip", "203.0.113.50", "--authorizer-response", "fixtures/policies/authorizer-scoped.json"), ExitOK},
		{"unauthorized", append(base, "--request", "GET /prod/orders/42", "--authorizer-error", "Unauthorized"), ExitOK},
		{"authorizer failure", append(base, "--request", "GET /prod/orders/42", "--authorizer-error", "boom"), ExitOK},
		{"invalid authorizer output", append(base, "--request", "GET /prod/orders/42", "--authorizer-response", "fixtures/invalid/authorizer-nested-context.json"), ExitOK},
		{"IAM with context keys", append(base, "--request", "GET /prod/pets", "--caller", "arn:aws:iam::123456789012:user/alice", "--identity-policy", "fixtures/policies/identity-invoke-prod.json", "--principal-org-id", "o-a1b2c3", "--principal-tag", "team=payments"), ExitOK},
		{"IAM unsigned", append(base, "--request", "GET /prod/pets", "--auth", "AWS_IAM"), ExitOK},
		{"Cognito", append(base, "--request", "GET /prod/orders", "--auth", "COGNITO_USER_POOLS", "--resource-policy", "fixtures/policies/resource-office-allow-only.json", "--source-ip", "192.0.2.10"), ExitOK},
		{"method ARN too long", append(base, "--request", "GET /prod/"+strings.Repeat("x", 1600), "--authorizer-error", "never called"), ExitOK},
		{"usage error", append(base, "--request", "GET /prod/x", "--auth", "CUSTOM"), ExitUsage},
		{"unknown flag", append(base, "--request", "GET /prod/x", "--bogus"), ExitUsage},
		{"input error", append(base, "--request", "GET /prod/x", "--resource-policy", "fixtures/invalid/broken-resource-policy.json"), ExitUsage},
		{"command raises Unauthorized", withCommand("iamgate-test-authorizer", "unauthorized"), ExitOK},
		{"command crashes", withCommand("iamgate-test-authorizer", "crash"), ExitOK},
		{"command echoes its event", withCommand("iamgate-test-authorizer", "echo"), ExitOK},
		{"command not reached", append(append([]string{}, base...), "--request", "GET /prod/orders/42", "--token", "t", "--resource-policy", "fixtures/policies/resource-ip-allowlist.json", "--source-ip", "203.0.113.9", "--", "iamgate-test-authorizer", "stage"), ExitOK},
		{"command missing", withCommand("iamgate-no-such-program"), ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, stdout, stderr)
			}
			checkValid(t, "eval", tt.name, []byte(stdout))
		})
	}
}

// TestSchemaTestOutput validates the report of "iamgate test --format
// json": passing and failing suites, -v (every answer), suites that do not
// load, command authorizers, and skipped requests.
func TestSchemaTestOutput(t *testing.T) {
	fakeAuthorizerInPath(t)
	const suites = "internal/cli/testdata/suites/"
	tests := []struct {
		name     string
		args     []string
		wantCode int
	}{
		{"fixtures", []string{"./fixtures"}, ExitOK},
		{"fixtures, every answer", []string{"-v", "./fixtures"}, ExitOK},
		{"failing", []string{"--allow-path", "fixtures", suites + "failing"}, ExitFailed},
		{"does not load", []string{suites + "malformed", "fixtures/suites/caching.iamgate.yaml"}, ExitUsage},
		{"duplicate names", []string{suites + "dupnames"}, ExitUsage},
		{"commands", []string{"-v", "--run", "crash|Unauthorized|fails", suites + "commands"}, ExitFailed},
		{"skipped", []string{suites + "missing"}, ExitOK},
		{"skips fail", []string{"--no-skip", suites + "missing"}, ExitFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", append([]string{"test", "--format", "json"}, tt.args...)...)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, stdout, stderr)
			}
			checkValid(t, "test", tt.name, []byte(stdout))
		})
	}
}

// TestSchemaLintOutput validates the report of "iamgate lint --format
// json": findings of every severity, input errors, a suite that does not
// load, standard input, and a run with nothing found.
func TestSchemaLintOutput(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		stdin    string
		wantCode int
	}{
		{"fixtures", lintFixtures, "", ExitFailed},
		{"purpose-made documents", append(append([]string{}, lintDocsContext...), lintDocs), "", ExitFailed},
		{"suite does not load", []string{"internal/cli/testdata/suites/malformed/broken.iamgate.yaml"}, "", ExitUsage},
		{"missing file", []string{"does-not-exist.json"}, "", ExitUsage},
		{"standard input", []string{"--fail-on", "none", "-"}, `{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}`, ExitOK},
		{"clean", []string{"--allow-path", "fixtures", "fixtures/suites/caching.iamgate.yaml"}, "", ExitOK},
		{"command authorizer's note", []string{"examples/node/node.iamgate.yaml"}, "", ExitOK},
		{"templates", []string{lintTemplates + "/cfn.yaml", lintTemplates + "/cfn.json", lintTemplates + "/openapi.yaml", lintTemplates + "/state.json", lintTemplates + "/broken.yaml"}, "", ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.stdin, append([]string{"lint", "--format", "json"}, tt.args...)...)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, stdout, stderr)
			}
			checkValid(t, "lint", tt.name, []byte(stdout))
		})
	}
}

// TestSchemaGoldens validates every JSON report among the golden files of
// eval, test and lint: the outputs the other tests pin, as they are.
func TestSchemaGoldens(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(pkgDir, "testdata", "*.golden"))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, file := range files {
		name := filepath.Base(file)
		schema, _, _ := strings.Cut(name, "-")
		if schema != "eval" && schema != "test" && schema != "lint" {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out := goldenStdout(data)
		var head struct {
			SchemaVersion *int `json:"schemaVersion"`
		}
		if json.Unmarshal(out, &head) != nil || head.SchemaVersion == nil {
			continue // text, JUnit, TAP or SARIF
		}
		counts[schema]++
		checkValid(t, schema, name, out)
	}
	// Fewer means the goldens moved: the test would check nothing.
	for schema, least := range map[string]int{"eval": 20, "test": 5, "lint": 3} {
		if counts[schema] < least {
			t.Errorf("%d golden %s reports validated, want at least %d", counts[schema], schema, least)
		}
	}
}

// goldenStdout is the standard output a golden file holds: what follows
// "-- stdout --" up to "-- stderr --", or the whole file.
func goldenStdout(data []byte) []byte {
	rest, ok := bytes.CutPrefix(data, []byte("-- stdout --\n"))
	if !ok {
		return data
	}
	out, _, _ := bytes.Cut(rest, []byte("-- stderr --\n"))
	return out
}

// TestSchemaRejectsBrokenOutput: output with a field missing, of the
// wrong type, with an unknown value or an unknown member, is rejected.
func TestSchemaRejectsBrokenOutput(t *testing.T) {
	fakeAuthorizerInPath(t)
	output := func(args ...string) map[string]any {
		t.Helper()
		_, stdout, _ := run(t, "", args...)
		var v map[string]any
		if err := json.Unmarshal([]byte(stdout), &v); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stdout)
		}
		return v
	}
	answer := output("eval", "--format", "json", "--api", apiARN, "--time", at, "--request", "GET /prod/orders/42",
		"--resource-policy", "fixtures/policies/resource-ip-allowlist.json", "--source-ip", "192.0.2.7",
		"--authorizer-response", "fixtures/policies/authorizer-scoped.json", "--expect", "allow")
	denied := output("eval", "--format", "json", "--api", apiARN, "--time", at, "--request", "GET /prod/orders/42",
		"--resource-policy", "fixtures/policies/resource-ip-allowlist.json", "--source-ip", "203.0.113.9",
		"--authorizer-response", "fixtures/policies/authorizer-scoped.json")
	usage := output("eval", "--format", "json", "--api", apiARN, "--request", "GET /prod/x", "--auth", "CUSTOM")
	report := output("test", "--format", "json", "-v", "--run", "wrong status", "--allow-path", "fixtures", "internal/cli/testdata/suites/failing")
	lintReport := output(append([]string{"lint", "--format", "json"}, lintFixtures...)...)
	lintErrors := output("lint", "--format", "json", "does-not-exist.json")
	tests := []struct {
		name, schema string
		doc          map[string]any
		path         string
		value        any // deleteMember deletes it
	}{
		{"eval: no decision", "eval", answer, "/decision", deleteMember},
		{"eval: status as text", "eval", answer, "/status", "200"},
		{"eval: unknown decision", "eval", answer, "/decision", "Allowed"},
		{"eval: unknown member", "eval", answer, "/verdict", "allow"},
		{"eval: schemaVersion 2", "eval", answer, "/schemaVersion", 2},
		{"eval: unknown layer", "eval", answer, "/decidedBy", "lambda"},
		{"eval: effect in lower case", "eval", answer, "/reasons/0/effect", "allow"},
		{"eval: condition without key", "eval", denied, "/reasons/0/conditions/0/key", deleteMember},
		{"eval: condition values as text", "eval", denied, "/reasons/0/conditions/0/values", "192.0.2.0/24"},
		{"eval: expect without met", "eval", answer, "/expect/met", deleteMember},
		{"eval: unknown table", "eval", answer, "/table/name", "C"},
		{"eval: error without problems", "eval", usage, "/error/problems", deleteMember},
		{"eval: error with an empty message", "eval", usage, "/error/message", ""},
		{"test: result without want", "test", report, "/suites/0/results/0/want", deleteMember},
		{"test: negative count", "test", report, "/suites/0/passed", -1},
		{"test: time not RFC 3339", "test", report, "/suites/0/results/0/time", "yesterday"},
		{"test: answer of the wrong shape", "test", report, "/suites/0/results/0/answer/reasons", "none"},
		{"test: outcome with an unknown gateway response", "test", report, "/suites/0/results/0/outcome/gatewayResponse", "DENIED"},
		{"lint: unknown severity", "lint", lintReport, "/findings/0/severity", "fatal"},
		{"lint: code of another tool", "lint", lintReport, "/findings/0/code", "SC2086"},
		{"lint: counts without warning", "lint", lintReport, "/counts/warning", deleteMember},
		{"lint: unknown failOn", "lint", lintReport, "/failOn", "never"},
		{"lint: error without message", "lint", lintErrors, "/errors/0/message", deleteMember},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := cloneJSON(t, tt.doc)
			if err := setMember(doc, tt.path, tt.value); err != nil {
				t.Fatal(err)
			}
			data, _ := json.Marshal(doc)
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if schemas(t)[tt.schema].Validate(v) == nil {
				t.Errorf("%s.schema.json accepts the output with %s = %v", tt.schema, tt.path, tt.value)
			}
		})
	}
}

// deleteMember, as a value for setMember, deletes the member.
var deleteMember = &struct{ delete bool }{true}

// setMember sets (or deletes) the member at a JSON Pointer of doc; every
// member on the way must exist.
func setMember(doc any, pointer string, value any) error {
	parts := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	cur := doc
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				if value == deleteMember {
					if _, ok := c[p]; !ok {
						return fmt.Errorf("%s: no such member to delete", pointer)
					}
					delete(c, p)
				} else {
					c[p] = value
				}
				return nil
			}
			next, ok := c[p]
			if !ok || next == nil {
				return fmt.Errorf("%s: no member %q", pointer, p)
			}
			cur = next
		case []any:
			var n int
			if _, err := fmt.Sscan(p, &n); err != nil || n < 0 || n >= len(c) {
				return fmt.Errorf("%s: no item %q", pointer, p)
			}
			if last {
				c[n] = value
				return nil
			}
			cur = c[n]
		default:
			return fmt.Errorf("%s: %q is inside a value that is not an object or a list", pointer, p)
		}
	}
	return errors.New("empty pointer")
}

func cloneJSON(t *testing.T, v map[string]any) map[string]any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSchemaCappedLists validates the outputs whose lists are cut at 100,
// with their counts of the others (problemsOmitted, authorizerProblemsOmitted,
// errorsOmitted, findingsOmitted).
func TestSchemaCappedLists(t *testing.T) {
	const n = 150
	policyPath := unknownKeysPolicy(t, n, false)
	dir := filepath.Dir(policyPath)
	var output strings.Builder
	output.WriteString(`{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"`)
	for i := range n {
		fmt.Fprintf(&output, ",\n  \"k%d\": 1", i)
	}
	output.WriteString("}]}}\n")
	outputPath := filepath.Join(dir, "output.json")
	suitePath := filepath.Join(dir, "capped.iamgate.yaml")
	for path, text := range map[string]string{
		outputPath: output.String(),
		suitePath:  suiteHead + "resourcePolicy: p.json\ncases: [{request: GET /prod/a, expect: allow}]\n",
	} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	eval := []string{"eval", "--format", "json", "--api", apiARN, "--time", at, "--request", "GET /prod/a"}
	tests := []struct {
		name, schema, member string
		args                 []string
	}{
		{"eval input error", "eval", `"problemsOmitted": `, append(eval, "--resource-policy", policyPath)},
		{"eval authorizer output", "eval", `"authorizerProblemsOmitted": `, append(eval, "--authorizer-response", outputPath)},
		{"test load errors", "test", `"errorsOmitted": `, []string{"test", "--format", "json", suitePath}},
		{"lint findings", "lint", `"findingsOmitted": `, []string{"lint", "--format", "json", policyPath}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stdout, stderr := run(t, "", tt.args...)
			if !strings.Contains(stdout, tt.member) {
				t.Fatalf("the output has no %s:\n%.2000s\nstderr:\n%.2000s", tt.member, stdout, stderr)
			}
			checkValid(t, tt.schema, tt.name, []byte(stdout))
		})
	}
}
