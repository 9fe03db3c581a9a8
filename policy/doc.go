// Package policy reads IAM JSON policy documents, the first of iamgate's
// three stages: bytes → a model with positions. Package eval compiles the
// model and decides requests with it; package lint checks it.
//
//	doc, err := policy.Parse(data, policy.ParseOptions{File: "rp.json", Kind: policy.ResourceBased})
//
// Parse is as tolerant as AWS (a single value or a list where AWS takes
// either) and as strict: an unknown or miscased element, a wrong type, a
// misspelt Effect or a Principal in an identity policy is an error. It reports every problem at once, as an ErrorList
// whose entries carry the file, line, column and JSON Pointer of the
// offending text (ErrorList.Detail shows each with its line and a caret).
//
// A Document keeps what was written: statement order, Sids, the raw text
// of every value and its position, so that explanations quote the user's
// own words. Its Kind says which elements it may have: a resource-based
// policy (Principal required), an identity-based one (no Principal), the
// policy of a Lambda authorizer's output, or Generic when unknown.
// DetectKind guesses the kind of a document's text, as the validate and
// lint commands do when none is given.
//
// # Where things go
//
// A new policy element or a new rule of the grammar: parse.go (the
// elements a statement allows, and their checks) and model.go (the
// field that holds it). A new kind of document: Kind in model.go, and
// DetectKind in detect.go. Condition operators are not here: they are
// eval's catalogue (eval.Operators).
package policy
