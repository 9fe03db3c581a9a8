package eval

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/iamgate/iamgate/internal/wildcard"
	"github.com/iamgate/iamgate/policy"
)

// This file compiles and evaluates one operator/key pair of a statement's
// Condition element. The rules, from IAM-OPERATORS, IAM-MULTI and
// IAM-CONDITION:
//
//   - A key's policy values are OR'ed: the request value matches when it
//     matches at least one of them. Negated operators (StringNotEquals,
//     StringNotEqualsIgnoreCase, StringNotLike, NumericNotEquals,
//     DateNotEquals, NotIpAddress, ArnNotEquals, ArnNotLike) are true when
//     the request value matches none of them (IAM-MULTI: NOR).
//   - A missing key makes every operator false except the negated ones,
//     which are true (IAM-OPERATORS, "Important" note). IfExists makes the
//     condition true on a missing key and changes nothing else, so a Deny
//     with a negated IfExists operator still denies on a missing key. Null
//     tests presence only.
//   - ForAllValues: every request value passes the test (the positive
//     match, or for a negated operator matching no policy value); true on
//     a missing key or an empty set of values (IAM-MULTI). ForAnyValue: at
//     least one request value passes; false on a missing key or an empty
//     set.
//   - Without a qualifier, a key with several request values is a case AWS
//     does not document: reference_policies_condition-single-vs-multi-valued-context-keys
//     says only that multivalued keys "require" a set operator, and Access
//     Analyzer reports "Missing qualifier". This package keeps both rules
//     above: a positive operator is true when any request value matches, a
//     negated one when none does. That is ForAnyValue for positive and
//     ForAllValues for negated operators, except on a missing key.
//   - An empty list of policy values ("aws:SourceIp": []) is accepted, as
//     AWS accepts it (Access Analyzer reports "Empty array condition" as a
//     suggestion only). It matches no request value: positive operators are
//     false, negated operators true, and Null is false.
//   - A key present with no values (Context.Set(key) with no values) is an
//     empty set for ForAllValues/ForAnyValue, and is null for Null, as the
//     IAM multivalued examples treat "context keys with empty values"
//     (reference_policies_condition_examples-multi-valued-context-keys). An
//     empty string is a value like any other; IAM-MULTI's older text calls
//     an empty string an empty data set, so whoever builds the Context
//     decides, by setting no value or "".
//   - Null tests only whether the key has values; a ForAllValues or
//     ForAnyValue qualifier on it changes nothing (Access Analyzer suggests
//     removing it: "Null with qualifier"). NullIfExists is an error.
//   - A request value that does not parse for the operator's family (a
//     NumericEquals request value "abc") matches no policy value, so
//     positive operators are false for it and negated operators true.

// condition is one compiled operator/key pair of a statement's Condition
// element. It is immutable after compileCondition and safe for concurrent
// use. The zero condition is not valid: build one with compileCondition.
type condition struct {
	op       Operator
	operator string // as written
	key      string // as written
	lowerKey string // for Context.lookup
	values   []string
	pos      policy.Pos // of the operator
	path     string     // JSON path of the key

	// The compiled policy values, one per value, in the slice of the
	// operator's family.
	patterns []*wildcard.Pattern // String and ARN operators
	numbers  []decimal
	dates    []instant
	ranges   []netip.Prefix
	binaries []string    // decoded bytes
	bools    []boolValue // Bool
	nulls    []bool      // Null: true means the key must be absent
}

// boolValue is a compiled Bool policy value: a literal, or a pattern with
// policy variables, compared ignoring case once substituted.
type boolValue struct {
	value   bool
	pattern *wildcard.Pattern // nil for a literal
}

// ConditionResult explains how one operator/key pair of a Condition element
// was decided for a request.
type ConditionResult struct {
	// Operator is the condition operator as written in the policy, with its
	// qualifier and suffix, such as "ForAnyValue:StringLikeIfExists".
	Operator string
	// Key is the condition key as written in the policy, such as
	// "aws:SourceVpce". Keys are matched ignoring case.
	Key string
	// Values are the key's values as written in the policy, in order.
	Values []string
	// Present reports whether the key is in the request context.
	Present bool
	// Request is the request context's values for the key: nil when the
	// key is absent, empty (not nil) when it is present with no values.
	Request []string
	// Satisfied reports whether the condition holds for the request.
	Satisfied bool
	// Why is one plain-English sentence saying why the condition holds or
	// not, such as "aws:SourceIp 203.0.113.9 is not in 10.0.0.0/8".
	Why string
	// Pos is the position of the operator in the policy document.
	Pos policy.Pos
	// Path is the JSON Pointer of the key, such as
	// "/Statement/0/Condition/StringEquals/aws:SourceVpce".
	Path string
}

