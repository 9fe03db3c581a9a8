package arn_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/arn"
)

func TestMethod(t *testing.T) {
	tests := []struct {
		name string
		line string
		want string // the method ARN's text
	}{
		{"path", "GET /prod/pets/1", testARN("/prod/GET/pets/1")},
		{"stage root", "GET /prod", testARN("/prod/GET/")},
		{"stage root with slash", "GET /prod/", testARN("/prod/GET/")},
		{"stage root with double slash", "GET /prod//", testARN("/prod/GET//")},
		{"trailing slash kept", "GET /Prod/test/", testARN("/Prod/GET/test/")},
		{"double slashes kept", "GET /Prod/test//", testARN("/Prod/GET/test//")},
		{"inner double slash kept", "GET /prod/a//b", testARN("/prod/GET/a//b")},
		{"dot segments kept", "GET /prod/a/../b/./c", testARN("/prod/GET/a/../b/./c")},
		{"percent-encoding kept (D15)", "GET /prod/a%2Fb/caf%C3%A9/%2A", testARN("/prod/GET/a%2Fb/caf%C3%A9/%2A")},
		{"query dropped", "GET /prod/pets?limit=10&sort=*", testARN("/prod/GET/pets")},
		{"query on root dropped", "GET /prod?x", testARN("/prod/GET/")},
		{"query after slash dropped", "GET /prod/?x", testARN("/prod/GET/")},
		{"empty query dropped", "GET /prod/pets?", testARN("/prod/GET/pets")},
		{"fragment dropped", "GET /prod/pets#top", testARN("/prod/GET/pets")},
		{"fragment before query", "GET /prod/pets#a?b", testARN("/prod/GET/pets")},
		{"concrete path parameter", "GET /local/foo/1234", testARN("/local/GET/foo/1234")},
		{"colon in path", "GET /prod/time/12:00", testARN("/prod/GET/time/12:00")},
		{"non-ASCII kept", "GET /prod/café", testARN("/prod/GET/café")},
		{"POST", "POST /Prod/athena/run_query_template", testARN("/Prod/POST/athena/run_query_template")},
		{"PUT", "PUT /prod/pets/1", testARN("/prod/PUT/pets/1")},
		{"PATCH", "PATCH /prod/pets/1", testARN("/prod/PATCH/pets/1")},
		{"DELETE", "DELETE /prod/pets/1", testARN("/prod/DELETE/pets/1")},
		{"HEAD", "HEAD /prod/pets", testARN("/prod/HEAD/pets")},
		{"OPTIONS", "OPTIONS /prod/pets", testARN("/prod/OPTIONS/pets")},
		{"other upper-case token", "PROPFIND /prod/dav", testARN("/prod/PROPFIND/dav")},
		{"token punctuation", "M-SEARCH /prod/x", testARN("/prod/M-SEARCH/x")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := testAPI.Method(tt.line)
			if err != nil {
				t.Fatalf("Method(%q): %v", tt.line, err)
			}
			if diff := cmp.Diff(tt.want, got.String()); diff != "" {
				t.Errorf("Method(%q) (-want +got):\n%s", tt.line, diff)
			}
			reparsed, err := arn.ParseMethodARN(got.String())
			if err != nil {
				t.Fatalf("ParseMethodARN(%q): %v", got.String(), err)
			}
			if diff := cmp.Diff(got, reparsed); diff != "" {
				t.Errorf("re-parsed method ARN differs (-Method +ParseMethodARN):\n%s", diff)
			}
			verb, path, _ := strings.Cut(tt.line, " ")
			viaFor, err := testAPI.MethodFor(verb, path)
			if err != nil {
				t.Fatalf("MethodFor(%q, %q): %v", verb, path, err)
			}
			if diff := cmp.Diff(got, viaFor); diff != "" {
				t.Errorf("MethodFor differs from Method (-Method +MethodFor):\n%s", diff)
			}
		})
	}
}

func TestMethodFields(t *testing.T) {
	got, err := testAPI.Method("GET /prod/pets/1?x=1")
	if err != nil {
		t.Fatal(err)
	}
	want := arn.MethodARN{API: testAPI, Stage: "prod", Verb: "GET", Path: "/pets/1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Method (-want +got):\n%s", diff)
	}
}

