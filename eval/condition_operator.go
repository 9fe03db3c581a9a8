package eval

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/internal/typo"
)

// This file is the catalogue of IAM's condition operators
// (IAM-OPERATORS, IAM-MULTI): each base operator is one row of
// baseOperators, declared once and read by the evaluator (this package)
// and by the linter (package lint, through Operators and LookupOperator).
// Adding an operator is one row here plus its comparison in the file of
// its family (condition_string.go, condition_numeric.go, ...).

// Family groups the condition operators that share a value syntax
// (IAM-OPERATORS). The zero Family is not a family.
type Family uint8

const (
	FamilyString    Family = iota + 1 // StringEquals, StringLike, ...
	FamilyNumeric                     // NumericEquals, NumericLessThan, ...
	FamilyDate                        // DateEquals, DateLessThan, ...
	FamilyBool                        // Bool
	FamilyBinary                      // BinaryEquals
	FamilyIPAddress                   // IpAddress, NotIpAddress
	FamilyARN                         // ArnEquals, ArnLike, ...
	FamilyNull                        // Null
)

var familyNames = [...]string{
	FamilyString: "String", FamilyNumeric: "Numeric", FamilyDate: "Date", FamilyBool: "Bool",
	FamilyBinary: "Binary", FamilyIPAddress: "IpAddress", FamilyARN: "Arn", FamilyNull: "Null",
}

// String returns the family's name as IAM-OPERATORS titles it: "String",
// "Numeric", "Date", "Bool", "Binary", "IpAddress", "Arn" or "Null".
func (f Family) String() string {
	if f > 0 && int(f) < len(familyNames) {
		return familyNames[f]
	}
	return fmt.Sprintf("Family(%d)", uint8(f))
}

// operators names the family's operators the way messages use it, as in
// "policy variables are not supported with numeric operators".
func (f Family) operators() string {
	switch f {
	case FamilyString:
		return "string operators"
	case FamilyNumeric:
		return "numeric operators"
	case FamilyDate:
		return "date operators"
	case FamilyBool:
		return "Bool"
	case FamilyBinary:
		return "BinaryEquals"
	case FamilyIPAddress:
		return "IP address operators"
	case FamilyARN:
		return "ARN operators"
	case FamilyNull:
		return "Null"
	}
	return f.String()
}

// allowsVariables reports whether ${...} policy variables are substituted
// in the values of this family's operators (IAM-OPERATORS lists variables
// as supported for the String, Boolean and ARN operators and as not
// supported for Numeric, Date, Binary, IP address and Null).
func (f Family) allowsVariables() bool {
	return f == FamilyString || f == FamilyARN || f == FamilyBool
}

// comparison is the relation a base operator tests between a request value
// and a policy value.
type comparison uint8

const (
	cmpEqual        comparison = iota + 1 // StringEquals, NumericEquals, DateEquals, Bool, BinaryEquals
	cmpEqualFold                          // StringEqualsIgnoreCase
	cmpLike                               // StringLike, ArnLike, ArnEquals
	cmpLess                               // NumericLessThan, DateLessThan
	cmpLessEqual                          // NumericLessThanEquals, DateLessThanEquals
	cmpGreater                            // NumericGreaterThan, DateGreaterThan
	cmpGreaterEqual                       // NumericGreaterThanEquals, DateGreaterThanEquals
	cmpInRange                            // IpAddress
	cmpNull                               // Null
)

// BaseOperator is one row of the catalogue: an operator of IAM-OPERATORS
// without qualifier or IfExists suffix, such as StringNotLike. The rows
// are package variables, immutable and shared: compare them by pointer.
type BaseOperator struct {
	name   string
	family Family
	cmp    comparison
	// negated operators (StringNotEquals, NotIpAddress, ...) are true when
	// the request value matches none of the policy values, and true on a
	// missing key (IAM-OPERATORS, IAM-MULTI).
	negated bool
	// opposite is the operator that holds exactly when this one does not
	// (its negated or positive twin); "" when the catalogue has none.
	opposite string
}

