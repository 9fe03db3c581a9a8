package cloudformation

import (
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
	val "github.com/iamgate/iamgate/iac/internal/value"
)

// builder attaches the resources that name a RestApi to it.
type builder struct {
	rd    *reader
	apis  map[string]int    // RestApi logical id → index in rd.apis
	paths map[string]string // Resource logical id → its path; "" while being computed
}

// api returns the API a RestApiId names, reporting one it cannot link.
func (b *builder) api(id string, n *tree.Node, props *Value) *API {
	ref := props.Get("RestApiId")
	if ref == nil {
		b.rd.report(diag.Error, "invalid", n, "%s has no RestApiId", id)
		return nil
	}
	name, ok := link(ref, "RestApiId")
	if i, linked := b.apis[name]; ok && linked {
		return &b.rd.apis[i]
	}
	if _, isRes := b.rd.res.resources[name]; ok && isRes {
		return nil // a RestApi left out by its condition, reported there
	}
	s, _ := ref.Text()
	b.rd.report(diag.Warning, "unsupported", ref.Node, "%s belongs to the API %s, which is not defined in this template (an existing or imported API): it is not read; put the API in the template", id, s)
	return nil
}

// link returns the logical id a reference names: Ref X, or Fn::GetAtt
// X.ATTR where ATTR is the id attribute newer resource schemas expose
// (RestApiId, ResourceId, AuthorizerId). Fn::GetAtt X.RootResourceId is
// returned as it is, for the root resource.
func link(v *Value, attr string) (string, bool) {
	sym, ok := v.SymbolOnly()
	if !ok {
		return "", false
	}
	if id, ok := strings.CutSuffix(sym, "."+attr); ok {
		return id, true
	}
	return sym, true
}

// str returns a property's text, its Value and whether it is known.
func str(props *Value, key string) (string, *Value, bool) {
	v := props.Get(key)
	if v == nil {
		return "", nil, false
	}
	s, known := v.Text()
	return s, v, known
}

// apiResources calls each with every resource of type typ that belongs to
// an API of the template; a resource whose RestApiId leads to none is
// reported (by api) and skipped.
func (b *builder) apiResources(typ string, each func(id string, n *tree.Node, props *Value, api *API)) {
	for _, id := range b.rd.byType[typ] {
		n, props, ok := b.rd.resource(id)
		if !ok {
			continue
		}
		if api := b.api(id, n, props); api != nil {
			each(id, n, props, api)
		}
	}
}

func (b *builder) authorizers() {
	b.apiResources(typeAuthorizer, func(id string, n *tree.Node, props *Value, api *API) {
		a := apigw.Authorizer{Origin: b.rd.loc(n)}
		a.Name = id
		if name, _, _ := str(props, "Name"); name != "" {
			api.AuthorizerNames[id] = name
		}
		typ, tv, _ := str(props, "Type")
		switch typ {
		case "COGNITO_USER_POOLS":
			a.Cognito = true
		case "TOKEN", "REQUEST":
			a.Type, _ = apigw.ParseAuthorizerType(typ)
		default:
			b.rd.report(diag.Error, "invalid", orNode(tv, n), "authorizer %s has type %q: expected TOKEN, REQUEST or COGNITO_USER_POOLS", id, typ)
		}
		if src, sv, _ := str(props, "IdentitySource"); sv != nil {
			for _, s := range strings.Split(src, ",") {
				if s = strings.TrimSpace(s); s != "" {
					a.IdentitySources = append(a.IdentitySources, s)
				}
			}
		}
		a.ValidationExpression, _, _ = str(props, "IdentityValidationExpression")
		b.ttl(&a, id, props)
		if uri := props.Get("AuthorizerUri"); uri != nil {
			a.Function = value(uri)
		}
		if arns := props.Get("ProviderARNs"); arns != nil && arns.Kind == List {
			for _, it := range arns.Items {
				a.Providers = append(a.Providers, value(it))
			}
		}
		api.Config.Authorizers = append(api.Config.Authorizers, a)
	})
}

