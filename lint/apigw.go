package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/wildcard"
	"github.com/iamgate/iamgate/policy"
)

// resourcePolicyQuota is API Gateway's default quota on the length of a
// resource policy, in characters (API Gateway quotas for REST APIs:
// "Length, in characters, of API Gateway resource policy", 8192, can be
// increased).
const resourcePolicyQuota = 8192

// checkSize reports a resource policy over API Gateway's quota (IG104).
// The quota counts characters; whitespace between JSON tokens is left
// out, as IAM's size limits leave it out.
func checkSize(f *finder, doc *policy.Document, src []byte) {
	var compact bytes.Buffer
	if json.Compact(&compact, src) == nil && compact.Len() > resourcePolicyQuota {
		f.add("IG104", doc.Pos, "", "the resource policy is %d characters long without spaces, over API Gateway's default quota of %d: AWS rejects it unless the quota was raised (Service Quotas, API Gateway, resource policy length); shorten it, for example by merging statements that differ only in Resource", compact.Len(), resourcePolicyQuota)
	}
}

// maxAuthorizerResource is the documented limit on a Resource in an
// authorizer's policy (LA-OUTPUT).
const maxAuthorizerResource = 512

// invokes reports whether a statement's Action element covers
// execute-api:Invoke, the action of every request.
func invokes(st *policy.Statement) bool {
	hit := false
	for _, v := range st.Action.Values {
		p, err := wildcard.Compile(v.Value, wildcard.Action, false)
		if err == nil && p.Match("execute-api:invoke", nil) {
			hit = true
			break
		}
	}
	return hit != st.Action.Not
}

// methodParts splits an execute-api ARN pattern into its API part and the
// stage, verb and path patterns; ok is false for anything else.
type methodParts struct {
	partition, service, region, account, id string
	rest                                    string // after the API id: "/stage/VERB/path", or ""
	stage, verb, path                       string
}

func splitResource(v string) (methodParts, bool) {
	parts := strings.SplitN(v, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return methodParts{}, false
	}
	m := methodParts{partition: parts[1], service: parts[2], region: parts[3], account: parts[4]}
	res := parts[5]
	id, rest, _ := strings.Cut(res, "/")
	m.id = id
	if strings.Contains(res, "/") {
		m.rest = "/" + rest
	}
	segs := strings.SplitN(rest, "/", 3)
	if len(segs) > 0 {
		m.stage = segs[0]
	}
	if len(segs) > 1 {
		m.verb = segs[1]
	}
	if len(segs) > 2 {
		m.path = "/" + segs[2]
	}
	return m, true
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// likeMatch matches one ARN segment pattern against a value.
func likeMatch(pattern, value string) bool {
	p, err := wildcard.Compile(pattern, wildcard.Like, false)
	return err == nil && p.Match(value, nil)
}

// expand returns a Resource value with the resource-policy shorthand
// execute-api:/... expanded against the API, when it is known.
func expand(v string, cfg Config) string {
	if cfg.API.IsZero() {
		return v
	}
	if e, ok := cfg.API.ExpandShorthand(v); ok {
		return e
	}
	return v
}

// checkResources finds resources that cannot match this API (IG302),
// actions that are not execute-api:Invoke (IG303) and resources no method
// ARN can match (IG304, IG308).
func checkResources(f *finder, doc *policy.Document, cfg Config) {
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if !invokes(st) {
			if st.Action.Not {
				f.add("IG303", st.Action.Pos, st.Action.Path, "statement %d%s excludes execute-api:Invoke with NotAction, so it never applies to a request (every API Gateway request is execute-api:Invoke); remove the statement, or narrow NotAction", st.Index, sid(st))
			} else {
				f.add("IG303", st.Action.Pos, st.Action.Path, "statement %d%s has Action %s, which does not cover execute-api:Invoke, the action of every API Gateway request: it never applies to requests (execute-api:InvalidateCache and execute-api:ManageConnections are other operations). If it is meant to let requests through or stop them, use \"execute-api:Invoke\"", st.Index, sid(st), listText(st.Action.Values))
			}
			continue
		}
		if st.Resource.Not {
			continue
		}
		for _, v := range st.Resource.Values {
			r := expand(v.Value, cfg)
			if cfg.API.IsZero() {
				// The shorthand's shape can be checked without the API.
				if e, ok := placeholderAPI.ExpandShorthand(v.Value); ok {
					r = e
				}
			}
			if r == "*" {
				continue
			}
			m, ok := splitResource(r)
			if !ok {
				continue
			}
			if !likeMatch(m.service, "execute-api") {
				f.add("IG302", v.Pos, v.Path, "statement %d%s names %q, a resource of service %q: API Gateway requests are execute-api resources (arn:PARTITION:execute-api:REGION:ACCOUNT:API_ID/STAGE/VERB/PATH), so it never applies", st.Index, sid(st), v.Value, m.service)
				continue
			}
			if !cfg.API.IsZero() {
				if why := otherAPI(m, cfg); why != "" {
					f.add("IG302", v.Pos, v.Path, "statement %d%s names %q, which cannot match a method of the API %s: %s; it never applies", st.Index, sid(st), v.Value, cfg.API, why)
					continue
				}
			}
			checkMethodShape(f, st, v, r, m)
		}
	}
}

