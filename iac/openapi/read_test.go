package openapi_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/iac/internal/golden"

	"github.com/iamgate/iamgate/iac/cloudformation"
	"github.com/iamgate/iamgate/iac/openapi"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// summary renders what a document holds as sorted lines.
func summary(d *openapi.Document) []string {
	c := &d.Config
	out := []string{fmt.Sprintf("api version=%q name=%q endpoint=%s(set=%v) vpce=%v(set=%v) arn=%s/%s/%s/%s apiKeySource=%q @%d:%d",
		d.Version, c.Name, c.Endpoint, d.EndpointTypeSet, c.VPCEndpoints, d.VPCEndpointsSet, c.Partition, c.Region, c.Account, c.ID, d.APIKeySource, c.Origin.Pos.Line, c.Origin.Pos.Column)}
	if d.Policy != nil {
		out = append(out, fmt.Sprintf("policy %s parsed=%v", d.Policy, c.ResourcePolicy != nil))
	}
	for _, s := range c.Stages {
		out = append(out, "stage "+s.Name)
	}
	for _, m := range c.Methods {
		out = append(out, fmt.Sprintf("method %s auth=%s authorizer=%q scopes=%v apiKey=%v @%d:%d %s", m.Route(), m.Auth, m.Authorizer, m.Scopes, m.APIKeyRequired, m.Origin.Pos.Line, m.Origin.Pos.Column, m.Origin.Path))
	}
	for _, z := range c.Authorizers {
		kind := z.Type.String()
		if z.Cognito {
			kind = "COGNITO_USER_POOLS"
		}
		out = append(out, fmt.Sprintf("authorizer %s name=%q %s sources=%q regex=%q ttl=%v function=%s providers=%v", z.Name, d.AuthorizerNames[z.Name], kind, z.IdentitySources, z.ValidationExpression, z.TTL, z.Function, z.Providers))
	}
	for _, r := range c.GatewayResponses {
		out = append(out, fmt.Sprintf("response %s status=%d headers=%v templates=%v", r.Type, r.Status, r.Headers, r.Templates))
	}
	for _, g := range d.Diagnostics {
		out = append(out, fmt.Sprintf("%s %s:%d:%d %s: %s (%s)", g.Severity, filepath.Base(g.File), g.Line, g.Column, g.Code, g.Message, g.Pointer))
	}
	sort.Strings(out)
	return out
}

// fragment resolves CloudFormation intrinsics as iac.Load does.
func fragment(file string, data []byte) (*openapi.Value, []openapi.Diagnostic) {
	return cloudformation.ReadFragment(file, data, cloudformation.Options{Region: "eu-west-1"})
}

func TestReadFixtures(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		opts       openapi.Options
	}{
		{"export-swagger", "export-swagger.json", openapi.Options{}},
		{"export-oas30", "export-oas30.yaml", openapi.Options{}},
		{"include-plain", "include.yaml", openapi.Options{}},
		{"include-resolved", "include.yaml", openapi.Options{Resolve: fragment}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := summary(openapi.Read(path, data, tc.opts))
			goldenFile := filepath.Join("testdata", "golden", tc.name+".txt")
			golden.Lines(t, goldenFile, got, *update)
		})
	}
}

// Unknown values stay symbols: an intrinsic the plain reader cannot
// resolve is never an empty name or authorizer function.
func TestIntrinsicsStaySymbols(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "include.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for name, opts := range map[string]openapi.Options{"plain": {}, "resolved": {Resolve: fragment}} {
		d := openapi.Read("include.yaml", data, opts)
		if d.Config.Name == "" || !strings.Contains(d.Config.Name, "${") {
			t.Errorf("%s: name %q, want a symbol", name, d.Config.Name)
		}
		if len(d.Config.Authorizers) != 1 || d.Config.Authorizers[0].Function.IsKnown() || d.Config.Authorizers[0].Function.Symbol == "" {
			t.Errorf("%s: authorizers %+v, want one whose function is a symbol", name, d.Config.Authorizers)
		}
	}
}

// Broken documents are diagnostics, not panics.
func TestReadBroken(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"{", "syntax"},
		{"[1, 2]", "is not an OpenAPI document"},
		{`{"swagger": "2.0", "x-amazon-apigateway-api-key-source": "QUERY"}`, `"QUERY" is not HEADER or AUTHORIZER`},
		{`{"swagger": "2.0", "x-amazon-apigateway-endpoint-configuration": {"types": ["EDGE", "PRIVATE"]}}`, "lists 2 types"},
		{`{"swagger": "2.0", "x-amazon-apigateway-policy": {"Statement": [{"Effect": "Maybe"}]}}`, "resource policy"},
		{`{"swagger": "2.0", "paths": {"/a": {"get": {"security": [{"nope": []}]}}}}`, "nope, which is not a security scheme of the document"},
	} {
		d := openapi.Read("x.json", []byte(tc.src), openapi.Options{})
		var msgs []string
		for _, g := range d.Diagnostics {
			msgs = append(msgs, g.Code+": "+g.Message)
		}
		if all := strings.Join(msgs, "\n"); !strings.Contains(all, tc.want) {
			t.Errorf("%s: diagnostics\n%s\nwant one containing %q", tc.src, all, tc.want)
		}
	}
}
