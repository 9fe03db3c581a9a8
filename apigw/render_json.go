package apigw

import (
	"encoding/json"

	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

// AnswerJSON is the JSON form of an Answer: the stable contract of
// "iamgate eval --format json" (schemaVersion 1), field for field and in
// the same order. Fields may be added; none is removed or changes meaning
// without a new schemaVersion. Answer.JSON fills every field but Expect
// and Invocation, which belong to the caller.
type AnswerJSON struct {
	SchemaVersion int `json:"schemaVersion"`
	Status        int `json:"status"`
	// Decision is the IAM decision ("Allow", "ExplicitDeny",
	// "ImplicitDeny"); null when no policy decided.
	Decision *string `json:"decision"`
	// Message is the error message; null when the body carries null or
	// the call was let through.
	Message *string           `json:"message"`
	Body    string            `json:"body"`
	Headers map[string]string `json:"headers"`
	// GatewayResponse is the gateway response type; null when none.
	GatewayResponse *string `json:"gatewayResponse"`
	// DecidedBy is the layer that decided, as Layer.String names it.
	DecidedBy string `json:"decidedBy"`
	MethodARN string `json:"methodArn"`
	// Auth is the method's authorization type, as AuthType.String
	// names it.
	Auth string `json:"auth"`
	// Table is the outcome table applied; null when none was.
	Table             *TableJSON   `json:"table"`
	Phase1            bool         `json:"phase1"`
	AuthorizerReached bool         `json:"authorizerReached"`
	Reasons           []ReasonJSON `json:"reasons"`
	// AuthorizerProblems lists the first 100 reasons the authorizer's
	// output is unusable.
	AuthorizerProblems []ProblemJSON `json:"authorizerProblems"`
	// Advice and Trace are rendered as the text output prints them: the
	// advice without list marker, each step with its prefix.
	Advice []string `json:"advice"`
	Trace  []string `json:"trace"`
	// References are the citation keys Advice and Trace use, each with
	// the page to open, in the order docs/references.md lists them.
	References []ReferenceJSON `json:"references"`
	// Context is the request's condition context, key by key.
	Context map[string][]string `json:"context"`
	// Expect is the check of the answer against what the caller wanted;
	// absent when there is none.
	Expect *ExpectJSON `json:"expect,omitempty"`
	// Invocation is the run of the authorizer program given after --
	// (null when the request did not reach it); absent without one.
	Invocation json.RawMessage `json:"invocation,omitempty"`
	// AuthorizerProblemsOmitted counts the authorizer's problems past the
	// first 100, which are not listed.
	AuthorizerProblemsOmitted int `json:"authorizerProblemsOmitted,omitempty"`
	// CustomResponse says how the API's gateway-response override shaped
	// the status, headers and body; absent when they are API Gateway's
	// defaults.
	CustomResponse *CustomResponseJSON `json:"customResponse,omitempty"`
}

// CustomResponseJSON is the JSON form of a CustomResponse.
type CustomResponseJSON struct {
	// Type is the response type the override is defined for: the
	// answer's gatewayResponse, or DEFAULT_4XX / DEFAULT_5XX.
	Type string `json:"type"`
	// DefaultStatus is the status without the override.
	DefaultStatus int `json:"defaultStatus"`
	// Headers are the names of the headers the override set.
	Headers []string `json:"headers"`
	// ContentType is the content type of the template the body was
	// rendered from; null when the body is API Gateway's default.
	ContentType *string `json:"contentType"`
	// Unresolved are the variables and header expressions iamgate has no
	// value for (a variable renders empty, a header is left out).
	Unresolved []string `json:"unresolved"`
	// File, Line, Column and Path locate the override's definition; File
	// is "" for one built in Go.
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Path   string `json:"path"`
}

// ReferenceJSON is a citation key an answer uses (such as "KC-CACHE" or
// "D16") and the public page it stands for.
type ReferenceJSON struct {
	Key string `json:"key"`
	URL string `json:"url"`
}

// TableJSON is the outcome table that decided: its name, each side's
// cell and the result. Identity is null for the resource-policy-only
// table; Resource is "none attached" when there is no resource policy.
type TableJSON struct {
	Name     string  `json:"name"`
	Identity *string `json:"identity"`
	Resource string  `json:"resource"`
	Result   string  `json:"result"`
}

// ReasonJSON is a statement's part in the decision (a LayerReason).
type ReasonJSON struct {
	Layer     string `json:"layer"`
	Document  string `json:"document"`
	Statement int    `json:"statement"`
	Sid       string `json:"sid"`
	Effect    string `json:"effect"`
	Applies   bool   `json:"applies"`
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	// Principal is present for a resource policy's statements only.
	Principal  *MatchJSON      `json:"principal,omitempty"`
	Action     MatchJSON       `json:"action"`
	Resource   MatchJSON       `json:"resource"`
	Conditions []ConditionJSON `json:"conditions"`
	// Summary is the reason in one line, as LayerReason.String says it.
	Summary string `json:"summary"`
}

// MatchJSON is how one element of a statement (Principal, Action,
// Resource or their Not forms) compared with the request.
type MatchJSON struct {
	Element string   `json:"element"`
	Matched bool     `json:"matched"`
	Value   string   `json:"value"`
	Values  []string `json:"values,omitempty"`
	Why     string   `json:"why"`
}

// ConditionJSON is how one condition of a statement compared with the
// request's context.
type ConditionJSON struct {
	Operator  string   `json:"operator"`
	Key       string   `json:"key"`
	Values    []string `json:"values"`
	Request   []string `json:"request"`
	Satisfied bool     `json:"satisfied"`
	Why       string   `json:"why"`
	Path      string   `json:"path"`
}

// ProblemJSON is one reason the authorizer's output is unusable, with its
// position in the output and its JSON Pointer.
type ProblemJSON struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Path    string `json:"path"`
	Message string `json:"message"`
}

