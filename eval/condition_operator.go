package eval

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/internal/typo"
)

// family groups the condition operators that share a value syntax
// (IAM-OPERATORS).
type Family uint8

const (
	FamilyString Family = iota + 1
	FamilyNumeric
	FamilyDate
	FamilyBool
	FamilyBinary
	FamilyIPAddress
	FamilyARN
	FamilyNull
)

// String names the family's operators the way messages use it, as in
// "policy variables are not supported with numeric operators".
func (f Family) String() string {
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
	return fmt.Sprintf("family(%d)", uint8(f))
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

// baseOperator is one operator of IAM-OPERATORS without qualifier or
// IfExists suffix.
type BaseOperator struct {
	name   string
	family Family
	cmp    comparison
	// negated operators (StringNotEquals, NotIpAddress, ...) are true when
	// the request value matches none of the policy values, and true on a
	// missing key (IAM-OPERATORS, IAM-MULTI).
	negated bool
}

// baseOperators is every base operator of IAM-OPERATORS. The names are
// case-sensitive, as AWS spells them.
var baseOperators = []BaseOperator{
	{"StringEquals", FamilyString, cmpEqual, false},
	{"StringNotEquals", FamilyString, cmpEqual, true},
	{"StringEqualsIgnoreCase", FamilyString, cmpEqualFold, false},
	{"StringNotEqualsIgnoreCase", FamilyString, cmpEqualFold, true},
	{"StringLike", FamilyString, cmpLike, false},
	{"StringNotLike", FamilyString, cmpLike, true},
	{"NumericEquals", FamilyNumeric, cmpEqual, false},
	{"NumericNotEquals", FamilyNumeric, cmpEqual, true},
	{"NumericLessThan", FamilyNumeric, cmpLess, false},
	{"NumericLessThanEquals", FamilyNumeric, cmpLessEqual, false},
	{"NumericGreaterThan", FamilyNumeric, cmpGreater, false},
	{"NumericGreaterThanEquals", FamilyNumeric, cmpGreaterEqual, false},
	{"DateEquals", FamilyDate, cmpEqual, false},
	{"DateNotEquals", FamilyDate, cmpEqual, true},
	{"DateLessThan", FamilyDate, cmpLess, false},
	{"DateLessThanEquals", FamilyDate, cmpLessEqual, false},
	{"DateGreaterThan", FamilyDate, cmpGreater, false},
	{"DateGreaterThanEquals", FamilyDate, cmpGreaterEqual, false},
	{"Bool", FamilyBool, cmpEqual, false},
	{"BinaryEquals", FamilyBinary, cmpEqual, false},
	{"IpAddress", FamilyIPAddress, cmpInRange, false},
	{"NotIpAddress", FamilyIPAddress, cmpInRange, true},
	// ArnEquals and ArnLike behave identically, as do ArnNotEquals and
	// ArnNotLike: each ARN segment is matched with wildcards (IAM-OPERATORS).
	{"ArnEquals", FamilyARN, cmpLike, false},
	{"ArnLike", FamilyARN, cmpLike, false},
	{"ArnNotEquals", FamilyARN, cmpLike, true},
	{"ArnNotLike", FamilyARN, cmpLike, true},
	{"Null", FamilyNull, cmpNull, false},
}

var baseOperatorByName = func() map[string]*BaseOperator {
	m := make(map[string]*BaseOperator, len(baseOperators))
	for i := range baseOperators {
		m[baseOperators[i].name] = &baseOperators[i]
	}
	return m
}()

// qualifier is a condition set operator (IAM-MULTI).
type Qualifier uint8

const (
	NoQualifier Qualifier = iota
	// ForAllValues: every request value must pass the test; true
	// when the key is missing or has no values.
	ForAllValues
	// ForAnyValue: at least one request value must pass the
	// test; false when the key is missing or has no values.
	ForAnyValue
)

const (
	prefixForAllValues = "ForAllValues:"
	prefixForAnyValue  = "ForAnyValue:"
	suffixIfExists     = "IfExists"
)

// operator is a parsed condition operator: qualifier, base operator and
// IfExists suffix.
type Operator struct {
	base      *BaseOperator
	qualifier Qualifier
	ifExists  bool
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
			if b.family == FamilyNull {
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
			if b.family != FamilyNull {
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
