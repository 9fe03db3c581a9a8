package policy

import "fmt"

// Pos is a position in a source document. Line and Column are 1-based;
// Column counts bytes, as go/scanner does. Offset is the 0-based byte offset.
// The zero Pos is "no position".
type Pos struct {
	Offset int
	Line   int
	Column int
}

// IsValid reports whether p refers to a place in a document.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String returns "line:column", or "-" for the zero Pos.
func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Column)
}

// Text is a string taken from a document together with where it stood:
// its position and its JSON Pointer path (RFC 6901), such as
// "/Statement/2/Resource/0".
type Text struct {
	Value string
	Pos   Pos
	Path  string
}

// Version is the policy language version of a document.
type Version uint8

const (
	// VersionNone means the document has no Version element. Policy
	// variables are then literal text (D18).
	VersionNone Version = iota
	// Version2008 is "2008-10-17": policy variables are literal text.
	Version2008
	// Version2012 is "2012-10-17": policy variables are substituted.
	Version2012
)

// String returns the Version element's text, or "" for VersionNone.
func (v Version) String() string {
	switch v {
	case Version2008:
		return "2008-10-17"
	case Version2012:
		return "2012-10-17"
	}
	return ""
}

// SupportsVariables reports whether ${...} policy variables are substituted
// in documents of this version (only 2012-10-17, IAM-VERSION).
func (v Version) SupportsVariables() bool { return v == Version2012 }

// Effect is a statement's Effect element. The zero value is invalid: the
// parser only produces Allow or Deny.
type Effect uint8

const (
	// Allow is "Effect": "Allow".
	Allow Effect = iota + 1
	// Deny is "Effect": "Deny".
	Deny
)

// String returns "Allow", "Deny", or "Effect(n)" for an invalid value.
func (e Effect) String() string {
	switch e {
	case Allow:
		return "Allow"
	case Deny:
		return "Deny"
	}
	return fmt.Sprintf("Effect(%d)", uint8(e))
}

// MarshalText returns "Allow" or "Deny"; it fails for an invalid Effect.
func (e Effect) MarshalText() ([]byte, error) {
	if e != Allow && e != Deny {
		return nil, fmt.Errorf("policy: invalid effect %d", uint8(e))
	}
	return []byte(e.String()), nil
}

// UnmarshalText accepts exactly "Allow" or "Deny", as IAM does.
func (e *Effect) UnmarshalText(b []byte) error {
	switch string(b) {
	case "Allow":
		*e = Allow
	case "Deny":
		*e = Deny
	default:
		return fmt.Errorf("policy: invalid effect %q: expected \"Allow\" or \"Deny\"", b)
	}
	return nil
}

// Kind says which kind of policy a document is; it decides whether a
// Principal element is required, allowed or forbidden.
type Kind uint8

const (
	// Generic accepts Principal and NotPrincipal but does not require them.
	Generic Kind = iota
	// ResourceBased is an API Gateway resource policy: every statement
	// must have Principal or NotPrincipal.
	ResourceBased
	// IdentityBased is an IAM identity-based policy: Principal and
	// NotPrincipal are errors.
	IdentityBased
	// Authorizer is the policyDocument a Lambda authorizer returns.
	// It is an identity-style policy: Principal and NotPrincipal are errors.
	Authorizer
)

// String returns a human-readable name of the kind.
func (k Kind) String() string {
	switch k {
	case Generic:
		return "policy"
	case ResourceBased:
		return "resource policy"
	case IdentityBased:
		return "identity policy"
	case Authorizer:
		return "authorizer policy"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Document is a parsed IAM JSON policy document. It keeps statement order,
// every Sid and every raw string with its position, so that explanations and
// the linter can point at the source. A Document is a plain value: it is not
// validated again by the evaluator, so build it with Parse.
type Document struct {
	// File names the source in messages; it may be empty.
	File string
	// Kind is the kind the document was parsed as.
	Kind Kind
	// Version is the Version element; VersionText keeps its position.
	Version     Version
	VersionText *Text
	// ID is the Id element, if any.
	ID *Text
	// Statements in document order. SingleStatement reports that the
	// Statement element was one object rather than an array.
	Statements      []Statement
	SingleStatement bool
	// Pos is where the document's top-level object starts.
	Pos Pos
}

// Statement is one element of a document's Statement.
type Statement struct {
	// Index is the statement's 0-based position in the document.
	Index int
	// Path is the statement's JSON Pointer, "/Statement/2" (or "/Statement"
	// for a single-object Statement).
	Path string
	// Pos is where the statement's object starts.
	Pos Pos
	// Sid is the statement's Sid element, or nil.
	Sid *Text
	// Effect is Allow or Deny; EffectText keeps the source.
	Effect     Effect
	EffectText Text
	// Principal is the Principal or NotPrincipal element, or nil.
	Principal *Principal
	// Action is the Action or NotAction element (NotAction when
	// Action.Not is true). Its values are never empty.
	Action List
	// Resource is the Resource or NotResource element.
	Resource List
	// Conditions are the Condition element's entries, one per
	// operator and key pair, in document order.
	Conditions []Condition
	// ConditionPos is where the Condition element's object starts, if any.
	ConditionPos Pos
}

// SidOrEmpty returns the Sid's text, or "" when the statement has no Sid.
func (s *Statement) SidOrEmpty() string {
	if s.Sid == nil {
		return ""
	}
	return s.Sid.Value
}

// List is an Action/NotAction or Resource/NotResource element: a string or
// an array of strings.
type List struct {
	// Not is true for NotAction or NotResource.
	Not bool
	// Name is the element name as written: "Action", "NotResource", ...
	Name string
	// Pos is where the element's value starts.
	Pos Pos
	// Path is the element's JSON Pointer, "/Statement/0/Action".
	Path string
	// Values in document order. A string-valued element has one value
	// whose Path equals the element's Path.
	Values []Text
	// Single reports that the element was a string rather than an array.
	Single bool
}

// Principal is a Principal or NotPrincipal element.
type Principal struct {
	// Not is true for NotPrincipal.
	Not bool
	// Pos and Path locate the element's value.
	Pos  Pos
	Path string
	// Wildcard is true for the string form "Principal": "*".
	Wildcard bool
	// Entries are the map form's members in document order, such as
	// {"AWS": [...]}. Empty when Wildcard is true.
	Entries []PrincipalEntry
}

// PrincipalEntry is one member of a principal map: a principal type and its
// values.
type PrincipalEntry struct {
	// Type is "AWS", "Service", "Federated" or "CanonicalUser".
	Type    string
	TypePos Pos
	Values  []Text
	// Single reports that the value was a string rather than an array.
	Single bool
}

// ValueKind is the JSON type a condition value was written as.
type ValueKind uint8

const (
	// StringValue is a JSON string.
	StringValue ValueKind = iota
	// NumberValue is a JSON number; Text keeps its literal spelling.
	NumberValue
	// BoolValue is a JSON true or false; Text is "true" or "false".
	BoolValue
)

// Condition is one operator and key pair of a Condition element, such as
// "StringEquals": {"aws:SourceVpce": ["vpce-1", "vpce-2"]}.
type Condition struct {
	// Operator is the operator as written, with any ForAllValues: or
	// ForAnyValue: qualifier and IfExists suffix.
	Operator Text
	// Key is the condition key as written. Key names are matched
	// case-insensitively.
	Key Text
	// Values are the key's values in document order (OR'ed, except for
	// negated operators).
	Values []ConditionValue
	// Single reports that the value was a scalar rather than an array.
	Single bool
}

// ConditionValue is one value of a condition key.
type ConditionValue struct {
	Text
	Kind ValueKind
}
