package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
)

// expectation is --expect and whether the answer met it.
type expectation struct {
	Want string `json:"want"`
	Got  string `json:"got"`
	Met  bool   `json:"met"`
}

// check compares the answer with --expect (a value that
// suite.ParseExpectation accepts): the same rules as a suite's expect.
func check(want string, a apigw.Answer) *expectation {
	e, err := suite.ParseExpectation(want)
	if err != nil {
		return &expectation{Want: want, Got: err.Error()}
	}
	return &expectation{Want: want, Got: e.Describe(a.Outcome, a.Message), Met: e.Met(a.Outcome, a.Message)}
}

// evalJSON is the JSON form of an answer: the stable contract of
// "iamgate eval --format json" (schemaVersion 1). Fields may be added;
// none is removed or changes meaning without a new schemaVersion.
type evalJSON struct {
	SchemaVersion      int                 `json:"schemaVersion"`
	Status             int                 `json:"status"`
	Decision           *string             `json:"decision"`
	Message            *string             `json:"message"`
	Body               string              `json:"body"`
	Headers            map[string]string   `json:"headers"`
	GatewayResponse    *string             `json:"gatewayResponse"`
	DecidedBy          string              `json:"decidedBy"`
	MethodARN          string              `json:"methodArn"`
	Auth               string              `json:"auth"`
	Table              *tableJSON          `json:"table"`
	Phase1             bool                `json:"phase1"`
	AuthorizerReached  bool                `json:"authorizerReached"`
	Reasons            []reasonJSON        `json:"reasons"`
	AuthorizerProblems []validateError     `json:"authorizerProblems"`
	Advice             []string            `json:"advice"`
	Trace              []string            `json:"trace"`
	Context            map[string][]string `json:"context"`
	Expect             *expectation        `json:"expect,omitempty"`
	// Invocation is the run of the authorizer program given after --
	// (null when the request did not reach it); absent without one.
	Invocation json.RawMessage `json:"invocation,omitempty"`
	// AuthorizerProblemsOmitted counts the authorizer's problems past the
	// first 100, which are not listed.
	AuthorizerProblemsOmitted int `json:"authorizerProblemsOmitted,omitempty"`
}

type tableJSON struct {
	Name     string  `json:"name"`
	Identity *string `json:"identity"`
	Resource string  `json:"resource"`
	Result   string  `json:"result"`
}

type reasonJSON struct {
	Layer      string          `json:"layer"`
	Document   string          `json:"document"`
	Statement  int             `json:"statement"`
	Sid        string          `json:"sid"`
	Effect     string          `json:"effect"`
	Applies    bool            `json:"applies"`
	Path       string          `json:"path"`
	Line       int             `json:"line"`
	Column     int             `json:"column"`
	Principal  *matchJSON      `json:"principal,omitempty"`
	Action     matchJSON       `json:"action"`
	Resource   matchJSON       `json:"resource"`
	Conditions []conditionJSON `json:"conditions"`
	Summary    string          `json:"summary"`
}

type matchJSON struct {
	Element string   `json:"element"`
	Matched bool     `json:"matched"`
	Value   string   `json:"value"`
	Values  []string `json:"values,omitempty"`
	Why     string   `json:"why"`
}

type conditionJSON struct {
	Operator  string   `json:"operator"`
	Key       string   `json:"key"`
	Values    []string `json:"values"`
	Request   []string `json:"request"`
	Satisfied bool     `json:"satisfied"`
	Why       string   `json:"why"`
	Path      string   `json:"path"`
}

// writeJSON writes v as indented JSON, with <, > and & as they are (the
// reports quote policies and messages, not HTML).
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// answerJSON is the JSON form of an answer.
func answerJSON(p *prepared, a apigw.Answer, exp *expectation) evalJSON {
	out := evalJSON{
		SchemaVersion: 1, Status: a.Status, Body: a.Body, Headers: map[string]string{},
		DecidedBy: a.DecidedBy.String(), MethodARN: a.MethodARN, Auth: p.auth.String(),
		Phase1: a.Phase1, AuthorizerReached: a.AuthorizerReached,
		Reasons: []reasonJSON{}, AuthorizerProblems: []validateError{}, Advice: a.Advice, Trace: a.Trace.Lines(),
		Context: map[string][]string{}, Expect: exp,
	}
	if out.Advice == nil {
		out.Advice = []string{}
	}
	if a.Decided {
		d := a.Decision.String()
		out.Decision = &d
	}
	if a.HasMessage {
		out.Message = &a.Message
	}
	for _, h := range a.Headers {
		out.Headers[h.Name] = h.Value
	}
	if r := a.Response.String(); r != "" {
		out.GatewayResponse = &r
	}
	if a.Table != eval.NoTable {
		t := &tableJSON{Name: a.Table.String(), Resource: tableCell(a.Row.Resource, a.Row.ResourceAttached), Result: a.Decision.String()}
		if a.Table != eval.TableResourceOnly {
			id := tableCell(a.Row.Identity, true)
			t.Identity = &id
		}
		out.Table = t
	}
	for _, r := range a.Reasons {
		out.Reasons = append(out.Reasons, reasonToJSON(r))
	}
	for _, pe := range a.AuthorizerProblems[:min(len(a.AuthorizerProblems), policy.MaxDetail)] {
		out.AuthorizerProblems = append(out.AuthorizerProblems, validateError{Line: pe.Pos.Line, Column: pe.Pos.Column, Path: pe.Path, Message: pe.Msg})
	}
	out.AuthorizerProblemsOmitted = len(a.AuthorizerProblems) - len(out.AuthorizerProblems)
	if p.call.Context != nil {
		for _, k := range p.call.Context.Keys() {
			out.Context[k], _ = p.call.Context.Get(k)
		}
	}
	return out
}

