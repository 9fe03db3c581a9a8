package authztest

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
)

// Failure is the error Check returns when API Gateway's answer is not the
// one wanted. Its Error is the failure message the TB helpers report: a
// first line with the request, its method ARN, what was wanted and what
// API Gateway answers, then iamgate's explanation, indented: the
// statements behind the answer (document, statement index, Sid), why the
// output is unusable (each problem with its line, column and a caret),
// what to change, and the trace of API Gateway's flow.
type Failure struct {
	// Request is the request line checked, such as "GET /prod/orders/43".
	Request string
	// IssuedFor is, for a check of a cached response (Cached), the
	// request the handler returned the response for; "" otherwise.
	IssuedFor string
	// Want is the answer the check wanted.
	Want Want
	// Answer is API Gateway's answer as iamgate predicts it.
	Answer apigw.Answer

	// result is the authorizer's result the answer was computed with.
	result *apigw.AuthorizerResult
}

// Error returns the failure message.
func (f *Failure) Error() string {
	a := &f.Answer
	var b strings.Builder
	fmt.Fprintf(&b, "authztest: %s (%s)", f.Request, a.MethodARN)
	if f.IssuedFor != "" {
		fmt.Fprintf(&b, " with the response to %s from the authorizer cache", f.IssuedFor)
	}
	fmt.Fprintf(&b, ": want %s, got %s", f.Want, Describe(*a))
	writeExplanation(&b, a, f.result.Raw())
	return b.String()
}

// writeExplanation writes iamgate's explanation of an answer, one section
// after the other, each line indented: the statements behind it, why the
// output (raw) is unusable, what to change, and the trace.
func writeExplanation(b *strings.Builder, a *apigw.Answer, raw string) {
	if len(a.Reasons) > 0 {
		b.WriteString("\n  why:")
		for _, r := range a.Reasons {
			fmt.Fprintf(b, "\n    %s", reasonHeading(r))
			for _, d := range r.Details() {
				fmt.Fprintf(b, "\n      - %s", d)
			}
		}
	}
	if len(a.AuthorizerProblems) > 0 {
		b.WriteString("\n  why API Gateway cannot use the output:\n")
		b.WriteString(indent(problems(a.AuthorizerProblems, []byte(raw)), "    "))
	}
	if len(a.Advice) > 0 {
		b.WriteString("\n  what to change:")
		for _, s := range a.Advice {
			fmt.Fprintf(b, "\n    - %s", s)
		}
	}
	if len(a.Trace) > 0 {
		b.WriteString("\n  trace:")
		for _, s := range a.Trace {
			fmt.Fprintf(b, "\n    %s", s)
		}
	}
}

// Describe says what an answer is in a few words, as a failure message's
// first line does: the status, what it means and the layer that decided,
// then the message for a 403, such as
// "403 implicit deny (authorizer): User is not authorized to access this
// resource".
func Describe(a apigw.Answer) string {
	where := a.DecidedBy.String()
	if a.Phase1 {
		where += ", phase 1: before the authorizer ran"
	}
	if a.FromCache {
		where += ", cached result"
	}
	var s string
	switch {
	case a.Status == 200:
		s = fmt.Sprintf("200 allowed (%s)", where)
	case a.Decided && a.Decision == eval.ExplicitDeny:
		s = fmt.Sprintf("%d explicit deny (%s)", a.Status, where)
	case a.Decided:
		s = fmt.Sprintf("%d implicit deny (%s)", a.Status, where)
	case a.Response == apigw.Unauthorized:
		s = fmt.Sprintf("%d Unauthorized (%s)", a.Status, where)
	case a.Response == apigw.AuthorizerFailure:
		s = fmt.Sprintf("%d %s: the handler failed with an error other than exactly \"Unauthorized\"", a.Status, a.Response)
	case a.Response == apigw.AuthorizerConfigurationError:
		s = fmt.Sprintf("%d %s: API Gateway cannot use the output", a.Status, a.Response)
	default:
		s = fmt.Sprintf("%d %s (%s)", a.Status, a.Response, where)
	}
	if a.Status == 403 && a.HasMessage {
		s += ": " + a.Message
	}
	return s
}

// reasonHeading names a statement and says whether it applied, such as
// `resource policy statement 1 (Sid "DenyOthers", Deny) at 9:5 applies:`.
func reasonHeading(r apigw.LayerReason) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s statement %d (", r.Document, r.Statement)
	if r.Sid != "" {
		fmt.Fprintf(&b, "Sid %q, ", r.Sid)
	}
	b.WriteString(r.Effect.String())
	b.WriteByte(')')
	if r.Pos.IsValid() {
		fmt.Fprintf(&b, " at %d:%d", r.Pos.Line, r.Pos.Column)
	}
	if r.Applies {
		b.WriteString(" applies:")
	} else {
		b.WriteString(" does not apply:")
	}
	return b.String()
}
