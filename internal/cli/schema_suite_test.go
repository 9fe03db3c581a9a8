package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
	"github.com/santhosh-tekuri/jsonschema/v6"
	yaml "go.yaml.in/yaml/v4"
)

// suiteValue decodes a suite file (YAML, or JSON, which is YAML) into the
// generic value an editor's YAML language server validates: YAML
// timestamps become RFC 3339 text, numbers stay numbers.
func suiteValue(data []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	text, err := json.Marshal(jsonValue(v))
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(text))
}

// jsonValue turns what YAML decodes into what JSON can write: mappings
// with keys that are not text, and timestamps.
func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = jsonValue(e)
		}
		return v
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[fmt.Sprint(k)] = jsonValue(e)
		}
		return out
	case []any:
		for i, e := range v {
			v[i] = jsonValue(e)
		}
		return v
	case time.Time:
		return v.Format(time.RFC3339Nano)
	}
	return v
}

// suiteSchemaError validates a suite's text against suite.schema.json.
func suiteSchemaError(t *testing.T, data []byte) error {
	t.Helper()
	v, err := suiteValue(data)
	if err != nil {
		return fmt.Errorf("not YAML: %v", err)
	}
	return schemas(t)["suite"].Validate(v)
}

// suiteFiles lists the suite files under a folder of the repository.
func suiteFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	root := filepath.Join(pkgDir, "..", "..")
	err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "node_modules" {
			return filepath.SkipDir
		}
		for _, ext := range suite.Extensions {
			if !d.IsDir() && strings.HasSuffix(d.Name(), ext) {
				rel, _ := filepath.Rel(root, path)
				out = append(out, rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSuiteSchemaAcceptsBundledSuites: every suite of fixtures/ and
// examples/ is valid, so an editor checking them against the schema
// shows no false alarm.
func TestSuiteSchemaAcceptsBundledSuites(t *testing.T) {
	files := append(suiteFiles(t, "fixtures"), suiteFiles(t, "examples")...)
	if len(files) < 11 {
		t.Fatalf("%d suite files under fixtures and examples, want at least 11: %v", len(files), files)
	}
	for _, file := range files {
		data, err := os.ReadFile(filepath.Join(pkgDir, "..", "..", file))
		if err != nil {
			t.Fatal(err)
		}
		if err := suiteSchemaError(t, data); err != nil {
			t.Errorf("%s: suite.schema.json rejects it: %v", file, err)
		}
	}
}

// TestSuiteSchemaAgreesWithLoader: every suite of the tests' own data that
// loads is valid, and the malformed one (an unknown key, a wrong expect)
// is not.
func TestSuiteSchemaAgreesWithLoader(t *testing.T) {
	t.Chdir(filepath.Join(pkgDir, "..", ".."))
	fakeAuthorizerInPath(t)
	loaded := 0
	for _, file := range suiteFiles(t, "internal/cli/testdata") {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		schemaErr := suiteSchemaError(t, data)
		_, loadErr := suite.Load(file, suite.LoadOptions{AllowPaths: []string{"fixtures"}})
		switch {
		case loadErr == nil && schemaErr != nil:
			t.Errorf("%s loads, but suite.schema.json rejects it: %v", file, schemaErr)
		case loadErr == nil:
			loaded++
		case strings.Contains(file, "malformed") && schemaErr == nil:
			t.Errorf("%s does not load (%v), but suite.schema.json accepts it", file, loadErr)
		}
	}
	if loaded < 5 {
		t.Errorf("%d suites of internal/cli/testdata load, want at least 5", loaded)
	}
}

// suiteHead is the start of the suites below.
const suiteHead = "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\n"

// TestSuiteSchemaRejects: suites the loader refuses for their shape are
// rejected by the schema too, and a few the loader accepts (in forms
// less common than the bundled suites') are accepted.
func TestSuiteSchemaRejects(t *testing.T) {
	const cases = "cases: [{request: GET /prod/a, expect: allow}]\n"
	const token = "authorizers:\n  a: {type: TOKEN, %s}\nauth: a\n" + cases
	tests := []struct {
		name, text string
		valid      bool
	}{
		{"no api", cases, false},
		{"no requests", suiteHead, false},
		{"unknown key", suiteHead + "case: []\n" + cases, false},
		{"misspelt expect", suiteHead + "cases: [{request: GET /prod/a, expect: allowed}]\n", false},
		{"expect without request", suiteHead + "cases: [{expect: allow}]\n", false},
		{"status out of range", suiteHead + "cases: [{request: GET /prod/a, expect: {status: 99}}]\n", false},
		{"empty expect", suiteHead + "cases: [{request: GET /prod/a, expect: {}}]\n", false},
		{"unknown layer", suiteHead + "cases: [{request: GET /prod/a, expect: {layer: lambda}}]\n", false},
		{"message and messageContains", suiteHead + "cases: [{request: GET /prod/a, expect: {message: a, messageContains: b}}]\n", false},
		{"empty messageContains", suiteHead + "cases: [{request: GET /prod/a, expect: {messageContains: \"\"}}]\n", false},
		{"messageMatches", suiteHead + "cases: [{request: GET /prod/a, expect: {status: 403, messageMatches: \"^User is not\"}}]\n", true},
		{"unknown messages", suiteHead + "messages: old\n" + cases, false},
		{"route without verb", suiteHead + "routes: [/orders]\n" + cases, false},
		{"auth by type", suiteHead + "auth: CUSTOM\n" + cases, false},
		{"authorizer without type", suiteHead + "authorizers:\n  a: {error: Unauthorized}\nauth: a\n" + cases, false},
		{"authorizer of unknown type", suiteHead + fmt.Sprintf(token, "type: LAMBDA, error: x"), false},
		{"authorizer without an answer", suiteHead + "authorizers:\n  a: {type: TOKEN}\nauth: a\n" + cases, false},
		{"response and error", suiteHead + fmt.Sprintf(token, "response: r.json, error: x"), false},
		{"command and response", suiteHead + fmt.Sprintf(token, "command: [node, run.mjs], response: r.json"), false},
		{"timeout without command", suiteHead + fmt.Sprintf(token, "error: x, timeout: 5s"), false},
		{"timeout that is not a duration", suiteHead + fmt.Sprintf(token, "command: [node], timeout: soon"), false},
		{"ttl out of range", suiteHead + fmt.Sprintf(token, "error: x, ttl: 7200"), false},
		{"Cognito with a response", suiteHead + "authorizers:\n  a: {type: COGNITO_USER_POOLS, response: r.json}\nauth: a\n" + cases, false},
		{"responses entry with token and identity", suiteHead + fmt.Sprintf(token, "responses: [{token: t, identity: [x], error: x}]"), false},
		{"responses entry without answer", suiteHead + fmt.Sprintf(token, "responses: [{token: t}]"), false},
		{"caller without arn", suiteHead + "callers: {c: {policies: p.json}}\n" + cases, false},
		{"a step's time", suiteHead + "sequences: [{steps: [{request: GET /prod/a, expect: allow, time: '2026-01-02T15:04:05Z'}]}]\n", false},
		{"sequence without steps", suiteHead + "sequences: [{name: s}]\n", false},
		{"wait with a request", suiteHead + "sequences: [{steps: [{wait: 1s, request: GET /prod/a, expect: allow}]}]\n", false},
		{"flush of a path", suiteHead + "sequences: [{steps: [{request: GET /prod/a, expect: allow}, {flush: prod/a}]}]\n", false},
		{"time not RFC 3339", suiteHead + "defaults: {time: yesterday}\n" + cases, false},
		{"header with a mapping", suiteHead + "defaults: {headers: {X-A: {b: c}}}\n" + cases, false},

		{"api in parts", "api: {region: us-east-1, account: 012345678901, id: abc123defg}\n" + cases, true},
		{"expect as a status", suiteHead + "cases: [{request: GET /prod/a, expect: 403}]\n", true},
		{"expect mapping", suiteHead + "cases: [{request: GET /prod/a, expect: {status: 403, decision: deny, layer: resource-policy, message: Forbidden}}]\n", true},
		{"route with auth", suiteHead + "routes: [{route: GET /a, auth: NONE}, POST /a]\n" + cases, true},
		{"inline response", suiteHead + fmt.Sprintf(token, `response: {"principalId": "u", "policyDocument": {"Statement": []}}`), true},
		{"command authorizer", suiteHead + fmt.Sprintf(token, "command: [node, run.mjs], dir: ., env: {A: b}, inheritEnv: HOME, timeout: 5s"), true},
		{"sequence", suiteHead + "sequences: [{time: 2026-01-02T15:04:05Z, steps: [{request: GET /prod/a, expect: allow}, {wait: 5m}, {flush: prod}, {request: GET /prod/a, at: +10m, expect: {cached: false}}]}]\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := suiteSchemaError(t, []byte(tt.text))
			if tt.valid && err != nil {
				t.Errorf("suite.schema.json rejects:\n%s\n%v", tt.text, err)
			}
			if !tt.valid && err == nil {
				t.Errorf("suite.schema.json accepts:\n%s", tt.text)
			}
		})
	}
}

// TestSuiteSchemaKeys: each mapping of a suite has the keys in the schema
// that the loader accepts, read from the loader's own error for an
// unknown key. A key added to the loader fails here until the schema
// describes it.
func TestSuiteSchemaKeys(t *testing.T) {
	const unknown = "unknownkeyforthetest"
	const cases = "cases: [{request: GET /prod/a, expect: allow}]\n"
	const step = "{request: GET /prod/a, expect: allow}"
	tests := []struct {
		name    string
		text    string
		pointer string // the object's schema in suite.schema.json
		// notInSchema are keys the loader reads only to refuse them.
		notInSchema []string
	}{
		{"suite", suiteHead + unknown + ": 1\n" + cases, "", nil},
		{"api", "api: {region: us-east-1, account: '123456789012', id: abc, " + unknown + ": 1}\n" + cases, "/properties/api/oneOf/1", nil},
		{"authorizer", suiteHead + "authorizers:\n  a: {type: TOKEN, error: x, " + unknown + ": 1}\nauth: a\n" + cases, "/$defs/authorizer", nil},
		{"responses entry", suiteHead + "authorizers:\n  a: {type: TOKEN, responses: [{token: t, error: x, " + unknown + ": 1}]}\nauth: a\n" + cases, "/$defs/responsesEntry", nil},
		{"route", suiteHead + "routes: [{route: GET /a, " + unknown + ": 1}]\n" + cases, "/properties/routes/items/oneOf/1", nil},
		{"caller", suiteHead + "callers: {c: {arn: 'arn:aws:iam::123456789012:user/c', " + unknown + ": 1}}\n" + cases, "/$defs/caller", nil},
		{"defaults", suiteHead + "defaults: {" + unknown + ": 1}\n" + cases, "/$defs/requestFields", nil},
		{"case", suiteHead + "cases: [{request: GET /prod/a, expect: allow, " + unknown + ": 1}]\n", "/$defs/case", nil},
		{"expect", suiteHead + "cases: [{request: GET /prod/a, expect: {status: 200, " + unknown + ": 1}}]\n", "/$defs/expect/oneOf/3", nil},
		{"sequence", suiteHead + "sequences: [{" + unknown + ": 1, steps: [" + step + "]}]\n", "/$defs/sequence", nil},
		{"step", suiteHead + "sequences: [{steps: [{request: GET /prod/a, expect: allow, " + unknown + ": 1}]}]\n", "/$defs/step", []string{"time"}},
		{"wait step", suiteHead + "sequences: [{steps: [" + step + ", {wait: 1s, " + unknown + ": 1}]}]\n", "/$defs/sequence/properties/steps/items/oneOf/1", nil},
		{"flush step", suiteHead + "sequences: [{steps: [" + step + ", {flush: prod, " + unknown + ": 1}]}]\n", "/$defs/sequence/properties/steps/items/oneOf/2", nil},
	}
	data, err := os.ReadFile(schemaFile("suite"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := suite.Parse([]byte(tt.text), "keys.iamgate.yaml", suite.LoadOptions{})
			var loader []string
			for _, e := range policy.AsList(err) {
				if _, list, ok := strings.Cut(e.Msg, "unknown key \""+unknown+"\""); ok {
					_, list, _ = strings.Cut(list, "expected one of ")
					loader = strings.Split(list, ", ")
				}
			}
			if loader == nil {
				t.Fatalf("the loader does not report the unknown key: %v", err)
			}
			loader = slices.DeleteFunc(loader, func(k string) bool { return slices.Contains(tt.notInSchema, k) })
			s, ok := schemaAt(doc, tt.pointer).(map[string]any)
			if !ok {
				t.Fatalf("suite.schema.json has no schema at %q", tt.pointer)
			}
			props, _ := s["properties"].(map[string]any)
			inSchema := sortedKeys(props)
			slices.Sort(loader)
			if !slices.Equal(loader, inSchema) {
				t.Errorf("keys of %s: the loader accepts %v; suite.schema.json (at %q) lists %v", tt.name, loader, tt.pointer, inSchema)
			}
		})
	}
}

// schemaAt is the value at a JSON Pointer of a schema ("" is the root).
func schemaAt(doc any, pointer string) any {
	if pointer == "" {
		return doc
	}
	cur := doc
	for _, p := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[p]
		case []any:
			var n int
			if _, err := fmt.Sscan(p, &n); err != nil || n < 0 || n >= len(c) {
				return nil
			}
			cur = c[n]
		default:
			return nil
		}
	}
	return cur
}

// TestExampleSuitesNameTheSchema: each example suite starts with the
// modeline that makes editors (through the YAML language server) complete
// and check it against suite.schema.json, and its path leads there.
func TestExampleSuitesNameTheSchema(t *testing.T) {
	const prefix = "# yaml-language-server: $schema="
	root := filepath.Join(pkgDir, "..", "..")
	want, err := filepath.Abs(schemaFile("suite"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range suiteFiles(t, "examples") {
		data, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(string(data), "\n")
		rel, ok := strings.CutPrefix(first, prefix)
		if !ok {
			t.Errorf("%s: the first line is %q, want %s followed by the path of docs/schema/suite.schema.json", file, first, prefix)
			continue
		}
		got, err := filepath.Abs(filepath.Join(root, filepath.Dir(file), filepath.FromSlash(rel)))
		if err != nil || got != want {
			t.Errorf("%s: the modeline names %s, which is not docs/schema/suite.schema.json", file, rel)
		}
	}
}