// compileCondition validates and compiles c. file names the document for
// errors. Every problem is reported, as a policy.ErrorList of *policy.Error
// at the operator, key or value concerned.
func compileCondition(file string, c *policy.Condition, v policy.Version) (condition, error) {
	var errs policy.ErrorList
	fail := func(t policy.Text, format string, args ...any) {
		errs = append(errs, &policy.Error{File: file, Pos: t.Pos, Path: t.Path, Msg: fmt.Sprintf(format, args...)})
	}
	op, msg := parseOperator(c.Operator.Value)
	if msg != "" {
		fail(c.Operator, "%s", msg)
	}
	if c.Key.Value == "" {
		fail(c.Key, "condition key is empty; expected a key name such as %q", "aws:SourceIp")
	}
	out := condition{
		op:       op,
		operator: c.Operator.Value,
		key:      c.Key.Value,
		lowerKey: strings.ToLower(c.Key.Value),
		values:   make([]string, len(c.Values)),
		pos:      c.Operator.Pos,
		path:     c.Key.Path,
	}
	for i, val := range c.Values {
		out.values[i] = val.Value
	}
	if op.base != nil {
		for i := range c.Values {
			if msg := out.compileValue(&c.Values[i], v); msg != "" {
				fail(c.Values[i].Text, "%s", msg)
			}
		}
	}
	if len(errs) > 0 {
		return condition{}, errs
	}
	return out, nil
}

// compileValue compiles one policy value into c's slice for its family, or
// says what is wrong with it.
func (c *condition) compileValue(val *policy.ConditionValue, v policy.Version) string {
	text := val.Value
	f := c.op.base.family
	variables := v.SupportsVariables() && f.allowsVariables()
	// bad builds the message for a value that is not of the family's syntax.
	bad := func(what, expected string) string {
		msg := fmt.Sprintf("%s value %q is not %s", c.operator, text, what)
		if strings.Contains(text, "${") {
			switch {
			case !f.allowsVariables():
				msg += fmt.Sprintf(": policy variables are not supported with %s", f.operators())
			case !v.SupportsVariables():
				msg += ": policy variables are substituted only in documents with \"Version\": \"2012-10-17\""
			}
		}
		return msg + "; expected " + expected
	}
	switch f {
	case FamilyString, FamilyARN:
		p, err := compilePattern(text, c.op.base, variables)
		if err != nil {
			return variableError(c.operator, text, err)
		}
		c.patterns = append(c.patterns, p)
	case FamilyNumeric:
		d, ok := parseDecimal(text)
		if !ok {
			return bad("a number", `an integer or decimal number such as 10, "10" or "2.5"`)
		}
		c.numbers = append(c.numbers, d)
	case FamilyDate:
		t, ok := parseDate(text)
		if !ok {
			return bad("a date", `an ISO 8601 date in a W3C profile such as "2026-07-16" or "2026-07-16T19:20:30Z", or epoch seconds such as "1784229630"`)
		}
		c.dates = append(c.dates, t)
	case FamilyIPAddress:
		p, ok := parseIPRange(text)
		if !ok {
			return bad("an IP address or CIDR range", `an IPv4 or IPv6 range such as "203.0.113.0/24" or "2001:db8::/32", or a single address such as "203.0.113.9"`)
		}
		c.ranges = append(c.ranges, p)
	case FamilyBinary:
		b, ok := decodePolicyBase64(text)
		if !ok {
			return bad("base64", `standard base64 (RFC 4648) such as "QmluYXJ5"`)
		}
		c.binaries = append(c.binaries, string(b))
	case FamilyBool:
		if b, ok := parseBool(text); ok {
			c.bools = append(c.bools, boolValue{value: b})
			break
		}
		if variables && strings.Contains(text, "${") {
			p, err := compileBoolPattern(text)
			if err != nil {
				return variableError(c.operator, text, err)
			}
			if p != nil {
				c.bools = append(c.bools, boolValue{pattern: p})
				break
			}
		}
		return bad("a boolean", `"true" or "false"`)
	case FamilyNull:
		b, ok := parseBool(text)
		if !ok {
			return bad("a boolean", `"true" (the key must be absent) or "false" (the key must be present)`)
		}
		c.nulls = append(c.nulls, b)
	}
	return ""
}