// checkMethodShape finds an execute-api resource r (the value v, split
// into m) that no method ARN can match: one with an empty stage (IG304),
// or one without wildcards that is not a method ARN (IG308).
func checkMethodShape(f *finder, st *policy.Statement, v policy.Text, r string, m methodParts) {
	switch {
	case m.rest == "/":
		f.add("IG304", v.Pos, v.Path, "statement %d%s names %q, which ends with the API id and a slash: it matches only a method ARN with an empty stage, which no request has (D12). For the whole API write %s/*", st.Index, sid(st), v.Value, strings.TrimSuffix(r, "/"))
	case !hasWildcard(m.rest) && !methodShaped(m.rest):
		f.add("IG308", v.Pos, v.Path, "statement %d%s names %q, which is not the ARN of a method: a method ARN goes on after the API id with /STAGE/VERB/PATH (\"/prod/GET/\" for the stage's root, \"/prod/GET/orders\"), so no request matches it. Add what is missing, or end it with /* to cover everything below", st.Index, sid(st), v.Value)
	}
}

// checkIdentityResources finds, in an identity policy's statements that
// cover execute-api:Invoke, the execute-api resources no method ARN can
// match (IG304, IG308). An identity policy may name any API and grant
// other actions, so IG302 and IG303 do not apply to it.
func checkIdentityResources(f *finder, doc *policy.Document) {
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if !invokes(st) || st.Resource.Not {
			continue
		}
		for _, v := range st.Resource.Values {
			m, ok := splitResource(v.Value)
			if !ok || !likeMatch(m.service, "execute-api") {
				continue
			}
			checkMethodShape(f, st, v, v.Value, m)
		}
	}
}

// methodShaped reports whether the text after an API id can be a method
// ARN's: /STAGE/VERB/ followed by the path, stage and verb not empty.
func methodShaped(rest string) bool {
	parts := strings.SplitN(rest, "/", 4)
	return len(parts) == 4 && parts[0] == "" && parts[1] != "" && parts[2] != ""
}

// otherAPI says which part of a resource cannot match the API.
func otherAPI(m methodParts, cfg Config) string {
	a := cfg.API
	switch {
	case !likeMatch(m.partition, a.Partition):
		return fmt.Sprintf("its partition %q is not %q", m.partition, a.Partition)
	case !likeMatch(m.region, a.Region):
		return fmt.Sprintf("its region %q is not %q", m.region, a.Region)
	case !likeMatch(m.account, a.Account):
		return fmt.Sprintf("its account %q is not %q", m.account, a.Account)
	case !strings.Contains(m.id, "*") && !likeMatch(m.id, a.ID):
		return fmt.Sprintf("its API id %q is not %q", m.id, a.ID)
	}
	return ""
}

func sid(st *policy.Statement) string {
	if st.Sid == nil || st.Sid.Value == "" {
		return ""
	}
	return fmt.Sprintf(" (Sid %q)", st.Sid.Value)
}

func listText(vs []policy.Text) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v.Value)
	}
	return strings.Join(q, ", ")
}

