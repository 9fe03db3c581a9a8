package eval

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/policy"
)

// Decide evaluates the request and returns only the decision. It is the
// hot path: it does not allocate, and it stops as soon as the decision is
// known (any applicable Deny; otherwise the first applicable Allow).
func (s *PolicySet) Decide(req *Request) Decision {
	if s == nil {
		return ImplicitDeny
	}
	m := resourceMatch{req: req, bind: s.bind}
	if s.shared != "" && strings.HasPrefix(req.Resource, s.shared) {
		m.shared, m.tail = true, req.Resource[len(s.shared):]
		m.pairs.addString(m.tail)
	}
	denies, allows := s.denies, s.allows
	if req.Action.key() == invokeFolded {
		// Only statements that apply to Invoke; their action is settled.
		denies, allows = s.invokeDenies, s.invokeAllows
		m.actionSettled = true
	}
	for _, i := range denies {
		if st := &s.stmts[i]; !st.excluded(&m) && st.applies(&m) {
			return ExplicitDeny
		}
	}
	for _, i := range allows {
		if st := &s.stmts[i]; !st.excluded(&m) && st.applies(&m) {
			return Allow
		}
	}
	return ImplicitDeny
}

// excluded is the cheap, inlined first test of a statement with a Resource
// element: true when its resource patterns cannot match because the
// resource lacks the shared prefix or a byte pair their literals need.
func (st *statement) excluded(m *resourceMatch) bool {
	return st.tails != nil && !st.resourceNot && (!m.shared || !st.need.within(&m.pairs))
}

// resourceMatch is a request with its resource split at the set's shared
// prefix.
type resourceMatch struct {
	req    *Request
	shared bool   // the resource begins with PolicySet.shared
	tail   string // the rest of the resource, when shared
	pairs  pairSet
	bind   *binding // a bound template's holes
	// actionSettled: the statements tried are known to apply to the action.
	actionSettled bool
}

func (st *statement) applies(m *resourceMatch) bool {
	return (m.actionSettled || st.actionMatches(&m.req.Action)) &&
		st.matchResource(m) != -1 != st.resourceNot &&
		st.principal.matches(&m.req.Caller) &&
		st.conditionsHold(m.req.Context)
}

// actionMatches reports whether the Action or NotAction element lets the
// statement apply to the action.
func (st *statement) actionMatches(a *Action) bool {
	key := a.key()
	if key == invokeFolded {
		return st.invoke != st.actionNot
	}
	return st.matchActionName(key) != -1 != st.actionNot
}

// matchActionName returns the index of the first action pattern that
// matches the lower-cased action name, or -1.
func (st *statement) matchActionName(key string) int {
	for i, p := range st.actions {
		if p.Match(key, nil) {
			return i
		}
	}
	return -1
}

// matchResource returns the index of the first resource pattern that
// matches the request's resource, or -1.
func (st *statement) matchResource(m *resourceMatch) int {
	if st.tails != nil {
		// Every pattern begins with the shared prefix: without it nothing
		// matches; with it, the tails decide.
		if !m.shared || !st.need.within(&m.pairs) {
			return -1
		}
		r := m.req.Context.resolver()
		for i, p := range st.tails {
			if p.Match(m.tail, r) {
				return i
			}
		}
		return -1
	}
	// With one pattern, the pattern checks its own literal prefix first.
	if len(st.resources) > 1 && !strings.HasPrefix(m.req.Resource, st.prefix) {
		return -1
	}
	r := m.req.Context.resolver()
	for i := range st.resources {
		if p, _ := st.resource(i, m.bind); p.Match(m.req.Resource, r) {
			return i
		}
	}
	return -1
}

func (st *statement) conditionsHold(ctx *Context) bool {
	for i := range st.conditions {
		if !st.conditions[i].evaluate(ctx) {
			return false
		}
	}
	return true
}

// Result is a decision with its explanation.
type Result struct {
	Decision Decision
	// Statements has one entry for every statement of every document of
	// the set, in document order, saying whether it applied and why.
	Statements []Reason
}

// Deciding returns the statements that made the decision: the Deny
// statements that applied for ExplicitDeny, the Allow statements that
// applied for Allow, and none for ImplicitDeny (nothing applied).
func (r *Result) Deciding() []Reason {
	var out []Reason
	for _, s := range r.Statements {
		switch {
		case !s.Applies:
		case r.Decision == ExplicitDeny && s.Effect == policy.Deny,
			r.Decision == Allow && s.Effect == policy.Allow:
			out = append(out, s)
		}
	}
	return out
}

// Reason explains one statement's part in a decision.
type Reason struct {
	// Document names the document (its File, or "policy #N" when unnamed);
	// DocumentIndex is its position in the set.
	Document      string
	DocumentIndex int
	// Statement is the statement's 0-based index in its document, Sid its
	// Sid ("" when none), Path its JSON Pointer and Pos its position.
	Statement int
	Sid       string
	Path      string
	Pos       policy.Pos
	Effect    policy.Effect
	// Applies is true when the principal, action, resource and every
	// condition matched.
	Applies bool
	// Principal, Action and Resource say how each element fared.
	Principal MatchResult
	Action    MatchResult
	Resource  MatchResult
	// Conditions has one result per operator and key, in document order.
	Conditions []ConditionResult
}

// String is a one-line summary such as
// `rp.json statement 1 (Sid "DenyOthers", Deny) applies: ...`.
func (r Reason) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s statement %d", r.Document, r.Statement)
	if r.Sid != "" {
		fmt.Fprintf(&b, " (Sid %q, %s)", r.Sid, r.Effect)
	} else {
		fmt.Fprintf(&b, " (%s)", r.Effect)
	}
	if r.Applies {
		b.WriteString(" applies: ")
	} else {
		b.WriteString(" does not apply: ")
	}
	b.WriteString(strings.Join(r.Details(), "; "))
	return b.String()
}

