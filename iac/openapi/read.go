package openapi

import (
	"sort"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
	"github.com/iamgate/iamgate/iac/internal/value"
	"github.com/iamgate/iamgate/policy"
)

// The operations of an OpenAPI path item, and API Gateway's ANY.
var operationVerbs = map[string]string{
	"get": "GET", "put": "PUT", "post": "POST", "delete": "DELETE", "options": "OPTIONS", "head": "HEAD",
	"patch": "PATCH", "x-amazon-apigateway-any-method": "ANY",
}

// scheme is what an OpenAPI security scheme means to API Gateway.
type scheme struct {
	auth   apigw.AuthType // AuthCustom, AuthCognito or AuthIAM; AuthNone for an API key
	apiKey bool
}

// reader reads one document.
type reader struct {
	rep  value.Reporter
	name string
}

func (rd *reader) report(sev diag.Severity, code string, n *tree.Node, format string, args ...any) {
	rd.rep.Report(sev, code, n, format, args...)
}

func (rd *reader) read(d *Document, doc *Value) {
	if doc == nil {
		rd.report(diag.Error, "invalid", nil, "%s is empty", rd.name)
		return
	}
	if doc.Kind != value.Map {
		rd.report(diag.Error, "invalid", doc.Node, "%s is not an OpenAPI document (a map); it holds %s", rd.name, value.ArgText(doc))
		return
	}
	d.Config.Origin = rd.loc(doc.Node)
	d.Config.Partition, d.Config.Region = apigw.Unknown("AWS::Partition"), apigw.Unknown("AWS::Region")
	d.Config.Account, d.Config.ID = apigw.Unknown("AWS::AccountId"), apigw.Unknown(DocumentID)
	v := doc.Get("swagger")
	if v == nil {
		v = doc.Get("openapi")
	}
	if v != nil {
		d.Version, _ = v.Text()
	}
	if t := doc.Get("info").Get("title"); t != nil {
		d.Config.Name, _ = t.Text()
	}
	schemes := rd.schemes(d, doc)
	if sec := doc.Get("security"); sec != nil && sec.Kind == value.List && len(sec.Items) > 0 {
		owner := rd.name + "'s document-level security"
		if rd.name == "the document" {
			owner = "the document-level security"
		}
		rd.report(diag.Warning, "ignored", sec.Node, "%s is not applied by API Gateway's import (set security per operation); iamgate ignores it", owner)
	}
	rd.paths(d, doc.Get("paths"), schemes)
	d.PolicyValue = doc.Get("x-amazon-apigateway-policy")
	rd.responses(d, doc.Get("x-amazon-apigateway-gateway-responses"))
	rd.endpoint(d, doc.Get("x-amazon-apigateway-endpoint-configuration"))
	if s := doc.Get("x-amazon-apigateway-api-key-source"); s != nil {
		src, _ := s.Text()
		switch up := strings.ToUpper(src); up {
		case "HEADER", "AUTHORIZER":
			d.APIKeySource = up
			d.Config.APIKeySource, _ = apigw.ParseAPIKeySource(up)
		default:
			rd.report(diag.Error, "invalid", s.Node, "x-amazon-apigateway-api-key-source %q is not HEADER or AUTHORIZER", src)
		}
	}
	rd.server(d, doc)
}

func (rd *reader) loc(n *tree.Node) apigw.Location {
	if n == nil {
		return apigw.Location{File: rd.rep.File}
	}
	return apigw.Location{File: rd.rep.File, Pos: policy.Pos{Line: n.Pos.Line, Column: n.Pos.Column}, Path: n.Path}
}

// apiValue turns a scalar into an apigw.Value: known text, or the text
// with its symbols as the symbol.
func apiValue(v *Value) apigw.Value {
	s, known := v.Text()
	if known {
		return apigw.Known(s)
	}
	return apigw.Unknown(s)
}

// orNode is v's node, or n.
func orNode(v *Value, n *tree.Node) *tree.Node {
	if v != nil && v.Node != nil {
		return v.Node
	}
	return n
}

