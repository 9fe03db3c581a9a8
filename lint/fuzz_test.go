package lint_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/policy"
)

// FuzzSource lints arbitrary text as each kind of document, with and
// without context: it must never panic, and every finding must name a
// known rule and a position inside the text.
func FuzzSource(f *testing.F) {
	for _, dir := range []string{"../fixtures/policies", "../fixtures/invalid"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data, uint8(0))
			}
		}
	}
	f.Add([]byte(`{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"execute-api:/","Condition":{"ForAllValues:IpAddress":{"aws:SourceIp":"10.0.0.1/8"}}}}`), uint8(1))
	f.Add([]byte(`{"principalId":"u","Context":{"a":1},"policyDocument":{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/x"}]}}`), uint8(2))
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123defg")
	private := true
	configs := []lint.Config{
		{},
		{API: api, Auth: []string{"CUSTOM", "NONE"}, Routes: []string{"GET /x", "ANY /{proxy+}"}},
		{API: api, Auth: []string{"AWS_IAM"}, Private: &private, CacheTTL: apigw.TTLSeconds(0)},
	}
	kinds := []policy.Kind{policy.ResourceBased, policy.IdentityBased, policy.Authorizer, policy.Generic}
	f.Fuzz(func(t *testing.T, data []byte, sel uint8) {
		kind := kinds[int(sel)%len(kinds)]
		cfg := configs[int(sel/4)%len(configs)]
		for _, fi := range lint.Source(data, "f.json", kind, cfg) {
			if _, ok := lint.RuleFor(fi.Rule.Code); !ok {
				t.Fatalf("unknown rule %q", fi.Rule.Code)
			}
			if fi.Pos.Offset < 0 || fi.Pos.Offset > len(data) {
				t.Fatalf("%s: offset %d outside the text (%d bytes)", fi, fi.Pos.Offset, len(data))
			}
			if fi.Message == "" {
				t.Fatalf("empty message for %s", fi.Rule.Code)
			}
		}
	})
}
