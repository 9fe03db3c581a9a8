package eval

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/policy"
)

// propertyValues are policy values for each family, valid in a 2012-10-17
// document.
var propertyValues = map[Family][]any{
	FamilyString:    {"abc", "a*", "${aws:username}", "x${aws:userid, 'none'}"},
	FamilyARN:       {"arn:aws:execute-api:*:111122223333:api/*", "arn:aws:iam::111122223333:user/${aws:username}"},
	FamilyNumeric:   {"10", num("2.5")},
	FamilyDate:      {"2026-01-01", "1784229630"},
	FamilyBool:      {true, "${aws:MultiFactorAuthPresent}"},
	FamilyBinary:    {"YQ==", "YWJj"},
	FamilyIPAddress: {"10.0.0.0/8", "2001:db8::/32"},
	FamilyNull:      {"true"},
}

// propertyRequestValues are request values of every kind: matching,
// not matching and not parsing for some family.
var propertyRequestValues = []string{
	"abc", "ABC", "a", "10", "2.50", "11", "-1", "2026-01-01T00:00:00Z", "1784229630",
	"true", "False", "YQ==", "YWJj", "YQ", "10.1.2.3", "2001:db8::1", "::ffff:10.0.0.1",
	"arn:aws:execute-api:us-east-1:111122223333:api/prod/GET/", "arn:aws:iam::111122223333:user/alice",
	"", "*", "not a value",
}

// propertyContexts returns request contexts for key: missing, nil, empty
// set, each single value, and a few sets, with and without the keys that
// policy variables refer to.
func propertyContexts(key string) []kv {
	out := []kv{nil, {}, {key: nil}, {strings.ToUpper(key): {"10"}}}
	for _, v := range propertyRequestValues {
		out = append(out, kv{key: {v}}, kv{key: {v}, "aws:username": {"alice"}, "aws:MultiFactorAuthPresent": {"true"}})
	}
	for i := 0; i+2 < len(propertyRequestValues); i += 3 {
		out = append(out, kv{key: propertyRequestValues[i : i+3]}, kv{key: propertyRequestValues[i : i+3], "aws:username": {"abc"}})
	}
	return out
}

// TestConditionExplainAgrees checks explain against evaluate for every
// operator spelling, family values and request context.
func TestConditionExplainAgrees(t *testing.T) {
	const key = "test:Key"
	contexts := propertyContexts(key)
	for _, name := range validOperatorNames() {
		op, _ := parseOperator(name)
		vals := propertyValues[op.base.family]
		for _, values := range [][]any{vals, vals[:1], {}} {
			c := mustCompile(t, policy.Version2012, name, key, values...)
			for _, m := range contexts {
				ctx := m.context()
				got := c.evaluate(ctx)
				res := c.explain(ctx)
				if res.Satisfied != got {
					t.Errorf("%s %v with %s: explain %v (%s), evaluate %v", name, values, m, res.Satisfied, res.Why, got)
				}
				if res.Why == "" {
					t.Errorf("%s %v with %s: empty Why", name, values, m)
				}
				if (res.Request == nil) == res.Present {
					t.Errorf("%s %v with %s: Present %v but Request %q", name, values, m, res.Present, res.Request)
				}
			}
		}
	}
}

// TestConditionIdentities checks rules that follow from IAM-OPERATORS and
// IAM-MULTI, over every context of the property test.
func TestConditionIdentities(t *testing.T) {
	const key = "test:Key"
	contexts := propertyContexts(key)
	eval := func(op string) func(kv) bool {
		base, _ := parseOperator(op)
		c := mustCompile(t, policy.Version2012, op, key, propertyValues[base.base.family]...)
		return func(m kv) bool { return c.evaluate(m.context()) }
	}
	present := func(m kv) bool { _, ok := m.context().Get(key); return ok }
	// Every opposite the catalogue declares is a true negation.
	var negations [][2]string
	for _, b := range Operators() {
		if o := b.Opposite(); o != nil && !b.Negated() {
			negations = append(negations, [2]string{b.Name(), o.Name()})
		}
	}
	if len(negations) != 8 {
		t.Errorf("%d negation pairs in the catalogue, want 8", len(negations))
	}
	for _, pair := range negations {
		t.Run(pair[1]+" is the negation of "+pair[0], func(t *testing.T) {
			pos, neg := eval(pair[0]), eval(pair[1])
			for _, m := range contexts {
				if pos(m) == neg(m) {
					t.Errorf("with %s: %s and %s both %v", m, pair[0], pair[1], pos(m))
				}
			}
		})
	}
	for _, b := range baseOperators {
		if b.family == FamilyNull {
			continue
		}
		t.Run(b.name, func(t *testing.T) {
			plain, ifExists := eval(b.name), eval(b.name+"IfExists")
			anyValue, allValues := eval("ForAnyValue:"+b.name), eval("ForAllValues:"+b.name)
			for _, m := range contexts {
				if !present(m) {
					if !ifExists(m) || !allValues(m) || anyValue(m) {
						t.Errorf("missing key with %s: IfExists %v, ForAllValues %v, ForAnyValue %v", m, ifExists(m), allValues(m), anyValue(m))
					}
					continue
				}
				if plain(m) != ifExists(m) {
					t.Errorf("with %s: %s %v but IfExists %v", m, b.name, plain(m), ifExists(m))
				}
				// Without a qualifier a positive operator is ForAnyValue and a
				// negated one ForAllValues (on a key that is present).
				want := anyValue(m)
				if b.negated {
					want = allValues(m)
				}
				if plain(m) != want {
					t.Errorf("with %s: %s %v, want %v", m, b.name, plain(m), want)
				}
			}
		})
	}
	t.Run("ArnEquals is ArnLike", func(t *testing.T) {
		equals, like := eval("ArnEquals"), eval("ArnLike")
		for _, m := range contexts {
			if equals(m) != like(m) {
				t.Errorf("with %s: ArnEquals %v, ArnLike %v", m, equals(m), like(m))
			}
		}
	})
}
