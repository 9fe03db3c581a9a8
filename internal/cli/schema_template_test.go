package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamgate/iamgate/suite"
)

// suite.schema.json and the loader agree on suites with template:: what
// the template replaces is refused by both, and an authorizer entry that
// gives only answers is accepted by both.
func TestSuiteSchemaTemplate(t *testing.T) {
	tmpl, err := os.ReadFile(filepath.Join(pkgDir, "..", "..", "fixtures", "templates", "orders-api.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const head = suiteHead + "template: api.yaml\n"
	const cases = "cases: [{request: GET /prod/health, sourceIp: 198.51.100.7, expect: allow}]\n"
	const answers = "authorizers:\n  TokenAuthorizer: {error: Unauthorized}\n"
	tests := []struct {
		name  string
		text  string
		valid bool
	}{
		{"answers only", head + answers + cases, true},
		{"parameters", head + "parameters: {StageName: prod}\ntemplateApi: OrdersApi\n" + answers + cases, true},
		{"routes", head + answers + "routes: [GET /health]\n" + cases, false},
		{"resourcePolicy", head + answers + "resourcePolicy: '{\"Version\": \"2012-10-17\", \"Statement\": []}'\n" + cases, false},
		{"auth", head + answers + "auth: NONE\n" + cases, false},
		{"an authorizer's type", head + "authorizers:\n  TokenAuthorizer: {type: TOKEN, error: Unauthorized}\n" + cases, false},
		{"an authorizer's ttl", head + "authorizers:\n  TokenAuthorizer: {ttl: 0, error: Unauthorized}\n" + cases, false},
		{"templateApi without template", suiteHead + "templateApi: OrdersApi\n" + cases, false},
		{"parameters without template", suiteHead + "parameters: {A: b}\n" + cases, false},
		{"no type without template", suiteHead + "authorizers:\n  a: {error: x}\nauth: a\n" + cases, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "api.yaml"), tmpl, 0o644); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "s.iamgate.yaml")
			if err := os.WriteFile(file, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, loadErr := suite.Load(file, suite.LoadOptions{})
			schemaErr := suiteSchemaError(t, []byte(tt.text))
			if (loadErr == nil) != tt.valid || (schemaErr == nil) != tt.valid {
				t.Errorf("valid=%v: the loader says %v; the schema says %v", tt.valid, loadErr, schemaErr)
			}
		})
	}
}
