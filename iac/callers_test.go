package iac

import (
	"testing"

	"github.com/iamgate/iamgate/apigw"
)

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "prod/GET/a/b", true},
		{"*/GET/*", "prod/GET/a/b", true},
		{"*/GET/*", "prod/POST/a", false},
		{"prod/*/orders*", "prod/GET/orders/1", true},
		{"prod/*/orders*", "beta/GET/orders", false},
		{"prod/GET/orders", "prod/GET/orders", true},
		{"prod/GET/orders", "prod/GET/orders/1", false},
		{"prod/GE?/orders", "prod/GET/orders", true},
		{"*/*/a*b*c", "p/G/a1b2c", true},
		{"*/*/a*b*c", "p/G/a1c2b", false},
		{"[a]", "[a]", true},
	}
	for _, tt := range tests {
		if got := glob(tt.pattern, tt.s); got != tt.want {
			t.Errorf("glob(%q, %q) = %v", tt.pattern, tt.s, got)
		}
	}
}

func TestResourceMatch(t *testing.T) {
	api := &apigw.APIConfig{Partition: apigw.Known("aws"), Region: apigw.Unknown("AWS::Region"),
		Account: apigw.Known("111122223333"), ID: apigw.Unknown("Api")}
	get := apigw.MethodConfig{Verb: "GET", Path: "/orders/{id}"}
	anyProxy := apigw.MethodConfig{Verb: "ANY", Path: "/{proxy+}"}
	tests := []struct {
		resource string
		m        apigw.MethodConfig
		want     match
	}{
		{"*", get, yes},
		{"execute-api:/*", get, yes},
		{"execute-api:/prod/GET/orders/*", get, yes},
		{"execute-api:/beta/GET/orders/*", get, no},
		{"execute-api:/prod/GET/orders/42", get, maybe},
		{"execute-api:/*/DELETE/*", anyProxy, maybe},
		{"execute-api:/*/*/*", anyProxy, yes},
		{"arn:aws:execute-api:${AWS::Region}:111122223333:${Api}/*", get, yes},
		{"arn:aws:execute-api:*:111122223333:*", get, yes},
		{"arn:aws:execute-api:*:444455556666:*/*", get, no},
		{"arn:aws:execute-api:us-east-1:111122223333:${Api}/*", get, maybe},
		{"arn:aws:execute-api:*:111122223333:abc123/*", get, maybe},
		{"arn:aws:execute-api:*:111122223333:${Other}/*", get, maybe},
		{"arn:aws:execute-api:*:111122223333:abc123", get, no},
		{"arn:aws:s3:::bucket/*", get, no},
		{"execute-api:/prod/GET/${Path}", get, no},
	}
	for _, tt := range tests {
		if got := resourceMatch(tt.resource, api, tt.m, "prod"); got != tt.want {
			t.Errorf("%s on %s: %d, want %d", tt.resource, tt.m.Route(), got, tt.want)
		}
	}
}

func TestIntersect(t *testing.T) {
	tests := []struct {
		p, q string
		want bool
	}{
		{"prod/GET/orders/42", "prod/GET/orders/\x01", true},
		{"prod/GET/orders/42/x", "prod/GET/orders/\x01", false},
		{"prod/GET/orders/42/x", "prod/GET/orders/\x02", true},
		{"prod/GET/orders/42", "prod/GET/users/\x01", false},
		{"*/GET/a", "prod/\x01/a", true},
		{"*/GET/a", "prod/\x01/b", false},
		{"*/*/orders*", "prod/\x01/admin", false},
		{"a*", "\x01b", true},
		{"a?c", "abc", true},
	}
	for _, tt := range tests {
		if got := intersect(tt.p, tt.q); got != tt.want {
			t.Errorf("intersect(%q, %q) = %v", tt.p, tt.q, got)
		}
	}
	if got := splitARN("${AWS::Region}:1:${Api}/a:b", 3); len(got) != 3 || got[0] != "${AWS::Region}" || got[2] != "${Api}/a:b" {
		t.Errorf("splitARN %q", got)
	}
}