// checkAuthorizerOutput: principalId (IG203), Resource length (IG204) and
// the caching trap (IG210).
func checkAuthorizerOutput(f *finder, resp *apigw.AuthorizerResponse, cfg Config) {
	if resp.PrincipalID == nil {
		checkPrincipalID(f, resp)
	}
	checkIgnoredKeys(f, resp)
	doc := resp.Policy
	var narrow []string
	allows, first := 0, -1
	example := ""
	for i := range doc.Statements {
		st := &doc.Statements[i]
		for _, v := range st.Resource.Values {
			if len(v.Value) > maxAuthorizerResource {
				f.add("IG204", v.Pos, v.Path, "statement %d%s has a Resource of %d characters; API Gateway documents a limit of %d: use wildcards to shorten it", st.Index, sid(st), len(v.Value), maxAuthorizerResource)
			}
		}
	}
	// The caching trap: every Allow names single methods. The loop stops
	// at the first Allow that covers more than one method.
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Effect != policy.Allow || st.Resource.Not || !invokes(st) {
			continue
		}
		allows++
		for _, v := range st.Resource.Values {
			m, ok := splitResource(v.Value)
			if !ok || v.Value == "*" || m.verb == "" || hasWildcard(m.verb) || hasWildcard(m.path) || m.path == "" {
				return // some Allow covers more than one method
			}
			narrow = append(narrow, m.verb+" "+m.path)
			if first < 0 {
				first = i
				example = fmt.Sprintf("arn:%s:%s:%s:%s:%s/%s/*/*", m.partition, m.service, m.region, m.account, m.id, m.stage)
			}
		}
	}
	if allows == 0 || first < 0 || cfg.ttl() == 0 {
		return
	}
	st := &doc.Statements[first]
	uncovered := ""
	if routes := uncoveredRoutes(cfg.Routes, narrow); len(routes) > 0 {
		uncovered = fmt.Sprintf(" Routes of this API it does not cover in full: %s.", listSome(routes))
	}
	methods := dedupe(narrow)
	what := "the single method " + methods[0] + ", as a policy built from event.methodArn does"
	if cfg.SampleMethod {
		what = "the method ARN of the request that invoked the authorizer (here " + methods[0] + ", a request of the suite)"
	}
	if len(methods) > 1 {
		what = "the single methods " + listSome(methods) + " (one each; a policy may name a few methods on purpose, but then the cache serves them to every route)"
	}
	f.add("IG210", st.Pos, st.Path, "the policy allows only %s. With the authorizer cache on (TTL %d s), API Gateway reuses this result for every route of the stage for the same identity, so the next request to another route gets 403 \"User is not authorized to access this resource\" until the entry expires.%s Return a policy covering every route the caller may use (for example %s), or set the authorizer's TTL to 0 (KC-CACHE)", what, cfg.ttl(), uncovered, example)
}

// checkPrincipalID reports an output without principalId (IG203), at the
// key that misspells it when there is one.
// outputKeys are the top-level keys API Gateway reads in an authorizer's
// output (LA-OUTPUT), for IG205's suggestions.
var outputKeys = []string{"principalId", "policyDocument", "context", "usageIdentifierKey"}

// checkIgnoredKeys reports the top-level keys API Gateway does not read
// (IG205); a miscased principalId is IG203's.
func checkIgnoredKeys(f *finder, resp *apigw.AuthorizerResponse) {
	for _, k := range resp.Unknown {
		if strings.EqualFold(k.Value, "principalId") && resp.PrincipalID == nil {
			continue
		}
		hint := "remove it, or move what it holds into context (string, number and boolean values)"
		for _, known := range outputKeys {
			if strings.EqualFold(k.Value, known) {
				hint = fmt.Sprintf("keys are case-sensitive: spell it %q", known)
			}
		}
		f.add("IG205", k.Pos, k.Path, "API Gateway does not read the key %q of the authorizer's output, so what it holds is lost (integrations never see it): %s", k.Value, hint)
	}
}

func checkPrincipalID(f *finder, resp *apigw.AuthorizerResponse) {
	for _, k := range resp.Unknown {
		if strings.EqualFold(k.Value, "principalId") {
			f.add("IG203", k.Pos, k.Path, "the output has %q but no principalId: keys are case-sensitive, so API Gateway does not read it. Spell it \"principalId\"", k.Value)
			return
		}
	}
	f.add("IG203", resp.Pos, "", "the output has no principalId: AWS documents it as required. A captured response shows API Gateway applying a policy returned without one (D9, REPORT-LOIGE), but return the caller's id (a string) to be safe; it is also what the execution log names")
}

