package sam

import (
	"strings"

	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
)

// authorizer returns the security scheme SAM writes for an authorizer of
// Auth.Authorizers: a Lambda TOKEN or REQUEST authorizer (FunctionArn) or a
// Cognito user pool one (UserPoolArn); nil for one that is neither.
func (e *expander) authorizer(a *api, name string, z *tree.Node) *tree.Node {
	identity := z.Get("Identity")
	if z.Get("UserPoolArn") != nil {
		arns := z.Get("UserPoolArn")
		if arns.Kind != tree.List || isIntrinsic(arns) {
			arns = list(arns, arns)
		}
		ext := mapNode(z, "type", str("cognito_user_pools", z), "providerARNs", arns)
		addValidation(ext, identity)
		return scheme(z, e.text(identity.Get("Header"), "Authorization", name+"'s Identity.Header"), "cognito_user_pools", ext)
	}
	fn := z.Get("FunctionArn")
	if fn == nil {
		e.report(diag.Error, "invalid", z, "authorizer %s of API %s has neither FunctionArn nor UserPoolArn: SAM rejects it; it is left out", name, a.id)
		return nil
	}
	payload := strings.ToUpper(e.text(z.Get("FunctionPayloadType"), "TOKEN", name+"'s FunctionPayloadType"))
	uri := mapNode(fn, "Fn::Sub", list(fn,
		str("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations", fn),
		mapNode(fn, "__FunctionArn__", fn)))
	ext := mapNode(z, "type", str(strings.ToLower(payload), z), "authorizerUri", uri)
	ttl := identity.Get("ReauthorizeEvery")
	if ttl != nil {
		add(ext, "authorizerResultTtlInSeconds", ttl)
	}
	if role := z.Get("FunctionInvokeRole"); role != nil && role.Str != "NONE" {
		add(ext, "authorizerCredentials", role)
	}
	header := e.text(identity.Get("Header"), "Authorization", name+"'s Identity.Header")
	switch payload {
	case "TOKEN":
		addValidation(ext, identity)
	case "REQUEST":
		header = "Unused"
		if src := e.identitySource(name, identity); src != "" {
			add(ext, "identitySource", str(src, orNode(identity, z)))
		} else if ttl == nil || ttl.Str != "0" {
			e.report(diag.Error, "invalid", z, "REQUEST authorizer %s of API %s has no identity source (Identity Headers, QueryStrings, StageVariables or Context) while caching is on: SAM rejects it; name one, or set ReauthorizeEvery: 0", name, a.id)
		}
	default:
		e.report(diag.Error, "invalid", z.Get("FunctionPayloadType"), "authorizer %s's FunctionPayloadType is %q: SAM takes TOKEN or REQUEST", name, payload)
	}
	return scheme(z, header, "custom", ext)
}

func scheme(at *tree.Node, header, authtype string, ext *tree.Node) *tree.Node {
	return mapNode(at, "type", str("apiKey", at), "name", str(header, at), "in", str("header", at),
		"x-amazon-apigateway-authtype", str(authtype, at), "x-amazon-apigateway-authorizer", ext)
}

func addValidation(ext, identity *tree.Node) {
	if v := identity.Get("ValidationExpression"); v != nil {
		add(ext, "identityValidationExpression", v)
	}
}

// identitySource is a REQUEST authorizer's identitySource, as SAM writes it:
// headers, query strings, stage variables, then context, joined with ", ".
// SAM takes only text there.
func (e *expander) identitySource(name string, identity *tree.Node) string {
	var parts []string
	for _, k := range []struct{ key, prefix string }{
		{"Headers", "method.request.header."}, {"QueryStrings", "method.request.querystring."},
		{"StageVariables", "stageVariables."}, {"Context", "context."},
	} {
		for _, it := range items(identity.Get(k.key)) {
			if it.Kind != tree.String || it.Str == "" {
				e.report(diag.Error, "invalid", it, "authorizer %s's Identity.%s entry is not a name known offline (an intrinsic function, or a parameter without a value): SAM needs text here; it is left out (give the parameter's value)", name, k.key)
				continue
			}
			parts = append(parts, k.prefix+it.Str)
		}
	}
	return strings.Join(parts, ", ")
}

// text returns a setting's text, or def when it is absent. A setting that
// is not text (an intrinsic function) is reported and def is read, so the
// reader knows the value is assumed.
func (e *expander) text(n *tree.Node, def, what string) string {
	switch {
	case n == nil:
		return def
	case n.Kind == tree.String && n.Str != "":
		return n.Str
	}
	e.report(diag.Error, "unsupported", n, "%s is not text known offline (an intrinsic function, or a parameter without a value): SAM needs text here when it expands the template; iamgate reads %q instead (give the parameter's value)", what, def)
	return def
}

// addScheme adds a security scheme, replacing one of the same name.
func (a *api) addScheme(name string, s *tree.Node) {
	for i := range a.schemes {
		if a.schemes[i].Key == name {
			a.schemes[i].Value = s
			return
		}
	}
	a.schemes = append(a.schemes, tree.Member{Key: name, Value: s})
}

func (a *api) hasScheme(name string) bool {
	for _, m := range a.schemes {
		if m.Key == name {
			return true
		}
	}
	return false
}

// addIAMScheme adds the AWS_IAM scheme SAM writes for SigV4.
func (a *api) addIAMScheme(at *tree.Node) {
	if !a.hasScheme("AWS_IAM") {
		a.addScheme("AWS_IAM", mapNode(at, "type", str("apiKey", at), "name", str("Authorization", at), "in", str("header", at),
			"x-amazon-apigateway-authtype", str("awsSigv4", at)))
	}
}

// addAPIKeyScheme adds the api_key scheme SAM writes for API keys.
func (a *api) addAPIKeyScheme(at *tree.Node) {
	if !a.hasScheme("api_key") {
		a.addScheme("api_key", mapNode(at, "type", str("apiKey", at), "name", str("x-api-key", at), "in", str("header", at)))
	}
}
