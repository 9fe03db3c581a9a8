package apigw

import (
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/fixtures"
	"github.com/iamgate/iamgate/policy"
)

func TestParseAuthorizerResponse(t *testing.T) {
	src := `{
  "principalId": "user-7f3a9c",
  "policyDocument": {
    "Version": "2012-10-17",
    "Statement": {
      "Effect": "Allow",
      "Action": "execute-api:Invoke",
      "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders"
    }
  },
  "context": {"tenant": "acme", "price": 1.50, "beta": true, "big": -2E+10, "off": false},
  "usageIdentifierKey": "key-123",
  "statusCode": 200
}`
	got, err := ParseAuthorizerResponse([]byte(src), AuthorizerOptions{File: "out.json"})
	if err != nil {
		t.Fatal(err)
	}
	const st = "/policyDocument/Statement"
	resource := "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders"
	entry := func(key string, keyPos policy.Pos, value string, kind policy.ValueKind, pos policy.Pos) ContextEntry {
		p := "/context/" + key
		return ContextEntry{Key: policy.Text{Value: key, Pos: keyPos, Path: p}, Value: value, Kind: kind, Pos: pos, Path: p}
	}
	want := &AuthorizerResponse{
		File:        "out.json",
		Raw:         src,
		PrincipalID: &policy.Text{Value: "user-7f3a9c", Pos: policy.Pos{Offset: 19, Line: 2, Column: 18}, Path: "/principalId"},
		Policy: &policy.Document{
			File:        "out.json",
			Kind:        policy.Authorizer,
			Version:     policy.Version2012,
			VersionText: &policy.Text{Value: "2012-10-17", Pos: policy.Pos{Offset: 71, Line: 4, Column: 16}, Path: "/policyDocument/Version"},
			Statements: []policy.Statement{{
				Path:       st,
				Pos:        policy.Pos{Offset: 102, Line: 5, Column: 18},
				Effect:     policy.Allow,
				EffectText: policy.Text{Value: "Allow", Pos: policy.Pos{Offset: 120, Line: 6, Column: 17}, Path: st + "/Effect"},
				Action: policy.List{Name: "Action", Pos: policy.Pos{Offset: 145, Line: 7, Column: 17}, Path: st + "/Action", Single: true,
					Values: []policy.Text{{Value: "execute-api:Invoke", Pos: policy.Pos{Offset: 145, Line: 7, Column: 17}, Path: st + "/Action"}}},
				Resource: policy.List{Name: "Resource", Pos: policy.Pos{Offset: 185, Line: 8, Column: 19}, Path: st + "/Resource", Single: true,
					Values: []policy.Text{{Value: resource, Pos: policy.Pos{Offset: 185, Line: 8, Column: 19}, Path: st + "/Resource"}}},
			}},
			SingleStatement: true,
			Pos:             policy.Pos{Offset: 54, Line: 3, Column: 21},
		},
		Context: []ContextEntry{
			entry("tenant", policy.Pos{Offset: 282, Line: 11, Column: 15}, "acme", policy.StringValue, policy.Pos{Offset: 292, Line: 11, Column: 25}),
			entry("price", policy.Pos{Offset: 300, Line: 11, Column: 33}, "1.50", policy.NumberValue, policy.Pos{Offset: 309, Line: 11, Column: 42}),
			entry("beta", policy.Pos{Offset: 315, Line: 11, Column: 48}, "true", policy.BoolValue, policy.Pos{Offset: 323, Line: 11, Column: 56}),
			entry("big", policy.Pos{Offset: 329, Line: 11, Column: 62}, "-2E+10", policy.NumberValue, policy.Pos{Offset: 336, Line: 11, Column: 69}),
			entry("off", policy.Pos{Offset: 344, Line: 11, Column: 77}, "false", policy.BoolValue, policy.Pos{Offset: 351, Line: 11, Column: 84}),
		},
		UsageIdentifierKey: &policy.Text{Value: "key-123", Pos: policy.Pos{Offset: 383, Line: 12, Column: 25}, Path: "/usageIdentifierKey"},
		Unknown:            []policy.Text{{Value: "statusCode", Pos: policy.Pos{Offset: 396, Line: 13, Column: 3}, Path: "/statusCode"}},
		Pos:                policy.Pos{Offset: 0, Line: 1, Column: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseAuthorizerResponse (-want +got):\n%s", diff)
	}
}

// TestParseAuthorizerResponseAccepts covers outputs API Gateway accepts
// that the full-response test does not.
func TestParseAuthorizerResponseAccepts(t *testing.T) {
	const pol = `{"Statement":[{"Effect":"Deny","Action":["execute-api:Invoke"],"Resource":["arn:aws:execute-api:*:*:*/*/DELETE/*"]}]}`
	type summary struct {
		PrincipalID string
		Context     map[string]string
		Usage       string
		Unknown     []string
		Statements  int
	}
	tests := []struct {
		name string
		src  string
		want summary
	}{
		{"empty principalId (D9)", `{"principalId":"","policyDocument":` + pol + `}`,
			summary{Statements: 1}},
		{"principalId missing (a captured Deny was applied without one)", `{"policyDocument":` + pol + `}`,
			summary{PrincipalID: "<none>", Statements: 1}},
		{"miscased optional keys are unknown keys", `{"PrincipalId":"u","policyDocument":` + pol + `,"Context":{"tier":1},"UsageIdentifierKey":"k"}`,
			summary{PrincipalID: "<none>", Unknown: []string{"PrincipalId", "Context", "UsageIdentifierKey"}, Statements: 1}},
		{"empty context", `{"principalId":"u","policyDocument":` + pol + `,"context":{}}`,
			summary{PrincipalID: "u", Statements: 1}},
		{"empty usageIdentifierKey", `{"principalId":"u","policyDocument":` + pol + `,"usageIdentifierKey":""}`,
			summary{PrincipalID: "u", Statements: 1}},
		{"context keys are case-sensitive and may be empty", `{"principalId":"u","policyDocument":` + pol + `,"context":{"Tier":"a","tier":"b","":"c","n":0}}`,
			summary{PrincipalID: "u", Context: map[string]string{"Tier": "a", "tier": "b", "": "c", "n": "0"}, Statements: 1}},
		{"miscased copy next to the real key is ignored", `{"principalId":"u","PrincipalId":"v","policyDocument":` + pol + `,"context":{},"Context":null}`,
			summary{PrincipalID: "u", Unknown: []string{"PrincipalId", "Context"}, Statements: 1}},
		{"proxy keys next to a policy are ignored", `{"principalId":"u","policyDocument":` + pol + `,"statusCode":200,"body":{"a":[1,{"b":null}]}}`,
			summary{PrincipalID: "u", Unknown: []string{"statusCode", "body"}, Statements: 1}},
		{"repeated unknown keys and anything inside them are ignored", `{"principalId":"u","policyDocument":` + pol + `,"x":1,"x":2,"meta":[{"a":1,"a":2}]}`,
			summary{PrincipalID: "u", Unknown: []string{"x", "meta"}, Statements: 1}},
		{"white space around the object", " \r\n\t{\"principalId\":\"u\",\"policyDocument\":" + pol + "}\n",
			summary{PrincipalID: "u", Statements: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseAuthorizerResponse([]byte(tt.src), AuthorizerOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := summary{PrincipalID: "<none>", Statements: len(r.Policy.Statements)}
			if r.PrincipalID != nil {
				got.PrincipalID = r.PrincipalID.Value
			}
			for _, e := range r.Context {
				if got.Context == nil {
					got.Context = map[string]string{}
				}
				got.Context[e.Key.Value] = e.Value
			}
			if r.UsageIdentifierKey != nil {
				got.Usage = r.UsageIdentifierKey.Value
			}
			for _, u := range r.Unknown {
				got.Unknown = append(got.Unknown, u.Value)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if r.Raw != tt.src {
				t.Errorf("Raw = %q, want the input", r.Raw)
			}
		})
	}
}

func TestParseAuthorizerResponseErrors(t *testing.T) {
	// pol is a valid policy document.
	const pol = `{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}}`
	// want is one error: its line:column, JSON path and a phrase of its
	// message.
	type want struct {
		pos, path, phrase string
	}
	tests := []struct {
		name string
		src  string
		want []want
	}{
		{"invalid JSON", `{"principalId":"u",}`, []want{{"1:20", ``, `invalid JSON: trailing comma`}}},
		{"unterminated", "{\"principalId\":\"u\",\n  \"policyDocument\": {", []want{{"2:22", ``, `invalid JSON: unexpected end of input`}}},
		{"empty body", ``, []want{{"1:1", ``, `the authorizer returned an empty body`}}},
		{"white space body", " \n\t", []want{{"2:2", ``, `the authorizer returned an empty body`}}},
		{"null", `null`, []want{{"1:1", ``, `the authorizer returned null`}}},
		{"null with spaces", "\n  null\n", []want{{"2:3", ``, `the authorizer returned null`}}},
		{"array", `[{"principalId":"u"}]`, []want{{"1:1", ``, `the authorizer returned a JSON array`}}},
		{"json-encoded string", `"{\"principalId\":\"u\"}"`, []want{{"1:1", ``, `not a JSON-encoded string`}}},
		{"boolean", `true`, []want{{"1:1", ``, `the authorizer returned a JSON boolean`}}},
		{"principalId number", `{"principalId":42,"policyDocument":` + pol + `}`, []want{{"1:16", `/principalId`, `"principalId" must be a string, not number (quote it: "42")`}}},
		{"principalId null", `{"principalId":null,"policyDocument":` + pol + `}`, []want{{"1:16", `/principalId`, `"principalId" must be a string, not null`}}},
		{"principalId object", `{"principalId":{"id":"u"},"policyDocument":` + pol + `}`, []want{{"1:16", `/principalId`, `"principalId" must be a string, not object`}}},
		{"policyDocument missing", `{"principalId":"u"}`, []want{{"1:1", ``, `"policyDocument" is missing: the response must carry the policy`}}},
		{"policyDocument null", `{"principalId":"u","policyDocument":null}`, []want{{"1:37", `/policyDocument`, `"policyDocument" must be a policy document object, not null`}}},
		{"policyDocument array", `{"principalId":"u","policyDocument":[` + pol + `]}`, []want{{"1:37", `/policyDocument`, `"policyDocument" must be a policy document object, not array`}}},
		{"policyDocument JSON-encoded", `{"principalId":"u","policyDocument":"{}"}`, []want{{"1:37", `/policyDocument`, `not a JSON-encoded string`}}},
		{"policyDocument miscased", `{"principalId":"u","PolicyDocument":` + pol + `}`, []want{{"1:20", `/PolicyDocument`, `"policyDocument" is missing: found "PolicyDocument": keys are case-sensitive`}}},
		{"proxy integration response", `{"statusCode":200,"headers":{},"body":"ok"}`, []want{{"1:1", ``, `"statusCode" makes this look like a Lambda proxy integration response: an authorizer returns a policy, not an HTTP response`}}},
		{"proxy response with principal", `{"principalId":"u","isBase64Encoded":false,"body":"x"}`, []want{{"1:1", ``, `"isBase64Encoded" makes this look like a Lambda proxy integration response`}}},
		{"HTTP API simple response", `{"isAuthorized":true,"principalId":"u"}`, []want{{"1:1", ``, `"isAuthorized" is the simple response format of HTTP API authorizers`}}},
		{"policy: miscased Version and Statement", `{"principalId":"u","policyDocument":{"version":"2012-10-17","statement":[]}}`, []want{{"1:38", `/policyDocument/version`, `element "version" must be spelled "Version"`}, {"1:61", `/policyDocument/statement`, `element "statement" must be spelled "Statement"`}}},
		{"policy: Effect not exactly Allow (D10)", `{"principalId":"u","policyDocument":{"Statement":[{"Effect":"allow","Action":"execute-api:Invoke","Resource":"*"},{"Effect":"ALLOW","Action":"*","Resource":"*"}]}}`, []want{{"1:61", `/policyDocument/Statement/0/Effect`, `invalid Effect "allow"`}, {"1:125", `/policyDocument/Statement/1/Effect`, `invalid Effect "ALLOW"`}}},
		{"policy: Condition null", `{"principalId":"u","policyDocument":{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":null}}}`, []want{{"1:108", `/policyDocument/Statement/Condition`, `Condition must be an object`}}},
		{"policy: Principal present", `{"principalId":"u","policyDocument":{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}}`, []want{{"1:68", `/policyDocument/Statement/Principal`, `Principal is not allowed in an authorizer policy`}}},
		{"policy: missing Statement", `{"principalId":"u","policyDocument":{}}`, []want{{"1:37", `/policyDocument`, `missing Statement`}}},
		{"policy: duplicate element", `{"principalId":"u","policyDocument":{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Effect":"Deny"}}}`, []want{{"1:96", `/policyDocument/Statement/Effect`, `duplicate element "Effect"`}}},
		{"context null", `{"principalId":"u","policyDocument":` + pol + `,"context":null}`, []want{{"1:125", `/context`, `"context" must be an object of string, number or boolean values, not null`}}},
		{"context array", `{"principalId":"u","policyDocument":` + pol + `,"context":[]}`, []want{{"1:125", `/context`, `"context" must be an object of string, number or boolean values, not array`}}},
		{"context string", `{"principalId":"u","policyDocument":` + pol + `,"context":"tenant=acme"}`, []want{{"1:125", `/context`, `not string`}}},
		{"context values", `{"principalId":"u","policyDocument":` + pol + `,"context":{"user":{"id":1},"roles":["a"],"gone":null,"ok":"x"}}`, []want{{"1:133", `/context/user`, `context value "user" must be a string, number or boolean, not object (encode nested data as a string)`}, {"1:150", `/context/roles`, `context value "roles" must be a string, number or boolean, not array`}, {"1:163", `/context/gone`, `context value "gone" must be a string, number or boolean, not null`}}},
		{"context key with slash", `{"principalId":"u","policyDocument":` + pol + `,"context":{"a/b~c":null}}`, []want{{"1:134", `/context/a~1b~0c`, `context value "a/b~c"`}}},
		{"duplicate context key", `{"principalId":"u","policyDocument":` + pol + `,"context":{"tier":1,"tier":"2"}}`, []want{{"1:135", `/context/tier`, `duplicate context key "tier" (first at 1:126)`}}},
		{"duplicate principalId", `{"principalId":"a","policyDocument":` + pol + `,"principalId":"b"}`, []want{{"1:115", `/principalId`, `duplicate key "principalId" (first at 1:2)`}}},
		{"duplicate policyDocument", `{"principalId":"a","policyDocument":` + pol + `,"policyDocument":{}}`, []want{{"1:115", `/policyDocument`, `duplicate key "policyDocument"`}}},
		{"usageIdentifierKey null", `{"principalId":"u","policyDocument":` + pol + `,"usageIdentifierKey":null}`, []want{{"1:136", `/usageIdentifierKey`, `"usageIdentifierKey" must be a string (an API key of the usage plan), not null`}}},
		{"usageIdentifierKey number", `{"principalId":"u","policyDocument":` + pol + `,"usageIdentifierKey":12345}`, []want{{"1:136", `/usageIdentifierKey`, `not number (quote it: "12345")`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseAuthorizerResponse([]byte(tt.src), AuthorizerOptions{File: "out.json"})
			if err == nil {
				t.Fatalf("ParseAuthorizerResponse succeeded: %+v", r)
			}
			if r != nil {
				t.Errorf("ParseAuthorizerResponse returned a response with an error")
			}
			l := policy.AsList(err)
			if len(l) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(l), len(tt.want), l.Detail([]byte(tt.src)))
			}
			for i, e := range l {
				w := tt.want[i]
				if e.File != "out.json" || e.Pos.String() != w.pos || e.Path != w.path || !strings.Contains(e.Msg, w.phrase) {
					t.Errorf("error %d = %v\nwant at %s, path %q, containing %q", i, e, w.pos, w.path, w.phrase)
				}
				if !strings.HasSuffix(e.Msg, rejected) {
					t.Errorf("error %d does not say what API Gateway does: %v", i, e)
				}
			}
		})
	}
}

// TestParseAuthorizerResponseAllErrors checks that every problem is
// reported at once, sorted by position, in the package's error format.
func TestParseAuthorizerResponseAllErrors(t *testing.T) {
	src := `{
  "principalId": 7,
  "policyDocument": {"Statement": [{"Effect": "allow", "Action": "execute-api:Invoke", "Resource": "*", "Condition": null}]},
  "context": {"user": {"id": 7}},
  "usageIdentifierKey": null
}`
	_, err := ParseAuthorizerResponse([]byte(src), AuthorizerOptions{File: "out.json"})
	const r = rejected
	want := []string{
		`out.json:2:18: "principalId" must be a string, not number (quote it: "7")` + r + ` (at /principalId)`,
		`out.json:3:47: invalid Effect "allow": expected "Allow" or "Deny" (did you mean "Allow"? Effect is case-sensitive)` + r + ` (at /policyDocument/Statement/0/Effect)`,
		`out.json:3:118: Condition must be an object mapping operators to {key: values}, not null` + r + ` (at /policyDocument/Statement/0/Condition)`,
		`out.json:4:23: context value "user" must be a string, number or boolean, not object (encode nested data as a string)` + r + ` (at /context/user)`,
		`out.json:5:25: "usageIdentifierKey" must be a string (an API key of the usage plan), not null` + r + ` (at /usageIdentifierKey)`,
	}
	if diff := cmp.Diff(want, errStrings(t, err)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// TestParseAuthorizerResponseFixtures checks that the authorizer fixtures
// parse, and that their policy is the document Parse finds at
// /policyDocument.
func TestParseAuthorizerResponseFixtures(t *testing.T) {
	names, err := fs.Glob(fixtures.FS, "policies/authorizer-*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no authorizer fixtures: %v", err)
	}
	for _, name := range names {
		t.Run(path.Base(name), func(t *testing.T) {
			src, err := fs.ReadFile(fixtures.FS, name)
			if err != nil {
				t.Fatal(err)
			}
			r, err := ParseAuthorizerResponse(src, AuthorizerOptions{File: name})
			if err != nil {
				t.Fatal(policy.AsList(err).Detail(src))
			}
			doc, err := policy.Parse(src, policy.ParseOptions{File: name, Kind: policy.Authorizer, Root: "/policyDocument"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(doc, r.Policy); diff != "" {
				t.Errorf("policy differs from Parse (-Parse +ParseAuthorizerResponse):\n%s", diff)
			}
		})
	}
}

// FuzzParseAuthorizerResponse checks that ParseAuthorizerResponse never
// panics, returns either a response or an error, that a response is
// complete and agrees with its input and with Parse, and that every error
// has a position inside the input.
func FuzzParseAuthorizerResponse(f *testing.F) {
	for _, s := range []string{
		`{"principalId":"user-7f3a9c","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders"}]},"context":{"tenant":"acme","tier":2,"beta":true},"usageIdentifierKey":"key-123"}`,
		`{"principalId":"","policyDocument":{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}},"context":{}}`,
		`{"principalId":"u","policyDocument":{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]},"context":{"price":1.50,"n":-0e-0}}`,
		`{"statusCode":200,"headers":{"Content-Type":"text/plain"},"body":"ok","isBase64Encoded":false}`,
		`{"PrincipalId":1,"PolicyDocument":{"version":"2012-10-17","statement":[]},"Context":{"a":null}}`,
		`{"principalId":"u","policyDocument":{"Statement":{"Effect":"allow","Action":"*","Resource":"*","Condition":null}},"context":{"a":{"b":1},"a":[]}}`,
		`{"isAuthorized":true,"context":{"x":"y"}}`,
		`null`,
		``,
		`"{}"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseAuthorizerResponse(data, AuthorizerOptions{File: "f.json"})
		if (r == nil) == (err == nil) {
			t.Fatalf("ParseAuthorizerResponse returned response=%v err=%v", r != nil, err)
		}
		if err != nil {
			l := policy.AsList(err)
			if len(l) == 0 {
				t.Fatalf("error %v is not an ErrorList", err)
			}
			for _, e := range l {
				if e.Pos.IsValid() && (e.Pos.Offset < 0 || e.Pos.Offset > len(data)) {
					t.Fatalf("error position %v outside input of %d bytes: %v", e.Pos, len(data), e)
				}
				if e.File != "f.json" || !strings.HasSuffix(e.Msg, rejected) {
					t.Fatalf("malformed error %v", e)
				}
			}
			return
		}
		if r.Raw != string(data) || r.File != "f.json" {
			t.Fatalf("Raw or File not kept")
		}
		if r.Policy == nil || r.Policy.Kind != policy.Authorizer || len(r.Policy.Statements) == 0 {
			t.Fatalf("response accepted without a policy: %+v", r)
		}
		if r.PrincipalID != nil && (r.PrincipalID.Path != "/principalId" || !r.PrincipalID.Pos.IsValid()) {
			t.Fatalf("principalId without its position: %+v", r.PrincipalID)
		}
		if r.UsageIdentifierKey != nil && r.UsageIdentifierKey.Path != "/usageIdentifierKey" {
			t.Fatalf("usageIdentifierKey path %q", r.UsageIdentifierKey.Path)
		}
		keys := map[string]bool{}
		for _, e := range r.Context {
			if keys[e.Key.Value] {
				t.Fatalf("context key %q accepted twice", e.Key.Value)
			}
			keys[e.Key.Value] = true
			if e.Path != pointer("/context", e.Key.Value) || e.Key.Path != e.Path || e.Pos.Offset >= len(data) {
				t.Fatalf("context entry %+v misplaced", e)
			}
			switch e.Kind {
			case policy.StringValue:
			case policy.NumberValue:
				if string(data[e.Pos.Offset:e.Pos.Offset+len(e.Value)]) != e.Value {
					t.Fatalf("number %q is not its JSON text", e.Value)
				}
			case policy.BoolValue:
				if e.Value != "true" && e.Value != "false" {
					t.Fatalf("boolean %q", e.Value)
				}
			default:
				t.Fatalf("context entry %q has kind %d", e.Key.Value, e.Kind)
			}
		}
		for _, s := range r.Policy.Statements {
			if s.Effect != policy.Allow && s.Effect != policy.Deny || s.Principal != nil {
				t.Fatalf("statement %d accepted with effect %v, principal %v", s.Index, s.Effect, s.Principal)
			}
		}
		for _, u := range r.Unknown {
			if canonicalKey(u.Value) == u.Value {
				t.Fatalf("known key %q listed as unknown", u.Value)
			}
		}
		doc, err := policy.Parse(data, policy.ParseOptions{File: "f.json", Kind: policy.Authorizer, Root: "/policyDocument"})
		if err != nil {
			t.Fatalf("Parse rejects the policy ParseAuthorizerResponse accepted: %v", err)
		}
		if diff := cmp.Diff(doc, r.Policy); diff != "" {
			t.Fatalf("policy differs from Parse (-Parse +ParseAuthorizerResponse):\n%s", diff)
		}
	})
}

func errStrings(t *testing.T, err error) []string {
	t.Helper()
	l := policy.AsList(err)
	if l == nil {
		t.Fatalf("error %v is not an ErrorList", err)
	}
	out := make([]string, len(l))
	for i, e := range l {
		out[i] = e.Error()
	}
	return out
}
