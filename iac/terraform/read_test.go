package terraform_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/iac/internal/golden"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/iac/terraform"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// summary renders what a file holds as sorted lines.
func summary(d *terraform.Document) []string {
	out := []string{fmt.Sprintf("file kind=%s format=%s", d.Kind, d.FormatVersion)}
	for _, a := range d.APIs {
		c := &a.Config
		p := "api " + a.Address
		out = append(out, fmt.Sprintf("%s name=%q endpoint=%s vpce=%v arn=%s/%s/%s/%s apiKeySource=%q @%d:%d", p, c.Name, c.Endpoint, c.VPCEndpoints,
			c.Partition, c.Region, c.Account, c.ID, a.APIKeySource, c.Origin.Pos.Line, c.Origin.Pos.Column))
		if a.Policy != nil {
			out = append(out, fmt.Sprintf("%s policy %s parsed=%v", p, a.Policy, c.ResourcePolicy != nil))
		}
		for _, m := range c.Methods {
			out = append(out, fmt.Sprintf("%s method %s auth=%s authorizer=%q scopes=%v apiKey=%v @%s", p, m.Route(), m.Auth, m.Authorizer, m.Scopes, m.APIKeyRequired, m.Origin.Path))
		}
		for _, z := range c.Authorizers {
			kind := z.Type.String()
			if z.Cognito {
				kind = "COGNITO_USER_POOLS"
			}
			out = append(out, fmt.Sprintf("%s authorizer %s name=%q %s sources=%q regex=%q ttl=%v function=%s providers=%v", p, z.Name, a.AuthorizerNames[z.Name], kind, z.IdentitySources, z.ValidationExpression, z.TTL, z.Function, z.Providers))
		}
		for _, s := range c.Stages {
			out = append(out, fmt.Sprintf("%s stage %s vars=%v", p, s.Name, s.Variables))
		}
		for _, r := range c.GatewayResponses {
			out = append(out, fmt.Sprintf("%s response %s status=%d headers=%v templates=%v", p, r.Type, r.Status, r.Headers, r.Templates))
		}
	}
	for _, g := range d.Diagnostics {
		out = append(out, fmt.Sprintf("%s %s:%d:%d %s: %s (%s)", g.Severity, filepath.Base(g.File), g.Line, g.Column, g.Code, g.Message, g.Pointer))
	}
	sort.Strings(out)
	return out
}

func TestReadFixtures(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		opts       terraform.Options
	}{
		{"state", "state.json", terraform.Options{}},
		{"plan", "plan.json", terraform.Options{}},
		{"plan-region", "plan.json", terraform.Options{Region: "cn-north-1", Account: "012345678901"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := summary(terraform.Read(path, data, tc.opts))
			goldenFile := filepath.Join("testdata", "golden", tc.name+".txt")
			golden.Lines(t, goldenFile, got, *update)
		})
	}
}

// In a first-apply plan, unknown values are the configuration's
// references, never blanks, and links follow references.
func TestPlanUnknownsStaySymbols(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	d := terraform.Read("plan.json", data, terraform.Options{})
	if len(d.APIs) != 1 {
		t.Fatalf("APIs %+v", d.APIs)
	}
	c := d.APIs[0].Config
	if len(c.VPCEndpoints) != 1 || c.VPCEndpoints[0].IsKnown() || c.VPCEndpoints[0].Symbol != "${module.api.aws_vpc_endpoint.execute_api.id}" {
		t.Errorf("VPC endpoints %v", c.VPCEndpoints)
	}
	if c.ID.IsKnown() || c.ID.Symbol == "" || c.Account.IsKnown() {
		t.Errorf("ARN parts %v %v: want symbols", c.ID, c.Account)
	}
	if d.APIs[0].Policy != nil || c.ResourcePolicy != nil {
		t.Errorf("an unknown policy was read as %s", d.APIs[0].Policy)
	}
	routes := map[string]string{}
	for _, m := range c.Methods {
		routes[m.Route()] = m.Authorizer
	}
	if diff := cmp.Diff(map[string]string{"GET /": "", "GET /items/{id}": "module.api.aws_api_gateway_authorizer.cognito"}, routes); diff != "" {
		t.Errorf("routes (-want +got)\n%s", diff)
	}
}

