package iac

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/iamgate/iamgate/apigw"
)

// A rough reading of a resource policy as written (symbols kept), enough
// to say who can call a route. It is conservative: whatever it cannot
// decide from the statements alone (a condition, a symbol, a resource that
// covers some of a route's paths) makes the answer WhoDepends, never a
// guess.

type rpolicy struct {
	statements []rstatement
}

type rstatement struct {
	effect     string
	anyone     bool     // Principal "*" or {"AWS": "*"}
	principals []string // the principals named, when not anyone
	actions    []string
	notAction  bool
	resources  []string
	notRes     bool
	condKeys   []string // the condition keys, sorted
	condOps    []string // "Operator key" pairs, for the summary
}

// parsePolicy reads a policy's JSON text; nil when there is none or it is
// not a JSON object.
func parsePolicy(data []byte) *rpolicy {
	if len(data) == 0 {
		return nil
	}
	var doc struct {
		Statement json.RawMessage
	}
	if json.Unmarshal(data, &doc) != nil {
		return nil
	}
	var raw []map[string]any
	if json.Unmarshal(doc.Statement, &raw) != nil {
		var one map[string]any
		if json.Unmarshal(doc.Statement, &one) != nil {
			return &rpolicy{}
		}
		raw = []map[string]any{one}
	}
	p := &rpolicy{}
	for _, s := range raw {
		p.statements = append(p.statements, readStatement(s))
	}
	return p
}

func readStatement(s map[string]any) rstatement {
	st := rstatement{effect: fmt.Sprint(s["Effect"])}
	pr, not := s["Principal"], false
	if np, ok := s["NotPrincipal"]; ok {
		pr, not = np, true
	}
	switch pr := pr.(type) {
	case string:
		st.anyone = pr == "*"
		if !st.anyone {
			st.principals = []string{pr}
		}
	case map[string]any:
		for _, k := range sortedKeys(pr) {
			for _, v := range strs(pr[k]) {
				if k == "AWS" && v == "*" {
					st.anyone = true
					continue
				}
				st.principals = append(st.principals, k+":"+v)
			}
		}
	}
	if not {
		// Everyone but the principals named: not "anyone", and named.
		st.principals = append([]string{"all but"}, st.principals...)
		st.anyone = false
	}
	st.actions, st.notAction = strs(s["Action"]), s["Action"] == nil
	if st.notAction {
		st.actions = strs(s["NotAction"])
	}
	st.resources, st.notRes = strs(s["Resource"]), s["Resource"] == nil
	if st.notRes {
		st.resources = strs(s["NotResource"])
	}
	if cond, ok := s["Condition"].(map[string]any); ok {
		for _, op := range sortedKeys(cond) {
			keys, _ := cond[op].(map[string]any)
			for _, k := range sortedKeys(keys) {
				st.condKeys = append(st.condKeys, strings.ToLower(k))
				st.condOps = append(st.condOps, op+" "+k)
			}
		}
		slices.Sort(st.condKeys)
	}
	return st
}

// strs reads a string or a list of strings.
func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, fmt.Sprint(e))
		}
		return out
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// summary has one line per statement: "Allow * execute-api:Invoke on
// execute-api:/* if IpAddress aws:SourceIp".
func (p *rpolicy) summary() []string {
	out := []string{}
	for _, s := range p.statements {
		who := "*"
		if !s.anyone {
			who = strings.Join(s.principals, ", ")
			who = strings.Replace(who, "all but, ", "all but ", 1)
		}
		act, res := "", " on "
		if s.notAction {
			act = "all but "
		}
		if s.notRes {
			res = " on all but "
		}
		line := s.effect + " " + who + " " + act + strings.Join(s.actions, ", ") + res + strings.Join(s.resources, ", ")
		if len(s.condOps) > 0 {
			line += " if " + strings.Join(s.condOps, ", ")
		}
		out = append(out, line)
	}
	return out
}

// match is whether a statement applies to a route on a stage.
type match uint8

const (
	no match = iota
	maybe
	yes
)

