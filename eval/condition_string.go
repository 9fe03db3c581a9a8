package eval

import (
	"slices"
	"strings"

	"github.com/iamgate/iamgate/internal/wildcard"
)

// String and ARN condition operators, and Bool values with policy
// variables, are matched by internal/wildcard (IAM-OPERATORS):
//
//	StringEquals, StringNotEquals                      wildcard.Exact
//	StringEqualsIgnoreCase, StringNotEqualsIgnoreCase  wildcard.ExactFold
//	StringLike, StringNotLike                          wildcard.Like
//	ArnEquals, ArnLike, ArnNotEquals, ArnNotLike       wildcard.ArnLike
//	Bool with a policy variable                        wildcard.ExactFold
//
// `*` and `?` are wildcards only for the Like and ARN operators; in
// StringEquals and the other exact operators they are literal characters
// (Access Analyzer flags them there as "Wildcard without like operator"). ArnEquals matches exactly as ArnLike does: IAM-OPERATORS says the
// two behave identically, each colon-delimited segment matched with
// wildcards.
//
// Policy variables (${aws:username}, ${aws:PrincipalTag/team, 'none'}) are
// substituted only in documents with Version 2012-10-17 (IAM-VARIABLES);
// otherwise `${...}` is literal text. A variable that cannot be resolved
// (its key is missing or has several values) and has no default makes the
// value match nothing, so positive operators are false and negated ones
// true (IAM-VARIABLES, "Policy variables with no value": StringNotEquals
// matches the "effectively null" value).

// compilePattern compiles a value of a String or ARN operator.
func compilePattern(text string, base *BaseOperator, variables bool) (*wildcard.Pattern, error) {
	// The Arn* operators compare segment by segment, with no crossing of
	// ':' before the resource part (IAM-OPERATORS's ArnLike example); the
	// Resource element's D13 exception does not apply to them.
	mode := wildcard.ArnLike
	if base.family == FamilyString {
		switch base.cmp {
		case cmpEqual:
			mode = wildcard.Exact
		case cmpEqualFold:
			mode = wildcard.ExactFold
		default:
			mode = wildcard.Like
		}
	}
	return wildcard.Compile(text, mode, variables)
}

// compileBoolPattern compiles a Bool value with policy variables, matched
// ignoring case once substituted. It returns nil when text has no variable
// after all (so it must be a literal boolean).
func compileBoolPattern(text string) (*wildcard.Pattern, error) {
	p, err := wildcard.Compile(text, wildcard.ExactFold, true)
	if err != nil || p.IsLiteral() {
		return nil, err
	}
	return p, nil
}

// unresolvedVariables lists, as "${name}, ${name}", the policy variables
// of the condition's values that have no default and that r cannot
// resolve; "" when there are none.
func (c *condition) unresolvedVariables(r wildcard.Resolver) string {
	var patterns []*wildcard.Pattern
	patterns = append(patterns, c.patterns...)
	for _, b := range c.bools {
		if b.pattern != nil {
			patterns = append(patterns, b.pattern)
		}
	}
	var out []string
	for _, p := range patterns {
		if len(p.Variables()) == 0 {
			continue
		}
		for _, name := range variablesWithoutDefault(p.String()) {
			if _, ok := r.LookupVariable(strings.ToLower(name)); ok {
				continue
			}
			if v := "${" + name + "}"; !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return strings.Join(out, ", ")
}

// variablesWithoutDefault returns the names, as written, of the ${name}
// variables of a pattern that compiled, skipping ${name, 'default'} and
// the special ${*}, ${?} and ${$}. It is for explanations only.
func variablesWithoutDefault(src string) []string { return variableNames(src, false) }

// variableNames returns the names, as written, of the ${name} variables of
// src, and of the ${name, 'default'} ones when withDefault is set, skipping
// the special ${*}, ${?} and ${$}.
func variableNames(src string, withDefault bool) []string {
	var names []string
	for {
		i := strings.Index(src, "${")
		if i < 0 {
			return names
		}
		src = src[i+2:]
		end := strings.IndexAny(src, ",}")
		if end < 0 {
			return names
		}
		name := strings.TrimSpace(src[:end])
		special := name == "*" || name == "?" || name == "$"
		if src[end] == ',' {
			src = skipQuoted(src[end+1:])
			if withDefault && !special {
				names = append(names, name)
			}
			continue
		}
		src = src[end+1:]
		if !special {
			names = append(names, name)
		}
	}
}

// skipQuoted returns s after its first single-quoted string, in which two
// quotes in a row stand for one quote (IAM-VARIABLES, "Specifying default values").
func skipQuoted(s string) string {
	q := strings.IndexByte(s, '\'')
	if q < 0 {
		return s
	}
	for i := q + 1; i < len(s); i++ {
		if s[i] != '\'' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '\'' {
			i++
			continue
		}
		return s[i+1:]
	}
	return ""
}