// variableError is the message for a value whose policy variable is
// malformed, such as "${aws:username" with no closing brace.
func variableError(operator, text string, err error) string {
	var we *wildcard.Error
	if !errors.As(err, &we) {
		return fmt.Sprintf("%s value %q: %v", operator, text, err)
	}
	return fmt.Sprintf("%s value %q: %s at byte %d; expected a policy variable such as %q or %q",
		operator, text, we.Msg, we.Offset+1, "${aws:username}", "${aws:username, 'default'}")
}

// evaluate reports whether the condition holds for ctx; a nil ctx is an
// empty context. It does not allocate.
func (c *condition) evaluate(ctx *Context) bool {
	vals, present := ctx.lookup(c.lowerKey)
	if c.op.base.family == FamilyNull {
		return c.nullHolds(present && len(vals) > 0)
	}
	if !present {
		return c.onMissing()
	}
	r := ctx.resolver()
	if c.requiresAll() {
		for _, v := range vals {
			if !c.passes(v, r) {
				return false
			}
		}
		return true
	}
	for _, v := range vals {
		if c.passes(v, r) {
			return true
		}
	}
	return false
}

// onMissing is the result when the key is not in the request context.
func (c *condition) onMissing() bool {
	switch {
	case c.op.ifExists:
		return true
	case c.op.qualifier == ForAllValues:
		return true
	case c.op.qualifier == ForAnyValue:
		return false
	}
	return c.op.base.negated
}

// requiresAll reports whether every request value must pass (ForAllValues,
// and a negated operator without qualifier), rather than at least one.
func (c *condition) requiresAll() bool {
	return c.op.qualifier == ForAllValues || (c.op.qualifier == NoQualifier && c.op.base.negated)
}

// passes reports whether one request value passes the operator's test:
// it matches a policy value, or for a negated operator matches none.
func (c *condition) passes(v string, r wildcard.Resolver) bool {
	i, _ := c.match(v, r)
	return (i >= 0) != c.op.base.negated
}

// nullHolds is the Null operator: a value "true" holds when the key is
// null (missing or without values), "false" when it has values.
func (c *condition) nullHolds(hasValues bool) bool {
	for _, wantNull := range c.nulls {
		if wantNull != hasValues {
			return true
		}
	}
	return false
}

// match returns the index of the first policy value that the request value
// v matches under the base operator's positive test, or -1. parsed is false
// when v is not of the family's syntax (not a number, not an address, ...),
// in which case it matches nothing. It does not allocate.
func (c *condition) match(v string, r wildcard.Resolver) (index int, parsed bool) {
	base := c.op.base
	switch base.family {
	case FamilyString, FamilyARN:
		for i, p := range c.patterns {
			if p.Match(v, r) {
				return i, true
			}
		}
	case FamilyNumeric:
		x, ok := parseDecimal(v)
		if !ok {
			return -1, false
		}
		for i := range c.numbers {
			if compareHolds(base.cmp, compareDecimal(&x, &c.numbers[i])) {
				return i, true
			}
		}
	case FamilyDate:
		t, ok := parseDate(v)
		if !ok {
			return -1, false
		}
		for i, d := range c.dates {
			if compareHolds(base.cmp, compareInstant(t, d)) {
				return i, true
			}
		}
	case FamilyIPAddress:
		a, ok := parseRequestAddr(v)
		if !ok {
			return -1, false
		}
		for i, p := range c.ranges {
			if p.Contains(a) {
				return i, true
			}
		}
	case FamilyBinary:
		if !isBase64(v) {
			return -1, false
		}
		for i, b := range c.binaries {
			if base64Equal(v, b) {
				return i, true
			}
		}
	case FamilyBool:
		b, ok := parseBool(v)
		if !ok {
			return -1, false
		}
		for i, bv := range c.bools {
			if bv.pattern == nil {
				if bv.value == b {
					return i, true
				}
			} else if bv.pattern.Match(v, r) {
				return i, true
			}
		}
	}
	return -1, true
}

