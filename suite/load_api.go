package suite

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
	yaml "go.yaml.in/yaml/v4"
)

// authChoice is one way a method can be authorized: NONE, AWS_IAM or a
// named authorizer, compiled into a gateway once.
type authChoice struct {
	name  string
	gw    *apigw.Gateway
	authz *authorizer
}

// callerSpec is a caller defined under callers: the IAM principal that
// signs a request, its identity policies, and the keys AWS sets for it
// (organization, tags).
type callerSpec struct {
	caller    eval.Caller
	policies  *eval.PolicySet
	docs      []*policy.Document
	orgID     string
	orgPaths  []string
	tags      map[string]string
	line      int
	principal string
}

// api reads the API the requests call: its ARN, or a mapping of its
// partition (aws by default), region, account and id. false when it has
// a problem (reported): no request can be built without it.
func (l *loader) api(f field) bool {
	var text string
	if f.val != nil && f.val.Kind == yaml.MappingNode {
		parts := l.fields(f.val, f.path, "api", "partition", "region", "account", "id")
		if parts == nil {
			return false
		}
		complete := true
		get := func(k, def string) string {
			if g, ok := parts[k]; ok {
				s, good := l.str(g, "api "+k)
				complete = complete && good
				return s
			}
			if def == "" {
				l.errorf(f.val, f.path, "api has no %s", k)
				complete = false
			}
			return def
		}
		text = "arn:" + get("partition", "aws") + ":execute-api:" + get("region", "") + ":" + get("account", "") + ":" + get("id", "")
		if !complete {
			// The missing parts are reported: the ARN they would make
			// says nothing more.
			return false
		}
	} else {
		s, ok := l.str(f, "api")
		if !ok {
			return false
		}
		text = s
	}
	a, err := arn.ParseAPI(text)
	if err != nil {
		l.errorf(f.val, f.path, "api: %v", trimPkg(err))
		return false
	}
	l.s.API = a
	return true
}

// choice reads (once) an authorization: NONE, AWS_IAM or an authorizer's
// name. Its gateway is the API model's, once the model is built
// (buildModel).
func (l *loader) choice(f field, name string) *authChoice {
	if c, ok := l.choices[name]; ok {
		if c != nil && c.authz != nil {
			c.authz.used = true
		}
		return c
	}
	var a *authorizer
	switch name {
	case "NONE", "AWS_IAM":
	case "CUSTOM", "COGNITO_USER_POOLS":
		l.errorf(f.val, f.path, "auth %q: name the authorizer (defined under authorizers) instead of its type", name)
		return nil
	default:
		a = l.authorizers[name]
		if a == nil {
			names := slices.Sorted(maps.Keys(l.authorizers))
			l.errorf(f.val, f.path, "auth must be NONE, AWS_IAM or the name of an authorizer defined under authorizers (%s), not %q", strings.Join(append([]string{"NONE", "AWS_IAM"}, names...), ", "), name)
			return nil
		}
		a.used = true
	}
	c := &authChoice{name: name, authz: a}
	l.choices[name] = c
	return c
}

// routeList reads the API's routes: a verb and path template each, with
// the auth it uses (the API's when it names none). A route written twice
// is reported.
func (l *loader) routeList(f field) {
	seen := map[string]int{}
	for _, item := range l.list(f, "routes") {
		var text string
		var authF field
		hasAuth := false
		if item.val != nil && item.val.Kind == yaml.MappingNode {
			fs := l.fields(item.val, item.path, "a route", "route", "auth")
			if fs == nil {
				continue
			}
			rf, ok := fs["route"]
			if !ok {
				l.errorf(item.val, item.path, "a route needs route: the verb and path template, such as GET /orders/{id}")
				continue
			}
			if text, ok = l.str(rf, "route"); !ok {
				continue
			}
			authF, hasAuth = fs["auth"]
		} else {
			s, ok := l.str(item, "a route")
			if !ok {
				continue
			}
			text = s
		}
		r, err := parseRoute(text)
		if err != nil {
			l.errorf(item.val, item.path, "%v", err)
			continue
		}
		if line, ok := seen[r.text]; ok {
			l.errorf(item.val, item.path, "route %s repeats the route at line %d", r.text, line)
			continue
		}
		seen[r.text] = item.val.Line
		r.line = item.val.Line
		r.auth = l.apiAuth
		if hasAuth {
			if s, ok := l.str(authF, "auth"); ok {
				r.auth = l.choice(authF, s)
			}
		}
		l.routes = append(l.routes, r)
	}
}

