package eval

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/internal/wildcard"
)

// describe is one sentence about one request value v: which policy value it
// matches, or that it matches none and why.
func (c *condition) describe(v string, r wildcard.Resolver) string {
	idx, parsed := c.match(v, r)
	subject := c.key + " " + c.formatRequest(v, parsed)
	if !parsed {
		return subject + " is " + c.notOfFamily() + ", so it matches no policy value"
	}
	if idx >= 0 {
		return subject + " " + c.phrase(true) + " " + c.formatPolicy(idx) + c.phraseSuffix()
	}
	s := subject + " " + c.phrase(false) + " " + c.targets("any of ") + c.phraseSuffix()
	if u := c.unresolvedVariables(r); u != "" {
		s += ": " + u + " could not be resolved"
	}
	return s
}

// notOfFamily says what a request value that does not parse is not.
func (c *condition) notOfFamily() string {
	switch c.op.base.family {
	case FamilyNumeric:
		return "not a number"
	case FamilyDate:
		return "not an ISO 8601 date or epoch seconds"
	case FamilyIPAddress:
		return "not an IP address"
	case FamilyBinary:
		return "not base64"
	case FamilyBool:
		return "not true or false"
	}
	return "not valid"
}

// phrase is the verb phrase of the base operator's positive test (positive
// true) or of its negation, such as "is in" or "is not in".
func (c *condition) phrase(positive bool) string {
	base := c.op.base
	var yes, no string
	switch base.family {
	case FamilyString, FamilyBool:
		if base.cmp == cmpLike {
			yes, no = "matches", "does not match"
		} else {
			yes, no = "equals", "does not equal"
		}
	case FamilyARN:
		yes, no = "matches", "does not match"
	case FamilyIPAddress:
		yes, no = "is in", "is not in"
	case FamilyBinary:
		yes, no = "has the same bytes as", "does not have the same bytes as"
	case FamilyNumeric:
		switch base.cmp {
		case cmpEqual:
			yes, no = "equals", "does not equal"
		case cmpLess:
			yes, no = "is less than", "is not less than"
		case cmpLessEqual:
			yes, no = "is less than or equal to", "is not less than or equal to"
		case cmpGreater:
			yes, no = "is greater than", "is not greater than"
		case cmpGreaterEqual:
			yes, no = "is greater than or equal to", "is not greater than or equal to"
		}
	case FamilyDate:
		switch base.cmp {
		case cmpEqual:
			yes, no = "is the same instant as", "is not the same instant as"
		case cmpLess:
			yes, no = "is before", "is not before"
		case cmpLessEqual:
			yes, no = "is at or before", "is not at or before"
		case cmpGreater:
			yes, no = "is after", "is not after"
		case cmpGreaterEqual:
			yes, no = "is at or after", "is not at or after"
		}
	}
	if positive {
		return yes
	}
	return no
}

// phraseSuffix ends a sentence built with phrase.
func (c *condition) phraseSuffix() string {
	if c.op.base.cmp == cmpEqualFold {
		return " (ignoring case)"
	}
	return ""
}

// targets lists the policy values: the value itself when there is one,
// else quantifier followed by the values.
func (c *condition) targets(quantifier string) string {
	if len(c.values) == 1 {
		return c.formatPolicy(0)
	}
	parts := make([]string, len(c.values))
	for i := range c.values {
		parts[i] = c.formatPolicy(i)
	}
	return quantifier + strings.Join(parts, ", ")
}

// quotesValues reports whether the family's values are shown quoted
// (strings) rather than as written (numbers, dates, addresses).
func (c *condition) quotesValues() bool {
	switch c.op.base.family {
	case FamilyNumeric, FamilyDate, FamilyIPAddress:
		return false
	}
	return true
}

func (c *condition) formatPolicy(i int) string {
	if c.quotesValues() {
		return fmt.Sprintf("%q", c.values[i])
	}
	return c.values[i]
}

// formatRequest shows a request value: quoted for strings and for values
// that did not parse, as given for numbers, dates and addresses.
func (c *condition) formatRequest(v string, parsed bool) string {
	if c.quotesValues() || !parsed {
		return fmt.Sprintf("%q", v)
	}
	return v
}

func (c *condition) formatRequestList(vals []string) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = c.formatRequest(v, c.parses(v))
	}
	return strings.Join(parts, ", ")
}

// parses reports whether v is of the syntax of the operator's family.
func (c *condition) parses(v string) bool {
	var ok bool
	switch c.op.base.family {
	case FamilyNumeric:
		_, ok = parseDecimal(v)
	case FamilyDate:
		_, ok = parseDate(v)
	case FamilyIPAddress:
		_, ok = parseRequestAddr(v)
	case FamilyBinary:
		ok = isBase64(v)
	case FamilyBool:
		_, ok = parseBool(v)
	default:
		ok = true
	}
	return ok
}