// applies tells whether s applies to calls of m on stage.
func (s *rstatement) applies(c *apigw.APIConfig, m apigw.MethodConfig, stage string) match {
	act := no
	for _, a := range s.actions {
		if a == "*" || strings.EqualFold(a, "execute-api:*") || strings.EqualFold(a, "execute-api:Invoke") {
			act = yes
		} else if strings.Contains(a, "${") || strings.Contains(a, "*") || strings.Contains(a, "?") {
			act = max(act, maybe)
		}
	}
	if s.notAction {
		act = yes - act // NotAction execute-api:Invoke applies to no call
	}
	res := no
	for _, r := range s.resources {
		res = max(res, resourceMatch(r, c, m, stage))
	}
	if s.notRes {
		res = yes - res
	}
	got := min(act, res)
	if got == yes && len(s.condKeys) > 0 {
		got = maybe
	}
	return got
}

// resourceMatch matches a policy resource against every call of m on
// stage of the API c: yes when it covers them all, no when none, maybe in
// between or when a symbol stands in the way.
func resourceMatch(r string, c *apigw.APIConfig, m apigw.MethodConfig, stage string) match {
	if r == "*" {
		return yes
	}
	if rest, ok := strings.CutPrefix(r, "execute-api:/"); ok {
		return globAll(rest, m, stage)
	}
	head, tail, ok := strings.Cut(r, ":execute-api:")
	if !ok {
		return no
	}
	parts := splitARN(tail, 3)
	if len(parts) < 3 {
		return no
	}
	id, rest, hasRest := strings.Cut(parts[2], "/")
	if !hasRest {
		if !strings.HasSuffix(id, "*") {
			return no
		}
		rest = "*"
	}
	got := globAll(rest, m, stage)
	if strings.Contains(rest, "${") {
		got = min(got, maybe)
	}
	partition, _ := strings.CutPrefix(head, "arn:")
	got = min(got, partMatch(partition, c.Partition), partMatch(parts[0], c.Region))
	return min(got, partMatch(parts[1], c.Account), partMatch(id, c.ID))
}

// partMatch matches one field of an ARN pattern against the API's value.
func partMatch(pattern string, v apigw.Value) match {
	switch {
	case pattern == "*", !v.IsKnown() && pattern == symText(v):
		return yes
	case strings.Contains(pattern, "${") || !v.IsKnown():
		return maybe
	case glob(pattern, v.Text):
		return yes
	}
	return no
}

// globAll matches "STAGE/VERB/PATH" patterns against the calls of m on
// stage, trying two values for each path parameter and each verb of ANY.
func globAll(pattern string, m apigw.MethodConfig, stage string) match {
	verbs := []string{m.Verb}
	if m.Verb == "ANY" {
		verbs = []string{"GET", "DELETE"}
	}
	if stage == "*" {
		stage = "zz9stage"
	}
	hits, tries := 0, 0
	for _, v := range verbs {
		for _, fill := range []string{"zz9", "qq8/x7"} {
			p := fillParams(m.Path, fill)
			tries++
			if glob(pattern, stage+"/"+v+p) {
				hits++
			}
		}
	}
	switch hits {
	case 0:
		if intersect(pattern, stageGlob(stage)+"/"+verbGlob(m.Verb)+paramGlob(m.Path)) {
			return maybe // a literal where the route has a parameter
		}
		return no
	case tries:
		return yes
	}
	return maybe
}

// fillParams replaces each {param} of a path template by fill's first
// segment, and a {proxy+} by fill itself.
func fillParams(tmpl, fill string) string {
	segs := strings.Split(tmpl, "/")
	for i, s := range segs {
		if strings.HasSuffix(s, "+}") {
			segs[i] = fill
		} else if strings.HasPrefix(s, "{") {
			segs[i], _, _ = strings.Cut(fill, "/")
		}
	}
	return strings.Join(segs, "/")
}