// baseOperators is the catalogue: every base operator of IAM-OPERATORS.
// The names are case-sensitive, as AWS spells them. Every opposite names
// a row whose opposite names this one.
var baseOperators = []BaseOperator{
	{"StringEquals", FamilyString, cmpEqual, false, "StringNotEquals"},
	{"StringNotEquals", FamilyString, cmpEqual, true, "StringEquals"},
	{"StringEqualsIgnoreCase", FamilyString, cmpEqualFold, false, "StringNotEqualsIgnoreCase"},
	{"StringNotEqualsIgnoreCase", FamilyString, cmpEqualFold, true, "StringEqualsIgnoreCase"},
	{"StringLike", FamilyString, cmpLike, false, "StringNotLike"},
	{"StringNotLike", FamilyString, cmpLike, true, "StringLike"},
	{"NumericEquals", FamilyNumeric, cmpEqual, false, "NumericNotEquals"},
	{"NumericNotEquals", FamilyNumeric, cmpEqual, true, "NumericEquals"},
	{"NumericLessThan", FamilyNumeric, cmpLess, false, ""},
	{"NumericLessThanEquals", FamilyNumeric, cmpLessEqual, false, ""},
	{"NumericGreaterThan", FamilyNumeric, cmpGreater, false, ""},
	{"NumericGreaterThanEquals", FamilyNumeric, cmpGreaterEqual, false, ""},
	{"DateEquals", FamilyDate, cmpEqual, false, "DateNotEquals"},
	{"DateNotEquals", FamilyDate, cmpEqual, true, "DateEquals"},
	{"DateLessThan", FamilyDate, cmpLess, false, ""},
	{"DateLessThanEquals", FamilyDate, cmpLessEqual, false, ""},
	{"DateGreaterThan", FamilyDate, cmpGreater, false, ""},
	{"DateGreaterThanEquals", FamilyDate, cmpGreaterEqual, false, ""},
	{"Bool", FamilyBool, cmpEqual, false, ""},
	{"BinaryEquals", FamilyBinary, cmpEqual, false, ""},
	{"IpAddress", FamilyIPAddress, cmpInRange, false, "NotIpAddress"},
	{"NotIpAddress", FamilyIPAddress, cmpInRange, true, "IpAddress"},
	// ArnEquals and ArnLike behave identically, as do ArnNotEquals and
	// ArnNotLike: each ARN segment is matched with wildcards (IAM-OPERATORS).
	{"ArnEquals", FamilyARN, cmpLike, false, "ArnNotEquals"},
	{"ArnLike", FamilyARN, cmpLike, false, "ArnNotLike"},
	{"ArnNotEquals", FamilyARN, cmpLike, true, "ArnEquals"},
	{"ArnNotLike", FamilyARN, cmpLike, true, "ArnLike"},
	{"Null", FamilyNull, cmpNull, false, ""},
}

var baseOperatorByName = func() map[string]*BaseOperator {
	m := make(map[string]*BaseOperator, len(baseOperators))
	for i := range baseOperators {
		m[baseOperators[i].name] = &baseOperators[i]
	}
	return m
}()

// Operators returns the catalogue: every base operator, in the order
// IAM-OPERATORS lists them. The slice is the caller's; the operators are
// shared.
func Operators() []*BaseOperator {
	out := make([]*BaseOperator, len(baseOperators))
	for i := range baseOperators {
		out[i] = &baseOperators[i]
	}
	return out
}

// Name returns the operator's name, such as "StringNotLike".
func (b *BaseOperator) Name() string { return b.name }

// String returns b.Name().
func (b *BaseOperator) String() string { return b.name }

// Family returns the family whose value syntax the operator reads.
func (b *BaseOperator) Family() Family { return b.family }

// Negated reports whether the operator is a negated one (StringNotEquals,
// NotIpAddress, ArnNotLike, ...): true when the request value matches none
// of the policy values, and true on a missing key.
func (b *BaseOperator) Negated() bool { return b.negated }

// Opposite returns the operator that holds exactly when b does not: the
// negated twin of a positive operator and the positive twin of a negated
// one (StringEquals and StringNotEquals, IpAddress and NotIpAddress). It
// returns nil when IAM has none: NumericLessThan's complement is not
// NumericGreaterThanEquals on a missing key or a value that is not a
// number, and Bool, BinaryEquals and Null have no negated form.
func (b *BaseOperator) Opposite() *BaseOperator {
	if b.opposite == "" {
		return nil
	}
	return baseOperatorByName[b.opposite]
}

// IgnoresCase reports whether the operator compares strings ignoring case
// (StringEqualsIgnoreCase, StringNotEqualsIgnoreCase).
func (b *BaseOperator) IgnoresCase() bool { return b.cmp == cmpEqualFold }

// Wildcards reports whether * and ? in the operator's policy values are
// wildcards (StringLike and the ARN operators); elsewhere they are literal
// characters.
func (b *BaseOperator) Wildcards() bool { return b.cmp == cmpLike }

// AllowsIfExists reports whether the IfExists suffix may be added: to
// every operator except Null, which already tests whether the key exists.
func (b *BaseOperator) AllowsIfExists() bool { return b.family != FamilyNull }

// Qualifier is a condition set operator (IAM-MULTI), the optional prefix
// of an operator. The zero Qualifier is none.
type Qualifier uint8

const (
	// NoQualifier: the operator has no set operator prefix.
	NoQualifier Qualifier = iota
	// ForAllValues: every request value must pass the test; true
	// when the key is missing or has no values.
	ForAllValues
	// ForAnyValue: at least one request value must pass the
	// test; false when the key is missing or has no values.
	ForAnyValue
)

// String returns "ForAllValues", "ForAnyValue", or "" for NoQualifier.
func (q Qualifier) String() string {
	switch q {
	case ForAllValues:
		return "ForAllValues"
	case ForAnyValue:
		return "ForAnyValue"
	}
	return ""
}

const (
	prefixForAllValues = "ForAllValues:"
	prefixForAnyValue  = "ForAnyValue:"
	suffixIfExists     = "IfExists"
)