func TestMethodErrors(t *testing.T) {
	tests := []struct {
		name string
		line string
		want string
	}{
		{"empty", "",
			`arn: missing HTTP method in "" at offset 0`},
		{"leading space", " /prod/pets",
			`arn: missing HTTP method in " /prod/pets" at offset 0`},
		{"path only", "/prod/pets",
			`arn: missing HTTP method (expected "VERB /STAGE/PATH") in "/prod/pets" at offset 0`},
		{"verb only", "GET",
			`arn: expected a space and the request path after the method ("VERB /STAGE/PATH") in "GET" at offset 3`},
		{"verb and space", "GET ",
			`arn: missing request path (expected "/STAGE/PATH") in "GET " at offset 4`},
		{"lower-case verb", "get /prod/pets",
			`arn: HTTP method "get" must be upper case, as API Gateway methods are: use "GET" in "get /prod/pets" at offset 0`},
		{"mixed-case verb", "Post /prod/pets",
			`arn: HTTP method "Post" must be upper case, as API Gateway methods are: use "POST" in "Post /prod/pets" at offset 0`},
		{"lower-case verb alone", "delete",
			`arn: HTTP method "delete" must be upper case, as API Gateway methods are: use "DELETE" in "delete" at offset 0`},
		{"ANY", "ANY /prod/pets",
			`arn: "ANY" is not a request method: ANY configures a method for every verb, and the method ARN carries the verb the client sent, such as GET in "ANY /prod/pets" at offset 0`},
		{"lower-case any", "any /prod/pets",
			`arn: "any" is not a request method: ANY configures a method for every verb, and the method ARN carries the verb the client sent, such as GET in "any /prod/pets" at offset 0`},
		{"star verb", "* /prod/pets",
			`arn: "*" is not an HTTP method: a method ARN carries the method the client sent, such as GET in "* /prod/pets" at offset 0`},
		{"star in verb", "G*T /prod/pets",
			`arn: invalid character "*" in HTTP method "G*T" in "G*T /prod/pets" at offset 1`},
		{"slash in verb", "GET/prod/pets x",
			`arn: invalid character "/" in HTTP method "GET/prod/pets" in "GET/prod/pets x" at offset 3`},
		{"tab separator", "GET\t/prod/pets",
			`arn: invalid character "\t" in HTTP method "GET\t/prod/pets" in "GET\t/prod/pets" at offset 3`},
		{"two spaces", "GET  /prod/pets",
			`arn: space in request path (send it as "%20") in "GET  /prod/pets" at offset 4`},
		{"space in path", "GET /prod/my pets",
			`arn: space in request path (send it as "%20") in "GET /prod/my pets" at offset 12`},
		{"HTTP version", "GET /prod/pets HTTP/1.1",
			`arn: unexpected " HTTP/1.1" after the request path (give "VERB /STAGE/PATH", without the HTTP version) in "GET /prod/pets HTTP/1.1" at offset 14`},
		{"control character", "GET /prod/pets\r\n",
			`arn: control character "\r" in request path in "GET /prod/pets\r\n" at offset 14`},
		{"control character in query", "GET /prod/pets?a=\x01",
			`arn: control character "\x01" in request path in "GET /prod/pets?a=\x01" at offset 17`},
		{"DEL", "GET /prod/\x7f",
			`arn: control character "\x7f" in request path in "GET /prod/\x7f" at offset 10`},
		{"relative path", "GET prod/pets",
			`arn: request path must start with "/" in "GET prod/pets" at offset 4`},
		{"absolute URL", "GET https://example.com/prod/pets",
			`arn: request path must start with "/" in "GET https://example.com/prod/pets" at offset 4`},
		{"asterisk form", "OPTIONS *",
			`arn: request path must start with "/" in "OPTIONS *" at offset 8`},
		{"root of the API", "GET /",
			`arn: missing stage (expected "/STAGE/PATH") in "GET /" at offset 5`},
		{"empty stage", "GET //pets",
			`arn: missing stage (expected "/STAGE/PATH") in "GET //pets" at offset 5`},
		{"query without stage", "GET /?stage=prod",
			`arn: missing stage (expected "/STAGE/PATH") in "GET /?stage=prod" at offset 5`},
		{"star in path", "GET /prod/files/*",
			`arn: wildcard "*" in request path: a method ARN is a concrete value, not a pattern in "GET /prod/files/*" at offset 16`},
		{"star in stage", "GET /pr*d/pets",
			`arn: wildcard "*" in request path: a method ARN is a concrete value, not a pattern in "GET /pr*d/pets" at offset 7`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := testAPI.Method(tt.line)
			if diff := cmp.Diff(tt.want, errText(err)); diff != "" {
				t.Errorf("Method(%q) error (-want +got):\n%s", tt.line, diff)
			}
			var pe *arn.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Method(%q) error %T, want *arn.ParseError", tt.line, err)
			}
			if !got.IsZero() {
				t.Errorf("Method(%q) returned %+v with its error, want the zero MethodARN", tt.line, got)
			}
		})
	}
}

