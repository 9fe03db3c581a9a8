package terraform_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/iac/terraform"
)

// FuzzRead reads whole files: no panic, no hang; every API has an
// address, every method a verb and a path, and no authorizer function or
// VPC endpoint is a blank symbol.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"state.json", "plan.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_api_gateway_resource.a","type":"aws_api_gateway_resource","values":{"id":"x","parent_id":"x","path_part":"a"}}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := terraform.Read("f", data, terraform.Options{Limits: terraform.Limits{MaxNodes: 5000, MaxDepth: 40}})
		for _, a := range d.APIs {
			if a.Address == "" {
				t.Fatal("an API without an address")
			}
			for _, m := range a.Config.Methods {
				if m.Verb == "" || !strings.HasPrefix(m.Path, "/") {
					t.Fatalf("method %+v", m)
				}
			}
			for _, v := range a.Config.VPCEndpoints {
				if !v.IsKnown() && strings.Trim(v.Symbol, "${}") == "" {
					t.Fatalf("a blank VPC endpoint symbol %q", v.Symbol)
				}
			}
		}
	})
}
