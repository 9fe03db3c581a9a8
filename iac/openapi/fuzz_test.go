package openapi_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamgate/iamgate/iac/openapi"
)

// FuzzRead reads whole documents, plain and with CloudFormation
// intrinsics resolved: no panic, no hang, and every method has a verb and
// a path.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"export-swagger.json", "export-oas30.yaml", "include.yaml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"openapi": "3.0.0", "servers": [{"url": "https://a.execute-api.x.amazonaws.com/{b}", "variables": {"b": {}}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := openapi.Limits{MaxNodes: 5000, MaxDepth: 40}
		for _, opts := range []openapi.Options{{Limits: lim}, {Limits: lim, Resolve: fragment}} {
			d := openapi.Read("f", data, opts)
			for _, m := range d.Config.Methods {
				if m.Verb == "" {
					t.Fatalf("a method without a verb: %+v", m)
				}
			}
		}
	})
}
