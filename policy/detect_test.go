package policy_test

import (
	"testing"

	"github.com/iamgate/iamgate/policy"
)

func TestDetectKind(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		kind      policy.Kind
		root      string
	}{
		{"authorizer response", `{"principalId": "u", "policyDocument": {}}`, policy.Authorizer, "/policyDocument"},
		{"principalId alone", `{"principalId": "u"}`, policy.Authorizer, "/policyDocument"},
		{"policyDocument before Statement", `{"Statement": [{"Principal": "*"}], "policyDocument": {}}`, policy.Authorizer, "/policyDocument"},
		{"Principal", `{"Statement": [{"Effect": "Allow", "Principal": "*"}]}`, policy.ResourceBased, ""},
		{"NotPrincipal", `{"Statement": {"NotPrincipal": {"AWS": "x"}}}`, policy.ResourceBased, ""},
		{"shorthand resource", `{"Statement": [{"Resource": "execute-api:/*"}]}`, policy.ResourceBased, ""},
		{"shorthand in a list", `{"Statement": [{"NotResource": ["arn:aws:s3:::b", "execute-api:/prod/*"]}]}`, policy.ResourceBased, ""},
		{"full ARN", `{"Statement": [{"Resource": "arn:aws:execute-api:us-east-1:1:a/*"}]}`, policy.IdentityBased, ""},
		{"simple response", `{"isAuthorized": true}`, policy.Authorizer, ""},
		{"simple response with a resource statement", `{"isAuthorized": true, "Statement": [{"Principal": "*"}]}`, policy.ResourceBased, ""},
		{"identity", `{"Version": "2012-10-17", "Statement": []}`, policy.IdentityBased, ""},
		{"array", `[1]`, policy.Generic, ""},
		{"not JSON", `{`, policy.Generic, ""},
		{"empty", ``, policy.Generic, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			kind, root := policy.DetectKind([]byte(tt.src))
			if kind != tt.kind || root != tt.root {
				t.Errorf("DetectKind(%s) = %v, %q; want %v, %q", tt.src, kind, root, tt.kind, tt.root)
			}
		})
	}
}
