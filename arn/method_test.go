package arn_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/arn"
)

// testAPI is the API most tests build method ARNs for.
var testAPI = arn.API{Partition: "aws", Region: "us-east-1", Account: "123456789012", ID: "abc123abc1"}

// testARN returns the method ARN text for testAPI with the given tail.
func testARN(tail string) string {
	return "arn:aws:execute-api:us-east-1:123456789012:abc123abc1" + tail
}

func TestParseMethodARN(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want arn.MethodARN
	}{
		{"path", testARN("/prod/GET/pets/1"),
			arn.MethodARN{API: testAPI, Stage: "prod", Verb: "GET", Path: "/pets/1"}},
		{"root", testARN("/prod/GET/"),
			arn.MethodARN{API: testAPI, Stage: "prod", Verb: "GET", Path: "/"}},
		{"root with double slash", testARN("/prod/GET//"),
			arn.MethodARN{API: testAPI, Stage: "prod", Verb: "GET", Path: "//"}},
		{"trailing slash kept", testARN("/Prod/GET/test/"),
			arn.MethodARN{API: testAPI, Stage: "Prod", Verb: "GET", Path: "/test/"}},
		{"double slashes kept", testARN("/Prod/GET/test//"),
			arn.MethodARN{API: testAPI, Stage: "Prod", Verb: "GET", Path: "/test//"}},
		{"inner double slash kept", testARN("/Prod/GET/a//b"),
			arn.MethodARN{API: testAPI, Stage: "Prod", Verb: "GET", Path: "/a//b"}},
		{"percent-encoding kept (D15)", testARN("/prod/GET/a%2Fb/caf%C3%A9"),
			arn.MethodARN{API: testAPI, Stage: "prod", Verb: "GET", Path: "/a%2Fb/caf%C3%A9"}},
		{"colon in path", testARN("/prod/GET/time/12:00"),
			arn.MethodARN{API: testAPI, Stage: "prod", Verb: "GET", Path: "/time/12:00"}},
		{"route template kept as text", testARN("/Test/ANY/{resource+}"),
			arn.MethodARN{API: testAPI, Stage: "Test", Verb: "ANY", Path: "/{resource+}"}},
		{"lower-case verb kept as written", testARN("/prod/get/pets"),
			arn.MethodARN{API: testAPI, Stage: "prod", Verb: "get", Path: "/pets"}},
		{"HTTP API default stage", testARN("/$default/POST/orders"),
			arn.MethodARN{API: testAPI, Stage: "$default", Verb: "POST", Path: "/orders"}},
		{"KC-403 example", "arn:aws:execute-api:us-east-1:123456789012:abc123abc1/Prod/POST/athena/run_query_template",
			arn.MethodARN{API: testAPI, Stage: "Prod", Verb: "POST", Path: "/athena/run_query_template"}},
	}
	for _, p := range arn.Partitions() {
		in := "arn:" + p + ":execute-api:region-1:123456789012:abc/prod/GET/"
		tests = append(tests, struct {
			name string
			in   string
			want arn.MethodARN
		}{"partition " + p, in, arn.MethodARN{
			API:   arn.API{Partition: p, Region: "region-1", Account: "123456789012", ID: "abc"},
			Stage: "prod", Verb: "GET", Path: "/",
		}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := arn.ParseMethodARN(tt.in)
			if err != nil {
				t.Fatalf("ParseMethodARN(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseMethodARN(%q) (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(tt.in, got.String()); diff != "" {
				t.Errorf("String() does not round-trip (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(arn.MustParse(tt.in), got.ARN()); diff != "" {
				t.Errorf("ARN() (-want +got):\n%s", diff)
			}
			if got.Len() != len(tt.in) {
				t.Errorf("Len() = %d, want %d", got.Len(), len(tt.in))
			}
			if diff := cmp.Diff(tt.want, arn.MustParseMethodARN(tt.in)); diff != "" {
				t.Errorf("MustParseMethodARN(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseMethodARNErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"not an ARN", "GET /prod/pets",
			`arn: expected "arn:" at the start in "GET /prod/pets" at offset 0`},
		{"other service", "arn:aws:lambda:us-east-1:123456789012:function:f",
			`arn: expected service "execute-api", found "lambda" in "arn:aws:lambda:us-east-1:123456789012:function:f" at offset 8`},
		{"unknown partition", "arn:aws-x:execute-api:us-east-1:123456789012:abc/prod/GET/",
			`arn: unknown partition "aws-x" (known: aws, aws-cn, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-us-gov) in "arn:aws-x:execute-api:us-east-1:123456789012:abc/prod/GET/" at offset 4`},
		{"masked account", "arn:aws:execute-api:us-east-1:********9012:abc/prod/GET/",
			`arn: wildcard "*" in method ARN: a method ARN is a concrete value, not a pattern in "arn:aws:execute-api:us-east-1:********9012:abc/prod/GET/" at offset 30`},
		{"bad account", "arn:aws:execute-api:us-east-1:12345:abc/prod/GET/",
			`arn: account "12345" has 5 digits, expected 12 in "arn:aws:execute-api:us-east-1:12345:abc/prod/GET/" at offset 30`},
		{"bad API id", "arn:aws:execute-api:us-east-1:123456789012:ABC/prod/GET/",
			`arn: invalid character "A" in API id "ABC" (expected lower-case letters and digits) in "arn:aws:execute-api:us-east-1:123456789012:ABC/prod/GET/" at offset 43`},
		{"missing API id", "arn:aws:execute-api:us-east-1:123456789012:/prod/GET/",
			`arn: missing API id in "arn:aws:execute-api:us-east-1:123456789012:/prod/GET/" at offset 43`},
		{"API ARN only", testARN(""),
			`arn: expected "/STAGE/VERB/PATH" after API id "abc123abc1" in "arn:aws:execute-api:us-east-1:123456789012:abc123abc1" at offset 53`},
		{"API id and slash (D12)", testARN("/"),
			`arn: missing stage after API id "abc123abc1" in "arn:aws:execute-api:us-east-1:123456789012:abc123abc1/" at offset 54`},
		{"empty stage", testARN("//GET/"),
			`arn: missing stage after API id "abc123abc1" in "arn:aws:execute-api:us-east-1:123456789012:abc123abc1//GET/" at offset 54`},
		{"stage only", testARN("/prod"),
			`arn: expected "/VERB/PATH" after stage "prod" in "arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod" at offset 58`},
		{"stage and slash", testARN("/prod/"),
			`arn: missing HTTP method after stage "prod" in "arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod/" at offset 59`},
		{"empty verb", testARN("/prod//pets"),
			`arn: missing HTTP method after stage "prod" in "arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod//pets" at offset 59`},
		{"no slash after verb", testARN("/prod/GET"),
			`arn: expected "/" and the path after method "GET" (the root resource is ".../GET/") in "arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod/GET" at offset 62`},
		{"wildcard verb", testARN("/prod/*/pets"),
			`arn: wildcard "*" in method ARN: a method ARN is a concrete value, not a pattern in "arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod/*/pets" at offset 59`},
		{"wildcard path", testARN("/prod/GET/*"),
			`arn: wildcard "*" in method ARN: a method ARN is a concrete value, not a pattern in "arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod/GET/*" at offset 63`},
		{"question mark", testARN("/prod/GET/pets?x=1"),
			`arn: wildcard "?" in method ARN: a method ARN is a concrete value, not a pattern in "arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod/GET/pets?x=1" at offset 67`},
		{"whole-API pattern", "arn:aws:execute-api:*:*:*",
			`arn: wildcard "*" in method ARN: a method ARN is a concrete value, not a pattern in "arn:aws:execute-api:*:*:*" at offset 20`},
		{"space", testARN("/prod/GET/my pets"),
			`arn: space in method ARN (a request path carries it as "%20") in "arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod/GET/my pets" at offset 65`},
		{"control character", testARN("/prod/GET/pets\x00"),
			`arn: control character "\x00" in ARN in "arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod/GET/pets\x00" at offset 67`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := arn.ParseMethodARN(tt.in)
			if diff := cmp.Diff(tt.want, errText(err)); diff != "" {
				t.Errorf("ParseMethodARN(%q) error (-want +got):\n%s", tt.in, diff)
			}
			var pe *arn.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseMethodARN(%q) error %T, want *arn.ParseError", tt.in, err)
			}
			if !got.IsZero() {
				t.Errorf("ParseMethodARN(%q) returned %+v with its error, want the zero MethodARN", tt.in, got)
			}
		})
	}
}

func TestMustParseMethodARNPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("MustParseMethodARN did not panic")
		}
	}()
	arn.MustParseMethodARN(testARN("/prod/GET"))
}