// schemes reads the security schemes and adds their authorizers.
func (rd *reader) schemes(d *Document, doc *Value) map[string]scheme {
	defs := doc.Get("securityDefinitions")
	if defs == nil {
		defs = doc.Get("components").Get("securitySchemes")
	}
	out := map[string]scheme{}
	if defs == nil || defs.Kind != value.Map {
		return out
	}
	for _, m := range defs.Members {
		s := m.Value
		authtype, _ := s.Get("x-amazon-apigateway-authtype").Text()
		ext := s.Get("x-amazon-apigateway-authorizer")
		typ, _ := s.Get("type").Text()
		switch {
		case ext != nil:
			a := rd.authorizer(m.Key, s, ext)
			d.Config.Authorizers = append(d.Config.Authorizers, a)
			d.AuthorizerNames[m.Key] = m.Key // API Gateway names it after the scheme
			out[m.Key] = scheme{auth: apigw.AuthCustom}
			if a.Cognito {
				out[m.Key] = scheme{auth: apigw.AuthCognito}
			}
		case strings.HasPrefix(strings.ToLower(authtype), "aws"):
			out[m.Key] = scheme{auth: apigw.AuthIAM}
		case authtype != "":
			rd.report(diag.Error, "invalid", s.Node, "security scheme %s has x-amazon-apigateway-authtype %q but no x-amazon-apigateway-authorizer: API Gateway's import fails on it", m.Key, authtype)
		case typ == "apiKey":
			out[m.Key] = scheme{apiKey: true}
		default:
			rd.report(diag.Warning, "ignored", s.Node, "security scheme %s (%s) has no API Gateway extension: API Gateway does not use it", m.Key, typ)
		}
	}
	return out
}

// authorizer reads x-amazon-apigateway-authorizer.
func (rd *reader) authorizer(name string, s, ext *Value) apigw.Authorizer {
	a := apigw.Authorizer{Origin: rd.loc(orNode(ext, s.Node))}
	a.Name = name
	typ, _ := ext.Get("type").Text()
	switch strings.ToLower(typ) {
	case "token":
		a.Type = apigw.TokenAuthorizer
	case "request":
		a.Type = apigw.RequestAuthorizer
	case "cognito_user_pools":
		a.Cognito = true
	default:
		rd.report(diag.Error, "invalid", orNode(ext.Get("type"), ext.Node), "authorizer %s has type %q: expected token, request or cognito_user_pools", name, typ)
	}
	if src, ok := ext.Get("identitySource").Text(); ext.Get("identitySource") != nil {
		if !ok {
			rd.report(diag.Warning, "unresolved", ext.Get("identitySource").Node, "authorizer %s's identitySource %s is not known offline", name, src)
		}
		for _, part := range strings.Split(src, ",") {
			if part = strings.TrimSpace(part); part != "" {
				a.IdentitySources = append(a.IdentitySources, part)
			}
		}
	} else if in, _ := s.Get("in").Text(); in == "header" && a.Type == apigw.TokenAuthorizer || a.Cognito {
		// API Gateway takes the token's header from the scheme's name.
		if header, ok := s.Get("name").Text(); ok && header != "" {
			a.IdentitySources = []string{"method.request.header." + header}
		}
	}
	a.ValidationExpression, _ = ext.Get("identityValidationExpression").Text()
	if v := ext.Get("authorizerResultTtlInSeconds"); v != nil {
		s, known := v.Text()
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if known && err == nil {
			a.TTL = apigw.TTLSeconds(n)
		} else {
			rd.report(diag.Error, "invalid", v.Node, "authorizer %s's authorizerResultTtlInSeconds %q is not a whole number of seconds known offline", name, s)
		}
	}
	if uri := ext.Get("authorizerUri"); uri != nil {
		a.Function = apiValue(uri)
	}
	if arns := ext.Get("providerARNs"); arns != nil && arns.Kind == value.List {
		for _, it := range arns.Items {
			a.Providers = append(a.Providers, apiValue(it))
		}
	}
	return a
}

