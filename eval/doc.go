// Package eval compiles IAM policy documents and evaluates requests
// against them, the way AWS evaluates the policies API Gateway consults.
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
// Evaluation follows IAM: a statement applies when its principal, action,
// resource and every condition match; any applicable Deny gives
// ExplicitDeny, otherwise any applicable Allow gives Allow, otherwise the
// result is ImplicitDeny, the zero Decision.
//
// Matching rules (see the project's reference, apigateway-authz.md):
//   - Actions are compared case-insensitively, with * and ? wildcards.
//   - Resources are compared case-sensitively, segment-wise on the first
//     five colons; a * that ends a segment, and any * in the resource part,
//     may span '/' and ':' (decision D13). ? is exactly one character.
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
// # API Gateway flows
//
// Gateway puts the policies together the way API Gateway does for a REST
// API method (reference sections 1 to 3): compile a Config (the API, its
// resource policy, the method's AuthType and AuthorizerConfig) once with
// NewGateway, then for each request build a Call (the method ARN, headers
// and other identity sources, the IAM caller and identity policies, the
// condition Context from ContextFor, and the AuthorizerResult the Lambda
// authorizer gave) and ask:
//
//	outcome := gw.Decide(call)                 // status, decision, layer, table cell; no allocation
//	answer := gw.Explain(call, ExplainOptions{}) // plus message, body, headers, reasons, trace, advice
//
// The flows: NONE (the resource policy alone); CUSTOM (identity check, the
// resource policy's explicit deny before the authorizer, the authorizer's
// error or output, then Table A); AWS_IAM (a signature, then Table A in the
// API's account and Table B across accounts); COGNITO_USER_POOLS (a token,
// then the resource policy alone). The outcome tables are data
// (Table.Rows). Where AWS is silent the package follows the reference's
// decisions D1 to D18; the README's fidelity notes list them.
package eval
