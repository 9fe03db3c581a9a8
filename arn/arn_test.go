package arn_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/arn"
)

// errText returns err's message, or "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want arn.ARN
	}{
		{"execute-api method", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets/1",
			arn.ARN{Partition: "aws", Service: "execute-api", Region: "us-east-1", Account: "123456789012", Resource: "abc/prod/GET/pets/1"}},
		{"s3 bucket, empty region and account", "arn:aws:s3:::my-bucket",
			arn.ARN{Partition: "aws", Service: "s3", Resource: "my-bucket"}},
		{"s3 object with spaces", "arn:aws:s3:::my-bucket/my file.txt",
			arn.ARN{Partition: "aws", Service: "s3", Resource: "my-bucket/my file.txt"}},
		{"iam, empty region", "arn:aws:iam::123456789012:role/admin",
			arn.ARN{Partition: "aws", Service: "iam", Account: "123456789012", Resource: "role/admin"}},
		{"resource keeps colons", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*",
			arn.ARN{Partition: "aws", Service: "logs", Region: "us-east-1", Account: "123456789012", Resource: "log-group:/aws/lambda/f:*"}},
		{"empty resource", "arn:aws:execute-api:us-east-1:123456789012:",
			arn.ARN{Partition: "aws", Service: "execute-api", Region: "us-east-1", Account: "123456789012"}},
		{"all optional fields empty", "arn:aws:s3:::",
			arn.ARN{Partition: "aws", Service: "s3"}},
		{"wildcards are plain characters", "arn:aws:execute-api:*:*:*",
			arn.ARN{Partition: "aws", Service: "execute-api", Region: "*", Account: "*", Resource: "*"}},
		{"partial wildcards", "arn:aws:execute-api:us-*:1234?:abc*/prod/*",
			arn.ARN{Partition: "aws", Service: "execute-api", Region: "us-*", Account: "1234?", Resource: "abc*/prod/*"}},
		{"unknown partition is accepted", "arn:aws-mars:s3:::b",
			arn.ARN{Partition: "aws-mars", Service: "s3", Resource: "b"}},
		{"non-ASCII kept", "arn:aws:s3:::bücket/ключ",
			arn.ARN{Partition: "aws", Service: "s3", Resource: "bücket/ключ"}},
	}
	for _, p := range arn.Partitions() {
		tests = append(tests, struct {
			name string
			in   string
			want arn.ARN
		}{"partition " + p, "arn:" + p + ":execute-api:r:123456789012:id",
			arn.ARN{Partition: p, Service: "execute-api", Region: "r", Account: "123456789012", Resource: "id"}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := arn.Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(tt.in, got.String()); diff != "" {
				t.Errorf("String() does not round-trip (-want +got):\n%s", diff)
			}
			if got.IsZero() {
				t.Errorf("Parse(%q).IsZero() = true", tt.in)
			}
			if diff := cmp.Diff(tt.want, arn.MustParse(tt.in)); diff != "" {
				t.Errorf("MustParse(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want *arn.ParseError
	}{
		{"empty", "", &arn.ParseError{Input: "", Offset: 0,
			Msg: `expected "arn:" at the start`}},
		{"no prefix", "aws:s3:::b", &arn.ParseError{Input: "aws:s3:::b", Offset: 0,
			Msg: `expected "arn:" at the start`}},
		{"upper-case prefix", "ARN:aws:s3:::b", &arn.ParseError{Input: "ARN:aws:s3:::b", Offset: 0,
			Msg: `expected "arn:" in lower case at the start`}},
		{"leading space", " arn:aws:s3:::b", &arn.ParseError{Input: " arn:aws:s3:::b", Offset: 0,
			Msg: `expected "arn:" at the start`}},
		{"prefix only", "arn:", &arn.ParseError{Input: "arn:", Offset: 4,
			Msg: `expected 5 colons as in "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE", found only 1`}},
		{"short ARN", "arn:aws:execute-api:us-east-1:*", &arn.ParseError{Input: "arn:aws:execute-api:us-east-1:*", Offset: 31,
			Msg: `expected 5 colons as in "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE", found only 4`}},
		{"missing partition", "arn::s3:::b", &arn.ParseError{Input: "arn::s3:::b", Offset: 4,
			Msg: "missing partition"}},
		{"missing service", "arn:aws::::b", &arn.ParseError{Input: "arn:aws::::b", Offset: 8,
			Msg: "missing service"}},
		{"control character in resource", "arn:aws:s3:::b\n", &arn.ParseError{Input: "arn:aws:s3:::b\n", Offset: 14,
			Msg: `control character "\n" in ARN`}},
		{"DEL", "arn:aws:s3:::b\x7f", &arn.ParseError{Input: "arn:aws:s3:::b\x7f", Offset: 14,
			Msg: `control character "\x7f" in ARN`}},
		{"control character before a missing colon", "arn:a\tws", &arn.ParseError{Input: "arn:a\tws", Offset: 5,
			Msg: `control character "\t" in ARN`}},
		{"missing partition before a control character", "arn::s3:\x00::b", &arn.ParseError{Input: "arn::s3:\x00::b", Offset: 4,
			Msg: "missing partition"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := arn.Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want an error", tt.in, got)
			}
			var pe *arn.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %T, want *arn.ParseError", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, pe); diff != "" {
				t.Errorf("Parse(%q) error (-want +got):\n%s", tt.in, diff)
			}
			if !got.IsZero() {
				t.Errorf("Parse(%q) returned %+v with its error, want the zero ARN", tt.in, got)
			}
		})
	}
}

func TestParseErrorText(t *testing.T) {
	_, err := arn.Parse("arn:aws::::b")
	want := `arn: missing service in "arn:aws::::b" at offset 8`
	if diff := cmp.Diff(want, errText(err)); diff != "" {
		t.Errorf("Parse error text (-want +got):\n%s", diff)
	}
}

func TestMustParsePanics(t *testing.T) {
	defer func() {
		r := recover()
		err, ok := r.(error)
		if !ok {
			t.Fatalf("MustParse panicked with %v (%T), want an error", r, r)
		}
		want := `arn: expected "arn:" at the start in "bucket" at offset 0`
		if diff := cmp.Diff(want, err.Error()); diff != "" {
			t.Errorf("panic value (-want +got):\n%s", diff)
		}
	}()
	arn.MustParse("bucket")
}

func TestARNZero(t *testing.T) {
	var a arn.ARN
	if !a.IsZero() {
		t.Error("zero ARN: IsZero() = false")
	}
	if got := a.String(); got != "" {
		t.Errorf("zero ARN: String() = %q, want \"\"", got)
	}
}

func TestARNText(t *testing.T) {
	type doc struct {
		Resource arn.ARN `json:"resource"`
	}
	tests := []struct {
		name string
		json string
		want doc
	}{
		{"value", `{"resource":"arn:aws:s3:::b/k"}`, doc{arn.MustParse("arn:aws:s3:::b/k")}},
		{"empty is zero", `{"resource":""}`, doc{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got doc
			if err := json.Unmarshal([]byte(tt.json), &got); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Unmarshal (-want +got):\n%s", diff)
			}
			out, err := json.Marshal(got)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if diff := cmp.Diff(tt.json, string(out)); diff != "" {
				t.Errorf("Marshal (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("error", func(t *testing.T) {
		var got doc
		err := json.Unmarshal([]byte(`{"resource":"s3:::b"}`), &got)
		want := `arn: expected "arn:" at the start in "s3:::b" at offset 0`
		var pe *arn.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("Unmarshal error %v, want a *arn.ParseError", err)
		}
		if diff := cmp.Diff(want, pe.Error()); diff != "" {
			t.Errorf("error (-want +got):\n%s", diff)
		}
	})
}

func TestPartitions(t *testing.T) {
	want := []string{"aws", "aws-cn", "aws-eusc", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-us-gov"}
	if diff := cmp.Diff(want, arn.Partitions()); diff != "" {
		t.Errorf("Partitions() (-want +got):\n%s", diff)
	}
	arn.Partitions()[0] = "changed"
	if diff := cmp.Diff(want, arn.Partitions()); diff != "" {
		t.Errorf("Partitions() after the caller changed a copy (-want +got):\n%s", diff)
	}
}

func TestKnownPartition(t *testing.T) {
	tests := []struct {
		p    string
		want bool
	}{
		{"aws", true},
		{"aws-cn", true},
		{"aws-eusc", true},
		{"aws-iso", true},
		{"aws-iso-b", true},
		{"aws-iso-e", true},
		{"aws-iso-f", true},
		{"aws-us-gov", true},
		{"", false},
		{"AWS", false},
		{"aws-iso-c", false},
		{"aws ", false},
		{"*", false},
		{"aws-*", false},
	}
	for _, tt := range tests {
		t.Run(tt.p, func(t *testing.T) {
			if got := arn.KnownPartition(tt.p); got != tt.want {
				t.Errorf("KnownPartition(%q) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}
