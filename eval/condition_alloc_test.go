package eval

import (
	"testing"

	"github.com/iamgate/iamgate/internal/race"
	"github.com/iamgate/iamgate/policy"
)

// allocCase is a condition and request values to evaluate it with, one per
// family, used by the allocation test and the benchmarks.
type allocCase struct {
	name    string
	op, key string
	values  []any
	ctx     kv
}

var allocCases = []allocCase{
	{"String", "StringEquals", "aws:SourceVpce", []any{"vpce-1", "vpce-2", "vpce-3"},
		kv{"aws:SourceVpce": {"vpce-3"}}},
	{"StringLike", "ForAllValues:StringLike", "aws:TagKeys", []any{"team-*", "cost-??"},
		kv{"aws:TagKeys": {"team-red", "cost-42", "owner"}}},
	{"StringVariable", "StringNotEquals", "s3:prefix", []any{"home/${aws:username}/", "shared/${aws:PrincipalTag/team, 'none'}"},
		kv{"s3:prefix": {"home/alice/"}, "aws:username": {"alice"}}},
	{"ARN", "ArnLike", "aws:SourceArn", []any{"arn:aws:execute-api:*:111122223333:abc123/prod/*"},
		kv{"aws:SourceArn": {"arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets"}}},
	{"Numeric", "NumericLessThanEquals", "aws:MultiFactorAuthAge", []any{"3600", num("7200.5")},
		kv{"aws:MultiFactorAuthAge": {"7200.25"}}},
	{"Date", "DateGreaterThan", "aws:CurrentTime", []any{"2026-07-16T19:20:30.45+01:00", "1784229630"},
		kv{"aws:CurrentTime": {"2026-07-16T19:20:31Z"}}},
	{"DateEpoch", "DateLessThan", "aws:EpochTime", []any{"2026"},
		kv{"aws:EpochTime": {"1767225599"}}},
	{"Bool", "Bool", "aws:SecureTransport", []any{false, "${aws:MultiFactorAuthPresent}"},
		kv{"aws:SecureTransport": {"true"}, "aws:MultiFactorAuthPresent": {"TRUE"}}},
	{"Binary", "BinaryEquals", "s3:bin", []any{"YWJj", "QmluYXJ5VmFsdWVJbkJhc2U2NA=="},
		kv{"s3:bin": {"QmluYXJ5VmFsdWVJbkJhc2U2NA"}}},
	{"IPv4", "NotIpAddress", "aws:SourceIp", []any{"10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32"},
		kv{"aws:SourceIp": {"203.0.113.9"}}},
	{"IPv6", "IpAddress", "aws:SourceIp", []any{"10.0.0.0/8", "2001:db8::/32"},
		kv{"aws:SourceIp": {"2001:db8:1234:5678::abcd"}}},
	{"IPv4Mapped", "IpAddress", "aws:SourceIp", []any{"10.0.0.0/8"},
		kv{"aws:SourceIp": {"::ffff:10.1.2.3"}}},
	{"Null", "Null", "aws:TokenIssueTime", []any{"true"},
		kv{"aws:SourceIp": {"203.0.113.9"}}},
	{"Missing", "StringEqualsIfExists", "aws:SourceVpce", []any{"vpce-1"},
		nil},
	{"Unparsable", "ForAnyValue:NumericEquals", "s3:x", []any{"1"},
		kv{"s3:x": {"one", "two", "x1"}}},
}

// TestConditionEvaluateDoesNotAllocate pins evaluate at zero allocations
// for every family, on matching and non-matching values.
func TestConditionEvaluateDoesNotAllocate(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector makes sync.Pool drop entries, so pooled matchers allocate: .ci/run runs this without -race")
	}
	for _, tc := range allocCases {
		t.Run(tc.name, func(t *testing.T) {
			c := mustCompile(t, policy.Version2012, tc.op, tc.key, tc.values...)
			ctx := tc.ctx.context()
			if n := testing.AllocsPerRun(100, func() { c.evaluate(ctx) }); n != 0 {
				t.Errorf("evaluate allocates %v times per run", n)
			}
			// The same condition against every request value of the
			// property test, most of which do not match or do not parse.
			for _, v := range propertyRequestValues {
				other := NewContext().Set(tc.key, v, v+"x")
				if n := testing.AllocsPerRun(20, func() { c.evaluate(other) }); n != 0 {
					t.Errorf("evaluate with %q allocates %v times per run", v, n)
				}
			}
		})
	}
}

func BenchmarkConditionEvaluate(b *testing.B) {
	for _, tc := range allocCases {
		b.Run(tc.name, func(b *testing.B) {
			c := mustCompile(b, policy.Version2012, tc.op, tc.key, tc.values...)
			ctx := tc.ctx.context()
			b.ReportAllocs()
			for b.Loop() {
				c.evaluate(ctx)
			}
		})
	}
}

func BenchmarkConditionExplain(b *testing.B) {
	c := mustCompile(b, policy.Version2012, "NotIpAddress", "aws:SourceIp", "10.0.0.0/8", "192.168.0.0/16")
	ctx := NewContext().Set("aws:SourceIp", "203.0.113.9")
	b.ReportAllocs()
	for b.Loop() {
		c.explain(ctx)
	}
}