// listSome joins at most ten items, saying how many more there are.
func listSome(list []string) string {
	if len(list) <= 10 {
		return strings.Join(list, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(list[:10], ", "), len(list)-10)
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// uncoveredRoutes lists the routes (VERB /path/{param}) that the allowed
// methods (VERB /path, each one concrete method) do not cover entirely: a
// route with a {param}, a {proxy+} or the verb ANY stands for many
// methods, and one concrete method never covers them all.
func uncoveredRoutes(routes, allowed []string) []string {
	var out []string
	for _, r := range routes {
		verb, tmpl, _ := strings.Cut(r, " ")
		covered := false
		if verb != "ANY" && !strings.Contains(tmpl, "{") {
			for _, a := range allowed {
				av, ap, _ := strings.Cut(a, " ")
				if av == verb && strings.Trim(ap, "/") == strings.Trim(tmpl, "/") {
					covered = true
					break
				}
			}
		}
		if !covered {
			out = append(out, r)
		}
	}
	return out
}

// ipKeys are the condition keys that restrict where a caller comes from.
var ipKeys = map[string]bool{"aws:sourceip": true, "aws:vpcsourceip": true, "aws:sourcevpce": true, "aws:sourcevpc": true}

// checkResourcePolicy: an Allow-only IP or VPC list in front of a Lambda
// authorizer (IG300), AWS principals on non-IAM methods (IG301).
func checkResourcePolicy(f *finder, doc *policy.Document, cfg Config) {
	if cfg.uses("CUSTOM") || cfg.uses("AWS_IAM") {
		checkAllowOnlyLists(f, doc, cfg)
	}
	nonIAM := ""
	for _, a := range cfg.Auth {
		if a != "AWS_IAM" {
			nonIAM = a
			break
		}
	}
	if nonIAM == "" {
		return
	}
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Effect != policy.Allow || st.Principal == nil || st.Principal.Not || st.Principal.Wildcard {
			continue
		}
		for _, e := range st.Principal.Entries {
			if e.Type != "AWS" {
				continue
			}
			for _, v := range e.Values {
				if v.Value != "*" {
					f.add("IG301", v.Pos, v.Path, "statement %d%s allows the AWS principal %q, but the API has %s methods, whose callers are anonymous and never match it: AWS documents that such an API fails for every method that is not AWS_IAM with \"User: anonymous is not authorized\" (D2, RP-CREATE). Use \"Principal\": \"*\" with conditions, or make the methods AWS_IAM", st.Index, sid(st), v.Value, nonIAM)
					return
				}
			}
		}
	}
}

// checkAllowOnlyLists reports an Allow that restricts callers by where they
// come from (an IP or VPC condition) when no Deny blocks the others (IG300):
// with a Lambda authorizer, Table A lets through a caller the authorizer
// allows even when the resource policy is silent. Such an Allow is
// backed when some Deny for every caller covers its resources and tests
// the same key with a negated operator.
func checkAllowOnlyLists(f *finder, doc *policy.Document, cfg Config) {
	expandRes := func(v string) string { return expand(v, cfg) }
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Effect != policy.Allow || !anonymousAllowed(st) || !invokes(st) {
			continue
		}
		for _, c := range st.Conditions {
			key := strings.ToLower(c.Key.Value)
			if !ipKeys[key] {
				continue
			}
			backed := false
			for j := range doc.Statements {
				d := &doc.Statements[j]
				if d.Effect != policy.Deny || !anonymousAllowed(d) || !invokes(d) {
					continue
				}
				if !d.Resource.Not && !st.Resource.Not && !listCovers(d.Resource.Values, st.Resource.Values, wildcard.ARN, expandRes) {
					continue
				}
				for _, dc := range d.Conditions {
					if strings.ToLower(dc.Key.Value) == key && negated(dc.Operator.Value) {
						backed = true
					}
				}
			}
			if backed {
				continue
			}
			f.add("IG300", c.Key.Pos, c.Key.Path, "statement %d%s allows only callers whose %s passes %s, but no Deny statement of the resource policy blocks the others on the same resources: %s gets through from anywhere (Table A: an Allow on the identity side and the resource policy's silence give Allow). Only an explicit Deny blocks before the authorizer: add a Deny statement for \"Principal\": \"*\" on the same Resource with %s on %s", st.Index, sid(st), c.Key.Value, c.Operator.Value, who(cfg), opposite(c.Operator.Value), c.Key.Value)
			break
		}
	}
}

// who names the callers an Allow-only list does not stop.
func who(cfg Config) string {
	switch {
	case cfg.uses("CUSTOM") && cfg.uses("AWS_IAM"):
		return "a caller a Lambda authorizer allows, or an IAM caller of the API's account whose identity policies allow"
	case cfg.uses("CUSTOM"):
		return "with a Lambda authorizer, a caller the authorizer allows"
	}
	return "an IAM caller of the API's own account whose identity policies allow"
}

// negated reports whether an operator is a negated one (NotIpAddress,
// StringNotEquals, ...), as eval's operator catalogue says.
func negated(operator string) bool {
	op, _ := eval.LookupOperator(operator)
	return op.Negated()
}