func TestMethodForErrors(t *testing.T) {
	tests := []struct {
		name string
		verb string
		path string
		want string
	}{
		{"empty verb", "", "/prod/pets",
			`arn: missing HTTP method in "" at offset 0`},
		{"lower-case verb", "get", "/prod/pets",
			`arn: HTTP method "get" must be upper case, as API Gateway methods are: use "GET" in "get" at offset 0`},
		{"ANY", "ANY", "/prod/pets",
			`arn: "ANY" is not a request method: ANY configures a method for every verb, and the method ARN carries the verb the client sent, such as GET in "ANY" at offset 0`},
		{"space in verb", "GET ", "/prod/pets",
			`arn: invalid character " " in HTTP method "GET " in "GET " at offset 3`},
		{"empty path", "GET", "",
			`arn: missing request path (expected "/STAGE/PATH") in "" at offset 0`},
		{"offset into the path", "GET", "/prod/a b",
			`arn: space in request path (send it as "%20") in "/prod/a b" at offset 7`},
		{"missing stage", "GET", "/",
			`arn: missing stage (expected "/STAGE/PATH") in "/" at offset 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := testAPI.MethodFor(tt.verb, tt.path)
			if diff := cmp.Diff(tt.want, errText(err)); diff != "" {
				t.Errorf("MethodFor(%q, %q) error (-want +got):\n%s", tt.verb, tt.path, diff)
			}
			if !got.IsZero() {
				t.Errorf("MethodFor(%q, %q) returned %+v with its error, want the zero MethodARN", tt.verb, tt.path, got)
			}
		})
	}
}

// TestMethodInvalidAPI checks that a hand-made API is checked before it
// is used, so that every method ARN Method returns re-parses.
func TestMethodInvalidAPI(t *testing.T) {
	tests := []struct {
		name string
		api  arn.API
		want string
	}{
		{"zero API", arn.API{},
			"arn: the zero API has no method ARNs"},
		{"short account", arn.API{Partition: "aws", Region: "us-east-1", Account: "42", ID: "abc"},
			`arn: invalid API: account "42" has 2 digits, expected 12 in "arn:aws:execute-api:us-east-1:42:abc" at offset 30`},
		{"missing partition", arn.API{Region: "us-east-1", Account: "123456789012", ID: "abc"},
			`arn: invalid API: unknown partition "" (known: aws, aws-cn, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-us-gov) in "arn::execute-api:us-east-1:123456789012:abc" at offset 4`},
		{"slash in id", arn.API{Partition: "aws", Region: "us-east-1", Account: "123456789012", ID: "abc/prod"},
			`arn: invalid API: unexpected "/" after API id "abc": an API ARN ends with the API id in "arn:aws:execute-api:us-east-1:123456789012:abc/prod" at offset 46`},
		{"colon in region", arn.API{Partition: "aws", Region: "us:east", Account: "123456789012", ID: "abc"},
			`arn: invalid API: invalid character ":" in region "us:east" (expected lower-case letters, digits and "-") in "arn:aws:execute-api:us:east:123456789012:abc" at offset 22`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.api.Method("GET /prod/")
			if diff := cmp.Diff(tt.want, errText(err)); diff != "" {
				t.Errorf("Method error (-want +got):\n%s", diff)
			}
			_, err = tt.api.MethodFor("GET", "/prod/")
			if diff := cmp.Diff(tt.want, errText(err)); diff != "" {
				t.Errorf("MethodFor error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRequestQuery(t *testing.T) {
	for line, want := range map[string]string{
		"GET /prod/pets":                  "",
		"GET /prod/pets?tenant=acme&a=1":  "a=1&tenant=acme",
		"GET /prod/pets?tenant=acme#frag": "tenant=acme",
		"GET /prod/pets#a?b=c":            "",
		"GET":                             "",
	} {
		got, err := arn.RequestQuery(line)
		if err != nil || got.Encode() != want {
			t.Errorf("RequestQuery(%q) = %q, %v; want %q", line, got.Encode(), err, want)
		}
	}
	if _, err := arn.RequestQuery("GET /p?a=%zz"); err == nil {
		t.Error("a bad escape was accepted")
	}
}

func TestCheckRESTMethod(t *testing.T) {
	for _, v := range []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"} {
		if err := arn.CheckRESTMethod(v); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
	for _, v := range []string{"ANY", "PROPFIND", "get", "", "*"} {
		if err := arn.CheckRESTMethod(v); err == nil {
			t.Errorf("%q: no error", v)
		}
	}
}
