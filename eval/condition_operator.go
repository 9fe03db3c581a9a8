package eval

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/internal/typo"
)

// family groups the condition operators that share a value syntax
// (IAM-OPERATORS).
type family uint8

const (
	familyString family = iota + 1
	familyNumeric
	familyDate
	familyBool
	familyBinary
	familyIP
	familyARN
	familyNull
)

// String names the family's operators the way messages use it, as in
// "policy variables are not supported with numeric operators".
func (f family) String() string {
	switch f {
	case familyString:
		return "string operators"
	case familyNumeric:
		return "numeric operators"
	case familyDate:
		return "date operators"
	case familyBool:
		return "Bool"
	case familyBinary:
		return "BinaryEquals"
	case familyIP:
		return "IP address operators"
	case familyARN:
		return "ARN operators"
	case familyNull:
		return "Null"
	}
	return fmt.Sprintf("family(%d)", uint8(f))
}

// allowsVariables reports whether ${...} policy variables are substituted
// in the values of this family's operators (IAM-OPERATORS lists variables
// as supported for the String, Boolean and ARN operators and as not
// supported for Numeric, Date, Binary, IP address and Null).
func (f family) allowsVariables() bool {
	return f == familyString || f == familyARN || f == familyBool
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
type baseOperator struct {
	name   string
	family family
	cmp    comparison
	// negated operators (StringNotEquals, NotIpAddress, ...) are true when
	// the request value matches none of the policy values, and true on a
	// missing key (IAM-OPERATORS, IAM-MULTI).
	negated bool
}

// baseOperators is every base operator of IAM-OPERATORS. The names are
// case-sensitive, as AWS spells them.
var baseOperators = []baseOperator{
	{"StringEquals", familyString, cmpEqual, false},
	{"StringNotEquals", familyString, cmpEqual, true},
	{"StringEqualsIgnoreCase", familyString, cmpEqualFold, false},
	{"StringNotEqualsIgnoreCase", familyString, cmpEqualFold, true},
	{"StringLike", familyString, cmpLike, false},
	{"StringNotLike", familyString, cmpLike, true},
	{"NumericEquals", familyNumeric, cmpEqual, false},
	{"NumericNotEquals", familyNumeric, cmpEqual, true},
	{"NumericLessThan", familyNumeric, cmpLess, false},
	{"NumericLessThanEquals", familyNumeric, cmpLessEqual, false},
	{"NumericGreaterThan", familyNumeric, cmpGreater, false},
	{"NumericGreaterThanEquals", familyNumeric, cmpGreaterEqual, false},
	{"DateEquals", familyDate, cmpEqual, false},
	{"DateNotEquals", familyDate, cmpEqual, true},
	{"DateLessThan", familyDate, cmpLess, false},
	{"DateLessThanEquals", familyDate, cmpLessEqual, false},
	{"DateGreaterThan", familyDate, cmpGreater, false},
	{"DateGreaterThanEquals", familyDate, cmpGreaterEqual, false},
	{"Bool", familyBool, cmpEqual, false},
	{"BinaryEquals", familyBinary, cmpEqual, false},
	{"IpAddress", familyIP, cmpInRange, false},
	{"NotIpAddress", familyIP, cmpInRange, true},
	// ArnEquals and ArnLike behave identically, as do ArnNotEquals and
	// ArnNotLike: each ARN segment is matched with wildcards (IAM-OPERATORS).
	{"ArnEquals", familyARN, cmpLike, false},
	{"ArnLike", familyARN, cmpLike, false},
	{"ArnNotEquals", familyARN, cmpLike, true},
	{"ArnNotLike", familyARN, cmpLike, true},
	{"Null", familyNull, cmpNull, false},
}

var baseOperatorByName = func() map[string]*baseOperator {
	m := make(map[string]*baseOperator, len(baseOperators))
	for i := range baseOperators {
		m[baseOperators[i].name] = &baseOperators[i]
	}
	return m
}()

// qualifier is a condition set operator (IAM-MULTI).
type qualifier uint8

const (
	qualifierNone qualifier = iota
	// qualifierForAllValues: every request value must pass the test; true
	// when the key is missing or has no values.
	qualifierForAllValues
	// qualifierForAnyValue: at least one request value must pass the
	// test; false when the key is missing or has no values.
	qualifierForAnyValue
)

const (
	prefixForAllValues = "ForAllValues:"
	prefixForAnyValue  = "ForAnyValue:"
	suffixIfExists     = "IfExists"
)

// operator is a parsed condition operator: qualifier, base operator and
// IfExists suffix.
type operator struct {
	base      *baseOperator
	qualifier qualifier
	ifExists  bool
}

// parseOperator parses an operator as written in a Condition element. The
// grammar is case-sensitive (IAM-OPERATORS spells every operator in one
// case); a near miss is reported with the closest known spelling.
func parseOperator(s string) (operator, string) {
	var op operator
	rest := s
	switch {
	case strings.HasPrefix(rest, prefixForAllValues):
		op.qualifier, rest = qualifierForAllValues, rest[len(prefixForAllValues):]
	case strings.HasPrefix(rest, prefixForAnyValue):
		op.qualifier, rest = qualifierForAnyValue, rest[len(prefixForAnyValue):]
	}
	if b, ok := baseOperatorByName[rest]; ok {
		op.base = b
		return op, ""
	}
	if name, ok := strings.CutSuffix(rest, suffixIfExists); ok {
		if b, ok := baseOperatorByName[name]; ok {
			if b.family == familyNull {
				// Access Analyzer error "Null with if exists"; IAM-OPERATORS:
				// IfExists may be added to any operator except Null.
				return operator{}, fmt.Sprintf("condition operator %q is not allowed: IfExists cannot be added to Null, which already tests whether the key exists; use %q", s, strings.TrimSuffix(s, suffixIfExists))
			}
			op.base, op.ifExists = b, true
			return op, ""
		}
	}
	msg := fmt.Sprintf("unknown condition operator %q", s)
	if sugg := suggestOperator(s); sugg != "" {
		return operator{}, msg + fmt.Sprintf("; did you mean %q? (operators are case-sensitive)", sugg)
	}
	return operator{}, msg + "; expected an IAM condition operator such as StringEquals, optionally prefixed by ForAllValues: or ForAnyValue: and suffixed by IfExists"
}

// String returns the canonical spelling of op.
func (op operator) String() string {
	if op.base == nil {
		return "<invalid operator>"
	}
	var b strings.Builder
	switch op.qualifier {
	case qualifierForAllValues:
		b.WriteString(prefixForAllValues)
	case qualifierForAnyValue:
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
			if b.family != familyNull {
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