// tableCell names a decision as the outcome tables do.
func tableCell(d eval.Decision, attached bool) string {
	switch {
	case !attached:
		return "none attached"
	case d == eval.Allow:
		return "Allow"
	case d == eval.ExplicitDeny:
		return "Deny"
	}
	return "Neither"
}

func reasonToJSON(r apigw.LayerReason) reasonJSON {
	match := func(m eval.MatchResult) matchJSON {
		return matchJSON{Element: m.Element, Matched: m.Matched, Value: m.Value, Values: m.Values, Why: m.Why}
	}
	out := reasonJSON{
		Layer: r.Layer.String(), Document: r.Document, Statement: r.Statement, Sid: r.Sid,
		Effect: r.Effect.String(), Applies: r.Applies, Path: r.Path, Line: r.Pos.Line, Column: r.Pos.Column,
		Action: match(r.Action), Resource: match(r.Resource), Conditions: []conditionJSON{}, Summary: r.String(),
	}
	if r.Layer == apigw.LayerResourcePolicy {
		p := match(r.Principal)
		out.Principal = &p
	}
	for _, c := range r.Conditions {
		out.Conditions = append(out.Conditions, conditionJSON{Operator: c.Operator, Key: c.Key, Values: c.Values, Request: c.Request, Satisfied: c.Satisfied, Why: c.Why, Path: c.Path})
	}
	return out
}

// writeEvalText writes the answer for people: what the client gets, what
// decided, the statements behind it, what to change, and the trace.
func writeEvalText(w io.Writer, p *prepared, a apigw.Answer) {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s: %s\n", a.Status, http.StatusText(a.Status), headline(p, a))
	if a.Body != "" {
		fmt.Fprintf(&b, "  body:             %s\n", a.Body)
	}
	for _, h := range a.Headers {
		fmt.Fprintf(&b, "  header:           %s: %s\n", h.Name, h.Value)
	}
	if r := a.Response.String(); r != "" {
		fmt.Fprintf(&b, "  gateway response: %s\n", r)
	}
	fmt.Fprintf(&b, "  method ARN:       %s\n", a.MethodARN)
	fmt.Fprintf(&b, "  authorization:    %s\n", p.auth)
	if a.Table != eval.NoTable {
		if a.Table == eval.TableResourceOnly {
			fmt.Fprintf(&b, "  outcome table:    resource policy only: resource policy %s -> %s\n", tableCell(a.Row.Resource, a.Row.ResourceAttached), a.Decision)
		} else {
			fmt.Fprintf(&b, "  outcome table:    %s: identity side %s, resource policy %s -> %s\n", a.Table, tableCell(a.Row.Identity, true), tableCell(a.Row.Resource, a.Row.ResourceAttached), a.Decision)
		}
	}
	if len(a.Reasons) > 0 || a.Decided && a.Decision == eval.ImplicitDeny && a.DecidedBy == apigw.LayerIdentityPolicy && p.call.IdentityPolicies == nil {
		b.WriteString("\nwhy:\n")
		writeReasons(&b, p, a)
	}
	if len(a.AuthorizerProblems) > 0 {
		b.WriteString("\nwhy the authorizer's output is invalid:\n")
		b.WriteString(indent(a.AuthorizerProblems.Detail(p.sources[a.AuthorizerProblems[0].File])))
	}
	if len(a.Advice) > 0 {
		b.WriteString("\nwhat to change:\n")
		for _, s := range a.Advice {
			fmt.Fprintf(&b, "  - %s\n", s)
		}
	}
	b.WriteString("\ntrace:\n")
	for _, s := range a.Trace {
		fmt.Fprintf(&b, "  %s\n", s)
	}
	io.WriteString(w, b.String())
}

