package sam_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamgate/iamgate/iac/cloudformation"
	"github.com/iamgate/iamgate/iac/sam"
)

// FuzzRead expands and reads whole SAM templates: no panic, no hang. The
// seeds are small (a large seed spends the fuzzing time minimising).
func FuzzRead(f *testing.F) {
	for _, name := range []string{"invalid.yaml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("Transform: AWS::Serverless-2016-10-31\nResources: {F: {Type: AWS::Serverless::Function, Properties: {Events: {E: {Type: Api, Properties: {Path: /x, Method: any, Auth: {ResourcePolicy: {CustomStatements: {}}}}}}}}}\n"))
	f.Add([]byte("Globals: {Api: {Auth: [1]}}\nResources: {A: {Type: AWS::Serverless::Api, Properties: {StageName: !Ref S, Auth: 3, DefinitionBody: {paths: {/a: {get: {security: x}}}}}}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tp := sam.Read("f", data, cloudformation.Options{Limits: cloudformation.Limits{MaxNodes: 5000, MaxDepth: 40}})
		for _, a := range tp.APIs {
			if a.LogicalID == "" {
				t.Fatal("an API without a logical id")
			}
		}
	})
}