// paths reads the operations of the paths as methods.
func (rd *reader) paths(d *Document, paths *Value, schemes map[string]scheme) {
	if paths == nil || paths.Kind != value.Map {
		return
	}
	for _, p := range paths.Members {
		if p.Value.Kind != value.Map {
			continue
		}
		for _, op := range p.Value.Members {
			verb, ok := operationVerbs[op.Key]
			if !ok {
				continue
			}
			m := apigw.MethodConfig{Verb: verb, Path: p.Key, Origin: rd.loc(orNode(op.Value, p.Value.Node))}
			rd.operationAuth(&m, op.Value, schemes)
			d.Config.Methods = append(d.Config.Methods, m)
		}
	}
}

// operationAuth sets a method's authorization from the operation's
// x-amazon-apigateway-auth and security requirements.
func (rd *reader) operationAuth(m *apigw.MethodConfig, op *Value, schemes map[string]scheme) {
	if t, ok := op.Get("x-amazon-apigateway-auth").Get("type").Text(); ok && strings.EqualFold(t, "AWS_IAM") {
		m.Auth = apigw.AuthIAM
	}
	sec := op.Get("security")
	if sec == nil || sec.Kind != value.List {
		return
	}
	var named []string
	for _, req := range sec.Items {
		for _, r := range req.Members {
			s, defined := schemes[r.Key]
			switch {
			case !defined && r.Key == "NONE":
			case !defined:
				rd.report(diag.Error, "invalid", req.Node, "%s's security names %s, which is not a security scheme of %s", m.Route(), r.Key, rd.name)
			case s.apiKey:
				m.APIKeyRequired = true
			case m.Auth == apigw.AuthIAM && s.auth == apigw.AuthIAM:
			default:
				named = append(named, r.Key)
				m.Auth = s.auth
				if s.auth != apigw.AuthIAM {
					m.Authorizer = r.Key
				}
				if s.auth == apigw.AuthCognito {
					m.Scopes = texts(r.Value)
				}
			}
		}
	}
	if len(named) > 1 {
		sort.Strings(named)
		rd.report(diag.Warning, "conflict", sec.Node, "%s's security names several authorizations (%s); a REST API method has one: iamgate reads the last", m.Route(), strings.Join(named, ", "))
	}
}

func texts(v *Value) []string {
	if v == nil || v.Kind != value.List {
		return nil
	}
	var out []string
	for _, it := range v.Items {
		s, _ := it.Text()
		out = append(out, s)
	}
	return out
}

// responses reads x-amazon-apigateway-gateway-responses.
func (rd *reader) responses(d *Document, rs *Value) {
	if rs == nil || rs.Kind != value.Map {
		return
	}
	for _, m := range rs.Members {
		r := apigw.GatewayResponse{Type: m.Key, Origin: rd.loc(orNode(m.Value, rs.Node))}
		if s, ok := m.Value.Get("statusCode").Text(); ok {
			code, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				rd.report(diag.Error, "invalid", m.Value.Node, "gateway response %s's statusCode %q is not a status code", m.Key, s)
			}
			r.Status = code
		}
		r.Headers = value.ResponseHeaders(m.Value.Get("responseParameters"))
		if ts := m.Value.Get("responseTemplates"); ts != nil && ts.Kind == value.Map {
			r.Templates = map[string]string{}
			for _, t := range ts.Members {
				r.Templates[t.Key], _ = t.Value.Text()
			}
		}
		d.Config.GatewayResponses = append(d.Config.GatewayResponses, r)
	}
}

// modelErrors are apigw's own checks of the model, as diagnostics.
func modelErrors(file string, err error) []Diagnostic {
	list, ok := err.(policy.ErrorList)
	if !ok {
		return []Diagnostic{{Severity: diag.Error, Code: "model", File: file, Message: err.Error()}}
	}
	var out []Diagnostic
	for _, e := range list {
		out = append(out, Diagnostic{Severity: diag.Error, Code: "model", File: file, Line: e.Pos.Line, Column: e.Pos.Column, Pointer: e.Path, Message: e.Msg})
	}
	return out
}
