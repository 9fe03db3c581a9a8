package arn_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/arn"
)

func TestParseAPI(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want arn.API
	}{
		{"ten-character id", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5",
			arn.API{Partition: "aws", Region: "us-east-1", Account: "123456789012", ID: "a1b2c3d4e5"}},
		{"short id", "arn:aws:execute-api:us-east-2:000000000000:abc",
			arn.API{Partition: "aws", Region: "us-east-2", Account: "000000000000", ID: "abc"}},
		{"long id", "arn:aws:execute-api:eu-west-1:123456789012:abcdefghijklmnopqrstuvwxyz0123456789",
			arn.API{Partition: "aws", Region: "eu-west-1", Account: "123456789012", ID: "abcdefghijklmnopqrstuvwxyz0123456789"}},
		{"China", "arn:aws-cn:execute-api:cn-north-1:123456789012:abc",
			arn.API{Partition: "aws-cn", Region: "cn-north-1", Account: "123456789012", ID: "abc"}},
		{"GovCloud", "arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc",
			arn.API{Partition: "aws-us-gov", Region: "us-gov-west-1", Account: "123456789012", ID: "abc"}},
		{"European Sovereign Cloud", "arn:aws-eusc:execute-api:eusc-de-east-1:123456789012:abc",
			arn.API{Partition: "aws-eusc", Region: "eusc-de-east-1", Account: "123456789012", ID: "abc"}},
		{"ISO", "arn:aws-iso:execute-api:us-iso-east-1:123456789012:abc",
			arn.API{Partition: "aws-iso", Region: "us-iso-east-1", Account: "123456789012", ID: "abc"}},
		{"ISOB", "arn:aws-iso-b:execute-api:us-isob-east-1:123456789012:abc",
			arn.API{Partition: "aws-iso-b", Region: "us-isob-east-1", Account: "123456789012", ID: "abc"}},
		{"ISOE", "arn:aws-iso-e:execute-api:eu-isoe-west-1:123456789012:abc",
			arn.API{Partition: "aws-iso-e", Region: "eu-isoe-west-1", Account: "123456789012", ID: "abc"}},
		{"ISOF", "arn:aws-iso-f:execute-api:us-isof-south-1:123456789012:abc",
			arn.API{Partition: "aws-iso-f", Region: "us-isof-south-1", Account: "123456789012", ID: "abc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := arn.ParseAPI(tt.in)
			if err != nil {
				t.Fatalf("ParseAPI(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseAPI(%q) (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(tt.in, got.String()); diff != "" {
				t.Errorf("String() does not round-trip (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(arn.MustParse(tt.in), got.ARN()); diff != "" {
				t.Errorf("ARN() (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, arn.MustParseAPI(tt.in)); diff != "" {
				t.Errorf("MustParseAPI(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseAPIErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"not an ARN", "abc123",
			`arn: expected "arn:" at the start in "abc123" at offset 0`},
		{"too few colons", "arn:aws:execute-api:us-east-1:abc",
			`arn: expected 5 colons as in "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE", found only 4 in "arn:aws:execute-api:us-east-1:abc" at offset 33`},
		{"unknown partition", "arn:aws-mars:execute-api:us-east-1:123456789012:abc",
			`arn: unknown partition "aws-mars" (known: aws, aws-cn, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-us-gov) in "arn:aws-mars:execute-api:us-east-1:123456789012:abc" at offset 4`},
		{"upper-case partition", "arn:AWS:execute-api:us-east-1:123456789012:abc",
			`arn: unknown partition "AWS" (known: aws, aws-cn, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-us-gov) in "arn:AWS:execute-api:us-east-1:123456789012:abc" at offset 4`},
		{"other service", "arn:aws:lambda:us-east-1:123456789012:abc",
			`arn: expected service "execute-api", found "lambda" in "arn:aws:lambda:us-east-1:123456789012:abc" at offset 8`},
		{"missing region", "arn:aws:execute-api::123456789012:abc",
			`arn: missing region in "arn:aws:execute-api::123456789012:abc" at offset 20`},
		{"upper-case region", "arn:aws:execute-api:US-east-1:123456789012:abc",
			`arn: invalid character "U" in region "US-east-1" (expected lower-case letters, digits and "-") in "arn:aws:execute-api:US-east-1:123456789012:abc" at offset 20`},
		{"missing account", "arn:aws:execute-api:us-east-1::abc",
			`arn: missing account (expected 12 digits) in "arn:aws:execute-api:us-east-1::abc" at offset 30`},
		{"short account", "arn:aws:execute-api:us-east-1:12345678901:abc",
			`arn: account "12345678901" has 11 digits, expected 12 in "arn:aws:execute-api:us-east-1:12345678901:abc" at offset 30`},
		{"long account", "arn:aws:execute-api:us-east-1:1234567890123:abc",
			`arn: account "1234567890123" has 13 digits, expected 12 in "arn:aws:execute-api:us-east-1:1234567890123:abc" at offset 30`},
		{"letter in account", "arn:aws:execute-api:us-east-1:1234567890a2:abc",
			`arn: invalid character "a" in account "1234567890a2" (expected 12 digits) in "arn:aws:execute-api:us-east-1:1234567890a2:abc" at offset 40`},
		{"missing id", "arn:aws:execute-api:us-east-1:123456789012:",
			`arn: missing API id in "arn:aws:execute-api:us-east-1:123456789012:" at offset 43`},
		{"slash instead of id", "arn:aws:execute-api:us-east-1:123456789012:/prod",
			`arn: missing API id in "arn:aws:execute-api:us-east-1:123456789012:/prod" at offset 43`},
		{"upper-case id", "arn:aws:execute-api:us-east-1:123456789012:aBc",
			`arn: invalid character "B" in API id "aBc" (expected lower-case letters and digits) in "arn:aws:execute-api:us-east-1:123456789012:aBc" at offset 44`},
		{"colon in id", "arn:aws:execute-api:us-east-1:123456789012:abc:def",
			`arn: invalid character ":" in API id "abc:def" (expected lower-case letters and digits) in "arn:aws:execute-api:us-east-1:123456789012:abc:def" at offset 46`},
		{"method ARN", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/",
			`arn: unexpected "/" after API id "abc": an API ARN ends with the API id in "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/" at offset 46`},
		{"trailing slash (D12)", "arn:aws:execute-api:us-east-1:123456789012:abc/",
			`arn: unexpected "/" after API id "abc": an API ARN ends with the API id in "arn:aws:execute-api:us-east-1:123456789012:abc/" at offset 46`},
		{"wildcard region", "arn:aws:execute-api:*:123456789012:abc",
			`arn: wildcard "*" in API ARN: an API ARN is a concrete value, not a pattern in "arn:aws:execute-api:*:123456789012:abc" at offset 20`},
		{"question mark in id", "arn:aws:execute-api:us-east-1:123456789012:ab?",
			`arn: wildcard "?" in API ARN: an API ARN is a concrete value, not a pattern in "arn:aws:execute-api:us-east-1:123456789012:ab?" at offset 45`},
		{"control character", "arn:aws:execute-api:us-east-1:123456789012:abc\r",
			`arn: control character "\r" in ARN in "arn:aws:execute-api:us-east-1:123456789012:abc\r" at offset 46`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := arn.ParseAPI(tt.in)
			if diff := cmp.Diff(tt.want, errText(err)); diff != "" {
				t.Errorf("ParseAPI(%q) error (-want +got):\n%s", tt.in, diff)
			}
			var pe *arn.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseAPI(%q) error %T, want *arn.ParseError", tt.in, err)
			}
			if !got.IsZero() {
				t.Errorf("ParseAPI(%q) returned %+v with its error, want the zero API", tt.in, got)
			}
		})
	}
}

func TestMustParseAPIPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("MustParseAPI did not panic")
		}
	}()
	arn.MustParseAPI("arn:aws:s3:::bucket")
}

