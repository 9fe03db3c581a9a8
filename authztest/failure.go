package authztest

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/apigw"
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
	b.WriteString(explanation(a, f.result.Raw()))
	return b.String()
}

// explanation is iamgate's explanation of an answer, as a failure message
// continues: its problems are shown with carets into raw, the
// authorizer's output.
func explanation(a *apigw.Answer, raw string) string {
	return a.Explanation(apigw.RenderOptions{Source: func(string) []byte { return []byte(raw) }})
}

// Describe says what an answer is in a few words, as a failure message's
// first line does: the status, what it means and the layer that decided,
// then the message for a 403, such as
// "403 implicit deny (authorizer): User is not authorized to access this
// resource".
func Describe(a apigw.Answer) string { return a.Summary() }
