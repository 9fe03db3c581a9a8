package policy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// errStrings returns the formatted errors of a failed Parse.
func errStrings(t *testing.T, err error) []string {
	t.Helper()
	l := AsList(err)
	if l == nil {
		t.Fatalf("error %v is not an ErrorList", err)
	}
	out := make([]string, len(l))
	for i, e := range l {
		out[i] = e.Error()
	}
	return out
}

func TestParseValidForms(t *testing.T) {
	src := `{
  "Version": "2012-10-17",
  "Id": "api-policy",
  "Statement": [
    {
      "Sid": "AllowAll",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "execute-api:Invoke",
      "Resource": ["execute-api:/*", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/*"]
    },
    {
      "Effect": "Deny",
      "NotPrincipal": {"AWS": ["arn:aws:iam::123456789012:root", "111122223333"], "Service": "lambda.amazonaws.com"},
      "NotAction": ["execute-api:InvalidateCache"],
      "NotResource": "arn:aws:execute-api:*:*:abc/*/POST/*",
      "Condition": {
        "NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.7"]},
        "NumericLessThan": {"n": 10},
        "Bool": {"aws:SecureTransport": false}
      }
    }
  ]
}`
	doc, err := Parse([]byte(src), ParseOptions{File: "rp.json", Kind: ResourceBased})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Version != Version2012 || doc.ID.Value != "api-policy" || doc.SingleStatement || len(doc.Statements) != 2 {
		t.Fatalf("unexpected document header: %+v", doc)
	}
	s0, s1 := doc.Statements[0], doc.Statements[1]
	if s0.SidOrEmpty() != "AllowAll" || s0.Effect != Allow || !s0.Principal.Wildcard || s0.Action.Not || !s0.Action.Single {
		t.Errorf("statement 0: %+v", s0)
	}
	if s0.Sid.Pos != (Pos{Offset: 87, Line: 6, Column: 14}) || s0.Sid.Path != "/Statement/0/Sid" {
		t.Errorf("Sid position %v path %q", s0.Sid.Pos, s0.Sid.Path)
	}
	if got := s0.Resource.Values[1].Path; got != "/Statement/0/Resource/1" {
		t.Errorf("resource path %q", got)
	}
	if s1.SidOrEmpty() != "" || s1.Effect != Deny || !s1.Principal.Not || !s1.Action.Not || !s1.Resource.Not || s1.Action.Name != "NotAction" {
		t.Errorf("statement 1: %+v", s1)
	}
	var principals []string
	for _, e := range s1.Principal.Entries {
		for _, v := range e.Values {
			principals = append(principals, e.Type+"="+v.Value)
		}
	}
	if diff := cmp.Diff([]string{"AWS=arn:aws:iam::123456789012:root", "AWS=111122223333", "Service=lambda.amazonaws.com"}, principals); diff != "" {
		t.Errorf("principals (-want +got):\n%s", diff)
	}
	type cv struct {
		Op, Key string
		Values  []string
		Kinds   []ValueKind
		Single  bool
	}
	var conds []cv
	for _, c := range s1.Conditions {
		x := cv{Op: c.Operator.Value, Key: c.Key.Value, Single: c.Single}
		for _, v := range c.Values {
			x.Values = append(x.Values, v.Value)
			x.Kinds = append(x.Kinds, v.Kind)
		}
		conds = append(conds, x)
	}
	want := []cv{
		{"NotIpAddress", "aws:SourceIp", []string{"192.0.2.0/24", "203.0.113.7"}, []ValueKind{StringValue, StringValue}, false},
		{"NumericLessThan", "n", []string{"10"}, []ValueKind{NumberValue}, true},
		{"Bool", "aws:SecureTransport", []string{"false"}, []ValueKind{BoolValue}, true},
	}
	if diff := cmp.Diff(want, conds); diff != "" {
		t.Errorf("conditions (-want +got):\n%s", diff)
	}
}