func TestWhoCanCall(t *testing.T) {
	allowAll := `{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}`
	denyAll := `{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}`
	ipDeny := `{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}`
	named := `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"execute-api:Invoke","Resource":"execute-api:/*"}`
	other := `{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*/POST/*"}`
	doc := func(stmts ...string) []byte {
		if stmts == nil {
			return nil
		}
		s := `{"Version":"2012-10-17","Statement":[`
		for i, st := range stmts {
			if i > 0 {
				s += ","
			}
			s += st
		}
		return []byte(s + "]}")
	}
	none := apigw.MethodConfig{Verb: "GET", Path: "/", Auth: apigw.AuthNone}
	custom := apigw.MethodConfig{Verb: "GET", Path: "/", Auth: apigw.AuthCustom, Authorizer: "Auth"}
	noAuthorizer := apigw.MethodConfig{Verb: "GET", Path: "/", Auth: apigw.AuthCustom}
	cognito := apigw.MethodConfig{Verb: "GET", Path: "/", Auth: apigw.AuthCognito, Authorizer: "Users"}
	iam := apigw.MethodConfig{Verb: "GET", Path: "/", Auth: apigw.AuthIAM}
	tests := []struct {
		name     string
		endpoint apigw.EndpointType
		policy   []byte
		m        apigw.MethodConfig
		want     string
	}{
		{"NONE, no policy", apigw.RegionalEndpoint, nil, none, WhoPublic},
		{"CUSTOM, no policy", apigw.EdgeEndpoint, nil, custom, WhoAuthenticated},
		{"CUSTOM without authorizer", apigw.EdgeEndpoint, nil, noAuthorizer, WhoDepends},
		{"Cognito, no policy", apigw.EdgeEndpoint, nil, cognito, WhoAuthenticated},
		{"IAM, no policy", apigw.EdgeEndpoint, nil, iam, WhoIAM},
		{"PRIVATE, no policy", apigw.PrivateEndpoint, nil, none, WhoNobody},
		{"NONE, allow all", apigw.RegionalEndpoint, doc(allowAll), none, WhoPublic},
		{"NONE, deny all", apigw.RegionalEndpoint, doc(allowAll, denyAll), none, WhoNobody},
		{"NONE, IP condition", apigw.RegionalEndpoint, doc(allowAll, ipDeny), none, WhoDepends},
		{"NONE, allow elsewhere only", apigw.RegionalEndpoint, doc(other), none, WhoNobody},
		{"NONE, named principal", apigw.RegionalEndpoint, doc(allowAll, named), none, WhoDepends},
		{"CUSTOM, policy allows other routes", apigw.RegionalEndpoint, doc(other), custom, WhoAuthenticated},
		{"Cognito, policy allows other routes", apigw.RegionalEndpoint, doc(other), cognito, WhoNobody},
		{"IAM, named principal", apigw.RegionalEndpoint, doc(named), iam, WhoIAM},
		{"IAM, allow all", apigw.RegionalEndpoint, doc(allowAll), iam, WhoIAM},
		{"PRIVATE, allow all", apigw.PrivateEndpoint, doc(allowAll), none, WhoVPCEndpoint},
		{"PRIVATE, allow elsewhere only", apigw.PrivateEndpoint, doc(other), none, WhoNobody},
		{"PRIVATE, deny all", apigw.PrivateEndpoint, doc(denyAll), none, WhoNobody},
	}
	for _, tt := range tests {
		c := &apigw.APIConfig{Endpoint: tt.endpoint}
		got := whoCanCall(c, parsePolicy(tt.policy), tt.m, "prod")
		if got.Who != tt.want || got.Reason == "" {
			t.Errorf("%s: %+v, want %s", tt.name, got, tt.want)
		}
	}
}

func TestPolicySummary(t *testing.T) {
	p := parsePolicy([]byte(`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::1:root"]},"NotAction":"execute-api:Invoke","NotResource":["execute-api:/*"],"Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}}`))
	got := p.summary()
	want := "Deny all but AWS:arn:aws:iam::1:root all but execute-api:Invoke on all but execute-api:/* if StringNotEquals aws:SourceVpce"
	if len(got) != 1 || got[0] != want {
		t.Errorf("%q\nwant %q", got, want)
	}
	if parsePolicy(nil) != nil || parsePolicy([]byte("[")) != nil {
		t.Error("no policy is nil")
	}
}
