package eval

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/policy"
)

func TestConditionString(t *testing.T) {
	vpce := func(v ...string) kv { return kv{"aws:SourceVpce": v} }
	ref := func(v ...string) kv { return kv{"aws:Referer": v} }
	cases := []conditionCase{
		{name: "StringEquals", op: "StringEquals", key: "aws:SourceVpce", values: []any{"vpce-1a2b3c4d"}, ctx: vpce("vpce-1a2b3c4d"), want: true,
			why: `aws:SourceVpce "vpce-1a2b3c4d" equals "vpce-1a2b3c4d"`},
		{name: "StringEquals case-sensitive", op: "StringEquals", key: "aws:SourceVpce", values: []any{"vpce-1a2b3c4d"}, ctx: vpce("VPCE-1A2B3C4D"), want: false,
			why: `aws:SourceVpce "VPCE-1A2B3C4D" does not equal "vpce-1a2b3c4d"`},
		{name: "StringEquals wildcard is literal", op: "StringEquals", key: "aws:SourceVpce", values: []any{"vpce-*"}, ctx: vpce("vpce-1"), want: false},
		{name: "StringEquals star matches star", op: "StringEquals", key: "aws:SourceVpce", values: []any{"vpce-*"}, ctx: vpce("vpce-*"), want: true},
		{name: "StringEquals number value", op: "StringEquals", key: "aws:PrincipalAccount", values: []any{num("111122223333")}, ctx: kv{"aws:PrincipalAccount": {"111122223333"}}, want: true},
		{name: "StringEquals bool value", op: "StringEquals", key: "s3:x", values: []any{true}, ctx: kv{"s3:x": {"true"}}, want: true},
		{name: "StringEquals empty value", op: "StringEquals", key: "aws:Referer", values: []any{""}, ctx: ref(""), want: true},
		{name: "StringNotEquals none", op: "StringNotEquals", key: "aws:SourceVpce", values: []any{"vpce-1", "vpce-2"}, ctx: vpce("vpce-3"), want: true,
			why: `aws:SourceVpce "vpce-3" does not equal any of "vpce-1", "vpce-2"`},
		{name: "StringNotEquals one of them", op: "StringNotEquals", key: "aws:SourceVpce", values: []any{"vpce-1", "vpce-2"}, ctx: vpce("vpce-2"), want: false,
			why: `aws:SourceVpce "vpce-2" equals "vpce-2"`},
		{name: "StringEqualsIgnoreCase", op: "StringEqualsIgnoreCase", key: "aws:SourceVpce", values: []any{"vpce-1A"}, ctx: vpce("VPCE-1a"), want: true,
			why: `aws:SourceVpce "VPCE-1a" equals "vpce-1A" (ignoring case)`},
		{name: "StringEqualsIgnoreCase differs", op: "StringEqualsIgnoreCase", key: "aws:SourceVpce", values: []any{"vpce-1A"}, ctx: vpce("vpce-1b"), want: false,
			why: `aws:SourceVpce "vpce-1b" does not equal "vpce-1A" (ignoring case)`},
		{name: "StringNotEqualsIgnoreCase", op: "StringNotEqualsIgnoreCase", key: "aws:SourceVpce", values: []any{"vpce-1A"}, ctx: vpce("VPCE-1a"), want: false},
		{name: "StringLike star", op: "StringLike", key: "aws:Referer", values: []any{"https://example.com/*"}, ctx: ref("https://example.com/a/b"), want: true,
			why: `aws:Referer "https://example.com/a/b" matches "https://example.com/*"`},
		{name: "StringLike star empty", op: "StringLike", key: "aws:Referer", values: []any{"https://example.com/*"}, ctx: ref("https://example.com/"), want: true},
		{name: "StringLike anchored", op: "StringLike", key: "aws:Referer", values: []any{"example.com/*"}, ctx: ref("https://example.com/a"), want: false},
		{name: "StringLike question mark", op: "StringLike", key: "aws:Referer", values: []any{"v?"}, ctx: ref("v1"), want: true},
		{name: "StringLike question mark one only", op: "StringLike", key: "aws:Referer", values: []any{"v?"}, ctx: ref("v12"), want: false},
		{name: "StringLike regexp characters literal", op: "StringLike", key: "aws:Referer", values: []any{"a.c+(d)[e]{f}*"}, ctx: ref("abc+(d)[e]{f}"), want: false},
		{name: "StringLike regexp characters match themselves", op: "StringLike", key: "aws:Referer", values: []any{"a.c+(d)[e]{f}*"}, ctx: ref("a.c+(d)[e]{f}x"), want: true},
		{name: "StringLike case-sensitive", op: "StringLike", key: "aws:Referer", values: []any{"A*"}, ctx: ref("abc"), want: false},
		{name: "StringLike crosses colons", op: "StringLike", key: "aws:SourceArn", values: []any{"arn:aws:someservice:*:111122223333:finance/*"},
			ctx: kv{"aws:SourceArn": {"arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}}, want: true},
		{name: "StringNotLike", op: "StringNotLike", key: "aws:Referer", values: []any{"https://a/*", "https://b/*"}, ctx: ref("https://c/x"), want: true,
			why: `aws:Referer "https://c/x" does not match any of "https://a/*", "https://b/*"`},
		{name: "StringNotLike matches one", op: "StringNotLike", key: "aws:Referer", values: []any{"https://a/*", "https://b/*"}, ctx: ref("https://b/x"), want: false},
		{name: "ArnLike", op: "ArnLike", key: "aws:SourceArn", values: []any{"arn:aws:sns:*:123456789012:topic-?"},
			ctx: kv{"aws:SourceArn": {"arn:aws:sns:us-east-1:123456789012:topic-a"}}, want: true},
		{name: "ArnEquals has wildcards", op: "ArnEquals", key: "aws:SourceArn", values: []any{"arn:aws:sns:*:123456789012:topic-?"},
			ctx: kv{"aws:SourceArn": {"arn:aws:sns:us-east-1:123456789012:topic-a"}}, want: true},
		{name: "ArnEquals case-sensitive", op: "ArnEquals", key: "aws:SourceArn", values: []any{"arn:aws:sns:us-east-1:123456789012:Topic"},
			ctx: kv{"aws:SourceArn": {"arn:aws:sns:us-east-1:123456789012:topic"}}, want: false},
		{name: "execute-api viaDomainArn", op: "ArnEquals", key: "execute-api:viaDomainArn", values: []any{"arn:aws:execute-api:us-west-2:111122223333:/domainnames/private.test.com+f4g5h6"},
			ctx: kv{"execute-api:viaDomainArn": {"arn:aws:execute-api:us-west-2:111122223333:/domainnames/private.test.com+f4g5h6"}}, want: true},
		{name: "ArnNotLike", op: "ArnNotLike", key: "aws:PrincipalArn", values: []any{"arn:aws:iam::*:role/admin-*"},
			ctx: kv{"aws:PrincipalArn": {"arn:aws:iam::111122223333:role/dev"}}, want: true},
		{name: "ArnNotEquals", op: "ArnNotEquals", key: "aws:PrincipalArn", values: []any{"arn:aws:iam::*:role/admin-*"},
			ctx: kv{"aws:PrincipalArn": {"arn:aws:iam::111122223333:role/admin-1"}}, want: false},
		{name: "ArnLike not an ARN", op: "ArnLike", key: "aws:SourceArn", values: []any{"arn:aws:sns:*:*:*"}, ctx: kv{"aws:SourceArn": {"topic"}}, want: false},
	}
	runConditionCases(t, cases)
}

// TestConditionArnLikeSegments is IAM-OPERATORS's own ArnLike example:
// each colon-delimited segment is matched separately, so the first `*`
// matches only "us-east-2" and the match fails (StringLike, above, crosses
// the colons and succeeds).
func TestConditionArnLikeSegments(t *testing.T) {
	runConditionCases(t, []conditionCase{
		{name: "ArnLike segments", op: "ArnLike", key: "aws:SourceArn", values: []any{"arn:aws:someservice:*:111122223333:finance/*"},
			ctx: kv{"aws:SourceArn": {"arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}}, want: false,
			why: `aws:SourceArn "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt" does not match "arn:aws:someservice:*:111122223333:finance/*"`},
		{name: "ArnLike star inside region", op: "ArnLike", key: "aws:SourceArn", values: []any{"arn:aws:someservice:us-*:111122223333:finance/*"},
			ctx: kv{"aws:SourceArn": {"arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}}, want: false},
	})
}

// TestConditionMultivaluedExamples follows the tables of the IAM user
// guide's "Multivalued context key examples" and IAM-MULTI.
func TestConditionMultivaluedExamples(t *testing.T) {
	tags := func(v ...string) kv { return kv{"aws:TagKeys": v} }
	attrs := func(v ...string) kv { return kv{"dynamodb:requestedAttributes": v} }
	cases := []conditionCase{
		// Deny with ForAllValues:StringNotLike "key1*": a match denies.
		{name: "ForAllValues:StringNotLike key1 only", op: "ForAllValues:StringNotLike", key: "aws:TagKeys", values: []any{"key1*"}, ctx: tags("key1:legal"), want: false,
			why: `aws:TagKeys "key1:legal" matches "key1*"`},
		{name: "ForAllValues:StringNotLike two key1", op: "ForAllValues:StringNotLike", key: "aws:TagKeys", values: []any{"key1*"}, ctx: tags("key1:hr", "key1:personnel"), want: false},
		{name: "ForAllValues:StringNotLike key2", op: "ForAllValues:StringNotLike", key: "aws:TagKeys", values: []any{"key1*"}, ctx: tags("key2:audit"), want: true,
			why: `aws:TagKeys "key2:audit" does not match "key1*"`},
		{name: "ForAllValues:StringNotLike mixed", op: "ForAllValues:StringNotLike", key: "aws:TagKeys", values: []any{"key1*"}, ctx: tags("key2:audit", "key1:hr"), want: false},
		{name: "ForAllValues:StringNotLike missing", op: "ForAllValues:StringNotLike", key: "aws:TagKeys", values: []any{"key1*"}, ctx: kv{}, want: true},
		// IAM-MULTI's DynamoDB examples.
		{name: "ForAllValues:StringLike subset", op: "ForAllValues:StringLike", key: "dynamodb:requestedAttributes", values: []any{"PostDateTime", "Message", "Tags"},
			ctx: attrs("PostDateTime", "Message"), want: true,
			why: `every value of dynamodb:requestedAttributes ("PostDateTime", "Message") matches one of "PostDateTime", "Message", "Tags"`},
		{name: "ForAllValues:StringLike extra attribute", op: "ForAllValues:StringLike", key: "dynamodb:requestedAttributes", values: []any{"PostDateTime", "Message", "Tags"},
			ctx: attrs("PostDateTime", "UserName"), want: false,
			why: `dynamodb:requestedAttributes "UserName" does not match any of "PostDateTime", "Message", "Tags"`},
		{name: "ForAnyValue:StringLike overlap", op: "ForAnyValue:StringLike", key: "dynamodb:requestedAttributes", values: []any{"ID", "PostDateTime"},
			ctx: attrs("UserName", "Message", "PostDateTime"), want: true,
			why: `dynamodb:requestedAttributes "PostDateTime" matches "PostDateTime"`},
		{name: "ForAnyValue:StringLike none", op: "ForAnyValue:StringLike", key: "dynamodb:requestedAttributes", values: []any{"ID", "PostDateTime"},
			ctx: attrs("UserName"), want: false},
		{name: "ForAnyValue:StringNotEquals one differs", op: "ForAnyValue:StringNotEquals", key: "aws:TagKeys", values: []any{"a", "b"}, ctx: tags("a", "c"), want: true,
			why: `aws:TagKeys "c" does not equal any of "a", "b"`},
		{name: "ForAnyValue:StringNotEquals all listed", op: "ForAnyValue:StringNotEquals", key: "aws:TagKeys", values: []any{"a", "b"}, ctx: tags("b", "a"), want: false,
			why: `every value of aws:TagKeys ("b", "a") equals one of "a", "b"`},
		{name: "plain StringEquals several request values", op: "StringEquals", key: "aws:TagKeys", values: []any{"b"}, ctx: tags("a", "b"), want: true},
		{name: "plain StringNotEquals several request values", op: "StringNotEquals", key: "aws:TagKeys", values: []any{"b"}, ctx: tags("a", "b"), want: false},
		{name: "plain StringNotEquals several none listed", op: "StringNotEquals", key: "aws:TagKeys", values: []any{"x", "y"}, ctx: tags("a", "b"), want: true,
			why: `no value of aws:TagKeys ("a", "b") equals any of "x", "y"`},
	}
	runConditionCases(t, cases)
}

func TestConditionVariables(t *testing.T) {
	user := func(name string, more ...string) kv {
		m := kv{"aws:username": {name}}
		for i := 0; i+1 < len(more); i += 2 {
			m[more[i]] = []string{more[i+1]}
		}
		return m
	}
	cases := []conditionCase{
		{name: "resolved", op: "StringEquals", key: "s3:prefix", values: []any{"home/${aws:username}/"}, ctx: user("alice", "s3:prefix", "home/alice/"), want: true,
			why: `s3:prefix "home/alice/" equals "home/${aws:username}/"`},
		{name: "resolved other user", op: "StringEquals", key: "s3:prefix", values: []any{"home/${aws:username}/"}, ctx: user("bob", "s3:prefix", "home/alice/"), want: false,
			why: `s3:prefix "home/alice/" does not equal "home/${aws:username}/"`},
		{name: "variable name case-insensitive", op: "StringEquals", key: "s3:prefix", values: []any{"home/${AWS:UserName}/"}, ctx: user("alice", "s3:prefix", "home/alice/"), want: true},
		{name: "unresolved", op: "StringEquals", key: "s3:prefix", values: []any{"home/${aws:username}/"}, ctx: kv{"s3:prefix": {"home//"}}, want: false,
			why: `s3:prefix "home//" does not equal "home/${aws:username}/": ${aws:username} could not be resolved`},
		{name: "unresolved literal text does not match", op: "StringEquals", key: "s3:prefix", values: []any{"home/${aws:username}/"}, ctx: kv{"s3:prefix": {"home/${aws:username}/"}}, want: false},
		{name: "multivalued variable unresolved", op: "StringEquals", key: "s3:prefix", values: []any{"${aws:TagKeys}"}, ctx: kv{"s3:prefix": {"a"}, "aws:TagKeys": {"a", "b"}}, want: false,
			why: `s3:prefix "a" does not equal "${aws:TagKeys}": ${aws:TagKeys} could not be resolved`},
		// IAM-VARIABLES "Policy variables with no value": negated
		// operators match the effectively null value.
		{name: "unresolved negated", op: "StringNotEquals", key: "s3:ExistingObjectTag/Team", values: []any{"${aws:PrincipalTag/Team}"}, ctx: kv{"s3:ExistingObjectTag/Team": {"red"}}, want: true,
			why: `s3:ExistingObjectTag/Team "red" does not equal "${aws:PrincipalTag/Team}": ${aws:PrincipalTag/Team} could not be resolved`},
		{name: "resolved negated", op: "StringNotEquals", key: "s3:ExistingObjectTag/Team", values: []any{"${aws:PrincipalTag/Team}"}, ctx: kv{"s3:ExistingObjectTag/Team": {"red"}, "aws:PrincipalTag/Team": {"red"}}, want: false},
		{name: "default used", op: "StringEquals", key: "s3:prefix", values: []any{"home/${aws:username, 'nobody'}/"}, ctx: kv{"s3:prefix": {"home/nobody/"}}, want: true},
		{name: "default not used", op: "StringEquals", key: "s3:prefix", values: []any{"home/${aws:username, 'nobody'}/"}, ctx: user("alice", "s3:prefix", "home/nobody/"), want: false,
			why: `s3:prefix "home/nobody/" does not equal "home/${aws:username, 'nobody'}/"`},
		{name: "default with quote", op: "StringEquals", key: "s3:prefix", values: []any{"${aws:username, 'it''s'}${aws:userid}"}, ctx: kv{"s3:prefix": {"it's"}}, want: false,
			why: `s3:prefix "it's" does not equal "${aws:username, 'it''s'}${aws:userid}": ${aws:userid} could not be resolved`},
		{name: "substituted text is literal", op: "StringLike", key: "s3:prefix", values: []any{"home/${aws:username}/*"}, ctx: user("a*", "s3:prefix", "home/abc/x"), want: false},
		{name: "substituted star matches star", op: "StringLike", key: "s3:prefix", values: []any{"home/${aws:username}/*"}, ctx: user("a*", "s3:prefix", "home/a*/x"), want: true},
		{name: "special star", op: "StringLike", key: "s3:prefix", values: []any{"${*}x"}, ctx: kv{"s3:prefix": {"*x"}}, want: true},
		{name: "special star is literal", op: "StringLike", key: "s3:prefix", values: []any{"${*}x"}, ctx: kv{"s3:prefix": {"ax"}}, want: false},
		{name: "special dollar", op: "StringEquals", key: "s3:prefix", values: []any{"${$}{x}"}, ctx: kv{"s3:prefix": {"${x}"}}, want: true},
		{name: "ARN variable", op: "ArnLike", key: "aws:PrincipalArn", values: []any{"arn:aws:iam::111122223333:user/${aws:username}"},
			ctx: user("alice", "aws:PrincipalArn", "arn:aws:iam::111122223333:user/alice"), want: true},
		{name: "IgnoreCase variable", op: "StringEqualsIgnoreCase", key: "aws:PrincipalTag/team", values: []any{"${aws:RequestTag/team}"},
			ctx: kv{"aws:PrincipalTag/team": {"Red"}, "aws:RequestTag/team": {"RED"}}, want: true},
		{name: "Bool variable", op: "Bool", key: "aws:SecureTransport", values: []any{"${aws:MultiFactorAuthPresent}"},
			ctx: kv{"aws:SecureTransport": {"true"}, "aws:MultiFactorAuthPresent": {"TRUE"}}, want: true},
		{name: "Bool variable differs", op: "Bool", key: "aws:SecureTransport", values: []any{"${aws:MultiFactorAuthPresent}"},
			ctx: kv{"aws:SecureTransport": {"true"}, "aws:MultiFactorAuthPresent": {"false"}}, want: false},
		{name: "Bool variable unresolved", op: "Bool", key: "aws:SecureTransport", values: []any{"${aws:MultiFactorAuthPresent}"},
			ctx: kv{"aws:SecureTransport": {"true"}}, want: false,
			why: `aws:SecureTransport "true" does not equal "${aws:MultiFactorAuthPresent}": ${aws:MultiFactorAuthPresent} could not be resolved`},
		{name: "Bool variable resolves to a non-boolean", op: "Bool", key: "aws:SecureTransport", values: []any{"${s3:x}"},
			ctx: kv{"aws:SecureTransport": {"yes"}, "s3:x": {"yes"}}, want: false},
		// Under 2008-10-17 or without Version, ${...} is literal text.
		{name: "2008 literal", doc: "2008-10-17", op: "StringEquals", key: "s3:prefix", values: []any{"home/${aws:username}/"}, ctx: user("alice", "s3:prefix", "home/alice/"), want: false},
		{name: "2008 literal matches itself", doc: "2008-10-17", op: "StringEquals", key: "s3:prefix", values: []any{"home/${aws:username}/"}, ctx: kv{"s3:prefix": {"home/${aws:username}/"}}, want: true,
			why: `s3:prefix "home/${aws:username}/" equals "home/${aws:username}/"`},
		{name: "no version literal", doc: "none", op: "StringLike", key: "s3:prefix", values: []any{"${aws:username}*"}, ctx: kv{"s3:prefix": {"${aws:username}x"}, "aws:username": {"x"}}, want: true},
		{name: "no version unterminated is text", doc: "none", op: "StringEquals", key: "s3:prefix", values: []any{"${aws:username"}, ctx: kv{"s3:prefix": {"${aws:username"}}, want: true},
	}
	runConditionCases(t, cases)
}

func TestCompileConditionStringErrors(t *testing.T) {
	c := newCondition("StringLike", "s3:prefix", "ok", "home/${aws:username")
	_, err := compileCondition("p.json", c, policy.Version2012)
	got := policy.AsList(err)
	if len(got) != 1 {
		t.Fatalf("got %d errors, want 1: %v", len(got), err)
	}
	want := &policy.Error{File: "p.json", Pos: c.Values[1].Pos, Path: "/Statement/0/Condition/StringLike/s3:prefix/1",
		Msg: `StringLike value "home/${aws:username": policy variable with no closing '}' at byte 6; expected a policy variable such as "${aws:username}" or "${aws:username, 'default'}"`}
	if diff := cmp.Diff(want, got[0]); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
	// The same value is plain text in a 2008-10-17 document.
	if _, err := compileCondition("p.json", c, policy.Version2008); err != nil {
		t.Errorf("2008-10-17: %v", err)
	}
	// A Bool value with a malformed variable.
	b := newCondition("Bool", "aws:SecureTransport", "${aws:x, default}")
	_, err = compileCondition("p.json", b, policy.Version2012)
	want = &policy.Error{File: "p.json", Pos: b.Values[0].Pos, Path: "/Statement/0/Condition/Bool/aws:SecureTransport",
		Msg: `Bool value "${aws:x, default}": policy variable default value not in single quotes at byte 10; expected a policy variable such as "${aws:username}" or "${aws:username, 'default'}"`}
	if diff := cmp.Diff(policy.ErrorList{want}, policy.AsList(err)); diff != "" {
		t.Errorf("Bool with malformed variable (-want +got):\n%s", diff)
	}
	// A Bool value whose only ${...} is a special character is literal,
	// and not a boolean.
	s := newCondition("Bool", "aws:SecureTransport", "${*}")
	if _, err := compileCondition("p.json", s, policy.Version2012); err == nil {
		t.Errorf(`Bool "${*}" compiled`)
	}
}

func TestVariablesWithoutDefault(t *testing.T) {
	cases := map[string][]string{
		"plain":                              nil,
		"${aws:username}":                    {"aws:username"},
		"a${x}b${y, 'd'}c${z}":               {"x", "z"},
		"${x, 'it''s ${y}'}${z}":             {"z"},
		"${*}${?}${$}${ aws:userid }":        {"aws:userid"},
		"${x, 'unterminated":                 nil,
		"${aws:PrincipalTag/Team}/${a, ''}x": {"aws:PrincipalTag/Team"},
	}
	for in, want := range cases {
		if diff := cmp.Diff(want, variablesWithoutDefault(in)); diff != "" {
			t.Errorf("variablesWithoutDefault(%q) mismatch (-want +got):\n%s", in, diff)
		}
	}
}
