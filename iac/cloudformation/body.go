package cloudformation

import (
	"strings"

	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
	"github.com/iamgate/iamgate/iac/openapi"
)

// readBody reads a RestApi's OpenAPI Body (Swagger 2.0 or OpenAPI 3, with
// API Gateway's extensions) through iac/openapi: its authorizers, methods,
// resource policy, gateway responses and endpoint configuration. The
// RestApi's own properties (Policy, EndpointConfiguration) take precedence
// over the Body's.
func (rd *reader) readBody(api *API, body, policyProp, endpointProp *Value) {
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
	doc := openapi.ReadValue(rd.file, body, openapi.ReadOptions{Name: "the Body"})
	rd.diags = append(rd.diags, doc.Diagnostics...)
	cfg := &api.Config
	cfg.Methods = append(cfg.Methods, doc.Config.Methods...)
	cfg.Authorizers = append(cfg.Authorizers, doc.Config.Authorizers...)
	for k, v := range doc.AuthorizerNames {
		api.AuthorizerNames[k] = v
	}
	cfg.GatewayResponses = append(cfg.GatewayResponses, doc.Config.GatewayResponses...)
	cfg.APIKeySource = doc.Config.APIKeySource // ApiKeySourceType, when set, wins
	if endpointProp == nil {
		if doc.EndpointTypeSet {
			cfg.Endpoint = doc.Config.Endpoint
		}
		if doc.VPCEndpointsSet {
			cfg.VPCEndpoints = doc.Config.VPCEndpoints
		}
	}
	if p := doc.PolicyValue; p != nil {
		if policyProp != nil && policyProp.Node != nil {
			rd.report(diag.Warning, "conflict", p.Node, "RestApi %s has a resource policy in both its Body's x-amazon-apigateway-policy (here) and its Policy property (at %d:%d); which one API Gateway keeps is not documented: iamgate reads the Policy property", api.LogicalID, policyProp.Node.Pos.Line, policyProp.Node.Pos.Column)
		} else {
			rd.policy(api, p)
		}
	}
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
