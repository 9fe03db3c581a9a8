package eval

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/policy"
)

// num is a condition value written as a JSON number.
type num string

// newCondition builds a policy.Condition as the parser would: values are
// strings (JSON strings), num (JSON numbers) or bool (JSON booleans). A
// single value is written as a scalar.
func newCondition(op, key string, values ...any) *policy.Condition {
	opPath := "/Statement/0/Condition/" + op
	keyPath := opPath + "/" + key
	c := &policy.Condition{
		Operator: policy.Text{Value: op, Pos: policy.Pos{Offset: 40, Line: 3, Column: 5}, Path: opPath},
		Key:      policy.Text{Value: key, Pos: policy.Pos{Offset: 60, Line: 4, Column: 7}, Path: keyPath},
		Single:   len(values) == 1,
	}
	for i, v := range values {
		path := fmt.Sprintf("%s/%d", keyPath, i)
		if c.Single {
			path = keyPath
		}
		cv := policy.ConditionValue{Text: policy.Text{Pos: policy.Pos{Offset: 80 + 10*i, Line: 5 + i, Column: 9}, Path: path}}
		switch v := v.(type) {
		case string:
			cv.Value, cv.Kind = v, policy.StringValue
		case num:
			cv.Value, cv.Kind = string(v), policy.NumberValue
		case bool:
			cv.Value, cv.Kind = fmt.Sprint(v), policy.BoolValue
		default:
			panic(fmt.Sprintf("bad value %T", v))
		}
		c.Values = append(c.Values, cv)
	}
	return c
}

// mustCompile compiles a condition or fails the test.
func mustCompile(t testing.TB, v policy.Version, op, key string, values ...any) condition {
	t.Helper()
	c, err := compileCondition("policy.json", newCondition(op, key, values...), v)
	if err != nil {
		t.Fatalf("compileCondition(%s, %s, %v): %v", op, key, values, err)
	}
	return c
}

// kv is a request context for tests: a key mapped to its values. A nil
// slice is a key present with no values.
type kv map[string][]string

func (m kv) context() *Context {
	if m == nil {
		return nil
	}
	ctx := NewContext()
	for k, vals := range m {
		ctx.Set(k, vals...)
	}
	return ctx
}

func (m kv) String() string {
	if m == nil {
		return "nil"
	}
	var parts []string
	for k, vals := range m {
		parts = append(parts, fmt.Sprintf("%s=%q", k, vals))
	}
	return strings.Join(parts, " ")
}

func docVersion(s string) policy.Version {
	switch s {
	case "":
		return policy.Version2012
	case "2008-10-17":
		return policy.Version2008
	case "none":
		return policy.VersionNone
	}
	panic("bad version " + s)
}

// conditionCase is one row of the evaluation tables.
type conditionCase struct {
	name string
	// doc is the document's Version: "" for "2012-10-17", or "2008-10-17"
	// or "none".
	doc     string
	op, key string
	values  []any
	ctx     kv
	want    bool
	why     string // checked when not empty
}