func TestAPIZero(t *testing.T) {
	var a arn.API
	if !a.IsZero() {
		t.Error("zero API: IsZero() = false")
	}
	if got := a.String(); got != "" {
		t.Errorf("zero API: String() = %q, want \"\"", got)
	}
	if got := a.ARN(); !got.IsZero() {
		t.Errorf("zero API: ARN() = %+v, want the zero ARN", got)
	}
	if arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc").IsZero() {
		t.Error("parsed API: IsZero() = true")
	}
}

func TestAPIText(t *testing.T) {
	type doc struct {
		API arn.API `json:"api"`
	}
	const in = `{"api":"arn:aws:execute-api:us-east-1:123456789012:abc"}`
	var got doc
	if err := json.Unmarshal([]byte(in), &got); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if diff := cmp.Diff(doc{arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc")}, got); diff != "" {
		t.Errorf("Unmarshal (-want +got):\n%s", diff)
	}
	out, err := json.Marshal(got)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	if diff := cmp.Diff(in, string(out)); diff != "" {
		t.Errorf("Marshal (-want +got):\n%s", diff)
	}
	var zero doc
	if err := json.Unmarshal([]byte(`{"api":""}`), &zero); err != nil || !zero.API.IsZero() {
		t.Errorf(`Unmarshal {"api":""} = %+v, %v; want the zero API`, zero, err)
	}
	err = json.Unmarshal([]byte(`{"api":"arn:aws:execute-api:us-east-1:123456789012:abc/prod"}`), &got)
	var pe *arn.ParseError
	if !errors.As(err, &pe) {
		t.Errorf("Unmarshal of a method ARN: error %v, want a *arn.ParseError", err)
	}
}

func TestExpandShorthand(t *testing.T) {
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-2:123456789012:aabbccddee")
	tests := []struct {
		name   string
		api    arn.API
		in     string
		want   string
		wantOK bool
	}{
		{"documented example", api, "execute-api:/stage-name/GET/pets",
			"arn:aws:execute-api:us-east-2:123456789012:aabbccddee/stage-name/GET/pets", true},
		{"whole API", api, "execute-api:/*",
			"arn:aws:execute-api:us-east-2:123456789012:aabbccddee/*", true},
		{"wildcard segments", api, "execute-api:/*/*/*",
			"arn:aws:execute-api:us-east-2:123456789012:aabbccddee/*/*/*", true},
		{"root resource", api, "execute-api:/prod/GET/",
			"arn:aws:execute-api:us-east-2:123456789012:aabbccddee/prod/GET/", true},
		{"slash only, taken literally (D12)", api, "execute-api:/",
			"arn:aws:execute-api:us-east-2:123456789012:aabbccddee/", true},
		{"other partition", arn.MustParseAPI("arn:aws-cn:execute-api:cn-north-1:123456789012:abc"), "execute-api:/prod/*",
			"arn:aws-cn:execute-api:cn-north-1:123456789012:abc/prod/*", true},
		{"full ARN is not shorthand", api, "arn:aws:execute-api:us-east-2:123456789012:aabbccddee/*",
			"arn:aws:execute-api:us-east-2:123456789012:aabbccddee/*", false},
		{"star", api, "*", "*", false},
		{"no slash", api, "execute-api:*", "execute-api:*", false},
		{"upper case", api, "Execute-API:/*", "Execute-API:/*", false},
		{"leading space", api, " execute-api:/*", " execute-api:/*", false},
		{"empty", api, "", "", false},
		{"zero API", arn.API{}, "execute-api:/*", "execute-api:/*", false},
		{"invalid API", arn.API{Partition: "aws", Region: "us-east-1", Account: "1", ID: "abc"}, "execute-api:/*", "execute-api:/*", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.api.ExpandShorthand(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ExpandShorthand(%q) (-want +got):\n%s", tt.in, diff)
			}
			if ok != tt.wantOK {
				t.Errorf("ExpandShorthand(%q) ok = %v, want %v", tt.in, ok, tt.wantOK)
			}
		})
	}
}
