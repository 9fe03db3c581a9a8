package apigw

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
)

func jwt(payload string) string {
	return "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + ".c2ln"
}

func TestJWTAudiences(t *testing.T) {
	is := func(want string) *tokenMatcher {
		m, err := newTokenMatcher(regexp.QuoteMeta(want))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, tc := range []struct {
		name, token, want string
		match             bool
	}{
		{"id token", jwt(`{"sub":"u","aud":"client123","token_use":"id"}`), "client123", true},
		{"other client", jwt(`{"aud":"client999"}`), "client123", false},
		{"access token has no aud", jwt(`{"sub":"u","client_id":"client123","token_use":"access"}`), "client123", false},
		{"aud as an array", jwt(`{"aud":["a","client123"]}`), "client123", true},
		{"aud nested is not the claim", jwt(`{"x":{"aud":"client123"},"y":[1,{"aud":2}]}`), "client123", false},
		{"after other members", jwt(`{"n":1.5,"b":true,"z":null,"o":{"p":[1,2]},"aud":"client123"}`), "client123", true},
		{"escaped text matches nothing", jwt(`{"aud":"client\u0031"}`), "client1", false},
		{"not a JWT", "Bearer abc", "client123", false},
		{"two parts", "a.b", "client123", false},
		{"four parts", "a.b.c.d", "client123", false},
		{"payload not base64", "a.!!!.c", "client123", false},
		{"payload not JSON", "a." + base64.RawURLEncoding.EncodeToString([]byte("aud")) + ".c", "client123", false},
		{"truncated JSON", jwt(`{"aud":"client123`), "client123", false},
		{"large payload", jwt(`{"pad":"` + strings.Repeat("x", 5000) + `","aud":"client123"}`), "client123", true},
	} {
		if got := jwtAudiences(tc.token, is(tc.want)); got != tc.match {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.match)
		}
	}
}

// never is a matcher that matches nothing a token holds.
var never, _ = newTokenMatcher(`\x00never\x00`)

func FuzzJWTAudiences(f *testing.F) {
	f.Add(jwt(`{"aud":"client123"}`))
	f.Add(jwt(`{"a":[{"b":[[]]}],"aud":["x"]}`))
	f.Add("a.b.c")
	f.Fuzz(func(t *testing.T, token string) {
		jwtAudiences(token, never) // must not panic or hang
	})
}

func TestJWTAudiencesDoesNotAllocate(t *testing.T) {
	token := jwt(`{"sub":"u","aud":"client123","token_use":"id"}`)
	match, _ := newTokenMatcher(`client[0-9]+`)
	if n := testing.AllocsPerRun(100, func() { jwtAudiences(token, match) }); n != 0 {
		t.Errorf("%v allocations per check", n)
	}
}

// A Cognito authorizer with a validation expression lets through an ID
// token whose aud matches, and answers 401 to an access token, which has
// no aud, before the resource policy is read.
func TestCognitoValidationExpressionReadsAud(t *testing.T) {
	api, err := NewAPI(APIConfig{
		Partition: Known("aws"), Region: Known("us-east-1"), Account: Known("123456789012"), ID: Known("abc123"),
		Authorizers: []Authorizer{{AuthorizerConfig: AuthorizerConfig{Name: "pool", ValidationExpression: `client[0-9]+`}, Cognito: true}},
		AllMethods:  &MethodConfig{Auth: AuthCognito, Authorizer: "pool"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, token string
		status      int
	}{
		{"ID token of the app client", jwt(`{"aud":"client42","token_use":"id"}`), 200},
		{"ID token of another client", jwt(`{"aud":"other","token_use":"id"}`), 401},
		{"access token", jwt(`{"client_id":"client42","token_use":"access"}`), 401},
		{"not a JWT", "Bearer client42", 401},
	} {
		p, err := api.Prepare(Request{Verb: "GET", Stage: "prod", Path: "/x", Token: tc.token, HasToken: true})
		if err != nil {
			t.Fatal(err)
		}
		g := p.Method.Gateway()
		if o := g.Decide(&p.Call); o.Status != tc.status {
			t.Errorf("%s: status %d, want %d\n%v", tc.name, o.Status, tc.status, g.Explain(&p.Call, ExplainOptions{}).Trace)
		}
	}
}
