package sam

import (
	"sort"
	"strings"

	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
)

// event is one Api event whose route was added, for its Auth.
type event struct {
	a    *api
	item *pathItem
	op   *operation
	auth *tree.Node
	name string
}

// functionEvents adds a function's Api events to their APIs: first every
// route, in the template's order (SAM's API plugin adds them before the
// functions are translated); then the events' Auth, function by function,
// each function's events sorted by path as SAM translates them.
func (e *expander) functionEvents(fns []tree.Member) {
	byFn := make([][]event, len(fns))
	for i, f := range fns {
		for _, ev := range members(f.Value.Get("Properties").Get("Events")) {
			if orText(ev.Value.Get("Type"), "") != "Api" {
				continue
			}
			if x, ok := e.route(f.Key, ev); ok {
				byFn[i] = append(byFn[i], x)
			}
		}
	}
	for _, evs := range byFn {
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].item.path < evs[j].item.path })
		for _, x := range evs {
			if x.auth != nil {
				e.eventAuth(x.a, x.item, x.op, x.auth, x.name)
			}
		}
	}
}

// route adds an Api event's route to its API.
func (e *expander) route(fn string, ev tree.Member) (event, bool) {
	p := ev.Value.Get("Properties")
	a := e.eventAPI(fn, ev.Key, ev.Value, p)
	if a == nil {
		return event{}, false
	}
	path, method := p.Get("Path"), p.Get("Method")
	if path == nil || path.Kind != tree.String || method == nil || method.Kind != tree.String {
		e.report(diag.Error, "invalid", ev.Value, "event %s of %s needs a Path and a Method written as text: the route is not read", ev.Key, fn)
		return event{}, false
	}
	key := strings.ToLower(method.Str)
	if key == "any" {
		key = anyMethod
	}
	if !isOperation(key) {
		e.report(diag.Error, "invalid", method, "event %s of %s has Method %q, not an HTTP method API Gateway takes", ev.Key, fn, method.Str)
		return event{}, false
	}
	item := a.path(path.Str, path)
	op := item.op(key)
	if op != nil && op.base == nil {
		e.report(diag.Error, "invalid", method, "event %s of %s defines %s %s again: SAM rejects a route defined twice", ev.Key, fn, strings.ToUpper(method.Str), path.Str)
		return event{}, false
	}
	if op == nil {
		op = &operation{key: key, at: method}
		item.ops = append(item.ops, op)
	}
	op.integrated = true // the event's Lambda integration
	return event{a: a, item: item, op: op, auth: p.Get("Auth"), name: fn + "." + ev.Key}, true
}

// eventAPI returns the API an event adds its route to: its RestApiId, else
// the implicit API.
func (e *expander) eventAPI(fn, name string, ev, p *tree.Node) *api {
	ref := p.Get("RestApiId")
	if ref == nil {
		if a := e.byID[implicitID]; a != nil {
			return a
		}
		return e.addAPI(implicitID, ev, &tree.Node{Kind: tree.Map, Pos: ev.Pos, Path: ev.Path,
			Members: []tree.Member{{Key: "StageName", Value: str("Prod", ev)}}})
	}
	id, ok := refTo(ref)
	if a := e.byID[id]; ok && a != nil {
		return a
	}
	e.report(diag.Error, "invalid", ref, "event %s of %s: RestApiId must be a Ref to an AWS::Serverless::Api of this template; the route is not read", name, fn)
	return nil
}

// path returns the API's path item, added when new.
func (a *api) path(p string, at *tree.Node) *pathItem {
	for _, it := range a.paths {
		if it.path == p {
			return it
		}
	}
	it := &pathItem{path: p, at: at}
	a.paths = append(a.paths, it)
	return it
}

func (it *pathItem) op(key string) *operation {
	for _, o := range it.ops {
		if o.key == key {
			return o
		}
	}
	return nil
}

// eventAuth applies an event's Auth to its method, as SAM does before the
// API's own Auth: the Authorizer with its scopes, ApiKeyRequired, and the
// ResourcePolicy for the event's path.
func (e *expander) eventAuth(a *api, item *pathItem, op *operation, auth *tree.Node, event string) {
	authorizers := a.auth.Get("Authorizers")
	if name := auth.Get("Authorizer"); name != nil {
		switch n := name.Str; {
		case name.Kind != tree.String || n == "":
			e.report(diag.Error, "invalid", name, "event %s's Authorizer is not a name written as text: SAM rejects it; the route keeps the API's default", event)
		case n == "NONE" && a.auth.Get("DefaultAuthorizer") == nil:
			e.report(diag.Error, "invalid", name, "event %s's Authorizer is NONE but API %s has no DefaultAuthorizer: SAM rejects it", event, a.id)
		case n != "NONE" && n != "AWS_IAM" && authorizers.Get(n) == nil:
			e.report(diag.Error, "invalid", name, "event %s names the authorizer %s, which API %s does not define in Auth.Authorizers: SAM rejects it", event, n, a.id)
		}
	}
	if name := auth.Get("Authorizer"); name != nil && name.Kind == tree.String && name.Str != "" {
		scopes := auth.Get("AuthorizationScopes")
		if scopes == nil {
			scopes = authorizers.Get(name.Str).Get("AuthorizationScopes")
		}
		if name.Str == "NONE" || authorizers.Get(name.Str) == nil || scopes == nil {
			scopes = list(name)
		}
		op.security = append(op.security, requirement(name.Str, scopes, name))
		if name.Str == "AWS_IAM" {
			a.addIAMScheme(name)
		}
	}
	if k := auth.Get("ApiKeyRequired"); k != nil {
		if e.truthy(k, event+"'s ApiKeyRequired") {
			op.security = append(op.security, requirement("api_key", list(k), k))
			a.addAPIKeyScheme(k)
		} else {
			op.security = append(op.security, requirement("api_key_false", list(k), k))
		}
	}
	if rp := auth.Get("ResourcePolicy"); rp != nil {
		e.resourcePolicy(a, rp, item)
		if cs := rp.Get("CustomStatements"); cs != nil {
			a.policy.custom(cs)
		}
	}
}