// headline says in a few words what happened.
func headline(p *prepared, a apigw.Answer) string {
	switch {
	case a.Status == 200:
		return fmt.Sprintf("allowed (%s)", decidedByText(p, a))
	case a.Decided && a.Decision == eval.ExplicitDeny:
		if a.Phase1 {
			return "explicit deny by the resource policy, before the authorizer ran (phase 1)"
		}
		return "explicit deny by the " + policyNoun[a.DecidedBy]
	case a.Decided:
		return "implicit deny: nothing allows the request (decided by the " + policyNoun[a.DecidedBy] + ")"
	}
	switch a.Response {
	case apigw.Unauthorized:
		if a.DecidedBy == apigw.LayerAuthorizer {
			return "the authorizer raised \"Unauthorized\""
		}
		return "the identity check failed before any policy was read"
	case apigw.MissingAuthenticationToken:
		if a.DecidedBy == apigw.LayerRequest {
			return "the API defines no such resource or method"
		}
		return "the request is not signed"
	case apigw.AuthorizerFailure:
		return "the authorizer failed"
	case apigw.AuthorizerConfigurationError:
		return "the authorizer's output is invalid"
	case apigw.RequestURITooLong:
		return "the method ARN is longer than the 1,600 bytes API Gateway passes to an authorizer"
	}
	return a.Response.String()
}

func decidedByText(p *prepared, a apigw.Answer) string {
	switch {
	case a.DecidedBy == apigw.LayerNone:
		return "no authorization and no resource policy"
	case a.Table == eval.TableB:
		return "the caller's identity policies and the resource policy both allow: Table B"
	case p.auth == apigw.AuthCognito && a.DecidedBy == apigw.LayerAuthorizer:
		return "the Cognito token is accepted and no resource policy is attached"
	case a.DecidedBy == apigw.LayerIdentityPolicy && p.call.IdentityPolicies == nil:
		return "the account root's own account allows it"
	}
	return "by the " + policyNoun[a.DecidedBy]
}

// policyNoun names the policy of a layer.
var policyNoun = map[apigw.Layer]string{
	apigw.LayerNone:           "absence of any restriction",
	apigw.LayerAuthorizer:     "authorizer's policy",
	apigw.LayerResourcePolicy: "resource policy",
	apigw.LayerIdentityPolicy: "caller's identity policies",
}

// writeReasons lists the statements behind the answer, layer by layer.
func writeReasons(b *strings.Builder, p *prepared, a apigw.Answer) {
	if p.auth == apigw.AuthIAM && p.call.IdentityPolicies == nil && a.Decided && a.Decision == eval.ImplicitDeny && a.DecidedBy == apigw.LayerIdentityPolicy {
		b.WriteString("  the caller has no identity policies (give them with --identity-policy)\n")
	}
	for _, layer := range []apigw.Layer{apigw.LayerAuthorizer, apigw.LayerIdentityPolicy, apigw.LayerResourcePolicy} {
		var rs []apigw.LayerReason
		applies := false
		for _, r := range a.Reasons {
			if r.Layer == layer {
				rs = append(rs, r)
				applies = applies || r.Applies
			}
		}
		if len(rs) == 0 {
			continue
		}
		if !applies {
			fmt.Fprintf(b, "  no statement of the %s applies:\n", policyNoun[layer])
		}
		for _, r := range rs {
			summary := r.String()
			fmt.Fprintf(b, "  %s\n", summary)
			for _, d := range r.Details() {
				if !strings.HasSuffix(summary, ": "+d) {
					fmt.Fprintf(b, "    - %s\n", d)
				}
			}
		}
	}
}

// writeErrorJSON is the JSON form of a usage or input error (exit 2), so
// that a script reading --format json output always gets an object.
func writeErrorJSON(w io.Writer, err error) {
	out := struct {
		SchemaVersion int `json:"schemaVersion"`
		Error         struct {
			Message  string        `json:"message"`
			Problems []problemJSON `json:"problems"`
			// ProblemsOmitted counts the problems past the first
			// 100, which are not listed.
			ProblemsOmitted int `json:"problemsOmitted,omitempty"`
		} `json:"error"`
	}{SchemaVersion: 1}
	out.Error.Message = err.Error()
	out.Error.Problems = []problemJSON{}
	var ie *inputError
	if errors.As(err, &ie) {
		out.Error.Message = strings.Join(append([]string{"invalid input"}, ie.other...), "; ")
		for _, pe := range ie.problems[:min(len(ie.problems), policy.MaxDetail)] {
			out.Error.Problems = append(out.Error.Problems, problemJSON{pe.File, pe.Pos.Line, pe.Pos.Column, pe.Path, pe.Msg})
		}
		out.Error.ProblemsOmitted = len(ie.problems) - len(out.Error.Problems)
	}
	writeJSON(w, out)
}