// Files that are not terraform show -json output are diagnostics.
func TestReadBroken(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"{", "syntax"},
		{"[]", "writes a JSON object"},
		{`{"terraform_version": "1.9.0"}`, "not terraform show -json output"},
		{`{"format_version": "2.0", "values": {}}`, "newer than the 1.x"},
		{`{"format_version": "1.0", "values": {"root_module": {"resources": [{"address": "aws_api_gateway_method.m", "type": "aws_api_gateway_method", "values": {"rest_api_id": "nope"}}]}}}`, "names no aws_api_gateway_rest_api"},
		{`{"format_version": "1.0", "values": {"root_module": {"resources": [{"address": "aws_api_gateway_rest_api.a", "type": "aws_api_gateway_rest_api", "values": {"id": "a", "root_resource_id": "r"}},
			{"address": "aws_api_gateway_resource.x", "type": "aws_api_gateway_resource", "values": {"id": "x", "rest_api_id": "a", "parent_id": "y", "path_part": "x"}},
			{"address": "aws_api_gateway_resource.y", "type": "aws_api_gateway_resource", "values": {"id": "y", "rest_api_id": "a", "parent_id": "x", "path_part": "y"}},
			{"address": "aws_api_gateway_method.m", "type": "aws_api_gateway_method", "values": {"rest_api_id": "a", "resource_id": "x", "http_method": "GET", "authorization": "NONE"}}]}}}`, "its own ancestor"},
	} {
		d := terraform.Read("x.json", []byte(tc.src), terraform.Options{})
		var msgs []string
		for _, g := range d.Diagnostics {
			msgs = append(msgs, g.Code+": "+g.Message)
		}
		if all := strings.Join(msgs, "\n"); !strings.Contains(all, tc.want) {
			t.Errorf("%s: diagnostics\n%s\nwant one containing %q", tc.src, all, tc.want)
		}
	}
}

// The endpoint_configuration block overrides the body's
// x-amazon-apigateway-endpoint-configuration, except for an empty
// vpc_endpoint_ids; the body's API key source applies when the attribute
// is not set.
func TestBodyAndBlock(t *testing.T) {
	body := `{\"swagger\":\"2.0\",\"paths\":{},\"x-amazon-apigateway-api-key-source\":\"AUTHORIZER\",\"x-amazon-apigateway-endpoint-configuration\":{\"types\":[\"PRIVATE\"],\"vpcEndpointIds\":[\"vpce-body\"]}}`
	for _, tc := range []struct{ block, want string }{
		{`[]`, "PRIVATE [vpce-body] AUTHORIZER"},
		{`[{"types": ["PRIVATE"], "vpc_endpoint_ids": []}]`, "PRIVATE [vpce-body] AUTHORIZER"},
		{`[{"types": ["REGIONAL"], "vpc_endpoint_ids": ["vpce-block"]}]`, "REGIONAL [vpce-block] AUTHORIZER"},
	} {
		src := `{"format_version": "1.0", "values": {"root_module": {"resources": [{"address": "aws_api_gateway_rest_api.a", "type": "aws_api_gateway_rest_api",
			"values": {"id": "a", "body": "` + body + `", "endpoint_configuration": ` + tc.block + `}}]}}}`
		d := terraform.Read("x.json", []byte(src), terraform.Options{})
		if len(d.APIs) != 1 {
			t.Fatalf("%s: APIs %+v, diagnostics %v", tc.block, d.APIs, d.Diagnostics)
		}
		a := d.APIs[0]
		if got := fmt.Sprint(a.Config.Endpoint, " ", a.Config.VPCEndpoints, " ", a.APIKeySource); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.block, got, tc.want)
		}
	}
}
