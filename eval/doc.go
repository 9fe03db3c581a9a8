// Package eval is the IAM engine: it compiles IAM policy documents and
// evaluates requests against them, the way AWS evaluates the policies API
// Gateway consults. It knows nothing of HTTP statuses, bodies, tokens,
// authorizers or caches: package apigw builds API Gateway's answers on it.
//
// Three stages, three kinds of value:
//
//	doc, err := policy.Parse(data, policy.ParseOptions{...}) // bytes → model with positions
//	set, err := eval.Compile(eval.CompileOptions{...}, doc)  // model → immutable PolicySet
//	decision := set.Decide(&req)                              // no I/O, no error, no allocation
//
// A PolicySet is immutable and safe for concurrent use. Decide returns only
// the Decision and never allocates; Evaluate returns the same Decision with
// one Reason per statement: the document, statement index and Sid, and how
// the principal, action, resource and each condition fared.
//
// A [Request] carries the action, the resource (for API Gateway, the method
// ARN), the [Caller] (anonymous, or an IAM principal made with NewCaller)
// and the condition [Context].
//
// Evaluation follows IAM: a statement applies when its principal, action,
// resource and every condition match; any applicable Deny gives
// ExplicitDeny, otherwise any applicable Allow gives Allow, otherwise the
// result is ImplicitDeny, the zero Decision.
//
// Matching rules (IAM-ACTION, IAM-RESOURCE, IAM-CONDITION; the keys are
// listed with their pages in docs/references.md):
//   - Actions are compared case-insensitively, with * and ? wildcards.
//   - Resources are compared case-sensitively, segment-wise on the first
//     five colons; a * that ends a segment, and any * in the resource part,
//     may span '/' and ':' (D13). ? is exactly one character.
//     Every other character is literal.
//   - Condition key names are case-insensitive; values of one key are
//     OR'ed (AND'ed for negated operators); keys and operators are AND'ed.
//   - Policy variables (${aws:username}, ${*}, defaults) are substituted
//     only in documents whose Version is 2012-10-17; their values are
//     literal text.
//
// # Condition operators
//
// The condition operators are one catalogue, declared once as data and
// read by the evaluator and by package lint: Operators lists every base
// operator (its Family, whether it is Negated, its Opposite),
// LookupOperator parses a spelling with its Qualifier (ForAllValues,
// ForAnyValue) and IfExists suffix. Adding an operator is one row in
// condition_operator.go plus its comparison in its family's file
// (condition_string.go, condition_numeric.go, ...).
//
// # Outcome tables
//
// When the caller's side (its identity policies, or an authorizer) and the
// API's resource policy have both decided, API Gateway combines the two
// decisions with one of its outcome tables: [TableA] (same account: either
// side allowing is enough), [TableB] (across accounts: both must allow)
// and [TableResourceOnly]. The tables are data ([Table.Rows]); [Table.Cell]
// is the combinator (identity side × resource side → decision) and does
// not allocate.
//
// # Where things go
//
// A condition operator: this package (above). A way of calling an API (an
// authorization type, an authorizer kind, an API kind), with its status
// codes and messages: package apigw. A document format: package policy. A
// command: package internal/cli, over these packages.
package eval
