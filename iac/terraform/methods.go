package terraform

import (
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/value"
)

// pathFailed marks in builder.paths a resource whose path could not be
// read (and was reported); "" marks one being read.
const pathFailed = "\x00"

// path is the path of an aws_api_gateway_resource: its path attribute
// when known, else its parent's path and its path_part.
func (b *builder) path(r *resource) (string, bool) {
	if p, seen := b.paths[r.addr]; seen {
		if p == "" {
			b.rd.report(diag.Error, "invalid", r.node, "%s is its own ancestor through parent_id", r.addr)
			b.paths[r.addr] = pathFailed
			return "", false
		}
		return p, p != pathFailed
	}
	if p, known, set := text(r, "path"); known && set && strings.HasPrefix(p, "/") {
		b.paths[r.addr] = p
		return p, true
	}
	b.paths[r.addr] = ""
	p, ok := b.readPath(r)
	if !ok {
		p = pathFailed
	}
	if b.paths[r.addr] != pathFailed {
		b.paths[r.addr] = p
	}
	return p, ok
}

func (b *builder) readPath(r *resource) (string, bool) {
	part, known, set := text(r, "path_part")
	if !known || !set || part == "" {
		b.rd.report(diag.Error, "unresolved", r.node, "%s's path_part %q is not known before apply: the methods under it are not read", r.addr, part)
		return "", false
	}
	parent, root, ok := b.link(r, "parent_id")
	if !ok {
		s, _, _ := text(r, "parent_id")
		b.rd.report(diag.Error, "unlinked", r.node, "%s's parent_id %q names no resource or API root of this file: the methods under it are not read", r.addr, s)
		return "", false
	}
	if root {
		return "/" + part, true
	}
	pp, ok := b.path(parent)
	if !ok {
		return "", false
	}
	return strings.TrimSuffix(pp, "/") + "/" + part, true
}

// methods reads aws_api_gateway_method resources.
func (b *builder) methods() {
	for _, r := range b.rd.byType[typeMethod] {
		a := b.apiFor(r)
		if a == nil {
			continue
		}
		m, ok := b.method(r)
		if ok {
			a.Config.Methods = append(a.Config.Methods, m)
		}
	}
}

func (b *builder) method(r *resource) (apigw.MethodConfig, bool) {
	m := apigw.MethodConfig{Origin: b.loc(r.node)}
	verb, known, _ := text(r, "http_method")
	if !known || verb == "" {
		b.rd.report(diag.Error, "unresolved", r.node, "%s's http_method %q is not known before apply: it is not read", r.addr, verb)
		return m, false
	}
	m.Verb = strings.ToUpper(verb)
	target, root, ok := b.link(r, "resource_id")
	switch {
	case ok && root:
		m.Path = "/"
	case ok && target.typ == typeResource:
		if m.Path, ok = b.path(target); !ok {
			return m, false
		}
	default:
		s, _, _ := text(r, "resource_id")
		b.rd.report(diag.Error, "unlinked", r.node, "%s's resource_id %q names no aws_api_gateway_resource or API root of this file: it is not read", r.addr, s)
		return m, false
	}
	auth, _, _ := text(r, "authorization")
	t, err := apigw.ParseAuthType(auth)
	if err != nil {
		b.rd.report(diag.Error, "invalid", r.node, "%s's authorization %q is not NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS: it is read as NONE", r.addr, auth)
	}
	m.Auth = t
	if t == apigw.AuthCustom || t == apigw.AuthCognito {
		z, _, ok := b.link(r, "authorizer_id")
		if ok && z.typ == typeAuthorizer {
			m.Authorizer = z.addr
		} else {
			s, _, _ := text(r, "authorizer_id")
			b.rd.report(diag.Error, "unlinked", r.node, "%s's authorizer_id %q names no aws_api_gateway_authorizer of this file", r.addr, s)
		}
	}
	if sc := r.vals.Get("authorization_scopes"); sc != nil && sc.Kind == value.List {
		for _, it := range sc.Items {
			s, _ := it.Text()
			m.Scopes = append(m.Scopes, s)
		}
	}
	if k, _, _ := text(r, "api_key_required"); k == "true" {
		m.APIKeyRequired = true
	}
	return m, true
}

// stages reads aws_api_gateway_stage resources and the stage_name of
// aws_api_gateway_deployment (older providers create a stage from it).
func (b *builder) stages() {
	for _, typ := range []string{typeStage, typeDeployment} {
		for _, r := range b.rd.byType[typ] {
			name, known, set := text(r, "stage_name")
			if !set || name == "" {
				continue
			}
			a := b.apiFor(r)
			if a == nil {
				continue
			}
			if !known {
				b.rd.report(diag.Warning, "unresolved", r.node, "%s's stage_name %s is not known before apply", r.addr, name)
			}
			s := apigw.Stage{Name: name, Origin: b.loc(r.node)}
			if vs := r.vals.Get("variables"); vs != nil && vs.Kind == value.Map && len(vs.Members) > 0 {
				s.Variables = map[string]string{}
				for _, m := range vs.Members {
					s.Variables[m.Key], _ = m.Value.Text()
				}
			}
			dup := false
			for _, have := range a.Config.Stages {
				dup = dup || have.Name == name
			}
			if !dup {
				a.Config.Stages = append(a.Config.Stages, s)
			}
		}
	}
}

// responses reads aws_api_gateway_gateway_response resources.
func (b *builder) responses() {
	for _, r := range b.rd.byType[typeGWResponse] {
		a := b.apiFor(r)
		if a == nil {
			continue
		}
		typ, _, _ := text(r, "response_type")
		g := apigw.GatewayResponse{Type: typ, Origin: b.loc(r.node)}
		if s, known, set := text(r, "status_code"); set && s != "" {
			code, err := strconv.Atoi(s)
			if !known || err != nil {
				b.rd.report(diag.Error, "invalid", r.node, "%s's status_code %q is not a status code", r.addr, s)
			}
			g.Status = code
		}
		if ps := r.vals.Get("response_parameters"); ps != nil {
			g.Headers = value.ResponseHeaders(ps)
		}
		if ts := r.vals.Get("response_templates"); ts != nil && ts.Kind == value.Map && len(ts.Members) > 0 {
			g.Templates = map[string]string{}
			for _, m := range ts.Members {
				g.Templates[m.Key], _ = m.Value.Text()
			}
		}
		a.Config.GatewayResponses = append(a.Config.GatewayResponses, g)
	}
}
