package eval

import (
	"errors"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/policy"
)

func TestCompileConditionErrors(t *testing.T) {
	const (
		opPath  = "/Statement/0/Condition/"
		numbers = `; expected an integer or decimal number such as 10, "10" or "2.5"`
		dates   = `; expected an ISO 8601 date in a W3C profile such as "2026-07-16" or "2026-07-16T19:20:30Z", or epoch seconds such as "1784229630"`
		ips     = `; expected an IPv4 or IPv6 range such as "203.0.113.0/24" or "2001:db8::/32", or a single address such as "203.0.113.9"`
		base64s = `; expected standard base64 (RFC 4648) such as "QmluYXJ5"`
		bools   = `; expected "true" or "false"`
		nulls   = `; expected "true" (the key must be absent) or "false" (the key must be present)`
	)
	opPos := policy.Pos{Offset: 40, Line: 3, Column: 5}
	keyPos := policy.Pos{Offset: 60, Line: 4, Column: 7}
	// valueErr is the error for the i-th of several values (single: the
	// only value, written as a scalar).
	valueErr := func(op, key string, i int, single bool, msg string) *policy.Error {
		path := opPath + op + "/" + key
		if !single {
			path += "/" + strconv.Itoa(i)
		}
		return &policy.Error{File: "policy.json", Pos: policy.Pos{Offset: 80 + 10*i, Line: 5 + i, Column: 9}, Path: path, Msg: msg}
	}
	opErr := func(op, msg string) *policy.Error {
		return &policy.Error{File: "policy.json", Pos: opPos, Path: opPath + op, Msg: msg}
	}
	cases := []struct {
		name    string
		doc     string
		op, key string
		values  []any
		want    policy.ErrorList
	}{
		{name: "operator case", op: "stringEquals", key: "aws:SourceVpce", values: []any{"vpce-1"},
			want: policy.ErrorList{opErr("stringEquals", `unknown condition operator "stringEquals"; did you mean "StringEquals"? (operators are case-sensitive)`)}},
		{name: "qualifier case", op: "forallvalues:StringLike", key: "aws:TagKeys", values: []any{"a*"},
			want: policy.ErrorList{opErr("forallvalues:StringLike", `unknown condition operator "forallvalues:StringLike"; did you mean "ForAllValues:StringLike"? (operators are case-sensitive)`)}},
		{name: "IfExists case", op: "StringLikeIfexists", key: "aws:Referer", values: []any{"a*"},
			want: policy.ErrorList{opErr("StringLikeIfexists", `unknown condition operator "StringLikeIfexists"; did you mean "StringLikeIfExists"? (operators are case-sensitive)`)}},
		{name: "typo", op: "StringEqual", key: "aws:SourceVpce", values: []any{"vpce-1"},
			want: policy.ErrorList{opErr("StringEqual", `unknown condition operator "StringEqual"; did you mean "StringEquals"? (operators are case-sensitive)`)}},
		{name: "qualifier typo", op: "ForAnyValues:StringEquals", key: "aws:TagKeys", values: []any{"a"},
			want: policy.ErrorList{opErr("ForAnyValues:StringEquals", `unknown condition operator "ForAnyValues:StringEquals"; did you mean "ForAnyValue:StringEquals"? (operators are case-sensitive)`)}},
		{name: "unknown", op: "Matches", key: "aws:SourceVpce", values: []any{"vpce-1"},
			want: policy.ErrorList{opErr("Matches", `unknown condition operator "Matches"; expected an IAM condition operator such as StringEquals, optionally prefixed by ForAllValues: or ForAnyValue: and suffixed by IfExists`)}},
		{name: "IfExists alone", op: "IfExists", key: "aws:SourceVpce", values: []any{"vpce-1"},
			want: policy.ErrorList{opErr("IfExists", `unknown condition operator "IfExists"; expected an IAM condition operator such as StringEquals, optionally prefixed by ForAllValues: or ForAnyValue: and suffixed by IfExists`)}},
		{name: "NullIfExists", op: "NullIfExists", key: "aws:TokenIssueTime", values: []any{"true"},
			want: policy.ErrorList{opErr("NullIfExists", `condition operator "NullIfExists" is not allowed: IfExists cannot be added to Null, which already tests whether the key exists; use "Null"`)}},
		{name: "qualified NullIfExists", op: "ForAnyValue:NullIfExists", key: "aws:TagKeys", values: []any{"true"},
			want: policy.ErrorList{opErr("ForAnyValue:NullIfExists", `condition operator "ForAnyValue:NullIfExists" is not allowed: IfExists cannot be added to Null, which already tests whether the key exists; use "ForAnyValue:Null"`)}},
		{name: "empty key and unknown operator", op: "Nul", key: "", values: []any{"true"},
			want: policy.ErrorList{
				opErr("Nul", `unknown condition operator "Nul"; did you mean "Null"? (operators are case-sensitive)`),
				{File: "policy.json", Pos: keyPos, Path: opPath + "Nul/", Msg: `condition key is empty; expected a key name such as "aws:SourceIp"`},
			}},
		{name: "numeric words", op: "NumericLessThan", key: "s3:max-keys", values: []any{"ten"},
			want: policy.ErrorList{valueErr("NumericLessThan", "s3:max-keys", 0, true, `NumericLessThan value "ten" is not a number`+numbers)}},
		{name: "numeric every bad value", op: "NumericEquals", key: "s3:max-keys", values: []any{"1,000", "10", "0x10", "Inf", "", " 1", "1e", "--1", "1.2.3", true},
			want: policy.ErrorList{
				valueErr("NumericEquals", "s3:max-keys", 0, false, `NumericEquals value "1,000" is not a number`+numbers),
				valueErr("NumericEquals", "s3:max-keys", 2, false, `NumericEquals value "0x10" is not a number`+numbers),
				valueErr("NumericEquals", "s3:max-keys", 3, false, `NumericEquals value "Inf" is not a number`+numbers),
				valueErr("NumericEquals", "s3:max-keys", 4, false, `NumericEquals value "" is not a number`+numbers),
				valueErr("NumericEquals", "s3:max-keys", 5, false, `NumericEquals value " 1" is not a number`+numbers),
				valueErr("NumericEquals", "s3:max-keys", 6, false, `NumericEquals value "1e" is not a number`+numbers),
				valueErr("NumericEquals", "s3:max-keys", 7, false, `NumericEquals value "--1" is not a number`+numbers),
				valueErr("NumericEquals", "s3:max-keys", 8, false, `NumericEquals value "1.2.3" is not a number`+numbers),
				valueErr("NumericEquals", "s3:max-keys", 9, false, `NumericEquals value "true" is not a number`+numbers),
			}},
		{name: "numeric variable", op: "NumericGreaterThan", key: "aws:MultiFactorAuthAge", values: []any{"${aws:MultiFactorAuthAge}"},
			want: policy.ErrorList{valueErr("NumericGreaterThan", "aws:MultiFactorAuthAge", 0, true, `NumericGreaterThan value "${aws:MultiFactorAuthAge}" is not a number: policy variables are not supported with numeric operators`+numbers)}},
		{name: "dates", op: "DateLessThan", key: "aws:CurrentTime", values: []any{"2026/01/01", "2026-13-01", "2026-02-29", "2026-01-01T10:00:00", "2026-01-01T24:00Z", "1.5", "26-01-01", "2026-01-01T10:00:00.Z", "2026-01-01T10:00:60Z", "2026-01-01t10:00z", "2026-01-01 10:00Z", "2026-01-01T10:00+0100"},
			want: policy.ErrorList{
				valueErr("DateLessThan", "aws:CurrentTime", 0, false, `DateLessThan value "2026/01/01" is not a date`+dates),
				valueErr("DateLessThan", "aws:CurrentTime", 1, false, `DateLessThan value "2026-13-01" is not a date`+dates),
				valueErr("DateLessThan", "aws:CurrentTime", 2, false, `DateLessThan value "2026-02-29" is not a date`+dates),
				valueErr("DateLessThan", "aws:CurrentTime", 3, false, `DateLessThan value "2026-01-01T10:00:00" is not a date`+dates),
				valueErr("DateLessThan", "aws:CurrentTime", 4, false, `DateLessThan value "2026-01-01T24:00Z" is not a date`+dates),
				valueErr("DateLessThan", "aws:CurrentTime", 5, false, `DateLessThan value "1.5" is not a date`+dates),
				valueErr("DateLessThan", "aws:CurrentTime", 6, false, `DateLessThan value "26-01-01" is not a date`+dates),
				valueErr("DateLessThan", "aws:CurrentTime", 7, false, `DateLessThan value "2026-01-01T10:00:00.Z" is not a date`+dates),
				valueErr("DateLessThan", "aws:CurrentTime", 8, false, `DateLessThan value "2026-01-01T10:00:60Z" is not a date`+dates),
				valueErr("DateLessThan", "aws:CurrentTime", 9, false, `DateLessThan value "2026-01-01t10:00z" is not a date`+dates),
				valueErr("DateLessThan", "aws:CurrentTime", 10, false, `DateLessThan value "2026-01-01 10:00Z" is not a date`+dates),
				valueErr("DateLessThan", "aws:CurrentTime", 11, false, `DateLessThan value "2026-01-01T10:00+0100" is not a date`+dates),
			}},
		{name: "date variable", op: "DateGreaterThan", key: "aws:CurrentTime", values: []any{"${aws:TokenIssueTime}"},
			want: policy.ErrorList{valueErr("DateGreaterThan", "aws:CurrentTime", 0, true, `DateGreaterThan value "${aws:TokenIssueTime}" is not a date: policy variables are not supported with date operators`+dates)}},
		{name: "addresses", op: "IpAddress", key: "aws:SourceIp", values: []any{"10.0.0.0/33", "10.0.0.300", "fe80::1%eth0", "", "010.0.0.1", "10.0.0.0/", "10.0.0.0/8 ", "*"},
			want: policy.ErrorList{
				valueErr("IpAddress", "aws:SourceIp", 0, false, `IpAddress value "10.0.0.0/33" is not an IP address or CIDR range`+ips),
				valueErr("IpAddress", "aws:SourceIp", 1, false, `IpAddress value "10.0.0.300" is not an IP address or CIDR range`+ips),
				valueErr("IpAddress", "aws:SourceIp", 2, false, `IpAddress value "fe80::1%eth0" is not an IP address or CIDR range`+ips),
				valueErr("IpAddress", "aws:SourceIp", 3, false, `IpAddress value "" is not an IP address or CIDR range`+ips),
				valueErr("IpAddress", "aws:SourceIp", 4, false, `IpAddress value "010.0.0.1" is not an IP address or CIDR range`+ips),
				valueErr("IpAddress", "aws:SourceIp", 5, false, `IpAddress value "10.0.0.0/" is not an IP address or CIDR range`+ips),
				valueErr("IpAddress", "aws:SourceIp", 6, false, `IpAddress value "10.0.0.0/8 " is not an IP address or CIDR range`+ips),
				valueErr("IpAddress", "aws:SourceIp", 7, false, `IpAddress value "*" is not an IP address or CIDR range`+ips),
			}},
		{name: "address variable", op: "NotIpAddressIfExists", key: "aws:SourceIp", values: []any{"${aws:SourceIp}"},
			want: policy.ErrorList{valueErr("NotIpAddressIfExists", "aws:SourceIp", 0, true, `NotIpAddressIfExists value "${aws:SourceIp}" is not an IP address or CIDR range: policy variables are not supported with IP address operators`+ips)}},
		{name: "base64", op: "BinaryEquals", key: "s3:bin", values: []any{"YW!j", "YWJ=", "Y", "YQ==\n", "YQ=", "QmluYXJ5"},
			want: policy.ErrorList{
				valueErr("BinaryEquals", "s3:bin", 0, false, `BinaryEquals value "YW!j" is not base64`+base64s),
				valueErr("BinaryEquals", "s3:bin", 1, false, `BinaryEquals value "YWJ=" is not base64`+base64s),
				valueErr("BinaryEquals", "s3:bin", 2, false, `BinaryEquals value "Y" is not base64`+base64s),
				valueErr("BinaryEquals", "s3:bin", 3, false, `BinaryEquals value "YQ==\n" is not base64`+base64s),
				valueErr("BinaryEquals", "s3:bin", 4, false, `BinaryEquals value "YQ=" is not base64`+base64s),
			}},
		{name: "bools", op: "Bool", key: "aws:SecureTransport", values: []any{"yes", "1", num("1"), "true ", "t"},
			want: policy.ErrorList{
				valueErr("Bool", "aws:SecureTransport", 0, false, `Bool value "yes" is not a boolean`+bools),
				valueErr("Bool", "aws:SecureTransport", 1, false, `Bool value "1" is not a boolean`+bools),
				valueErr("Bool", "aws:SecureTransport", 2, false, `Bool value "1" is not a boolean`+bools),
				valueErr("Bool", "aws:SecureTransport", 3, false, `Bool value "true " is not a boolean`+bools),
				valueErr("Bool", "aws:SecureTransport", 4, false, `Bool value "t" is not a boolean`+bools),
			}},
		{name: "bool variable in 2008 document", doc: "2008-10-17", op: "Bool", key: "aws:SecureTransport", values: []any{"${aws:SecureTransport}"},
			want: policy.ErrorList{valueErr("Bool", "aws:SecureTransport", 0, true, `Bool value "${aws:SecureTransport}" is not a boolean: policy variables are substituted only in documents with "Version": "2012-10-17"`+bools)}},
		{name: "bool variable without version", doc: "none", op: "Bool", key: "aws:SecureTransport", values: []any{"${aws:SecureTransport}"},
			want: policy.ErrorList{valueErr("Bool", "aws:SecureTransport", 0, true, `Bool value "${aws:SecureTransport}" is not a boolean: policy variables are substituted only in documents with "Version": "2012-10-17"`+bools)}},
		{name: "null", op: "Null", key: "aws:TokenIssueTime", values: []any{"maybe", "${aws:x}"},
			want: policy.ErrorList{
				valueErr("Null", "aws:TokenIssueTime", 0, false, `Null value "maybe" is not a boolean`+nulls),
				valueErr("Null", "aws:TokenIssueTime", 1, false, `Null value "${aws:x}" is not a boolean: policy variables are not supported with Null`+nulls),
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := compileCondition("policy.json", newCondition(tc.op, tc.key, tc.values...), docVersion(tc.doc))
			if err == nil {
				t.Fatalf("compileCondition succeeded, want %d errors", len(tc.want))
			}
			var got policy.ErrorList
			if !errors.As(err, &got) {
				t.Fatalf("error is %T, want policy.ErrorList: %v", err, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("errors mismatch (-want +got):\n%s", diff)
			}
			if c.op.base != nil || c.values != nil {
				t.Errorf("compileCondition returned a condition with its error: %+v", c)
			}
		})
	}
}

// TestCompileConditionValid compiles values at the edges of each syntax.
func TestCompileConditionValid(t *testing.T) {
	cases := []struct {
		op     string
		values []any
	}{
		{"NumericEquals", []any{"0", "-0", "+1", "1.", ".5", "-.5", "1e9", "1E-9", "1e+999999999", num("12345678901234567890.5"), num("-3")}},
		{"DateEquals", []any{"0000", "9999-12-31T23:59:59.999999999999Z", "2026-07", "2026-07-16T19:20-12:00", "1784229630", "-1", "0", num("1784229630"), "12345"}},
		{"IpAddress", []any{"0.0.0.0/0", "::/0", "203.0.113.9", "2001:db8::1", "203.0.113.9/32", "10.1.2.3/8", "::ffff:10.0.0.0/104", "::ffff:0:0/80"}},
		{"BinaryEquals", []any{"", "YQ==", "YWI=", "YWJj", "YQ", "YWI", "+/8="}},
		{"Bool", []any{true, false, "true", "false", "True", "FALSE"}},
		{"Null", []any{true, "false", "TRUE"}},
		{"NumericEquals", []any{}},
	}
	for _, tc := range cases {
		t.Run(tc.op, func(t *testing.T) {
			c := mustCompile(t, policy.Version2012, tc.op, "k", tc.values...)
			if len(c.values) != len(tc.values) {
				t.Errorf("compiled %d values, want %d", len(c.values), len(tc.values))
			}
		})
	}
}

func TestParseOperator(t *testing.T) {
	type parsed struct {
		Base      string
		Qualifier Qualifier
		IfExists  bool
	}
	cases := []struct {
		in   string
		want parsed
	}{
		{"StringEquals", parsed{"StringEquals", NoQualifier, false}},
		{"StringEqualsIfExists", parsed{"StringEquals", NoQualifier, true}},
		{"ForAllValues:StringLike", parsed{"StringLike", ForAllValues, false}},
		{"ForAnyValue:ArnNotLikeIfExists", parsed{"ArnNotLike", ForAnyValue, true}},
		{"ForAnyValue:Null", parsed{"Null", ForAnyValue, false}},
		{"NotIpAddressIfExists", parsed{"NotIpAddress", NoQualifier, true}},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			op, msg := parseOperator(tc.in)
			if msg != "" {
				t.Fatalf("parseOperator(%q): %s", tc.in, msg)
			}
			got := parsed{op.base.name, op.qualifier, op.ifExists}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if op.String() != tc.in {
				t.Errorf("String() = %q, want %q", op.String(), tc.in)
			}
		})
	}
	// Every spelling the suggestion list offers parses back to itself.
	for _, name := range validOperatorNames() {
		op, msg := parseOperator(name)
		if msg != "" || op.String() != name {
			t.Errorf("parseOperator(%q) = %v, %q", name, op, msg)
		}
	}
	if n := len(validOperatorNames()); n != 3*(2*len(baseOperators)-1) {
		t.Errorf("%d operator spellings, want %d", n, 3*(2*len(baseOperators)-1))
	}
}
