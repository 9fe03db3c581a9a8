package apigw

import (
	"strings"

	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

// Trace is the steps of API Gateway's authorization flow for one call, in
// order, as Answer.Trace lists them. It is plain data: renderers print
// each Step with its String method, or the whole trace with Lines.
type Trace []Step

// Step is one step of the flow, in the spirit of a line of API Gateway's
// execution log. The prefix that says who speaks is not stored: String
// adds it from Origin.
type Step struct {
	// Origin says whether the step reproduces a line API Gateway's
	// execution log is known to write, or is iamgate's own explanation.
	Origin Origin
	// Layer is the part of API Gateway's authorization the step is about.
	// It is LayerNone for the flow as a whole (the authorization type, the
	// outcome table); the last step, API Gateway's answer, has the layer
	// that decided.
	Layer Layer
	// Source is the policy statement the step reports; nil when the step
	// is not about one statement.
	Source *Source
	// Text is the step, without prefix.
	Text string
}

// Origin says who writes a trace step.
type Origin uint8

const (
	// OriginIamgate is iamgate's own explanation of the flow, rendered
	// with the prefix "iamgate: ".
	OriginIamgate Origin = iota
	// OriginExecutionLog is a line API Gateway's execution log is known
	// to write, rendered with the prefix "apigw: ".
	OriginExecutionLog
)

// Prefix returns the prefix a step of this origin is rendered with:
// "apigw: " or "iamgate: ".
func (o Origin) Prefix() string {
	if o == OriginExecutionLog {
		return "apigw: "
	}
	return "iamgate: "
}

// Source locates a statement among the policies the flow read, as a
// Reason does.
type Source struct {
	// Document names the document (its File, or "policy #N" when unnamed);
	// DocumentIndex is its position in its policy set.
	Document      string
	DocumentIndex int
	// Statement is the statement's 0-based index in its document, Sid its
	// Sid ("" when none), Path its JSON Pointer and Pos its position.
	Statement int
	Sid       string
	Path      string
	Pos       policy.Pos
}

// sourceOf returns where r's statement is.
func sourceOf(r *eval.Reason) *Source {
	return &Source{Document: r.Document, DocumentIndex: r.DocumentIndex, Statement: r.Statement, Sid: r.Sid, Path: r.Path, Pos: r.Pos}
}

// String renders the step as iamgate prints it: its origin's prefix, then
// its text.
func (s Step) String() string { return s.Origin.Prefix() + s.Text }

// Lines renders every step with String, in order; nil for a nil trace.
func (t Trace) Lines() []string {
	if t == nil {
		return nil
	}
	out := make([]string, len(t))
	for i, s := range t {
		out[i] = s.String()
	}
	return out
}

// String renders the trace one step per line, without a final newline.
func (t Trace) String() string { return strings.Join(t.Lines(), "\n") }
