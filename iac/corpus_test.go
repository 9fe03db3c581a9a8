package iac_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/iac"
)

// corpusDir finds the shared corpus: $IAMGATE_SHARED/iac-corpus, else
// ../shared/iac-corpus beside the repository root.
func corpusDir(t *testing.T) string {
	t.Helper()
	shared := os.Getenv("IAMGATE_SHARED")
	if shared == "" {
		root, err := filepath.Abs("..") // this package is one level below the root
		if err != nil {
			t.Fatal(err)
		}
		shared = filepath.Join(filepath.Dir(root), "shared")
	}
	dir := filepath.Join(shared, "iac-corpus")
	if _, err := os.Stat(filepath.Join(dir, "EXPECTED.json")); err != nil {
		t.Skipf("the IaC corpus is not here (%v): set IAMGATE_SHARED to the folder holding iac-corpus/ (CI has it at ../shared)", err)
	}
	return dir
}

// expected is the part of EXPECTED.json the corpus test compares.
type expected struct {
	Cases map[string]struct {
		Files      []string                   `json:"files"`
		DerivedOf  string                     `json:"derived_from"`
		Parameters map[string]string          `json:"parameters"`
		RestAPIs   map[string]json.RawMessage `json:"rest_apis"`
	} `json:"cases"`
}

type manifestEntry struct {
	File   string `json:"file"`
	Format string `json:"format"`
}

// pending are the corpus files whose REST facts iamgate does not read yet,
// and why. The test fails when one of them starts to pass, so that the list
// stays true.
var pending = map[string]string{
	// iamgate reads terraform show -json, not HCL; Load says how to make it.
	// The corpus has no show -json of these files (Terraform is not run here).
	"terraform/public-alb-private-api-terraform__privateapi.tf": "HCL source: iamgate reads terraform show -json output",
}