// Operator is a condition operator as written in a Condition element: a
// qualifier, a base operator from the catalogue and the IfExists suffix,
// such as "ForAnyValue:StringLikeIfExists". It is a small comparable
// value. The zero Operator is not valid (its Base is nil).
type Operator struct {
	base      *BaseOperator
	qualifier Qualifier
	ifExists  bool
}

// LookupOperator parses an operator as written in a Condition element,
// such as "ForAllValues:StringNotEqualsIfExists". The spelling is
// case-sensitive; ok is false for anything IAM does not accept, including
// NullIfExists.
func LookupOperator(s string) (op Operator, ok bool) {
	op, msg := parseOperator(s)
	return op, msg == ""
}

// IsValid reports whether op is an operator, not the zero Operator.
func (op Operator) IsValid() bool { return op.base != nil }

// Base returns the base operator; nil for the zero Operator.
func (op Operator) Base() *BaseOperator { return op.base }

// Qualifier returns the set operator prefix, if any.
func (op Operator) Qualifier() Qualifier { return op.qualifier }

// IfExists reports whether the operator has the IfExists suffix.
func (op Operator) IfExists() bool { return op.ifExists }

// Family returns the base operator's family; 0 for the zero Operator.
func (op Operator) Family() Family {
	if op.base == nil {
		return 0
	}
	return op.base.family
}

// Negated reports whether the base operator is a negated one; false for
// the zero Operator.
func (op Operator) Negated() bool { return op.base != nil && op.base.negated }

// WithBase returns op with another base operator, its qualifier and
// IfExists suffix kept (the suffix is dropped for Null).
func (op Operator) WithBase(b *BaseOperator) Operator {
	op.base = b
	if b != nil && !b.AllowsIfExists() {
		op.ifExists = false
	}
	return op
}

// WithQualifier returns op with another qualifier.
func (op Operator) WithQualifier(q Qualifier) Operator {
	op.qualifier = q
	return op
}

// parseOperator parses an operator as written in a Condition element. The
// grammar is case-sensitive (IAM-OPERATORS spells every operator in one
// case); a near miss is reported with the closest known spelling.
func parseOperator(s string) (Operator, string) {
	var op Operator
	rest := s
	switch {
	case strings.HasPrefix(rest, prefixForAllValues):
		op.qualifier, rest = ForAllValues, rest[len(prefixForAllValues):]
	case strings.HasPrefix(rest, prefixForAnyValue):
		op.qualifier, rest = ForAnyValue, rest[len(prefixForAnyValue):]
	}
	if b, ok := baseOperatorByName[rest]; ok {
		op.base = b
		return op, ""
	}
	if name, ok := strings.CutSuffix(rest, suffixIfExists); ok {
		if b, ok := baseOperatorByName[name]; ok {
			if !b.AllowsIfExists() {
				// Access Analyzer error "Null with if exists"; IAM-OPERATORS:
				// IfExists may be added to any operator except Null.
				return Operator{}, fmt.Sprintf("condition operator %q is not allowed: IfExists cannot be added to Null, which already tests whether the key exists; use %q", s, strings.TrimSuffix(s, suffixIfExists))
			}
			op.base, op.ifExists = b, true
			return op, ""
		}
	}
	msg := fmt.Sprintf("unknown condition operator %q", s)
	if sugg := suggestOperator(s); sugg != "" {
		return Operator{}, msg + fmt.Sprintf("; did you mean %q? (operators are case-sensitive)", sugg)
	}
	return Operator{}, msg + "; expected an IAM condition operator such as StringEquals, optionally prefixed by ForAllValues: or ForAnyValue: and suffixed by IfExists"
}

// String returns the canonical spelling of op.
func (op Operator) String() string {
	if op.base == nil {
		return "<invalid operator>"
	}
	var b strings.Builder
	switch op.qualifier {
	case ForAllValues:
		b.WriteString(prefixForAllValues)
	case ForAnyValue:
		b.WriteString(prefixForAnyValue)
	}
	b.WriteString(op.base.name)
	if op.ifExists {
		b.WriteString(suffixIfExists)
	}
	return b.String()
}

// validOperatorNames returns every spelling parseOperator accepts.
func validOperatorNames() []string {
	var out []string
	for _, q := range []string{"", prefixForAllValues, prefixForAnyValue} {
		for _, b := range baseOperators {
			out = append(out, q+b.name)
			if b.AllowsIfExists() {
				out = append(out, q+b.name+suffixIfExists)
			}
		}
	}
	return out
}

// suggestOperator returns the known operator closest to s: one that differs
// only in letter case, else one within a small edit distance, else "".
func suggestOperator(s string) string {
	names := validOperatorNames()
	for _, n := range names {
		if strings.EqualFold(n, s) {
			return n
		}
	}
	best, bestDist := "", min(len(s)/4+1, 3)
	ls := strings.ToLower(s)
	for _, n := range names {
		if d := typo.Distance(ls, strings.ToLower(n)); d <= bestDist && (best == "" || d < bestDist) {
			best, bestDist = n, d
		}
	}
	return best
}