// ttl reads AuthorizerResultTtlInSeconds, a number or numeric string; left
// unset, AWS's default (300) applies and the TTL stays unset.
func (b *builder) ttl(a *apigw.Authorizer, id string, props *Value) {
	s, v, known := str(props, "AuthorizerResultTtlInSeconds")
	if v == nil {
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	switch {
	case !known:
		b.rd.report(diag.Warning, "unresolved", v.Node, "authorizer %s's AuthorizerResultTtlInSeconds is %s, not known offline: AWS's default of 300 seconds is assumed", id, s)
	case err != nil:
		b.rd.report(diag.Error, "invalid", v.Node, "authorizer %s's AuthorizerResultTtlInSeconds %q is not a whole number of seconds", id, s)
	default:
		a.TTL = apigw.TTLSeconds(n)
	}
}

func orNode(v *Value, n *tree.Node) *tree.Node {
	if v != nil && v.Node != nil {
		return v.Node
	}
	return n
}

// pathFailed marks in builder.paths a Resource whose path could not be
// read (and was reported); "" marks one being read.
const pathFailed = "\x00"

// path returns the path of a Resource, walking ParentId to the root.
func (b *builder) path(id string, at *tree.Node) (string, bool) {
	switch p, ok := b.paths[id]; {
	case ok && p == "":
		b.rd.report(diag.Error, "invalid", at, "resource %s is its own ancestor through ParentId", id)
		b.paths[id] = pathFailed
		return "", false
	case ok:
		return p, p != pathFailed
	}
	b.paths[id] = ""
	p, ok := b.readPath(id)
	if !ok {
		p = pathFailed
	}
	b.paths[id] = p
	return p, ok
}

func (b *builder) readPath(id string) (string, bool) {
	n, props, ok := b.rd.resource(id)
	if !ok {
		return "", false
	}
	part, pv, known := str(props, "PathPart")
	if pv == nil || !known || part == "" {
		b.rd.report(diag.Error, "unresolved", orNode(pv, n), "resource %s has no PathPart known offline", id)
		return "", false
	}
	parent := props.Get("ParentId")
	pname, ok := link(parent, "ResourceId")
	var base string
	switch {
	case ok && strings.HasSuffix(pname, ".RootResourceId"):
		base = ""
	case ok && b.rd.res.resources[pname] == typeResource:
		if base, ok = b.path(pname, orNode(parent, n)); !ok {
			return "", false
		}
	default:
		b.rd.report(diag.Error, "unresolved", orNode(parent, n), "resource %s's ParentId names no resource of the template nor a RestApi's RootResourceId", id)
		return "", false
	}
	return base + "/" + part, true
}

func (b *builder) methods() {
	b.apiResources(typeMethod, func(id string, n *tree.Node, props *Value, api *API) {
		m, ok := b.method(id, n, props)
		if ok {
			api.Config.Methods = append(api.Config.Methods, m)
		}
	})
}

func (b *builder) method(id string, n *tree.Node, props *Value) (apigw.MethodConfig, bool) {
	m := apigw.MethodConfig{Origin: b.rd.loc(n)}
	verb, vv, known := str(props, "HttpMethod")
	if vv == nil || !known {
		b.rd.report(diag.Error, "unresolved", orNode(vv, n), "method %s has no HttpMethod known offline", id)
		return m, false
	}
	m.Verb = strings.ToUpper(verb)
	res := props.Get("ResourceId")
	rname, ok := link(res, "ResourceId")
	switch {
	case ok && strings.HasSuffix(rname, ".RootResourceId"):
		m.Path = "/"
	case ok && b.rd.res.resources[rname] == typeResource:
		if m.Path, ok = b.path(rname, orNode(res, n)); !ok {
			return m, false
		}
	default:
		b.rd.report(diag.Error, "unresolved", orNode(res, n), "method %s's ResourceId names no resource of the template nor a RestApi's RootResourceId", id)
		return m, false
	}
	auth, av, known := str(props, "AuthorizationType")
	switch {
	case av == nil:
		b.rd.report(diag.Warning, "defaulted", n, "method %s (%s) has no AuthorizationType: it is read as NONE", id, m.Route())
	case !known:
		b.rd.report(diag.Error, "unresolved", av.Node, "method %s's AuthorizationType is %s, not known offline: it is read as NONE; give the values it depends on", id, auth)
	default:
		t, err := apigw.ParseAuthType(auth)
		if err != nil {
			b.rd.report(diag.Error, "invalid", av.Node, "method %s's AuthorizationType %q is not NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS", id, auth)
		}
		m.Auth = t
	}
	if az := props.Get("AuthorizerId"); az != nil {
		name, ok := link(az, "AuthorizerId")
		if ok && b.rd.res.resources[name] == typeAuthorizer {
			m.Authorizer = name
		} else {
			s, _ := az.Text()
			b.rd.report(diag.Error, "unresolved", az.Node, "method %s's AuthorizerId %s names no authorizer of the template", id, s)
		}
	}
	if sc := props.Get("AuthorizationScopes"); sc != nil && sc.Kind == List {
		for _, it := range sc.Items {
			s, _ := it.Text()
			m.Scopes = append(m.Scopes, s)
		}
	}
	if k, kv, known := str(props, "ApiKeyRequired"); kv != nil {
		if !known {
			b.rd.report(diag.Warning, "unresolved", kv.Node, "method %s's ApiKeyRequired is %s, not known offline: it is read as false", id, k)
		}
		m.APIKeyRequired = known && strings.EqualFold(k, "true")
	}
	return m, true
}

// stages reads Stage resources and the stages Deployments create.
func (b *builder) stages() {
	for _, typ := range []string{typeDeployment, typeStage} {
		for _, id := range b.rd.byType[typ] {
			n, props, ok := b.rd.resource(id)
			if !ok {
				continue
			}
			name, nv, known := str(props, "StageName")
			if nv == nil {
				continue // a Deployment without a stage
			}
			api := b.api(id, n, props)
			if api == nil {
				continue
			}
			if !known {
				b.rd.report(diag.Warning, "unresolved", nv.Node, "%s's StageName is %s, not known offline: that stage is left out; give the values it depends on", id, name)
				continue
			}
			vars := props.Get("Variables")
			if typ == typeDeployment {
				vars = props.Get("StageDescription").Get("Variables")
			}
			b.addStage(api, apigw.Stage{Name: name, Variables: b.variables(id, vars), Origin: b.rd.vloc(nv, n)})
		}
	}
}

// addStage adds a stage, merging one named twice (a Deployment's
// StageName and a Stage resource of the same name).
func (b *builder) addStage(api *API, s apigw.Stage) {
	for i := range api.Config.Stages {
		old := &api.Config.Stages[i]
		if old.Name != s.Name {
			continue
		}
		for k, v := range s.Variables {
			if old.Variables == nil {
				old.Variables = map[string]string{}
			}
			old.Variables[k] = v
		}
		return
	}
	api.Config.Stages = append(api.Config.Stages, s)
}

func (b *builder) variables(id string, v *Value) map[string]string {
	if v == nil || v.Kind != Map {
		return nil
	}
	out := map[string]string{}
	for _, m := range v.Members {
		s, known := m.Value.Text()
		if !known {
			b.rd.report(diag.Warning, "unresolved", m.Value.Node, "%s's stage variable %s is %s, not known offline", id, m.Key, s)
		}
		out[m.Key] = s
	}
	return out
}

func (b *builder) gatewayResponses() {
	b.apiResources(typeGWResponse, func(id string, n *tree.Node, props *Value, api *API) {
		r := apigw.GatewayResponse{Origin: b.rd.loc(n)}
		r.Type, _, _ = str(props, "ResponseType")
		if s, sv, _ := str(props, "StatusCode"); sv != nil {
			code, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				b.rd.report(diag.Error, "invalid", sv.Node, "gateway response %s's StatusCode %q is not a status code", id, s)
			}
			r.Status = code
		}
		r.Headers = val.ResponseHeaders(props.Get("ResponseParameters"))
		if ts := props.Get("ResponseTemplates"); ts != nil && ts.Kind == Map {
			r.Templates = map[string]string{}
			for _, m := range ts.Members {
				r.Templates[m.Key], _ = m.Value.Text()
			}
		}
		api.Config.GatewayResponses = append(api.Config.GatewayResponses, r)
	})
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

func itoa(i int) string { return strconv.Itoa(i) }

func headerValue(v *Value) string { return val.ResponseHeader(v) }