// callerEntry reads a caller defined under callers: its principal ARN,
// identity policies, organization and tags.
func (l *loader) callerEntry(e namedField) {
	// The name is known even when the entry is broken, so that requests
	// naming it do not report it again; no request is built then.
	l.callers[e.name] = nil
	before := len(l.errs)
	defer func() {
		if len(l.errs) > before {
			l.broken = true
		}
	}()
	fs := l.fields(e.val, e.path, "caller "+strconv.Quote(e.name), "arn", "policies", "orgId", "orgPaths", "tags")
	if fs == nil {
		return
	}
	cs := &callerSpec{line: e.key.Line}
	// The policies, organization and tags are read even when the arn is
	// wrong: their problems are its caller's too.
	arnOK := false
	if af, ok := fs["arn"]; !ok {
		l.errorf(e.key, e.path, "caller %q has no arn: the IAM principal that signs the request, such as arn:aws:iam::123456789012:user/alice", e.name)
	} else if s, ok := l.str(af, "arn"); ok {
		if c, err := eval.NewCaller(s); err != nil {
			l.errorf(af.val, af.path, "%s", trimPkg(err))
		} else {
			cs.caller, cs.principal, arnOK = c, s, true
		}
	}
	if f, ok := fs["policies"]; ok {
		items := []field{f}
		if f.val != nil && f.val.Kind == yaml.SequenceNode {
			items = l.list(f, "policies")
		}
		parsed := true
		for _, it := range items {
			if d := l.document(it, "an identity policy", policy.IdentityBased); d != nil && l.compiles(d, it) {
				cs.docs = append(cs.docs, d)
			} else {
				parsed, l.broken = false, true
			}
		}
		if len(cs.docs) > 0 && parsed {
			cs.policies = l.policySet(cs.docs, f, e.name)
		}
	}
	if f, ok := fs["orgId"]; ok {
		cs.orgID, _ = l.str(f, "orgId")
	}
	if f, ok := fs["orgPaths"]; ok {
		cs.orgPaths, _ = l.strs(f, "orgPaths")
	}
	if f, ok := fs["tags"]; ok {
		cs.tags = map[string]string{}
		for k, v := range l.singleValues(f, "tags") {
			cs.tags[k] = v[len(v)-1]
		}
	}
	if !arnOK {
		return // reported; requests naming the caller are not built
	}
	l.callers[e.name] = cs
}

// sourcesOrNil is the identity sources of the choice's authorizer, or nil
// when the choice has no gateway.
func (c *authChoice) sourcesOrNil() []string {
	if c.gw == nil {
		return nil
	}
	return c.gw.IdentitySources()
}

// messages reads which wording of API Gateway's messages the suite
// expects: current or legacy.
func (l *loader) messages(top map[string]field) {
	f, ok := top["messages"]
	if !ok {
		return
	}
	if s, ok := l.str(f, "messages"); ok {
		m, err := apigw.ParseMessageStyle(s)
		if err != nil {
			l.errorf(f.val, f.path, "messages must be current or legacy, not %q", s)
		}
		l.s.Messages = m
	}
}

// resourcePolicy reads and compiles the API's resource policy. When it
// has problems (reported), the suite is broken: no request is built.
func (l *loader) resourcePolicy(top map[string]field) {
	f, ok := top["resourcePolicy"]
	if !ok {
		return
	}
	l.rp = l.document(f, "the resource policy", policy.ResourceBased)
	if l.rp == nil {
		l.broken = true
	} else if !l.compiles(l.rp, f) {
		l.rp, l.broken = nil, true
	}
}

// authorization reads the authorizers, then the API's auth (NONE when it
// has none) and the routes, each with its own auth or the API's.
func (l *loader) authorization(top map[string]field) {
	l.authorizers = map[string]*authorizer{}
	l.choices = map[string]*authChoice{}
	if f, ok := top["authorizers"]; ok {
		for _, e := range l.entries(f, "authorizers") {
			l.authorizer(e)
		}
	}
	l.apiAuth = l.choice(field{}, "NONE")
	if f, ok := top["auth"]; ok {
		if s, ok := l.str(f, "auth"); ok {
			l.apiAuth = l.choice(f, s)
		}
	}
	if f, ok := top["routes"]; ok {
		l.routeList(f)
	}
	l.buildModel(orField(top, "routes", "auth"))
}

// orField is the first of keys that top has, for reporting at it; the
// zero field when it has none.
func orField(top map[string]field, keys ...string) field {
	for _, k := range keys {
		if f, ok := top[k]; ok {
			return f
		}
	}
	return field{}
}

// callerList reads the named callers that sign AWS_IAM requests.
func (l *loader) callerList(top map[string]field) {
	l.callers = map[string]*callerSpec{}
	if f, ok := top["callers"]; ok {
		for _, e := range l.entries(f, "callers") {
			l.callerEntry(e)
		}
	}
}
