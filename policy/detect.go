package policy

import (
	"strings"

	"github.com/iamgate/iamgate/internal/jsontree"
)

// DetectKind guesses a document's kind from its text, for a document
// given without one, and returns where the policy is in it (root, the JSON
// Pointer to give [ParseOptions].Root):
//
//   - a Lambda authorizer's response (a "policyDocument" or "principalId"
//     member): Authorizer, root "/policyDocument";
//   - a resource policy (a statement with Principal or NotPrincipal, or a
//     resource in the execute-api:/ shorthand, which only resource policies
//     use): ResourceBased, root "";
//   - an HTTP API authorizer's simple response (an "isAuthorized" member,
//     and none of the above): Authorizer, root "". It is an authorizer's
//     output that holds no policy: checked as an authorizer's output, it
//     says what a REST API needs instead; read as a policy, it is a bare
//     document with no policy at its root;
//   - any other JSON object: IdentityBased, root "";
//   - text that is not a JSON object: Generic, root "".
//
// DetectKind does not check the document: [Parse] does.
func DetectKind(src []byte) (kind Kind, root string) {
	doc, err := jsontree.Parse(src)
	if err != nil || doc.Kind != jsontree.Object {
		return Generic, ""
	}
	for _, m := range doc.Members {
		if m.Key == "policyDocument" || m.Key == "principalId" {
			return Authorizer, "/policyDocument"
		}
	}
	for _, m := range doc.Members {
		if m.Key == "Statement" && namesResource(m.Value) {
			return ResourceBased, ""
		}
	}
	for _, m := range doc.Members {
		if m.Key == "isAuthorized" {
			return Authorizer, ""
		}
	}
	return IdentityBased, ""
}

// namesResource reports whether a Statement value has a statement with
// Principal or NotPrincipal, or a resource in the execute-api:/ shorthand.
func namesResource(statement *jsontree.Node) bool {
	stmts := []*jsontree.Node{statement}
	if statement.Kind == jsontree.Array {
		stmts = statement.Items
	}
	for _, s := range stmts {
		for _, sm := range s.Members {
			if sm.Key == "Principal" || sm.Key == "NotPrincipal" || usesShorthand(sm) {
				return true
			}
		}
	}
	return false
}

// usesShorthand reports whether a Resource or NotResource member uses the
// execute-api:/ shorthand.
func usesShorthand(m jsontree.Member) bool {
	if m.Key != "Resource" && m.Key != "NotResource" {
		return false
	}
	values := []*jsontree.Node{m.Value}
	if m.Value.Kind == jsontree.Array {
		values = m.Value.Items
	}
	for _, v := range values {
		if v.Kind == jsontree.String && strings.HasPrefix(v.Str, "execute-api:/") {
			return true
		}
	}
	return false
}