func TestParseTolerance(t *testing.T) {
	tests := []struct {
		name string
		src  string
		kind Kind
		want func(*Document) bool
	}{
		{"single statement object, no version", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, Authorizer,
			func(d *Document) bool {
				return d.SingleStatement && d.Version == VersionNone && d.Statements[0].Path == "/Statement"
			}},
		{"2008 version", `{"Version":"2008-10-17","Statement":[{"Effect":"Deny","Action":["execute-api:*"],"Resource":["*"]}]}`, IdentityBased,
			func(d *Document) bool { return d.Version == Version2008 && d.Statements[0].Effect == Deny }},
		{"generic kind allows missing principal", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, Generic,
			func(d *Document) bool { return d.Statements[0].Principal == nil }},
		{"AWS * principal", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}]}`, ResourceBased,
			func(d *Document) bool { return d.Statements[0].Principal.Entries[0].Values[0].Value == "*" }},
		{"unicode escapes in strings", `{"Statement":[{"Sid":"A\u0042","Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::a\/b"}]}`, Generic,
			func(d *Document) bool {
				return d.Statements[0].Sid.Value == "AB" && d.Statements[0].Resource.Values[0].Value == "arn:aws:s3:::a/b"
			}},
		{"condition array of mixed scalars", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"k":["a",1,true]}}}]}`, Generic,
			func(d *Document) bool {
				v := d.Statements[0].Conditions[0].Values
				return len(v) == 3 && v[1].Kind == NumberValue && v[2].Value == "true"
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.src), ParseOptions{Kind: tt.kind})
			if err != nil {
				t.Fatal(err)
			}
			if !tt.want(d) {
				t.Errorf("unexpected document %+v", d)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		src  string
		want []string
	}{
		{"syntax error", Generic, "{\n  \"Statement\": [,]\n}", []string{
			"p.json:2:17: invalid JSON: unexpected character ',': expected a JSON value"}},
		{"not an object", Generic, `[]`, []string{"p.json:1:1: a policy document must be a JSON object, not array"}},
		{"missing statement", Generic, `{"Version":"2012-10-17"}`, []string{
			"p.json:1:1: missing Statement: a policy document needs at least one statement"}},
		{"empty statement array", Generic, `{"Statement":[]}`, []string{
			"p.json:1:14: Statement is an empty array: a policy document needs at least one statement (at /Statement)"}},
		{"statement wrong type", Generic, `{"Statement":"x"}`, []string{
			"p.json:1:14: Statement must be an object or an array of objects, not string (at /Statement)"}},
		{"bad version", Generic, `{"Version":"2012-10-18","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, []string{
			`p.json:1:12: invalid Version "2012-10-18": expected "2012-10-17" or "2008-10-17" (at /Version)`}},
		{"version number", Generic, `{"Version":2012,"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, []string{
			"p.json:1:12: Version must be a string, not number (at /Version)"}},
		{"unknown and miscased elements", Generic, `{"version":"2012-10-17","Statement":[{"effect":"Allow","Effect":"Allow","action":"*","Action":"*","Resource":"*","Foo":1}]}`, []string{
			`p.json:1:2: element "version" must be spelled "Version": IAM element names are case-sensitive (at /version)`,
			`p.json:1:39: element "effect" must be spelled "Effect": IAM element names are case-sensitive (at /Statement/0/effect)`,
			`p.json:1:73: element "action" must be spelled "Action": IAM element names are case-sensitive (at /Statement/0/action)`,
			`p.json:1:114: unknown element "Foo" in a statement: expected one of Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition (at /Statement/0/Foo)`}},
		{"miscased element is not also reported missing", ResourceBased, `{"statement":{"effect":"Allow","principal":"*","notAction":"*","Resource":"*"}}`, []string{
			`p.json:1:2: element "statement" must be spelled "Statement": IAM element names are case-sensitive (at /statement)`}},
		{"miscased elements inside a statement", ResourceBased, `{"Statement":{"effect":"Allow","principal":"*","notAction":"*","Resource":"*"}}`, []string{
			`p.json:1:15: element "effect" must be spelled "Effect": IAM element names are case-sensitive (at /Statement/effect)`,
			`p.json:1:32: element "principal" must be spelled "Principal": IAM element names are case-sensitive (at /Statement/principal)`,
			`p.json:1:48: element "notAction" must be spelled "NotAction": IAM element names are case-sensitive (at /Statement/notAction)`}},
		{"duplicate keys", Generic, `{"Statement":[{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}],"Statement":[]}`, []string{
			`p.json:1:33: duplicate element "Effect" (first at 1:16): an element may appear only once (at /Statement/0/Effect)`,
			`p.json:1:79: duplicate element "Statement" (first at 1:2): an element may appear only once (at /Statement)`}},
		{"exclusive elements", ResourceBased, `{"Statement":[{"Effect":"Allow","Principal":"*","NotPrincipal":"*","Action":"*","NotAction":"*","Resource":"*","NotResource":"*"}]}`, []string{
			"p.json:1:49: Principal and NotPrincipal cannot be combined in one statement: use one of them (at /Statement/0/NotPrincipal)",
			"p.json:1:81: Action and NotAction cannot be combined in one statement: use one of them (at /Statement/0/NotAction)",
			"p.json:1:112: Resource and NotResource cannot be combined in one statement: use one of them (at /Statement/0/NotResource)"}},
		{"missing required", ResourceBased, `{"Statement":[{"Sid":"x"}]}`, []string{
			`p.json:1:15: missing Effect: every statement needs "Effect": "Allow" or "Deny" (at /Statement/0)`,
			"p.json:1:15: missing Principal: every statement of a resource policy needs Principal or NotPrincipal (use \"Principal\": \"*\" for everyone) (at /Statement/0)",
			"p.json:1:15: missing Action: every statement needs Action or NotAction (at /Statement/0)",
			"p.json:1:15: missing Resource: every statement needs Resource or NotResource (at /Statement/0)"}},
		{"effect values", Generic, `{"Statement":[{"Effect":"allow","Action":"*","Resource":"*"},{"Effect":"Permit","Action":"*","Resource":"*"},{"Effect":null,"Action":"*","Resource":"*"}]}`, []string{
			`p.json:1:25: invalid Effect "allow": expected "Allow" or "Deny" (did you mean "Allow"? Effect is case-sensitive) (at /Statement/0/Effect)`,
			`p.json:1:72: invalid Effect "Permit": expected "Allow" or "Deny" (at /Statement/1/Effect)`,
			"p.json:1:120: Effect must be a string, not null (at /Statement/2/Effect)"}},
		{"null and wrong types", Generic, `{"Statement":[{"Sid":1,"Effect":"Allow","Action":null,"Resource":[1,"",null],"Condition":null}]}`, []string{
			"p.json:1:22: Sid must be a string, not number (at /Statement/0/Sid)",
			"p.json:1:50: Action must be a string or an array of strings, not null (at /Statement/0/Action)",
			"p.json:1:67: Resource value must be a string, not number (at /Statement/0/Resource/0)",
			"p.json:1:69: Resource value is an empty string (at /Statement/0/Resource/1)",
			"p.json:1:72: Resource value must be a string, not null (at /Statement/0/Resource/2)",
			"p.json:1:90: Condition must be an object mapping operators to {key: values}, not null (at /Statement/0/Condition)"}},
		{"empty arrays", Generic, `{"Statement":[{"Effect":"Allow","Action":[],"Resource":""}]}`, []string{
			"p.json:1:42: Action is an empty array: it would match nothing; list at least one value (at /Statement/0/Action)",
			"p.json:1:56: Resource is an empty string (at /Statement/0/Resource)"}},
		{"principal problems", ResourceBased, `{"Statement":[{"Effect":"Allow","Principal":{"aws":"*","AWS":["arn:aws:iam::*:root",2],"AWS":"x"},"Action":"*","Resource":"*"},{"Effect":"Allow","Principal":"arn:aws:iam::1:root","Action":"*","Resource":"*"},{"Effect":"Allow","Principal":{},"Action":"*","Resource":"*"}]}`, []string{
			`p.json:1:46: unknown principal type "aws": expected one of AWS, Service, Federated, CanonicalUser (did you mean "AWS"? principal types are case-sensitive) (at /Statement/0/Principal/aws)`,
			`p.json:1:63: principal "arn:aws:iam::*:root" has a partial wildcard: only "*" alone is allowed in a principal (use a condition such as ArnLike aws:PrincipalArn instead) (at /Statement/0/Principal/AWS/0)`,
			"p.json:1:85: principal must be a string, not number (at /Statement/0/Principal/AWS/1)",
			`p.json:1:88: duplicate principal type "AWS" (first at 1:56) (at /Statement/0/Principal/AWS)`,
			`p.json:1:158: Principal string must be "*", not "arn:aws:iam::1:root": name principals in a map such as {"AWS": "arn:aws:iam::123456789012:root"} (at /Statement/1/Principal)`,
			"p.json:1:239: Principal is an empty object: name at least one principal (at /Statement/2/Principal)"}},
		{"principal in identity policy", IdentityBased, `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`, []string{
			"p.json:1:33: Principal is not allowed in an identity policy: the principal is whoever the policy is attached to (at /Statement/0/Principal)"}},
		{"condition problems", Generic, `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"a","AWS:SOURCEVPCE":"b","k":null,"j":{"x":1},"":"e"},"Bool":[],"IpAddress":{}}}]}`, []string{
			`p.json:1:111: duplicate condition key "AWS:SOURCEVPCE" under "StringEquals" (first as "aws:SourceVpce" at 1:90): key names are case-insensitive (at /Statement/0/Condition/StringEquals/AWS:SOURCEVPCE)`,
			"p.json:1:136: condition value is null: expected a string, number or boolean (at /Statement/0/Condition/StringEquals/k)",
			"p.json:1:145: condition value must be a string, number or boolean, not object (at /Statement/0/Condition/StringEquals/j)",
			`p.json:1:153: empty condition key under "StringEquals" (at /Statement/0/Condition/StringEquals/)`,
			`p.json:1:168: condition operator "Bool" must map to an object of {key: values}, not array (at /Statement/0/Condition/Bool)`,
			`p.json:1:183: condition operator "IpAddress" has no keys (at /Statement/0/Condition/IpAddress)`}},
		{"action and resource forms", Authorizer, `{"Statement":[{"Effect":"Allow","Action":["Invoke","execute-api:Invoke:x",":Invoke","exec_api:Invoke"],"Resource":["prod/GET/*","execute-api:/*"]}]}`, []string{
			`p.json:1:43: invalid Action "Invoke": expected "*" or "service:action" such as "execute-api:Invoke" (at /Statement/0/Action/0)`,
			`p.json:1:52: invalid Action "execute-api:Invoke:x": an action has exactly one ':' between service and action name (at /Statement/0/Action/1)`,
			`p.json:1:75: invalid Action ":Invoke": the service prefix and the action name must not be empty (at /Statement/0/Action/2)`,
			`p.json:1:85: invalid Action "exec_api:Invoke": the service prefix "exec_api" may hold only letters, digits and '-' (at /Statement/0/Action/3)`,
			`p.json:1:116: invalid Resource "prod/GET/*": expected "*" or an ARN starting with "arn:" (at /Statement/0/Resource/0)`,
			`p.json:1:129: the shorthand "execute-api:/*" is only expanded in API Gateway resource policies: write the full arn:aws:execute-api:... ARN (at /Statement/0/Resource/1)`}},
		{"resource ARN shapes", Generic, `{"Statement":{"Effect":"Deny","Action":"*","Resource":["arn:","arn:aws","arn:aws:execute-*:*:*:*","arn:*","arn::execute-api:r:a:x","arn:aws:execute-api:us-east-1:*","arn:aws:execute-api:*","arn:aws:s3:::b"]}}`, []string{
			`p.json:1:56: invalid Resource "arn:": an ARN has six fields, arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE (end a shorter pattern with * to cover the rest) (at /Statement/Resource/0)`,
			`p.json:1:63: invalid Resource "arn:aws": an ARN has six fields, arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE (end a shorter pattern with * to cover the rest) (at /Statement/Resource/1)`,
			`p.json:1:73: invalid Resource "arn:aws:execute-*:*:*:*": IAM does not allow a wildcard in the service field of an ARN (at /Statement/Resource/2)`,
			`p.json:1:99: invalid Resource "arn:*": an ARN needs a service field: IAM does not allow a wildcard to stand for the service (at /Statement/Resource/3)`,
			`p.json:1:107: invalid Resource "arn::execute-api:r:a:x": the partition field is empty (at /Statement/Resource/4)`}},
		{"NotPrincipal with Allow", ResourceBased, `{"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"123456789012"},"Action":"*","Resource":"*"}}`, []string{
			`p.json:1:47: NotPrincipal with "Effect": "Allow" is not supported: it would allow everyone but the listed principals, anonymous callers included; use Principal, or NotPrincipal with Deny (at /Statement/NotPrincipal)`}},
		{"variable in action", Generic, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:${aws:x}","Resource":"*"}}`, []string{
			`p.json:1:64: invalid Action "execute-api:${aws:x}": policy variables are not allowed in Action (only in Resource and Condition values) (at /Statement/Action)`}},
		{"json pointer escaping", Generic, `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/a~b":null}}}]}`, []string{
			"p.json:1:113: condition value is null: expected a string, number or boolean (at /Statement/0/Condition/StringEquals/aws:PrincipalTag~1a~0b)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.src), ParseOptions{File: "p.json", Kind: tt.kind})
			if err == nil {
				t.Fatalf("Parse succeeded: %+v", doc)
			}
			if doc != nil {
				t.Errorf("Parse returned a document with an error")
			}
			if diff := cmp.Diff(tt.want, errStrings(t, err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseRoot(t *testing.T) {
	src := `{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"execute-api:Invoke","Resource":"*"}]}}`
	_, err := Parse([]byte(src), ParseOptions{File: "out.json", Kind: Authorizer, Root: "/policyDocument"})
	want := []string{`out.json:1:84: invalid Effect "allow": expected "Allow" or "Deny" (did you mean "Allow"? Effect is case-sensitive) (at /policyDocument/Statement/0/Effect)`}
	if diff := cmp.Diff(want, errStrings(t, err)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	_, err = Parse([]byte(`{"policyDocument":{},"policyDocument":{}}`), ParseOptions{File: "out.json", Root: "/policyDocument"})
	want = []string{`out.json:1:1: duplicate member "policyDocument": expected one policy document at /policyDocument (at /policyDocument)`}
	if diff := cmp.Diff(want, errStrings(t, err)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	_, err = Parse([]byte(`{"policydocument":{}}`), ParseOptions{File: "out.json", Root: "/policyDocument"})
	want = []string{`out.json:1:1: no member "policyDocument": expected a policy document at /policyDocument (at /policyDocument)`}
	if diff := cmp.Diff(want, errStrings(t, err)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	doc, err := Parse([]byte(`{"a":[{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}]}`), ParseOptions{Root: "/a/0"})
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Statements[0].Action.Path; got != "/a/0/Statement/Action" {
		t.Errorf("path %q", got)
	}
}

func TestErrorListDetail(t *testing.T) {
	src := "{\n\t\"Statement\": {\"Effect\": \"Alow\", \"Action\": \"*\", \"Resource\": \"*\"}\n}"
	_, err := Parse([]byte(src), ParseOptions{File: "d.json"})
	got := AsList(err).Detail([]byte(src))
	want := "d.json:2:26: invalid Effect \"Alow\": expected \"Allow\" or \"Deny\" (at /Statement/Effect)\n" +
		"\t\t\"Statement\": {\"Effect\": \"Alow\", \"Action\": \"*\", \"Resource\": \"*\"}\n" +
		"\t\t                        ^\n"
	if got != want {
		t.Errorf("Detail:\n%s\nwant:\n%s", got, want)
	}
	if !strings.HasPrefix(err.Error(), "d.json:2:26: invalid Effect") {
		t.Errorf("Error() = %q", err.Error())
	}
}

// A minified document is one line: under its problem, Detail shows a
// window of that line around the column, not the whole line, and the caret
// is still under the offending text.
func TestErrorListDetailLongLine(t *testing.T) {
	stmt := `{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},`
	many := strings.Repeat(stmt, 100_000/len(stmt))
	src := `{"Statement":[` + many + `{"Effect":"Alow","Principal":"*","Action":"*","Resource":"*"},` + strings.TrimSuffix(many, ",") + `]}`
	_, err := Parse([]byte(src), ParseOptions{File: "out.json", Kind: ResourceBased})
	got := AsList(err).Detail([]byte(src))
	if len(got) > 1000 {
		t.Fatalf("Detail is %d bytes for a line of %d; starts %.300q", len(got), len(src), got)
	}
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], `invalid Effect "Alow"`) {
		t.Fatalf("Detail:\n%s", got)
	}
	line, indent := strings.TrimPrefix(lines[1], "\t"), strings.TrimPrefix(lines[2], "\t")
	if !strings.HasPrefix(line, "...") || !strings.HasSuffix(line, "...") {
		t.Errorf("the line is not marked as cut at both ends:\n%s", got)
	}
	if at := line[min(len(indent)-1, len(line)):]; !strings.HasPrefix(at, `"Alow"`) || strings.TrimLeft(indent, " ") != "^" {
		t.Errorf("the caret is at %.20q, want it under \"Alow\":\n%s", at, got)
	}
}

// FuzzParse checks that Parse never panics, never returns both a document
// and an error, and that every error carries a position inside the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}`,
		`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["1"]},"NotAction":"*","NotResource":["x"],"Condition":{"StringNotEquals":{"aws:SourceVpce":["v"]}}}}`,
		`{"Statement":[{"Effect":"allow"}],"statement":1}`,
	} {
		f.Add([]byte(s), uint8(ResourceBased))
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		doc, err := Parse(data, ParseOptions{File: "f.json", Kind: Kind(kind % 4)})
		if (doc == nil) == (err == nil) {
			t.Fatalf("Parse returned doc=%v err=%v", doc != nil, err)
		}
		for _, e := range AsList(err) {
			if e.Pos.IsValid() && (e.Pos.Offset < 0 || e.Pos.Offset > len(data)) {
				t.Fatalf("error position %v outside input of %d bytes: %v", e.Pos, len(data), e)
			}
		}
		if doc != nil {
			for _, s := range doc.Statements {
				if s.Effect != Allow && s.Effect != Deny {
					t.Fatalf("statement %d has effect %v", s.Index, s.Effect)
				}
				if len(s.Action.Values) == 0 || len(s.Resource.Values) == 0 {
					t.Fatalf("statement %d accepted without actions or resources", s.Index)
				}
			}
		}
	})
}