// explain is evaluate with the reason; it allocates.
// explain(ctx).Satisfied == evaluate(ctx) for every ctx.
func (c *condition) explain(ctx *Context) ConditionResult {
	res := ConditionResult{
		Operator: c.operator,
		Key:      c.key,
		Values:   slices.Clone(c.values),
		Pos:      c.pos,
		Path:     c.path,
	}
	vals, present := ctx.lookup(c.lowerKey)
	res.Present = present
	if present {
		res.Request = append([]string{}, vals...)
	}
	res.Satisfied, res.Why = c.decide(vals, present, ctx.resolver())
	return res
}

// decide works out the result and its reason the long way, value by value,
// independently of evaluate's shortcuts.
func (c *condition) decide(vals []string, present bool, r wildcard.Resolver) (bool, string) {
	base := c.op.base
	if base.family == FamilyNull {
		return c.decideNull(vals, present)
	}
	if !present {
		sat := c.onMissing()
		switch {
		case c.op.ifExists:
			return sat, fmt.Sprintf("key %s is missing: an IfExists operator is true on a missing key", c.key)
		case c.op.qualifier == ForAllValues:
			return sat, fmt.Sprintf("key %s is missing: ForAllValues is true on a missing key", c.key)
		case c.op.qualifier == ForAnyValue:
			return sat, fmt.Sprintf("key %s is missing: ForAnyValue is false on a missing key", c.key)
		case base.negated:
			return sat, fmt.Sprintf("key %s is missing: a negated operator is true on a missing key", c.key)
		}
		return sat, fmt.Sprintf("key %s is missing: the condition is false on a missing key", c.key)
	}
	all := c.requiresAll()
	if len(vals) == 0 {
		switch c.op.qualifier {
		case ForAllValues:
			return true, fmt.Sprintf("key %s has no values: ForAllValues is true on an empty set", c.key)
		case ForAnyValue:
			return false, fmt.Sprintf("key %s has no values: ForAnyValue is false on an empty set", c.key)
		}
		if base.negated {
			return all, fmt.Sprintf("key %s has no values, so none matches: a negated operator is true", c.key)
		}
		return all, fmt.Sprintf("key %s has no values, so none matches", c.key)
	}
	// Test every value; the witness is the first value that decides the
	// result on its own (one that fails when all must pass, or one that
	// passes when any may).
	witness := -1
	matchedAll, matchedNone := true, true
	for i, v := range vals {
		idx, _ := c.match(v, r)
		if idx >= 0 {
			matchedNone = false
		} else {
			matchedAll = false
		}
		pass := (idx >= 0) != base.negated
		if witness < 0 && pass != all {
			witness = i
		}
	}
	sat := all == (witness < 0)
	if len(c.values) == 0 {
		return sat, fmt.Sprintf("the condition lists no values for %s, so no request value matches one", c.key)
	}
	if witness >= 0 {
		return sat, c.describe(vals[witness], r)
	}
	if len(vals) == 1 {
		return sat, c.describe(vals[0], r)
	}
	list := c.formatRequestList(vals)
	switch {
	case matchedAll:
		return sat, fmt.Sprintf("every value of %s (%s) %s %s%s", c.key, list, c.phrase(true), c.targets("one of "), c.phraseSuffix())
	case matchedNone:
		return sat, fmt.Sprintf("no value of %s (%s) %s %s%s", c.key, list, c.phrase(true), c.targets("any of "), c.phraseSuffix())
	}
	// Unreachable: without a witness every value passed or every value
	// failed, so the values all matched or all did not.
	return sat, fmt.Sprintf("values of %s: %s", c.key, list)
}

// decideNull explains the Null operator.
func (c *condition) decideNull(vals []string, present bool) (bool, string) {
	hasValues := present && len(vals) > 0
	sat := false
	for _, wantNull := range c.nulls {
		if wantNull != hasValues {
			sat = true
		}
	}
	var state string
	switch {
	case !present:
		state = fmt.Sprintf("key %s is missing", c.key)
	case len(vals) == 0:
		state = fmt.Sprintf("key %s is present with no values, which counts as null", c.key)
	default:
		state = fmt.Sprintf("key %s is present", c.key)
	}
	if len(c.nulls) == 0 {
		return sat, state + ", but the condition lists no values, so Null is false"
	}
	conj := ", but"
	if sat {
		conj = ", and"
	}
	if sat == hasValues {
		return sat, state + conj + ` Null "false" requires it to be present with a value`
	}
	return sat, state + conj + ` Null "true" requires it to be absent`
}
