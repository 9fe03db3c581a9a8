package eval_test

import (
	"testing"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

func TestValidate(t *testing.T) {
	const rp = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
  "Action": "execute-api:Invoke", "Resource": "execute-api:/prod/GET/*"}]}`
	api := arn.API{Partition: "aws", Region: "us-east-1", Account: "123456789012", ID: "abc123"}
	for _, tc := range []struct {
		name      string
		src       string
		opts      eval.ValidateOptions
		kind      policy.Kind
		valid     bool
		errors    int
		unshown   bool
		statement int
	}{
		{"a resource policy, detected", rp, eval.ValidateOptions{DetectKind: true, API: api}, policy.ResourceBased, true, 0, false, 1},
		{"the shorthand without an API", rp, eval.ValidateOptions{DetectKind: true}, policy.ResourceBased, false, 1, false, 1},
		{"read as an identity policy", rp, eval.ValidateOptions{Kind: policy.IdentityBased, API: api}, policy.IdentityBased, false, 1, false, 0},
		{"an authorizer's output, detected",
			`{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}`,
			eval.ValidateOptions{DetectKind: true}, policy.Authorizer, true, 0, false, 1},
		{"an authorizer's output, named",
			`{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "*"}]}}`,
			eval.ValidateOptions{Kind: policy.Authorizer}, policy.Authorizer, true, 0, false, 1},
		{"a simple response, detected", `{"isAuthorized": true}`, eval.ValidateOptions{DetectKind: true}, policy.IdentityBased, false, 1, false, 0},
		{"text that is not JSON", "\x00\x01", eval.ValidateOptions{DetectKind: true}, policy.Generic, false, 1, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.File = "doc.json"
			v := eval.Validate([]byte(tc.src), tc.opts)
			if v.Kind != tc.kind || v.Valid() != tc.valid || v.Unshown != tc.unshown {
				t.Errorf("kind %v valid %v unshown %v, want %v %v %v (errors %v)", v.Kind, v.Valid(), v.Unshown, tc.kind, tc.valid, tc.unshown, v.Errors)
			}
			if len(v.Errors) < tc.errors || (tc.errors == 0 && len(v.Errors) > 0) {
				t.Errorf("errors %v, want %d", v.Errors, tc.errors)
			}
			for _, e := range v.Errors {
				if e.File != "doc.json" {
					t.Errorf("error %v names %q, want doc.json", e, e.File)
				}
			}
			if v.Document != nil && len(v.Document.Statements) != tc.statement {
				t.Errorf("%d statements, want %d", len(v.Document.Statements), tc.statement)
			}
		})
	}
}
