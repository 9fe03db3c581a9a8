package cloudformation

import (
	"sort"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
)

// The operations of an OpenAPI path item, and API Gateway's ANY.
var operationVerbs = map[string]string{
	"get": "GET", "put": "PUT", "post": "POST", "delete": "DELETE", "options": "OPTIONS", "head": "HEAD",
	"patch": "PATCH", "x-amazon-apigateway-any-method": "ANY",
}

// scheme is what an OpenAPI security scheme means to API Gateway.
type scheme struct {
	auth      apigw.AuthType // AuthCustom, AuthCognito or AuthIAM; AuthNone for an API key
	apiKey    bool
	undefined bool
}

// readBody reads a RestApi's OpenAPI Body (Swagger 2.0 or OpenAPI 3, with
// API Gateway's extensions): its authorizers, methods, resource policy and
// gateway responses.
func (rd *reader) readBody(api *API, body, policyProp *Value) {
	if body.Kind == String {
		body = rd.bodyFromText(body)
		if body == nil {
			return
		}
	}
	if body.Kind != Map {
		rd.report(diag.Error, "unresolved", body.Node, "RestApi %s's Body is not an OpenAPI document known offline (%s): its methods are missing from the model", api.LogicalID, argText(body))
		return
	}
	schemes := rd.bodySchemes(api, body)
	if sec := body.Get("security"); sec != nil {
		rd.report(diag.Warning, "ignored", sec.Node, "the Body's document-level security is not applied by API Gateway's import (set security per operation); iamgate ignores it")
	}
	rd.bodyPaths(api, body.Get("paths"), schemes)
	if p := body.Get("x-amazon-apigateway-policy"); p != nil {
		if policyProp != nil && policyProp.Node != nil {
			rd.report(diag.Warning, "conflict", p.Node, "RestApi %s has a resource policy in both its Body's x-amazon-apigateway-policy (here) and its Policy property (at %d:%d); which one API Gateway keeps is not documented: iamgate reads the Policy property", api.LogicalID, policyProp.Node.Pos.Line, policyProp.Node.Pos.Column)
		} else {
			rd.policy(api, p)
		}
	}
	rd.bodyResponses(api, body.Get("x-amazon-apigateway-gateway-responses"))
}

// bodyFromText reads a Body written as a JSON or YAML string.
func (rd *reader) bodyFromText(body *Value) *Value {
	s, known := body.Text()
	if !known {
		rd.report(diag.Error, "unresolved", body.Node, "the Body depends on values not known offline (%s): its methods are missing from the model", strings.Join(wrap(body.Symbols()), ", "))
		return nil
	}
	n, err := tree.Parse(rd.file, []byte(s), tree.Limits{})
	if err != nil {
		rd.report(diag.Error, "syntax", body.Node, "the Body is not a JSON or YAML document: %v", err)
		return nil
	}
	rewrite(n, body.Node) // positions inside the string are not the file's
	return rd.res.resolve(n)
}

// rewrite puts every node of a tree read from a string at that string's
// place in the file.
func rewrite(n, at *tree.Node) {
	n.Pos, n.Path = at.Pos, at.Path
	for _, it := range n.Items {
		rewrite(it, at)
	}
	for i := range n.Members {
		rewrite(n.Members[i].Value, at)
	}
}

// bodySchemes reads the security schemes and adds their authorizers.
func (rd *reader) bodySchemes(api *API, body *Value) map[string]scheme {
	defs := body.Get("securityDefinitions")
	if defs == nil {
		defs = body.Get("components").Get("securitySchemes")
	}
	out := map[string]scheme{}
	if defs == nil || defs.Kind != Map {
		return out
	}
	for _, m := range defs.Members {
		s := m.Value
		authtype, _ := s.Get("x-amazon-apigateway-authtype").Text()
		ext := s.Get("x-amazon-apigateway-authorizer")
		typ, _ := s.Get("type").Text()
		switch {
		case ext != nil:
			a, cognito := rd.bodyAuthorizer(m.Key, s, ext)
			api.Config.Authorizers = append(api.Config.Authorizers, a)
			api.AuthorizerNames[m.Key] = m.Key // API Gateway names it after the scheme
			out[m.Key] = scheme{auth: apigw.AuthCustom}
			if cognito {
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

// bodyAuthorizer reads x-amazon-apigateway-authorizer; it reports whether
// the authorizer is a Cognito user pool one.
func (rd *reader) bodyAuthorizer(name string, s, ext *Value) (apigw.Authorizer, bool) {
	a := apigw.Authorizer{Origin: rd.vloc(ext, nil)}
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
		a.Function = value(uri)
	}
	if arns := ext.Get("providerARNs"); arns != nil && arns.Kind == List {
		for _, it := range arns.Items {
			a.Providers = append(a.Providers, value(it))
		}
	}
	return a, a.Cognito
}

// bodyPaths reads the operations of the Body's paths as methods.
func (rd *reader) bodyPaths(api *API, paths *Value, schemes map[string]scheme) {
	if paths == nil || paths.Kind != Map {
		return
	}
	for _, p := range paths.Members {
		if p.Value.Kind != Map {
			continue
		}
		for _, op := range p.Value.Members {
			verb, ok := operationVerbs[op.Key]
			if !ok {
				continue
			}
			m := apigw.MethodConfig{Verb: verb, Path: p.Key, Origin: rd.vloc(op.Value, nil)}
			rd.operationAuth(&m, op.Value, schemes)
			api.Config.Methods = append(api.Config.Methods, m)
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
	if sec == nil || sec.Kind != List {
		return
	}
	var named []string
	for _, req := range sec.Items {
		for _, r := range req.Members {
			s, defined := schemes[r.Key]
			switch {
			case !defined && r.Key == "NONE":
			case !defined:
				rd.report(diag.Error, "invalid", req.Node, "%s's security names %s, which is not a security scheme of the Body", m.Route(), r.Key)
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
	if v == nil || v.Kind != List {
		return nil
	}
	var out []string
	for _, it := range v.Items {
		s, _ := it.Text()
		out = append(out, s)
	}
	return out
}

// bodyResponses reads x-amazon-apigateway-gateway-responses.
func (rd *reader) bodyResponses(api *API, rs *Value) {
	if rs == nil || rs.Kind != Map {
		return
	}
	for _, m := range rs.Members {
		r := apigw.GatewayResponse{Type: m.Key, Origin: rd.vloc(m.Value, nil)}
		if s, ok := m.Value.Get("statusCode").Text(); ok {
			code, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				rd.report(diag.Error, "invalid", m.Value.Node, "gateway response %s's statusCode %q is not a status code", m.Key, s)
			}
			r.Status = code
		}
		r.Headers = responseHeaders(m.Value.Get("responseParameters"))
		if ts := m.Value.Get("responseTemplates"); ts != nil && ts.Kind == Map {
			r.Templates = map[string]string{}
			for _, t := range ts.Members {
				r.Templates[t.Key], _ = t.Value.Text()
			}
		}
		api.Config.GatewayResponses = append(api.Config.GatewayResponses, r)
	}
}

// responseHeaders reads gatewayresponse.header.NAME parameters.
func responseHeaders(ps *Value) map[string]string {
	if ps == nil || ps.Kind != Map {
		return nil
	}
	var out map[string]string
	for _, m := range ps.Members {
		name, ok := strings.CutPrefix(m.Key, "gatewayresponse.header.")
		if !ok {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[name] = headerValue(m.Value)
	}
	return out
}