// opposite names the operator that matches what op does not, from eval's
// operator catalogue, without op's qualifier and IfExists suffix.
func opposite(operator string) string {
	if op, ok := eval.LookupOperator(operator); ok {
		if o := op.Base().Opposite(); o != nil {
			return o.Name()
		}
	}
	return "the opposite operator"
}

// anonymousAllowed reports whether a statement's principal includes
// anonymous callers ("*" or {"AWS": "*"}).
func anonymousAllowed(st *policy.Statement) bool {
	p := st.Principal
	if p == nil || p.Not {
		return false
	}
	if p.Wildcard {
		return true
	}
	for _, e := range p.Entries {
		for _, v := range e.Values {
			if e.Type == "AWS" && v.Value == "*" {
				return true
			}
		}
	}
	return false
}

// privateRanges are the address ranges public requests never come from.
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("::1/128"),
}

func isPrivate(v string) bool {
	p, err := netip.ParsePrefix(v)
	if err != nil {
		a, err := netip.ParseAddr(v)
		if err != nil {
			return false
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	p = p.Masked()
	for _, r := range privateRanges {
		if p.Addr().Is4() == r.Addr().Is4() && p.Bits() >= r.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// isPrivateAPI says whether the API is private: as configured, or, when
// not configured, because its resource policy names VPC endpoints.
func isPrivateAPI(cfg Config, rp *policy.Document) (private, known bool) {
	if cfg.Private != nil {
		return *cfg.Private, true
	}
	if rp == nil {
		return false, false
	}
	for _, st := range rp.Statements {
		for _, c := range st.Conditions {
			k := strings.ToLower(c.Key.Value)
			if k == "aws:sourcevpce" || k == "aws:sourcevpc" {
				return true, true
			}
		}
	}
	return false, false
}

// checkSourceKeys: the caller's address keys against the API's endpoint
// type (IG305, IG306, IG307; D17). rp is the API's resource
// policy, when known, to tell a private API from its conditions.
func checkSourceKeys(f *finder, doc *policy.Document, cfg Config, rp *policy.Document) {
	private, known := isPrivateAPI(cfg, rp)
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if !invokes(st) {
			continue // about other services' requests, which carry other keys
		}
		for _, c := range st.Conditions {
			key := strings.ToLower(c.Key.Value)
			op := strings.ToLower(c.Operator.Value)
			switch {
			case key == "aws:sourceip" && private:
				f.add("IG306", c.Key.Pos, c.Key.Path, "statement %d%s reads aws:SourceIp, but requests to a private API come through a VPC endpoint and carry aws:VpcSourceIp instead (D17): the key is always missing here. Use aws:VpcSourceIp, or aws:SourceVpce", st.Index, sid(st))
			case key == "aws:sourceip" && (!known || !private) && strings.Contains(op, "ipaddress") && len(c.Values) > 0:
				all := true
				for _, v := range c.Values {
					all = all && isPrivate(v.Value)
				}
				if !all {
					continue
				}
				if strings.Contains(op, "not") {
					f.add("IG305", c.Key.Pos, c.Key.Path, "statement %d%s tests aws:SourceIp with %s against private ranges only; public requests never come from them, so the condition is true for every caller. To restrict callers of a public API, list their public addresses; for a private API, use aws:VpcSourceIp or aws:SourceVpce", st.Index, sid(st), c.Operator.Value)
				} else {
					f.add("IG305", c.Key.Pos, c.Key.Path, "statement %d%s tests aws:SourceIp with %s against private ranges only; public requests never come from them, so the statement never applies. List the callers' public addresses (after NAT), or, for a private API, use aws:VpcSourceIp or aws:SourceVpce", st.Index, sid(st), c.Operator.Value)
				}
			case (key == "aws:sourcevpce" || key == "aws:sourcevpc" || key == "aws:vpcsourceip") && known && !private:
				effect := "this Allow never applies"
				if st.Effect == policy.Deny {
					effect = "a Deny testing it with a negated operator (StringNotEquals, NotIpAddress) denies every request, and with a positive one never applies"
				}
				f.add("IG307", c.Key.Pos, c.Key.Path, "statement %d%s reads %s, which only requests to a private API through a VPC endpoint carry (D17); this API is public, so the key is always missing: %s. Restrict a public API's callers with aws:SourceIp, or make the API PRIVATE (if it is, say so with --endpoint-type PRIVATE)", st.Index, sid(st), c.Key.Value, effect)
			}
		}
	}
}