// ExpectJSON is a check of the answer against what the caller wanted:
// the wanted outcome as given, the answer as the check describes it, and
// whether it was met.
type ExpectJSON struct {
	Want string `json:"want"`
	Got  string `json:"got"`
	Met  bool   `json:"met"`
}

// JSON returns the answer's JSON form. Lists and maps are empty rather
// than null; Expect and Invocation are left for the caller to fill.
func (a *Answer) JSON() AnswerJSON {
	out := AnswerJSON{
		SchemaVersion: 1, Status: a.Status, Body: a.Body, Headers: map[string]string{},
		DecidedBy: a.DecidedBy.String(), MethodARN: a.MethodARN, Auth: a.Auth.String(),
		Phase1: a.Phase1, AuthorizerReached: a.AuthorizerReached,
		Reasons: []ReasonJSON{}, AuthorizerProblems: []ProblemJSON{}, Advice: make([]string, 0, len(a.Advice)), Trace: a.Trace.Lines(),
		Context: map[string][]string{},
	}
	for _, s := range a.Advice {
		out.Advice = append(out.Advice, s.Text)
	}
	out.References = []ReferenceJSON{}
	for _, r := range a.references() {
		out.References = append(out.References, ReferenceJSON{Key: r.Key, URL: r.URL})
	}
	if a.Decided {
		d := a.Decision.String()
		out.Decision = &d
	}
	if a.HasMessage {
		m := a.Message
		out.Message = &m
	}
	for _, h := range a.Headers {
		out.Headers[h.Name] = h.Value
	}
	if r := a.Response.String(); r != "" {
		out.GatewayResponse = &r
	}
	if cu := a.Custom; cu != nil {
		j := &CustomResponseJSON{Type: cu.Type, DefaultStatus: cu.DefaultStatus, Headers: append([]string{}, cu.Headers...), Unresolved: append([]string{}, cu.Unresolved...),
			File: cu.Origin.File, Line: cu.Origin.Pos.Line, Column: cu.Origin.Pos.Column, Path: cu.Origin.Path}
		if cu.ContentType != "" {
			ct := cu.ContentType
			j.ContentType = &ct
		}
		out.CustomResponse = j
	}
	if a.Table != eval.NoTable {
		t := &TableJSON{Name: a.Table.String(), Resource: tableCell(a.Row.Resource, a.Row.ResourceAttached), Result: a.Decision.String()}
		if a.Table != eval.TableResourceOnly {
			id := tableCell(a.Row.Identity, true)
			t.Identity = &id
		}
		out.Table = t
	}
	for _, r := range a.Reasons {
		out.Reasons = append(out.Reasons, r.JSON())
	}
	for _, pe := range a.AuthorizerProblems[:min(len(a.AuthorizerProblems), policy.MaxDetail)] {
		out.AuthorizerProblems = append(out.AuthorizerProblems, ProblemJSON{Line: pe.Pos.Line, Column: pe.Pos.Column, Path: pe.Path, Message: pe.Msg})
	}
	out.AuthorizerProblemsOmitted = len(a.AuthorizerProblems) - len(out.AuthorizerProblems)
	for _, k := range a.Context.Keys() {
		out.Context[k], _ = a.Context.Get(k)
	}
	return out
}

// JSON returns the reason's JSON form.
func (r *LayerReason) JSON() ReasonJSON {
	match := func(m eval.MatchResult) MatchJSON {
		return MatchJSON{Element: m.Element, Matched: m.Matched, Value: m.Value, Values: m.Values, Why: m.Why}
	}
	out := ReasonJSON{
		Layer: r.Layer.String(), Document: r.Document, Statement: r.Statement, Sid: r.Sid,
		Effect: r.Effect.String(), Applies: r.Applies, Path: r.Path, Line: r.Pos.Line, Column: r.Pos.Column,
		Action: match(r.Action), Resource: match(r.Resource), Conditions: []ConditionJSON{}, Summary: r.String(),
	}
	if r.Layer == LayerResourcePolicy {
		p := match(r.Principal)
		out.Principal = &p
	}
	for _, c := range r.Conditions {
		out.Conditions = append(out.Conditions, ConditionJSON{Operator: c.Operator, Key: c.Key, Values: c.Values, Request: c.Request, Satisfied: c.Satisfied, Why: c.Why, Path: c.Path})
	}
	return out
}