// Details lists what matched, or the first things that did not, in
// plain words.
func (r Reason) Details() []string {
	var out []string
	for _, m := range []MatchResult{r.Principal, r.Action, r.Resource} {
		if r.Applies || !m.Matched {
			out = append(out, m.Why)
		}
	}
	for _, c := range r.Conditions {
		if r.Applies || !c.Satisfied {
			out = append(out, c.Why)
		}
	}
	return out
}

// MatchResult says how one element (Principal, Action, Resource or their
// Not forms) fared against the request.
type MatchResult struct {
	// Element is the element's name as written: "Action", "NotResource", ...
	Element string
	// Not is true for the Not forms.
	Not bool
	// Matched is true when the element lets the statement apply.
	Matched bool
	// Value is the pattern that matched the request (for a Not form, the
	// one that excluded it); "" when none did.
	Value string
	// Values are the element's values (resources after shorthand
	// expansion); nil for Principal.
	Values []string
	// Why says it in words.
	Why string
}

// Evaluate evaluates the request and explains the decision: every
// statement is evaluated (none is skipped once the decision is known) so
// every reason is reported. It allocates; use Decide when only the decision
// is needed. Evaluate(req).Decision always equals Decide(req).
func (s *PolicySet) Evaluate(req *Request) Result {
	var res Result
	if s == nil {
		return res
	}
	denied, allowed := false, false
	for i := range s.stmts {
		r := s.stmts[i].explain(req, s.bind)
		if r.Applies {
			if r.Effect == policy.Deny {
				denied = true
			} else {
				allowed = true
			}
		}
		res.Statements = append(res.Statements, r)
	}
	switch {
	case denied:
		res.Decision = ExplicitDeny
	case allowed:
		res.Decision = Allow
	}
	return res
}

func documentName(d *policy.Document, i int) string {
	if d.File != "" {
		return d.File
	}
	return fmt.Sprintf("policy #%d", i+1)
}

func (st *statement) explain(req *Request, b *binding) Reason {
	r := Reason{
		Document:      st.docName,
		DocumentIndex: st.doc,
		Statement:     st.index,
		Sid:           st.sid,
		Path:          st.path,
		Pos:           b.shift(st.pos),
		Effect:        st.effect,
	}
	r.Principal = st.principal.explain(&req.Caller, st.principalElement)

	r.Action = MatchResult{Element: st.actionElement, Not: st.actionNot}
	for _, p := range st.actions {
		r.Action.Values = append(r.Action.Values, p.String())
	}
	if i := st.matchActionName(req.Action.key()); i >= 0 {
		r.Action.Value = st.actions[i].String()
	}
	r.Action.Matched = (r.Action.Value != "") != st.actionNot
	r.Action.Why = listWhy(r.Action, "action", req.Action.String())

	r.Resource = MatchResult{Element: st.resourceElement, Not: st.resourceNot, Values: slices.Clone(st.resourceTexts)}
	for i := range st.resourceTexts {
		_, r.Resource.Values[i] = st.resource(i, b)
	}
	if i := st.matchResourceAll(req, b); i >= 0 {
		r.Resource.Value = r.Resource.Values[i]
	}
	r.Resource.Matched = (r.Resource.Value != "") != st.resourceNot
	r.Resource.Why = listWhy(r.Resource, "resource", req.Resource)
	if !r.Resource.Matched && !st.resourceNot {
		if vars := st.unresolvedVariables(req.Context, b); vars != "" {
			r.Resource.Why += "; " + vars
		}
	}

	condOK := true
	for i := range st.conditions {
		c := st.conditions[i].explain(req.Context)
		c.Pos = b.shift(c.Pos)
		condOK = condOK && c.Satisfied
		r.Conditions = append(r.Conditions, c)
	}
	r.Applies = r.Principal.Matched && r.Action.Matched && r.Resource.Matched && condOK
	return r
}

// matchResourceAll is matchResource without the prefix shortcut, so that
// explanations never disagree with it even if the shortcut were wrong.
func (st *statement) matchResourceAll(req *Request, b *binding) int {
	r := req.Context.resolver()
	for i := range st.resources {
		if p, _ := st.resource(i, b); p.Match(req.Resource, r) {
			return i
		}
	}
	return -1
}

func (st *statement) unresolvedVariables(ctx *Context, b *binding) string {
	var missing []string
	for i := range st.resources {
		p, _ := st.resource(i, b)
		for _, v := range p.Variables() {
			if _, ok := ctx.resolver().LookupVariable(v); !ok {
				missing = append(missing, "${"+v+"}")
			}
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return "policy variable " + strings.Join(missing, ", ") + " has no single value in the request, so a resource using it matches nothing (unless it has a default)"
}

func listWhy(m MatchResult, what, value string) string {
	switch {
	case !m.Not && m.Matched:
		return fmt.Sprintf("%s %s matches %s %q", what, value, m.Element, m.Value)
	case !m.Not:
		return fmt.Sprintf("%s %s matches no %s value (%s)", what, value, m.Element, quoteList(m.Values))
	case m.Matched:
		return fmt.Sprintf("%s %s is not excluded by %s", what, value, m.Element)
	}
	return fmt.Sprintf("%s %s is excluded by %s %q", what, value, m.Element, m.Value)
}

// quoteList quotes up to four values, and says how many more there are.
func quoteList(vs []string) string {
	const most = 4
	q := make([]string, 0, most+1)
	for i, v := range vs {
		if i == most {
			q = append(q, fmt.Sprintf("and %d more", len(vs)-most))
			break
		}
		q = append(q, strconv.Quote(v))
	}
	return strings.Join(q, ", ")
}