func runConditionCases(t *testing.T, cases []conditionCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := mustCompile(t, docVersion(tc.doc), tc.op, tc.key, tc.values...)
			ctx := tc.ctx.context()
			if got := c.evaluate(ctx); got != tc.want {
				t.Errorf("%s %s %v with %s: evaluate = %v, want %v", tc.op, tc.key, tc.values, tc.ctx, got, tc.want)
			}
			res := c.explain(ctx)
			if res.Satisfied != tc.want {
				t.Errorf("explain.Satisfied = %v, want %v (why: %s)", res.Satisfied, tc.want, res.Why)
			}
			if tc.why != "" {
				if diff := cmp.Diff(tc.why, res.Why); diff != "" {
					t.Errorf("explain.Why mismatch (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestConditionMissingKey(t *testing.T) {
	// IAM-OPERATORS: a missing key makes an operator false, except negated
	// operators (true); IfExists is true; ForAllValues true, ForAnyValue
	// false (IAM-MULTI).
	other := kv{"aws:other": {"x"}}
	cases := []conditionCase{
		{name: "StringEquals", op: "StringEquals", key: "aws:SourceVpce", values: []any{"vpce-1"}, ctx: other, want: false,
			why: "key aws:SourceVpce is missing: the condition is false on a missing key"},
		{name: "StringNotEquals", op: "StringNotEquals", key: "aws:SourceVpce", values: []any{"vpce-1"}, ctx: other, want: true,
			why: "key aws:SourceVpce is missing: a negated operator is true on a missing key"},
		{name: "nil context", op: "StringNotEquals", key: "aws:SourceVpce", values: []any{"vpce-1"}, ctx: nil, want: true},
		{name: "StringEqualsIfExists", op: "StringEqualsIfExists", key: "aws:SourceVpce", values: []any{"vpce-1"}, ctx: other, want: true,
			why: "key aws:SourceVpce is missing: an IfExists operator is true on a missing key"},
		{name: "StringNotEqualsIfExists", op: "StringNotEqualsIfExists", key: "aws:SourceVpce", values: []any{"vpce-1"}, ctx: other, want: true},
		{name: "NumericLessThan", op: "NumericLessThan", key: "aws:MultiFactorAuthAge", values: []any{"3600"}, want: false},
		{name: "NumericNotEquals", op: "NumericNotEquals", key: "aws:MultiFactorAuthAge", values: []any{"3600"}, want: true},
		{name: "DateGreaterThan", op: "DateGreaterThan", key: "aws:TokenIssueTime", values: []any{"2026-01-01"}, want: false},
		{name: "DateNotEquals", op: "DateNotEquals", key: "aws:TokenIssueTime", values: []any{"2026-01-01"}, want: true},
		{name: "Bool", op: "Bool", key: "aws:MultiFactorAuthPresent", values: []any{"true"}, want: false},
		{name: "BoolIfExists", op: "BoolIfExists", key: "aws:MultiFactorAuthPresent", values: []any{false}, want: true},
		{name: "BinaryEquals", op: "BinaryEquals", key: "s3:x", values: []any{"QmluYXJ5"}, want: false},
		{name: "IpAddress", op: "IpAddress", key: "aws:SourceIp", values: []any{"10.0.0.0/8"}, want: false},
		{name: "NotIpAddress", op: "NotIpAddress", key: "aws:SourceIp", values: []any{"10.0.0.0/8"}, want: true,
			why: "key aws:SourceIp is missing: a negated operator is true on a missing key"},
		{name: "IpAddressIfExists", op: "IpAddressIfExists", key: "aws:SourceIp", values: []any{"10.0.0.0/8"}, want: true},
		{name: "ForAllValues", op: "ForAllValues:StringEquals", key: "aws:TagKeys", values: []any{"a"}, want: true,
			why: "key aws:TagKeys is missing: ForAllValues is true on a missing key"},
		{name: "ForAllValues negated", op: "ForAllValues:StringNotLike", key: "aws:TagKeys", values: []any{"key1*"}, want: true},
		{name: "ForAnyValue", op: "ForAnyValue:StringEquals", key: "aws:TagKeys", values: []any{"a"}, want: false,
			why: "key aws:TagKeys is missing: ForAnyValue is false on a missing key"},
		{name: "ForAnyValue negated", op: "ForAnyValue:StringNotEquals", key: "aws:TagKeys", values: []any{"a"}, want: false},
		{name: "ForAnyValue IfExists", op: "ForAnyValue:StringEqualsIfExists", key: "aws:TagKeys", values: []any{"a"}, want: true},
		{name: "ForAllValues IfExists", op: "ForAllValues:NumericLessThanIfExists", key: "s3:x", values: []any{"1"}, want: true},
	}
	runConditionCases(t, cases)
}

func TestConditionKeyCase(t *testing.T) {
	// IAM-CONDITION: key names are case-insensitive, values are not (for
	// StringEquals).
	cases := []conditionCase{
		{name: "policy key upper", op: "StringEquals", key: "AWS:SOURCEVPCE", values: []any{"vpce-1"}, ctx: kv{"aws:SourceVpce": {"vpce-1"}}, want: true},
		{name: "request key upper", op: "StringEquals", key: "aws:SourceVpce", values: []any{"vpce-1"}, ctx: kv{"AWS:SOURCEVPCE": {"vpce-1"}}, want: true},
		{name: "value case matters", op: "StringEquals", key: "aws:sourcevpce", values: []any{"vpce-1"}, ctx: kv{"aws:SourceVpce": {"VPCE-1"}}, want: false},
		{name: "Why keeps the key as written", op: "NotIpAddress", key: "AWS:SourceIP", values: []any{"10.0.0.0/8"}, ctx: kv{"aws:sourceip": {"10.1.2.3"}}, want: false,
			why: "AWS:SourceIP 10.1.2.3 is in 10.0.0.0/8"},
	}
	runConditionCases(t, cases)
}

func TestConditionNumeric(t *testing.T) {
	age := func(v ...string) kv { return kv{"aws:MultiFactorAuthAge": v} }
	cases := []conditionCase{
		{name: "equals integer", op: "NumericEquals", key: "aws:MultiFactorAuthAge", values: []any{"10"}, ctx: age("10"), want: true,
			why: "aws:MultiFactorAuthAge 10 equals 10"},
		{name: "equals JSON number", op: "NumericEquals", key: "aws:MultiFactorAuthAge", values: []any{num("10")}, ctx: age("10"), want: true},
		{name: "equals decimal spelled differently", op: "NumericEquals", key: "aws:MultiFactorAuthAge", values: []any{"10.0"}, ctx: age("0010.000"), want: true},
		{name: "equals exponent", op: "NumericEquals", key: "aws:MultiFactorAuthAge", values: []any{num("1e1")}, ctx: age("10"), want: true},
		{name: "equals negative zero", op: "NumericEquals", key: "aws:MultiFactorAuthAge", values: []any{"0"}, ctx: age("-0.0"), want: true},
		{name: "equals beyond float64", op: "NumericEquals", key: "aws:MultiFactorAuthAge", values: []any{"9007199254740993"}, ctx: age("9007199254740992"), want: false},
		{name: "not equals", op: "NumericEquals", key: "aws:MultiFactorAuthAge", values: []any{"10"}, ctx: age("11"), want: false,
			why: "aws:MultiFactorAuthAge 11 does not equal 10"},
		{name: "values OR'ed", op: "NumericEquals", key: "aws:MultiFactorAuthAge", values: []any{"1", "2", "3"}, ctx: age("3"), want: true,
			why: "aws:MultiFactorAuthAge 3 equals 3"},
		{name: "values OR'ed none", op: "NumericEquals", key: "aws:MultiFactorAuthAge", values: []any{"1", "2", "3"}, ctx: age("4"), want: false,
			why: "aws:MultiFactorAuthAge 4 does not equal any of 1, 2, 3"},
		{name: "NotEquals none", op: "NumericNotEquals", key: "aws:MultiFactorAuthAge", values: []any{"1", "2"}, ctx: age("3"), want: true,
			why: "aws:MultiFactorAuthAge 3 does not equal any of 1, 2"},
		{name: "NotEquals one matches", op: "NumericNotEquals", key: "aws:MultiFactorAuthAge", values: []any{"1", "2"}, ctx: age("2"), want: false,
			why: "aws:MultiFactorAuthAge 2 equals 2"},
		{name: "less than", op: "NumericLessThan", key: "aws:MultiFactorAuthAge", values: []any{"3600"}, ctx: age("3599.999"), want: true,
			why: "aws:MultiFactorAuthAge 3599.999 is less than 3600"},
		{name: "less than equal value", op: "NumericLessThan", key: "aws:MultiFactorAuthAge", values: []any{"3600"}, ctx: age("3600"), want: false,
			why: "aws:MultiFactorAuthAge 3600 is not less than 3600"},
		{name: "less than equals", op: "NumericLessThanEquals", key: "aws:MultiFactorAuthAge", values: []any{"3600"}, ctx: age("3600"), want: true},
		{name: "greater than", op: "NumericGreaterThan", key: "aws:MultiFactorAuthAge", values: []any{"-5"}, ctx: age("-4"), want: true},
		{name: "greater than negative", op: "NumericGreaterThan", key: "aws:MultiFactorAuthAge", values: []any{"-5"}, ctx: age("-6"), want: false},
		{name: "greater than equals", op: "NumericGreaterThanEquals", key: "aws:MultiFactorAuthAge", values: []any{"2.5"}, ctx: age("2.50"), want: true},
		{name: "greater than equals below", op: "NumericGreaterThanEquals", key: "aws:MultiFactorAuthAge", values: []any{"2.5"}, ctx: age("2.49"), want: false},
		{name: "request not a number", op: "NumericLessThan", key: "aws:MultiFactorAuthAge", values: []any{"10"}, ctx: age("ten"), want: false,
			why: `aws:MultiFactorAuthAge "ten" is not a number, so it matches no policy value`},
		{name: "request not a number negated", op: "NumericNotEquals", key: "aws:MultiFactorAuthAge", values: []any{"10"}, ctx: age("0x10"), want: true,
			why: `aws:MultiFactorAuthAge "0x10" is not a number, so it matches no policy value`},
		{name: "request with space", op: "NumericEquals", key: "aws:MultiFactorAuthAge", values: []any{"10"}, ctx: age(" 10"), want: false},
		{name: "several request values any", op: "NumericLessThan", key: "s3:max-keys", values: []any{"10"}, ctx: kv{"s3:max-keys": {"50", "5"}}, want: true,
			why: "s3:max-keys 5 is less than 10"},
		{name: "several request values none", op: "NumericLessThan", key: "s3:max-keys", values: []any{"10", "20"}, ctx: kv{"s3:max-keys": {"50", "60"}}, want: false,
			why: "no value of s3:max-keys (50, 60) is less than any of 10, 20"},
		{name: "IfExists present", op: "NumericLessThanIfExists", key: "aws:MultiFactorAuthAge", values: []any{"10"}, ctx: age("11"), want: false},
		{name: "ForAllValues", op: "ForAllValues:NumericLessThan", key: "s3:x", values: []any{"10"}, ctx: kv{"s3:x": {"1", "2"}}, want: true,
			why: "every value of s3:x (1, 2) is less than 10"},
		{name: "ForAllValues one fails", op: "ForAllValues:NumericLessThan", key: "s3:x", values: []any{"10"}, ctx: kv{"s3:x": {"1", "20"}}, want: false,
			why: "s3:x 20 is not less than 10"},
		{name: "ForAnyValue", op: "ForAnyValue:NumericGreaterThan", key: "s3:x", values: []any{"10"}, ctx: kv{"s3:x": {"1", "20"}}, want: true},
	}
	runConditionCases(t, cases)
}

func TestConditionDate(t *testing.T) {
	now := func(v ...string) kv { return kv{"aws:CurrentTime": v} }
	cases := []conditionCase{
		{name: "year", op: "DateGreaterThanEquals", key: "aws:CurrentTime", values: []any{"2026"}, ctx: now("2026-01-01T00:00:00Z"), want: true},
		{name: "year before", op: "DateGreaterThanEquals", key: "aws:CurrentTime", values: []any{"2026"}, ctx: now("2025-12-31T23:59:59Z"), want: false,
			why: "aws:CurrentTime 2025-12-31T23:59:59Z is not at or after 2026"},
		{name: "year-month", op: "DateLessThan", key: "aws:CurrentTime", values: []any{"2026-07"}, ctx: now("2026-06-30T23:59:59.999Z"), want: true,
			why: "aws:CurrentTime 2026-06-30T23:59:59.999Z is before 2026-07"},
		{name: "date is midnight UTC", op: "DateEquals", key: "aws:CurrentTime", values: []any{"2026-07-16"}, ctx: now("2026-07-16T00:00:00Z"), want: true,
			why: "aws:CurrentTime 2026-07-16T00:00:00Z is the same instant as 2026-07-16"},
		{name: "date equals is not the whole day", op: "DateEquals", key: "aws:CurrentTime", values: []any{"2026-07-16"}, ctx: now("2026-07-16T12:00:00Z"), want: false},
		{name: "minutes with offset", op: "DateEquals", key: "aws:CurrentTime", values: []any{"2026-07-16T19:20+01:00"}, ctx: now("2026-07-16T18:20:00Z"), want: true},
		{name: "seconds", op: "DateLessThanEquals", key: "aws:CurrentTime", values: []any{"2026-07-16T19:20:30Z"}, ctx: now("2026-07-16T19:20:30Z"), want: true},
		{name: "fraction", op: "DateGreaterThan", key: "aws:CurrentTime", values: []any{"2026-07-16T19:20:30.45+01:00"}, ctx: now("2026-07-16T18:20:30.451Z"), want: true},
		{name: "fraction equal", op: "DateGreaterThan", key: "aws:CurrentTime", values: []any{"2026-07-16T19:20:30.45+01:00"}, ctx: now("2026-07-16T18:20:30.450Z"), want: false},
		{name: "negative offset", op: "DateEquals", key: "aws:CurrentTime", values: []any{"2026-07-16T00:30:00-05:30"}, ctx: now("2026-07-16T06:00:00Z"), want: true},
		{name: "epoch policy ISO request", op: "DateEquals", key: "aws:CurrentTime", values: []any{"1784229630"}, ctx: now("2026-07-16T19:20:30Z"), want: true},
		{name: "epoch JSON number", op: "DateLessThan", key: "aws:EpochTime", values: []any{num("1784229630")}, ctx: kv{"aws:EpochTime": {"1784229629"}}, want: true},
		{name: "ISO policy epoch request", op: "DateGreaterThan", key: "aws:EpochTime", values: []any{"2026-07-16T19:20:30Z"}, ctx: kv{"aws:EpochTime": {"1784229631"}}, want: true},
		{name: "negative epoch", op: "DateLessThan", key: "aws:EpochTime", values: []any{"1970"}, ctx: kv{"aws:EpochTime": {"-1"}}, want: true},
		{name: "leap day", op: "DateEquals", key: "aws:CurrentTime", values: []any{"2028-02-29"}, ctx: now("2028-02-29T00:00:00+00:00"), want: true},
		{name: "DateNotEquals several values", op: "DateNotEquals", key: "aws:CurrentTime", values: []any{"2026", "2027"}, ctx: now("2027-01-01T00:00:00Z"), want: false,
			why: "aws:CurrentTime 2027-01-01T00:00:00Z is the same instant as 2027"},
		{name: "DateNotEquals none", op: "DateNotEquals", key: "aws:CurrentTime", values: []any{"2026", "2027"}, ctx: now("2028-01-01T00:00:00Z"), want: true,
			why: "aws:CurrentTime 2028-01-01T00:00:00Z is not the same instant as any of 2026, 2027"},
		{name: "request not a date", op: "DateLessThan", key: "aws:CurrentTime", values: []any{"2026"}, ctx: now("yesterday"), want: false,
			why: `aws:CurrentTime "yesterday" is not an ISO 8601 date or epoch seconds, so it matches no policy value`},
		{name: "request without zone", op: "DateLessThan", key: "aws:CurrentTime", values: []any{"2026"}, ctx: now("2025-01-01T00:00:00"), want: false},
		{name: "request lower-case t", op: "DateLessThan", key: "aws:CurrentTime", values: []any{"2026"}, ctx: now("2025-01-01t00:00:00Z"), want: false},
		{name: "request not a date negated", op: "DateNotEquals", key: "aws:CurrentTime", values: []any{"2026"}, ctx: now("2026-02-30"), want: true},
	}
	runConditionCases(t, cases)
}

func TestConditionIP(t *testing.T) {
	ip := func(v ...string) kv { return kv{"aws:SourceIp": v} }
	cases := []conditionCase{
		{name: "in range", op: "IpAddress", key: "aws:SourceIp", values: []any{"203.0.113.0/24"}, ctx: ip("203.0.113.9"), want: true,
			why: "aws:SourceIp 203.0.113.9 is in 203.0.113.0/24"},
		{name: "not in range", op: "IpAddress", key: "aws:SourceIp", values: []any{"10.0.0.0/8"}, ctx: ip("203.0.113.9"), want: false,
			why: "aws:SourceIp 203.0.113.9 is not in 10.0.0.0/8"},
		{name: "host bits ignored", op: "IpAddress", key: "aws:SourceIp", values: []any{"203.0.113.77/24"}, ctx: ip("203.0.113.9"), want: true},
		{name: "bare address is /32", op: "IpAddress", key: "aws:SourceIp", values: []any{"203.0.113.9"}, ctx: ip("203.0.113.9"), want: true},
		{name: "bare address other host", op: "IpAddress", key: "aws:SourceIp", values: []any{"203.0.113.9"}, ctx: ip("203.0.113.10"), want: false},
		{name: "IPv6 range", op: "IpAddress", key: "aws:SourceIp", values: []any{"2001:DB8:1234:5678::/64"}, ctx: ip("2001:db8:1234:5678::abcd"), want: true},
		{name: "IPv6 outside", op: "IpAddress", key: "aws:SourceIp", values: []any{"2001:DB8:1234:5678::/64"}, ctx: ip("2001:db8:1234:5679::1"), want: false},
		{name: "bare IPv6 is /128", op: "IpAddress", key: "aws:SourceIp", values: []any{"2001:db8::1"}, ctx: ip("2001:db8::1"), want: true},
		{name: "bare IPv6 other host", op: "IpAddress", key: "aws:SourceIp", values: []any{"2001:db8::1"}, ctx: ip("2001:db8::2"), want: false},
		{name: "IPv4 request IPv6 range", op: "IpAddress", key: "aws:SourceIp", values: []any{"::/0"}, ctx: ip("203.0.113.9"), want: false},
		{name: "mapped request unmapped", op: "IpAddress", key: "aws:SourceIp", values: []any{"203.0.113.0/24"}, ctx: ip("::ffff:203.0.113.9"), want: true},
		{name: "mapped policy unmapped", op: "IpAddress", key: "aws:SourceIp", values: []any{"::ffff:203.0.113.0/120"}, ctx: ip("203.0.113.9"), want: true},
		{name: "mapped bare policy", op: "IpAddress", key: "aws:SourceIp", values: []any{"::ffff:203.0.113.9"}, ctx: ip("203.0.113.9"), want: true},
		{name: "mixed list", op: "IpAddress", key: "aws:SourceIp", values: []any{"203.0.113.0/24", "2001:DB8:1234:5678::/64"}, ctx: ip("2001:db8:1234:5678::1"), want: true,
			why: "aws:SourceIp 2001:db8:1234:5678::1 is in 2001:DB8:1234:5678::/64"},
		{name: "NotIpAddress outside all", op: "NotIpAddress", key: "aws:SourceIp", values: []any{"10.0.0.0/8", "192.168.0.0/16"}, ctx: ip("203.0.113.9"), want: true,
			why: "aws:SourceIp 203.0.113.9 is not in any of 10.0.0.0/8, 192.168.0.0/16"},
		{name: "NotIpAddress inside one", op: "NotIpAddress", key: "aws:SourceIp", values: []any{"10.0.0.0/8", "192.168.0.0/16"}, ctx: ip("192.168.1.1"), want: false,
			why: "aws:SourceIp 192.168.1.1 is in 192.168.0.0/16"},
		{name: "request not an address", op: "IpAddress", key: "aws:SourceIp", values: []any{"0.0.0.0/0"}, ctx: ip("localhost"), want: false,
			why: `aws:SourceIp "localhost" is not an IP address, so it matches no policy value`},
		{name: "request with zone", op: "IpAddress", key: "aws:SourceIp", values: []any{"::/0"}, ctx: ip("fe80::1%eth0"), want: false},
		{name: "request CIDR is not an address", op: "IpAddress", key: "aws:SourceIp", values: []any{"0.0.0.0/0"}, ctx: ip("10.0.0.0/8"), want: false},
		{name: "NotIpAddress request not an address", op: "NotIpAddress", key: "aws:SourceIp", values: []any{"10.0.0.0/8"}, ctx: ip("10.0.0.999"), want: true},
		{name: "NotIpAddressIfExists present", op: "NotIpAddressIfExists", key: "aws:SourceIp", values: []any{"10.0.0.0/8"}, ctx: ip("10.0.0.1"), want: false},
		{name: "ForAnyValue", op: "ForAnyValue:IpAddress", key: "aws:SourceIp", values: []any{"10.0.0.0/8"}, ctx: ip("1.1.1.1", "10.0.0.1"), want: true},
		{name: "ForAllValues", op: "ForAllValues:IpAddress", key: "aws:SourceIp", values: []any{"10.0.0.0/8"}, ctx: ip("1.1.1.1", "10.0.0.1"), want: false,
			why: "aws:SourceIp 1.1.1.1 is not in 10.0.0.0/8"},
	}
	runConditionCases(t, cases)
}

func TestConditionBool(t *testing.T) {
	mfa := func(v ...string) kv { return kv{"aws:MultiFactorAuthPresent": v} }
	cases := []conditionCase{
		{name: "true string", op: "Bool", key: "aws:MultiFactorAuthPresent", values: []any{"true"}, ctx: mfa("true"), want: true,
			why: `aws:MultiFactorAuthPresent "true" equals "true"`},
		{name: "true JSON", op: "Bool", key: "aws:MultiFactorAuthPresent", values: []any{true}, ctx: mfa("true"), want: true},
		{name: "false JSON", op: "Bool", key: "aws:SecureTransport", values: []any{false}, ctx: kv{"aws:SecureTransport": {"true"}}, want: false,
			why: `aws:SecureTransport "true" does not equal "false"`},
		{name: "case ignored in policy", op: "Bool", key: "aws:SecureTransport", values: []any{"FALSE"}, ctx: kv{"aws:SecureTransport": {"false"}}, want: true},
		{name: "case ignored in request", op: "Bool", key: "aws:SecureTransport", values: []any{"true"}, ctx: kv{"aws:SecureTransport": {"True"}}, want: true},
		{name: "request not a boolean", op: "Bool", key: "aws:SecureTransport", values: []any{"true"}, ctx: kv{"aws:SecureTransport": {"yes"}}, want: false,
			why: `aws:SecureTransport "yes" is not true or false, so it matches no policy value`},
		{name: "request 1 is not a boolean", op: "Bool", key: "aws:SecureTransport", values: []any{"true"}, ctx: kv{"aws:SecureTransport": {"1"}}, want: false},
		{name: "both values", op: "Bool", key: "aws:SecureTransport", values: []any{"true", "false"}, ctx: kv{"aws:SecureTransport": {"false"}}, want: true},
		{name: "IfExists present", op: "BoolIfExists", key: "aws:MultiFactorAuthPresent", values: []any{"false"}, ctx: mfa("true"), want: false},
	}
	runConditionCases(t, cases)
}

func TestConditionBinary(t *testing.T) {
	bin := func(v ...string) kv { return kv{"s3:bin": v} }
	cases := []conditionCase{
		{name: "same encoding", op: "BinaryEquals", key: "s3:bin", values: []any{"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}, ctx: bin("QmluYXJ5VmFsdWVJbkJhc2U2NA=="), want: true,
			why: `s3:bin "QmluYXJ5VmFsdWVJbkJhc2U2NA==" has the same bytes as "QmluYXJ5VmFsdWVJbkJhc2U2NA=="`},
		{name: "request unpadded", op: "BinaryEquals", key: "s3:bin", values: []any{"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}, ctx: bin("QmluYXJ5VmFsdWVJbkJhc2U2NA"), want: true},
		{name: "policy unpadded", op: "BinaryEquals", key: "s3:bin", values: []any{"YWI"}, ctx: bin("YWI="), want: true},
		{name: "request non-zero padding bits", op: "BinaryEquals", key: "s3:bin", values: []any{"YQ=="}, ctx: bin("YR=="), want: true},
		{name: "different bytes", op: "BinaryEquals", key: "s3:bin", values: []any{"YWJj"}, ctx: bin("YWJk"), want: false,
			why: `s3:bin "YWJk" does not have the same bytes as "YWJj"`},
		{name: "prefix is not equal", op: "BinaryEquals", key: "s3:bin", values: []any{"YWJj"}, ctx: bin("YWI="), want: false},
		{name: "longer is not equal", op: "BinaryEquals", key: "s3:bin", values: []any{"YWI="}, ctx: bin("YWJj"), want: false},
		{name: "empty", op: "BinaryEquals", key: "s3:bin", values: []any{""}, ctx: bin(""), want: true},
		{name: "several policy values", op: "BinaryEquals", key: "s3:bin", values: []any{"YQ==", "Yg=="}, ctx: bin("Yg=="), want: true},
		{name: "request not base64", op: "BinaryEquals", key: "s3:bin", values: []any{"YWJj"}, ctx: bin("YW!j"), want: false,
			why: `s3:bin "YW!j" is not base64, so it matches no policy value`},
		{name: "request bad length", op: "BinaryEquals", key: "s3:bin", values: []any{"YWJj"}, ctx: bin("YWJjZ"), want: false},
		{name: "request URL alphabet", op: "BinaryEquals", key: "s3:bin", values: []any{"+/8="}, ctx: bin("-_8="), want: false},
		{name: "request standard alphabet", op: "BinaryEquals", key: "s3:bin", values: []any{"+/8="}, ctx: bin("+/8="), want: true},
	}
	runConditionCases(t, cases)
}

func TestConditionNull(t *testing.T) {
	cases := []conditionCase{
		{name: "true missing", op: "Null", key: "aws:TokenIssueTime", values: []any{"true"}, ctx: kv{}, want: true,
			why: `key aws:TokenIssueTime is missing, and Null "true" requires it to be absent`},
		{name: "true nil context", op: "Null", key: "aws:TokenIssueTime", values: []any{true}, ctx: nil, want: true},
		{name: "true present", op: "Null", key: "aws:TokenIssueTime", values: []any{"true"}, ctx: kv{"aws:TokenIssueTime": {"2026-01-01T00:00:00Z"}}, want: false,
			why: `key aws:TokenIssueTime is present, but Null "true" requires it to be absent`},
		{name: "false present", op: "Null", key: "aws:TokenIssueTime", values: []any{false}, ctx: kv{"aws:tokenissuetime": {"x"}}, want: true,
			why: `key aws:TokenIssueTime is present, and Null "false" requires it to be present with a value`},
		{name: "false missing", op: "Null", key: "aws:TokenIssueTime", values: []any{"false"}, ctx: kv{}, want: false,
			why: `key aws:TokenIssueTime is missing, but Null "false" requires it to be present with a value`},
		{name: "empty set is null", op: "Null", key: "aws:TagKeys", values: []any{"true"}, ctx: kv{"aws:TagKeys": nil}, want: true,
			why: `key aws:TagKeys is present with no values, which counts as null, and Null "true" requires it to be absent`},
		{name: "empty set is not present", op: "Null", key: "aws:TagKeys", values: []any{"false"}, ctx: kv{"aws:TagKeys": nil}, want: false},
		{name: "empty string is a value", op: "Null", key: "aws:Referer", values: []any{"false"}, ctx: kv{"aws:Referer": {""}}, want: true},
		{name: "true or false", op: "Null", key: "aws:Referer", values: []any{"true", "false"}, ctx: kv{"aws:Referer": {"x"}}, want: true},
		{name: "qualifier has no effect", op: "ForAnyValue:Null", key: "aws:TagKeys", values: []any{"true"}, ctx: kv{}, want: true},
		{name: "no values", op: "Null", key: "aws:TagKeys", values: []any{}, ctx: kv{}, want: false,
			why: "key aws:TagKeys is missing, but the condition lists no values, so Null is false"},
	}
	runConditionCases(t, cases)
}

func TestConditionSetOperators(t *testing.T) {
	// IAM-MULTI and the multivalued examples page: ForAllValues holds when
	// every request value passes; ForAnyValue when one does.
	tags := func(v ...string) kv { return kv{"aws:TagKeys": v} }
	cases := []conditionCase{
		{name: "ForAllValues empty set", op: "ForAllValues:NumericEquals", key: "aws:TagKeys", values: []any{"1"}, ctx: kv{"aws:TagKeys": nil}, want: true,
			why: "key aws:TagKeys has no values: ForAllValues is true on an empty set"},
		{name: "ForAnyValue empty set", op: "ForAnyValue:NumericEquals", key: "aws:TagKeys", values: []any{"1"}, ctx: kv{"aws:TagKeys": nil}, want: false,
			why: "key aws:TagKeys has no values: ForAnyValue is false on an empty set"},
		{name: "ForAnyValue IfExists empty set", op: "ForAnyValue:NumericEqualsIfExists", key: "aws:TagKeys", values: []any{"1"}, ctx: kv{"aws:TagKeys": nil}, want: false},
		{name: "plain positive empty set", op: "NumericEquals", key: "aws:TagKeys", values: []any{"1"}, ctx: kv{"aws:TagKeys": nil}, want: false,
			why: "key aws:TagKeys has no values, so none matches"},
		{name: "plain negated empty set", op: "NumericNotEquals", key: "aws:TagKeys", values: []any{"1"}, ctx: kv{"aws:TagKeys": nil}, want: true,
			why: "key aws:TagKeys has no values, so none matches: a negated operator is true"},
		{name: "ForAllValues one value", op: "ForAllValues:NumericEquals", key: "aws:TagKeys", values: []any{"1", "2"}, ctx: tags("2"), want: true},
		{name: "ForAllValues subset", op: "ForAllValues:NumericEquals", key: "aws:TagKeys", values: []any{"1", "2", "3"}, ctx: tags("3", "1"), want: true,
			why: "every value of aws:TagKeys (3, 1) equals one of 1, 2, 3"},
		{name: "ForAllValues not subset", op: "ForAllValues:NumericEquals", key: "aws:TagKeys", values: []any{"1", "2", "3"}, ctx: tags("3", "4"), want: false,
			why: "aws:TagKeys 4 does not equal any of 1, 2, 3"},
		{name: "ForAnyValue overlap", op: "ForAnyValue:NumericEquals", key: "aws:TagKeys", values: []any{"1", "2"}, ctx: tags("5", "2"), want: true,
			why: "aws:TagKeys 2 equals 2"},
		{name: "ForAnyValue disjoint", op: "ForAnyValue:NumericEquals", key: "aws:TagKeys", values: []any{"1", "2"}, ctx: tags("5", "6"), want: false,
			why: "no value of aws:TagKeys (5, 6) equals any of 1, 2"},
		// Negated operators with qualifiers: the test on each request value
		// is "matches none of the policy values".
		{name: "ForAllValues negated none match", op: "ForAllValues:NumericNotEquals", key: "aws:TagKeys", values: []any{"1"}, ctx: tags("2", "3"), want: true,
			why: "no value of aws:TagKeys (2, 3) equals 1"},
		{name: "ForAllValues negated one matches", op: "ForAllValues:NumericNotEquals", key: "aws:TagKeys", values: []any{"1"}, ctx: tags("2", "1"), want: false,
			why: "aws:TagKeys 1 equals 1"},
		{name: "ForAnyValue negated one differs", op: "ForAnyValue:NumericNotEquals", key: "aws:TagKeys", values: []any{"1", "2"}, ctx: tags("1", "3"), want: true,
			why: "aws:TagKeys 3 does not equal any of 1, 2"},
		{name: "ForAnyValue negated all match", op: "ForAnyValue:NumericNotEquals", key: "aws:TagKeys", values: []any{"1", "2"}, ctx: tags("1", "2"), want: false,
			why: "every value of aws:TagKeys (1, 2) equals one of 1, 2"},
		{name: "ForAnyValue negated empty", op: "ForAnyValue:NumericNotEquals", key: "aws:TagKeys", values: []any{"1"}, ctx: kv{"aws:TagKeys": nil}, want: false},
		{name: "ForAllValues negated empty", op: "ForAllValues:NumericNotEquals", key: "aws:TagKeys", values: []any{"1"}, ctx: kv{"aws:TagKeys": nil}, want: true},
		// Without qualifier: positive any, negated none.
		{name: "plain negated several none match", op: "NumericNotEquals", key: "aws:TagKeys", values: []any{"1"}, ctx: tags("2", "3"), want: true},
		{name: "plain negated several one matches", op: "NumericNotEquals", key: "aws:TagKeys", values: []any{"1"}, ctx: tags("2", "1"), want: false},
		// Empty policy value list.
		{name: "no policy values positive", op: "NumericEquals", key: "aws:TagKeys", values: []any{}, ctx: tags("1"), want: false,
			why: "the condition lists no values for aws:TagKeys, so no request value matches one"},
		{name: "no policy values negated", op: "NumericNotEquals", key: "aws:TagKeys", values: []any{}, ctx: tags("1"), want: true},
		{name: "no policy values ForAllValues", op: "ForAllValues:NumericEquals", key: "aws:TagKeys", values: []any{}, ctx: tags("1"), want: false},
	}
	runConditionCases(t, cases)
}