// applyAuth applies the API's Cors and Auth after its events', as SAM
// does: an OPTIONS method on every path that has none (Cors), the
// authorizers, the DefaultAuthorizer, ApiKeyRequired and the
// ResourcePolicy for every path.
func (e *expander) applyAuth(a *api) {
	if c := a.props.Get("Cors"); c != nil {
		for _, it := range a.paths {
			if it.op("options") == nil {
				it.ops = append(it.ops, &operation{key: "options", at: c, integrated: true})
			}
		}
	}
	auth := a.auth
	if auth == nil {
		return
	}
	authorizers := auth.Get("Authorizers")
	for _, m := range members(authorizers) {
		if s := e.authorizer(a, m.Key, m.Value); s != nil {
			a.addScheme(m.Key, s)
		}
	}
	if d := auth.Get("DefaultAuthorizer"); d != nil {
		if d.Str != "AWS_IAM" && authorizers.Get(d.Str) == nil {
			e.report(diag.Error, "invalid", d, "API %s's DefaultAuthorizer %s is not one of its Authorizers: SAM rejects it", a.id, d.Str)
		} else {
			e.defaultAuthorizer(a, d, isFalse(auth.Get("AddDefaultAuthorizerToCorsPreflight")))
		}
	}
	if k := auth.Get("ApiKeyRequired"); k != nil && e.truthy(k, "API "+a.id+"'s ApiKeyRequired") {
		a.addAPIKeyScheme(k)
		e.defaultAPIKey(a, k, isFalse(auth.Get("AddApiKeyRequiredToCorsPreflight")))
	}
	if rp := auth.Get("ResourcePolicy"); rp != nil {
		for _, it := range a.paths {
			e.resourcePolicy(a, rp, it)
		}
		if cs := rp.Get("CustomStatements"); cs != nil {
			a.policy.custom(cs)
		}
	}
}

// defaultAuthorizer gives every method without an authorizer of its own,
// and without NONE, the default one.
func (e *expander) defaultAuthorizer(a *api, d *tree.Node, skipOptions bool) {
	authorizers := a.auth.Get("Authorizers")
	isAuthorizer := func(name string) bool { return name == "AWS_IAM" || authorizers.Get(name) != nil }
	scopes := authorizers.Get(d.Str).Get("AuthorizationScopes")
	if scopes == nil {
		scopes = list(d)
	}
	for _, it := range a.paths {
		for _, op := range it.ops {
			if !op.integrated || skipOptions && op.key == "options" {
				continue
			}
			var rest, named []*tree.Node
			none := false
			for _, r := range op.security {
				switch {
				case anyKey(r, isAuthorizer):
					named = append(named, r)
				case !none && anyKey(r, func(k string) bool { return k == "NONE" }):
					none = true
				default:
					rest = append(rest, r)
				}
			}
			if !none && len(named) == 0 {
				named = []*tree.Node{requirement(d.Str, scopes, d)}
			}
			op.security = append(rest, named...)
			if len(op.security) > 0 && op.security[0].Get("AWS_IAM") != nil {
				a.addIAMScheme(d)
			}
		}
	}
}

// defaultAPIKey requires an API key on every method that does not say
// ApiKeyRequired: false.
func (e *expander) defaultAPIKey(a *api, at *tree.Node, skipOptions bool) {
	for _, it := range a.paths {
		for _, op := range it.ops {
			if !op.integrated {
				continue
			}
			var rest []*tree.Node
			off := false
			for _, r := range op.security {
				switch {
				case r.Get("api_key_false") != nil:
					off = true
				case r.Get("api_key") != nil:
				default:
					rest = append(rest, r)
				}
			}
			if !off && !(skipOptions && op.key == "options") {
				rest = append(rest, requirement("api_key", list(at), at))
			}
			op.security = rest
		}
	}
}

func anyKey(r *tree.Node, f func(string) bool) bool {
	for _, m := range r.Members {
		if f(m.Key) {
			return true
		}
	}
	return false
}

func isFalse(n *tree.Node) bool { return n != nil && n.Kind == tree.Bool && n.Str == "false" }

// truthy is a flag as SAM reads it: a boolean, else Python's truth of the
// value (an intrinsic function is a non-empty map, so true), reported.
func (e *expander) truthy(n *tree.Node, what string) bool {
	if n.Kind == tree.Bool {
		return n.Str == "true"
	}
	t := n.Kind == tree.String && n.Str != "" || n.Kind == tree.Map && len(n.Members) > 0 || n.Kind == tree.List && len(n.Items) > 0 || n.Kind == tree.Number && n.Str != "0"
	e.report(diag.Warning, "unsupported", n, "%s is not true or false: SAM reads it as %v, and so does iamgate", what, t)
	return t
}
