package apigw

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/cite"
	"github.com/iamgate/iamgate/internal/safetext"
	"github.com/iamgate/iamgate/policy"
)

// RenderOptions say what the text renderers need beyond the Answer.
type RenderOptions struct {
	// Source returns the text of a file an authorizer problem names
	// (policy.Error.File), so that each problem is shown with a caret
	// under the offending text. Nil, or a nil text, shows the problems
	// without carets.
	Source func(file string) []byte
	// Also are texts printed together with the answer (such as a suite's
	// note on the authorizer cache) whose citation keys the references
	// section lists too.
	Also []string
	// IdentityPolicyHint says how the caller's identity policies are
	// given where the answer is shown, such as "give them with
	// --identity-policy" for the eval command; it follows the note that an
	// IAM caller has none, in parentheses. Empty leaves it out.
	IdentityPolicyHint string
}

// source returns the text the answer's authorizer problems point into.
func (o RenderOptions) source(problems policy.ErrorList) []byte {
	if o.Source == nil || len(problems) == 0 {
		return nil
	}
	return o.Source(problems[0].File)
}

// WriteText writes the answer for people, as "iamgate eval" prints it:
// the status and a headline, what the client gets (body, headers,
// gateway response), the method ARN, the authorization type and the
// outcome table; then the statements behind the answer layer by layer,
// why the authorizer's output is invalid, what to change, the trace, and
// the references: each citation key the advice and trace use (and those of
// o.Also), with the page to open (docs/references.md lists them all).
// It returns the writer's error, or an error for a nil writer.
func (a *Answer) WriteText(w io.Writer, o RenderOptions) error {
	if w == nil {
		return errors.New("apigw: Answer.WriteText: nil writer")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s: %s\n", a.Status, http.StatusText(a.Status), a.headline())
	if a.Body != "" {
		fmt.Fprintf(&b, "  body:             %s\n", a.Body)
	}
	for _, h := range a.Headers {
		fmt.Fprintf(&b, "  header:           %s: %s\n", h.Name, h.Value)
	}
	if r := a.Response.String(); r != "" && a.Custom != nil {
		fmt.Fprintf(&b, "  gateway response: %s, customised by the API's %s\n", r, a.Custom.Type)
	} else if r != "" {
		fmt.Fprintf(&b, "  gateway response: %s\n", r)
	}
	fmt.Fprintf(&b, "  method ARN:       %s\n", a.MethodARN)
	fmt.Fprintf(&b, "  authorization:    %s\n", a.Auth)
	if a.Table != eval.NoTable {
		if a.Table == eval.TableResourceOnly {
			fmt.Fprintf(&b, "  outcome table:    resource policy only: resource policy %s -> %s\n", tableCell(a.Row.Resource, a.Row.ResourceAttached), a.Decision)
		} else {
			fmt.Fprintf(&b, "  outcome table:    %s: identity side %s, resource policy %s -> %s\n", a.Table, tableCell(a.Row.Identity, true), tableCell(a.Row.Resource, a.Row.ResourceAttached), a.Decision)
		}
	}
	if len(a.Reasons) > 0 || a.noIdentityPoliciesDenied() {
		b.WriteString("\nwhy:\n")
		a.writeReasons(&b, o)
	}
	if len(a.AuthorizerProblems) > 0 {
		b.WriteString("\nwhy the authorizer's output is invalid:\n")
		b.WriteString(indentLines(a.AuthorizerProblems.Detail(o.source(a.AuthorizerProblems)), "  "))
	}
	if len(a.Advice) > 0 {
		b.WriteString("\nwhat to change:\n")
		for _, s := range a.Advice {
			fmt.Fprintf(&b, "  - %s\n", s.Text)
		}
	}
	b.WriteString("\ntrace:\n")
	for _, s := range a.Trace {
		fmt.Fprintf(&b, "  %s\n", s)
	}
	if refs := a.references(o.Also...); len(refs) > 0 {
		b.WriteString("\nreferences:\n")
		b.WriteString(cite.Text(refs))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// references are the citation keys the answer's advice and trace use,
// and those of also, each with its page, in the order docs/references.md
// lists them.
func (a *Answer) references(also ...string) []cite.Ref {
	texts := make([]string, 0, len(a.Advice)+len(a.Trace)+len(also))
	for _, s := range a.Advice {
		texts = append(texts, s.Text)
	}
	texts = append(texts, a.Trace.Lines()...)
	return cite.Find(append(texts, also...)...)
}

// noIdentityPoliciesDenied reports whether the caller's identity side
// denied implicitly because the call gave no identity policies.
func (a *Answer) noIdentityPoliciesDenied() bool {
	return a.Decided && a.Decision == eval.ImplicitDeny && a.DecidedBy == LayerIdentityPolicy && a.NoIdentityPolicies
}

// headline says in a few words what happened.
func (a *Answer) headline() string {
	switch {
	case a.Response == NoGatewayResponse:
		return fmt.Sprintf("allowed (%s)", a.decidedByText())
	case a.Response == InvalidAPIKey:
		return "the method requires an API key, and the request has none the stage accepts"
	case a.Decided && a.Decision == eval.ExplicitDeny:
		if a.Phase1 {
			return "explicit deny by the resource policy, before the authorizer ran (phase 1)"
		}
		return "explicit deny by the " + policyNoun(a.DecidedBy)
	case a.Decided:
		return "implicit deny: nothing allows the request (decided by the " + policyNoun(a.DecidedBy) + ")"
	}
	switch a.Response {
	case Unauthorized:
		if a.DecidedBy == LayerAuthorizer {
			return "the authorizer raised \"Unauthorized\""
		}
		return "the identity check failed before any policy was read"
	case MissingAuthenticationToken:
		if a.DecidedBy == LayerRequest {
			return "the API defines no such resource or method"
		}
		return "the request is not signed"
	case AuthorizerFailure:
		return "the authorizer failed"
	case AuthorizerConfigurationError:
		return "the authorizer's output is invalid"
	case RequestURITooLong:
		return "the method ARN is longer than the 1,600 bytes API Gateway passes to an authorizer"
	}
	return a.Response.String()
}

// decidedByText says what let an allowed call through.
func (a *Answer) decidedByText() string {
	switch {
	case a.DecidedBy == LayerNone:
		return "no authorization and no resource policy"
	case a.Table == eval.TableB:
		return "the caller's identity policies and the resource policy both allow: Table B"
	case a.Auth == AuthCognito && a.DecidedBy == LayerAuthorizer:
		return "the Cognito token is accepted and no resource policy is attached"
	case a.DecidedBy == LayerIdentityPolicy && a.NoIdentityPolicies:
		return "the account root's own account allows it"
	}
	return "by the " + policyNoun(a.DecidedBy)
}

// policyNoun names the policy of a layer, as the headline does.
func policyNoun(l Layer) string {
	switch l {
	case LayerNone:
		return "absence of any restriction"
	case LayerAuthorizer:
		return "authorizer's policy"
	case LayerResourcePolicy:
		return "resource policy"
	case LayerIdentityPolicy:
		return "caller's identity policies"
	}
	return ""
}

// writeReasons lists the statements behind the answer, layer by layer.
func (a *Answer) writeReasons(b *strings.Builder, o RenderOptions) {
	if a.Auth == AuthIAM && a.noIdentityPoliciesDenied() {
		b.WriteString("  the caller has no identity policies")
		if o.IdentityPolicyHint != "" {
			b.WriteString(" (" + o.IdentityPolicyHint + ")")
		}
		b.WriteByte('\n')
	}
	for _, layer := range []Layer{LayerAuthorizer, LayerIdentityPolicy, LayerResourcePolicy} {
		var rs []LayerReason
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
			fmt.Fprintf(b, "  no statement of the %s applies:\n", policyNoun(layer))
		}
		for _, r := range rs {
			// One reason fits on the statement's line; several are
			// listed under it, each once.
			details := r.Details()
			if len(details) <= 1 {
				fmt.Fprintf(b, "  %s\n", r.String())
				continue
			}
			fmt.Fprintf(b, "  %s\n", reasonHeading(r, false))
			for _, d := range details {
				fmt.Fprintf(b, "    - %s\n", d)
			}
		}
	}
}

// tableCell names a decision as the outcome tables do, or says that no
// policy is attached.
func tableCell(d eval.Decision, attached bool) string {
	if !attached {
		return "none attached"
	}
	return cell(d)
}

// Summary says what the answer is in a few words, as a test failure
// message's first line does: the status, what it means and the layer that
// decided, then the message of a 403, such as "403 implicit deny
// (authorizer): User is not authorized to access this resource".
func (a *Answer) Summary() string {
	where := a.DecidedBy.String()
	if a.Phase1 {
		where += ", phase 1: before the authorizer ran"
	}
	if a.FromCache {
		where += ", cached result"
	}
	var s string
	switch {
	case a.Response == NoGatewayResponse:
		s = fmt.Sprintf("%d allowed (%s)", a.Status, where)
	case a.Response == InvalidAPIKey:
		s = fmt.Sprintf("%d %s: no API key the stage accepts (%s)", a.Status, a.Response, where)
	case a.Decided && a.Decision == eval.ExplicitDeny:
		s = fmt.Sprintf("%d explicit deny (%s)", a.Status, where)
	case a.Decided:
		s = fmt.Sprintf("%d implicit deny (%s)", a.Status, where)
	case a.Response == Unauthorized:
		s = fmt.Sprintf("%d Unauthorized (%s)", a.Status, where)
	case a.Response == AuthorizerFailure:
		s = fmt.Sprintf("%d %s: the handler failed with an error other than exactly \"Unauthorized\"", a.Status, a.Response)
	case a.Response == AuthorizerConfigurationError:
		s = fmt.Sprintf("%d %s: API Gateway cannot use the output", a.Status, a.Response)
	default:
		s = fmt.Sprintf("%d %s (%s)", a.Status, a.Response, where)
	}
	if (a.Response == AccessDenied || a.Response == MissingAuthenticationToken) && a.HasMessage {
		s += ": " + a.Message
	}
	return s
}

// Explanation is the answer's explanation as a test failure message
// continues after its first line: one section after the other, each
// starting on a new line and indented, with no final newline. The
// sections are the statements behind the answer (document, statement
// index, Sid, position, then why), why API Gateway cannot use the
// authorizer's output (each problem with a caret when o has its source),
// what to change, the trace, and the references (each citation key the
// advice and trace use, with its page). It is "" when there is nothing to
// say.
func (a *Answer) Explanation(o RenderOptions) string {
	var b strings.Builder
	if len(a.Reasons) > 0 {
		b.WriteString("\n  why:")
		for _, r := range a.Reasons {
			fmt.Fprintf(&b, "\n    %s", reasonHeading(r, true))
			for _, d := range r.Details() {
				fmt.Fprintf(&b, "\n      - %s", d)
			}
		}
	}
	if len(a.AuthorizerProblems) > 0 {
		b.WriteString("\n  why API Gateway cannot use the output:\n")
		b.WriteString(safetext.PrefixLines(safetext.SpacedDetail(a.AuthorizerProblems.Detail(o.source(a.AuthorizerProblems))), "    "))
	}
	if len(a.Advice) > 0 {
		b.WriteString("\n  what to change:")
		for _, s := range a.Advice {
			fmt.Fprintf(&b, "\n    - %s", s.Text)
		}
	}
	if len(a.Trace) > 0 {
		b.WriteString("\n  trace:")
		for _, s := range a.Trace {
			fmt.Fprintf(&b, "\n    %s", s)
		}
	}
	if refs := a.references(o.Also...); len(refs) > 0 {
		b.WriteString("\n  references:\n")
		b.WriteString(strings.TrimSuffix(indentLines(cite.Text(refs), "  "), "\n"))
	}
	return b.String()
}

// reasonHeading names a statement and says whether it applied, such as
// `resource policy statement 1 (Sid "DenyOthers", Deny) at 9:5 applies:`;
// the position only when pos is set and the statement has one.
func reasonHeading(r LayerReason, pos bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s statement %d (", r.Document, r.Statement)
	if r.Sid != "" {
		fmt.Fprintf(&b, "Sid %q, ", r.Sid)
	}
	b.WriteString(r.Effect.String())
	b.WriteByte(')')
	if pos && r.Pos.IsValid() {
		fmt.Fprintf(&b, " at %d:%d", r.Pos.Line, r.Pos.Column)
	}
	if r.Applies {
		b.WriteString(" applies:")
	} else {
		b.WriteString(" does not apply:")
	}
	return b.String()
}

// indentLines puts prefix before every non-empty line of s, keeping its
// line ends.
func indentLines(s, prefix string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" {
			b.WriteString(prefix)
			b.WriteString(l)
		}
	}
	return b.String()
}