// glob matches IAM's wildcards: * any run of characters, / included, and
// ? one character.
func glob(pattern, s string) bool {
	// path.Match's * stops at "/": split on "*" and match the pieces.
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return len(pattern) == len(s) && segMatch(pattern, s)
	}
	for i, part := range parts {
		if i == 0 {
			if len(s) < len(part) || !segMatch(part, s[:len(part)]) {
				return false
			}
			s = s[len(part):]
			continue
		}
		if i == len(parts)-1 {
			return len(s) >= len(part) && segMatch(part, s[len(s)-len(part):])
		}
		found := false
		for j := 0; j+len(part) <= len(s); j++ {
			if segMatch(part, s[j:j+len(part)]) {
				s, found = s[j+len(part):], true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// segMatch compares a piece without * to text of its length, ? matching
// any one byte.
func segMatch(p, s string) bool {
	for i := 0; i < len(p); i++ {
		if p[i] != '?' && p[i] != s[i] {
			return false
		}
	}
	return true
}

// whoCanCall says who can call m on stage of the API c whose resource
// policy is p (nil: none), from its endpoint type, its authorization type
// and the statements of the policy that apply to it.
func whoCanCall(c *apigw.APIConfig, p *rpolicy, m apigw.MethodConfig, stage string) Callers {
	if (m.Auth == apigw.AuthCustom || m.Auth == apigw.AuthCognito) && m.Authorizer == "" {
		return Callers{WhoDepends, "the method's " + m.Auth.String() + " authorization names no authorizer the template defines (see the diagnostics)"}
	}
	if p == nil {
		return whoWithoutPolicy(c.Endpoint, m)
	}
	var allow, deny, named match
	vpce, anyoneAllowed := false, false
	var unsure []string
	for i := range p.statements {
		s := &p.statements[i]
		got := s.applies(c, m, stage)
		if got == no {
			continue
		}
		if got == maybe {
			unsure = append(unsure, fmt.Sprint(i))
		}
		anyoneAllowed = anyoneAllowed || s.anyone && s.effect == "Allow" && got == yes
		if slices.ContainsFunc(s.condKeys, func(k string) bool { return k == "aws:sourcevpce" || k == "aws:sourcevpc" }) {
			vpce = true
		}
		if !s.anyone {
			named = max(named, got)
		}
		switch s.effect {
		case "Deny":
			if s.anyone || m.Auth == apigw.AuthIAM {
				deny = max(deny, got)
			}
		case "Allow":
			allow = max(allow, got)
		}
	}
	switch {
	case deny == yes:
		return Callers{WhoNobody, "a statement of the resource policy denies every call of this route, whoever makes it"}
	case c.Endpoint == apigw.PrivateEndpoint:
		if allow == no {
			return Callers{WhoNobody, "no statement of the private API's resource policy allows this route"}
		}
		return Callers{WhoVPCEndpoint, "a PRIVATE API is reached only through interface VPC endpoints" + vpceWhich(vpce) + "; then " + authText(m)}
	case deny == maybe || allow == maybe:
		return Callers{WhoDepends, "depends on the policy: whether " + statementsText(unsure) + " to this route depends on conditions or on values the template leaves unknown"}
	case named != no && m.Auth != apigw.AuthIAM:
		return Callers{WhoDepends, "depends on the policy: it names AWS principals, and the callers of a " + m.Auth.String() + " method are anonymous; AWS documents that such a policy makes every call of a method that is not AWS_IAM fail, while iamgate's answers read those statements as matching no caller (docs/fidelity.md, D2)"}
	}
	if m.Auth == apigw.AuthIAM && anyoneAllowed {
		return Callers{WhoIAM, "IAM principals of any account that sign their requests: the resource policy allows \"*\" (a caller of another account also needs its identity policies to allow execute-api:Invoke)"}
	}
	return whoWithPolicy(m, allow == yes)
}

func vpceWhich(conditioned bool) string {
	if conditioned {
		return " (the resource policy picks which, by aws:SourceVpce or aws:SourceVpc)"
	}
	return ""
}

// authText says who the method's authorization lets through.
func authText(m apigw.MethodConfig) string {
	switch m.Auth {
	case apigw.AuthCustom:
		return "any caller the Lambda authorizer " + m.Authorizer + " allows"
	case apigw.AuthCognito:
		if len(m.Scopes) > 0 {
			return "any caller with a token of the user pool authorizer " + m.Authorizer + " with one of the scopes " + strings.Join(m.Scopes, ", ")
		}
		return "any caller with a valid token of the user pool authorizer " + m.Authorizer
	case apigw.AuthIAM:
		return "IAM principals that sign their requests and whose policies allow execute-api:Invoke"
	}
	return "anyone"
}

func whoWithoutPolicy(e apigw.EndpointType, m apigw.MethodConfig) Callers {
	if e == apigw.PrivateEndpoint {
		return Callers{WhoNobody, "a PRIVATE API without a resource policy cannot be deployed, and every call to it fails"}
	}
	switch m.Auth {
	case apigw.AuthCustom, apigw.AuthCognito:
		return Callers{WhoAuthenticated, authText(m)}
	case apigw.AuthIAM:
		return Callers{WhoIAM, "IAM principals of the API's account that sign their requests and whose identity policies allow execute-api:Invoke (no resource policy: other accounts cannot)"}
	}
	return Callers{WhoPublic, "anyone: the method has no authorization and the API no resource policy"}
}

// whoWithPolicy is who can call a method of a public API whose resource
// policy decides nothing by conditions and denies nothing: allowed says
// whether it allows the route to anyone.
func whoWithPolicy(m apigw.MethodConfig, allowed bool) Callers {
	switch m.Auth {
	case apigw.AuthNone:
		if !allowed {
			return Callers{WhoNobody, "the method has no authorization, so the resource policy alone decides, and none of its statements allows this route"}
		}
		return Callers{WhoPublic, "anyone: the method has no authorization and the resource policy allows every caller"}
	case apigw.AuthCustom:
		return Callers{WhoAuthenticated, authText(m)}
	case apigw.AuthCognito:
		if !allowed {
			return Callers{WhoNobody, "after the token is checked, the resource policy alone decides, and none of its statements allows this route"}
		}
		return Callers{WhoAuthenticated, authText(m)}
	}
	if allowed {
		return Callers{WhoIAM, "IAM principals that sign their requests: those the resource policy allows, and those of the API's account whose identity policies allow execute-api:Invoke"}
	}
	return Callers{WhoIAM, "IAM principals of the API's account that sign their requests and whose identity policies allow execute-api:Invoke"}
}

func statementsText(idx []string) string {
	if len(idx) == 1 {
		return "statement " + idx[0] + " of the resource policy applies"
	}
	return "statements " + strings.Join(idx, ", ") + " of the resource policy apply"
}

// splitARN splits s at its first n-1 colons outside "${...}" symbols
// (which hold colons of their own, as ${AWS::Region} does).
func splitARN(s string, n int) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s) && len(out) < n-1; i++ {
		switch {
		case strings.HasPrefix(s[i:], "${"):
			depth++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// The wildcards of a route written as a glob for intersect: one segment
// (a {param}, the verb of ANY, any stage), or the rest of the path (a
// {proxy+}).
const (
	anySegment = '\x01'
	anyRest    = '\x02'
)

func stageGlob(stage string) string {
	if stage == "zz9stage" {
		return string(anySegment)
	}
	return stage
}

func verbGlob(verb string) string {
	if verb == "ANY" {
		return string(anySegment)
	}
	return verb
}

// paramGlob writes a path template as a glob for intersect.
func paramGlob(tmpl string) string {
	segs := strings.Split(tmpl, "/")
	for i, s := range segs {
		if strings.HasSuffix(s, "+}") {
			segs[i] = string(anyRest)
		} else if strings.HasPrefix(s, "{") {
			segs[i] = string(anySegment)
		}
	}
	return strings.Join(segs, "/")
}

// intersect reports whether some text matches both p, an IAM pattern (*
// any run of characters, ? one), and q, a route as paramGlob writes it.
func intersect(p, q string) bool {
	seen := map[[2]int]bool{}
	var walk func(i, j int) bool
	walk = func(i, j int) bool {
		key := [2]int{i, j}
		if seen[key] {
			return false
		}
		seen[key] = true
		switch {
		case i == len(p) && j == len(q):
			return true
		case i < len(p) && p[i] == '*':
			return walk(i+1, j) || j < len(q) && walk(i, j+1)
		case j < len(q) && (q[j] == anySegment || q[j] == anyRest):
			return walk(i, j+1) || i < len(p) && (q[j] == anyRest || p[i] != '/') && walk(i+1, j)
		case i == len(p) || j == len(q):
			return false
		case p[i] == q[j] || p[i] == '?' || q[j] == '?':
			return walk(i+1, j+1)
		}
		return false
	}
	return walk(0, 0)
}