func TestMethodARNZero(t *testing.T) {
	var m arn.MethodARN
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"IsZero", m.IsZero(), true},
		{"String", m.String(), ""},
		{"MaskedString", m.MaskedString(), ""},
		{"Len", m.Len(), 0},
		{"TooLong", m.TooLong(), false},
		{"ARN is zero", m.ARN().IsZero(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("zero MethodARN: %s (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

func TestMaskedString(t *testing.T) {
	tests := []struct {
		name string
		m    arn.MethodARN
		want string
	}{
		{"KC-403 example", arn.MustParseMethodARN("arn:aws:execute-api:us-east-1:123456789012:abc123abc1/Prod/POST/athena/run_query_template"),
			"arn:aws:execute-api:us-east-1:********9012:abc123abc1/Prod/POST/athena/run_query_template"},
		{"root", arn.MustParseMethodARN("arn:aws-cn:execute-api:cn-north-1:000011112222:abc/dev/GET/"),
			"arn:aws-cn:execute-api:cn-north-1:********2222:abc/dev/GET/"},
		{"path keeps colons and slashes", arn.MustParseMethodARN("arn:aws:execute-api:us-east-1:123456789012:abc/dev/GET/a:b//c"),
			"arn:aws:execute-api:us-east-1:********9012:abc/dev/GET/a:b//c"},
		{"short account built by hand", arn.MethodARN{API: arn.API{Partition: "aws", Region: "r", Account: "12", ID: "abc"}, Stage: "s", Verb: "GET", Path: "/"},
			"arn:aws:execute-api:r:********:abc/s/GET/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.m.MaskedString()); diff != "" {
				t.Errorf("MaskedString() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTooLong(t *testing.T) {
	head := testARN("/prod/GET/")
	tests := []struct {
		name    string
		pathLen int // bytes after head
		want    bool
	}{
		{"short", 4, false},
		{"exactly the limit", arn.MaxMethodARNLength - len(head), false},
		{"one byte over", arn.MaxMethodARNLength - len(head) + 1, true},
		{"far over", 4 * arn.MaxMethodARNLength, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := head + strings.Repeat("a", tt.pathLen)
			m, err := arn.ParseMethodARN(in)
			if err != nil {
				t.Fatalf("ParseMethodARN: %v (long method ARNs must parse)", err)
			}
			if got := m.TooLong(); got != tt.want {
				t.Errorf("TooLong() for %d bytes = %v, want %v", len(in), got, tt.want)
			}
			if m.Len() != len(in) {
				t.Errorf("Len() = %d, want %d", m.Len(), len(in))
			}
		})
	}
}

func TestMethodARNText(t *testing.T) {
	type event struct {
		MethodARN arn.MethodARN `json:"methodArn"`
	}
	in := `{"methodArn":"` + testARN("/prod/GET/") + `"}`
	var got event
	if err := json.Unmarshal([]byte(in), &got); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	want := event{arn.MethodARN{API: testAPI, Stage: "prod", Verb: "GET", Path: "/"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Unmarshal (-want +got):\n%s", diff)
	}
	out, err := json.Marshal(got)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	if diff := cmp.Diff(in, string(out)); diff != "" {
		t.Errorf("Marshal (-want +got):\n%s", diff)
	}
	var zero event
	if err := json.Unmarshal([]byte(`{"methodArn":""}`), &zero); err != nil || !zero.MethodARN.IsZero() {
		t.Errorf(`Unmarshal {"methodArn":""} = %+v, %v; want the zero MethodARN`, zero, err)
	}
	err = json.Unmarshal([]byte(`{"methodArn":"`+testARN("/prod/GET")+`"}`), &got)
	var pe *arn.ParseError
	if !errors.As(err, &pe) {
		t.Errorf("Unmarshal of a bad method ARN: error %v, want a *arn.ParseError", err)
	}
}

// TestComparable checks that equal texts give == values, as map keys need.
func TestComparable(t *testing.T) {
	seen := map[arn.MethodARN]int{}
	for _, s := range []string{testARN("/prod/GET/"), testARN("/prod/GET/"), testARN("/prod/GET//")} {
		seen[arn.MustParseMethodARN(s)]++
	}
	want := map[arn.MethodARN]int{
		{API: testAPI, Stage: "prod", Verb: "GET", Path: "/"}:  2,
		{API: testAPI, Stage: "prod", Verb: "GET", Path: "//"}: 1,
	}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("map keyed by MethodARN (-want +got):\n%s", diff)
	}
}