// TestCorpus loads every CloudFormation-family file of the corpus and
// compares the REST API facts EXPECTED.json lists with what iamgate reads.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	var exp expected
	readJSON(t, filepath.Join(dir, "EXPECTED.json"), &exp)
	var man []manifestEntry
	readJSON(t, filepath.Join(dir, "MANIFEST.json"), &man)
	byFile := map[string]string{}
	for name, c := range exp.Cases {
		for _, f := range c.Files {
			byFile[f] = name
		}
	}
	for _, m := range man {
		switch m.Format {
		case "cfn-json", "cfn-yaml", "sam-yaml", "openapi-json", "openapi-yaml", "terraform-hcl":
		default:
			continue
		}
		t.Run(m.File, func(t *testing.T) {
			c := exp.Cases[byFile[m.File]]
			r, err := iac.Load(filepath.Join(dir, m.File), iac.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var want, got map[string]any
			want = normalizeExpected(t, c.RestAPIs, c.Parameters)
			got = facts(r)
			diff := cmp.Diff(want, got)
			reason, isPending := pending[m.File]
			switch {
			case diff != "" && !isPending:
				t.Errorf("REST facts differ from EXPECTED.json (-want +got)\n%s", diff)
			case diff == "" && isPending:
				t.Errorf("passes now: remove it from pending (%s)", reason)
			case diff != "":
				t.Skipf("pending (%s); the difference (-want +got):\n%s", reason, diff)
			}
		})
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// normalizeExpected keeps the compared facts of EXPECTED.json's REST APIs,
// with ${PARAMETER} replaced by the parameter's value (iamgate resolves
// parameters from their defaults).
func normalizeExpected(t *testing.T, apis map[string]json.RawMessage, params map[string]string) map[string]any {
	out := map[string]any{}
	for id, raw := range apis {
		s := string(raw)
		for k, v := range params {
			s = strings.ReplaceAll(s, "${"+k+"}", v)
		}
		var a struct {
			EndpointType   string   `json:"endpoint_type"`
			VPCEndpointIDs []string `json:"vpc_endpoint_ids"`
			ResourcePolicy struct {
				Attached   bool  `json:"attached"`
				Statements []any `json:"statements"`
			} `json:"resource_policy"`
			Authorizers map[string]struct {
				Type                 string   `json:"type"`
				IdentitySources      []string `json:"identity_sources"`
				ValidationExpression *string  `json:"validation_expression"`
				TTL                  int      `json:"ttl"`
				ProviderARNs         []string `json:"provider_arns"`
			} `json:"authorizers"`
			Methods map[string]struct {
				AuthorizationType string   `json:"authorization_type"`
				Authorizer        *string  `json:"authorizer"`
				Scopes            []string `json:"scopes"`
				APIKeyRequired    bool     `json:"api_key_required"`
			} `json:"methods"`
		}
		if err := json.Unmarshal([]byte(s), &a); err != nil {
			t.Fatalf("EXPECTED.json %s: %v", id, err)
		}
		auths := map[string]any{}
		for k, z := range a.Authorizers {
			auths[k] = authorizerFacts(z.Type, z.IdentitySources, deref(z.ValidationExpression), z.TTL, z.ProviderARNs)
		}
		methods := map[string]any{}
		for k, m := range a.Methods {
			methods[k] = methodFacts(m.AuthorizationType, deref(m.Authorizer), m.Scopes, m.APIKeyRequired)
		}
		out[id] = apiFacts(a.EndpointType, a.VPCEndpointIDs, a.ResourcePolicy.Attached, a.ResourcePolicy.Statements, auths, methods)
	}
	return out
}

// facts are the same facts of what iamgate read.
func facts(r *iac.Result) map[string]any {
	out := map[string]any{}
	for _, a := range r.APIs {
		c := &a.Config
		var vpce []string
		for _, v := range c.VPCEndpoints {
			vpce = append(vpce, valueText(v.Text, v.Symbol))
		}
		var statements []any
		if a.Policy != nil {
			var doc struct {
				Statement json.RawMessage
			}
			if json.Unmarshal(a.Policy, &doc) == nil {
				var list []any
				if json.Unmarshal(doc.Statement, &list) != nil {
					var one any
					_ = json.Unmarshal(doc.Statement, &one)
					list = []any{one}
				}
				statements = list
			}
		}
		auths := map[string]any{}
		for _, z := range c.Authorizers {
			typ := z.Type.String()
			if z.Cognito {
				typ = "COGNITO_USER_POOLS"
			}
			var providers []string
			for _, p := range z.Providers {
				providers = append(providers, valueText(p.Text, p.Symbol))
			}
			auths[z.Name] = authorizerFacts(typ, z.IdentitySources, z.ValidationExpression, z.TTL.Seconds(), providers)
		}
		methods := map[string]any{}
		for _, m := range c.Methods {
			methods[m.Route()] = methodFacts(m.Auth.String(), m.Authorizer, m.Scopes, m.APIKeyRequired)
		}
		out[a.ID] = apiFacts(c.Endpoint.String(), vpce, a.Policy != nil, statements, auths, methods)
	}
	return out
}

func valueText(text, symbol string) string {
	if symbol != "" {
		return symbol
	}
	return text
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func apiFacts(endpoint string, vpce []string, attached bool, statements []any, auths, methods map[string]any) map[string]any {
	sort.Strings(vpce)
	return map[string]any{
		"endpoint": endpoint, "vpce": fmt.Sprint(vpce), "policyAttached": attached, "statements": statements,
		"authorizers": auths, "methods": methods,
	}
}

func authorizerFacts(typ string, sources []string, regex string, ttl int, providers []string) string {
	return fmt.Sprintf("type=%s sources=%q regex=%q ttl=%d providers=%q", typ, sources, regex, ttl, providers)
}

func methodFacts(auth, authorizer string, scopes []string, apiKey bool) string {
	return fmt.Sprintf("auth=%s authorizer=%q scopes=%q apiKey=%v", auth, authorizer, scopes, apiKey)
}
