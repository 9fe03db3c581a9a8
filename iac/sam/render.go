package sam

import (
	"github.com/iamgate/iamgate/iac/internal/tree"
)

// render returns the resources SAM generates for an API: the RestApi with
// its Body, the Deployment (with the extra stage "Stage" unless
// OpenApiVersion is set) and the Stage of StageName.
func (e *expander) render(a *api) []tree.Member {
	e.applyAuth(a)
	at := a.res
	props := mapNode(at, "Body", a.body())
	for _, k := range []string{"Name", "Policy", "MinimumCompressionSize", "ApiKeySourceType", "DisableExecuteApiEndpoint"} {
		if v := a.props.Get(k); v != nil {
			add(props, k, v)
		}
	}
	if ec := a.props.Get("EndpointConfiguration"); ec != nil {
		add(props, "EndpointConfiguration", endpoint(ec))
	}
	restAPI := mapNode(at, "Type", str("AWS::ApiGateway::RestApi", at), "Properties", props)
	if c := at.Get("Condition"); c != nil && a.id != implicitID {
		add(restAPI, "Condition", c)
	}
	ref := mapNode(at, "Ref", str(a.id, at))
	deployProps := mapNode(at, "RestApiId", ref)
	if a.props.Get("OpenApiVersion") == nil {
		add(deployProps, "StageName", str("Stage", at))
	}
	deployID := a.id + "Deployment"
	stageProps := mapNode(a.stage, "RestApiId", ref, "StageName", a.stage,
		"DeploymentId", mapNode(a.stage, "Ref", str(deployID, a.stage)))
	if v := a.props.Get("Variables"); v != nil {
		add(stageProps, "Variables", v)
	}
	stageID := a.id + "Stage"
	if a.stage.Kind == tree.String && logicalID(a.stage.Str) {
		stageID = a.id + a.stage.Str + "Stage"
	}
	return []tree.Member{
		{Key: a.id, Value: restAPI},
		{Key: deployID, Value: mapNode(at, "Type", str("AWS::ApiGateway::Deployment", at), "Properties", deployProps)},
		{Key: stageID, Value: mapNode(a.stage, "Type", str("AWS::ApiGateway::Stage", a.stage), "Properties", stageProps)},
	}
}

// body returns the API's OpenAPI Body: the DefinitionBody's other members,
// the paths with their security, the security schemes, the resource policy
// and the gateway responses.
func (a *api) body() *tree.Node {
	at := a.res
	b := mapNode(at)
	if a.base != nil {
		b.Pos, b.Path = a.base.Pos, a.base.Path
		for _, m := range a.base.Members {
			switch m.Key {
			case "paths", "securityDefinitions", "components", "x-amazon-apigateway-policy", "x-amazon-apigateway-gateway-responses":
			default:
				b.Members = append(b.Members, m)
			}
		}
	}
	if b.Get("swagger") == nil && b.Get("openapi") == nil {
		if a.openapi3 {
			add(b, "openapi", str("3.0.1", at))
		} else {
			add(b, "swagger", str("2.0", at))
		}
	}
	add(b, "paths", a.renderPaths())
	if len(a.schemes) > 0 || a.base.Get("securityDefinitions") != nil || a.base.Get("components").Get("securitySchemes") != nil {
		a.renderSchemes(b)
	} else if c := a.base.Get("components"); c != nil {
		add(b, "components", c)
	}
	if doc := a.policy.document(); doc != nil {
		add(b, "x-amazon-apigateway-policy", doc)
	} else if p := a.base.Get("x-amazon-apigateway-policy"); p != nil {
		add(b, "x-amazon-apigateway-policy", p)
	}
	if gr := a.gatewayResponses(); gr != nil {
		add(b, "x-amazon-apigateway-gateway-responses", gr)
	}
	return b
}

func (a *api) renderPaths() *tree.Node {
	paths := mapNode(a.res)
	if p := a.base.Get("paths"); p != nil {
		paths.Pos, paths.Path = p.Pos, p.Path
	}
	for _, it := range a.paths {
		item := mapNode(it.at)
		item.Members = append(item.Members, it.other...)
		for _, op := range it.ops {
			o := mapNode(op.at)
			for _, m := range members(op.base) {
				if m.Key != "security" {
					o.Members = append(o.Members, m)
				}
			}
			if o.Get("responses") == nil {
				add(o, "responses", mapNode(op.at))
			}
			if len(op.security) > 0 {
				add(o, "security", list(op.at, op.security...))
			}
			add(item, op.key, o)
		}
		add(paths, it.path, item)
	}
	return paths
}

// renderSchemes writes the security schemes: the DefinitionBody's, then
// those SAM adds, under securityDefinitions (Swagger 2.0) or
// components.securitySchemes (OpenAPI 3).
func (a *api) renderSchemes(b *tree.Node) {
	defs := a.base.Get("securityDefinitions")
	if defs == nil {
		defs = a.base.Get("components").Get("securitySchemes")
	}
	out := mapNode(a.res)
	if defs != nil {
		out.Pos, out.Path = defs.Pos, defs.Path
	}
	for _, m := range members(defs) {
		if !a.hasScheme(m.Key) {
			out.Members = append(out.Members, m)
		}
	}
	out.Members = append(out.Members, a.schemes...)
	if !a.openapi3 || b.Get("swagger") != nil {
		add(b, "securityDefinitions", out)
		return
	}
	comps := mapNode(a.res)
	for _, m := range members(a.base.Get("components")) {
		if m.Key != "securitySchemes" {
			comps.Members = append(comps.Members, m)
		}
	}
	add(comps, "securitySchemes", out)
	add(b, "components", comps)
}

// gatewayResponses writes GatewayResponses as
// x-amazon-apigateway-gateway-responses, with SAM's parameter prefixes.
func (a *api) gatewayResponses() *tree.Node {
	grs := a.props.Get("GatewayResponses")
	if grs == nil {
		return a.base.Get("x-amazon-apigateway-gateway-responses")
	}
	out := mapNode(grs)
	for _, m := range members(a.base.Get("x-amazon-apigateway-gateway-responses")) {
		if grs.Get(m.Key) == nil {
			out.Members = append(out.Members, m)
		}
	}
	for _, m := range members(grs) {
		r := m.Value
		params := mapNode(r)
		rp := r.Get("ResponseParameters")
		for _, k := range []struct{ key, prefix string }{{"Headers", "header."}, {"Paths", "path."}, {"QueryStrings", "querystring."}} {
			for _, p := range members(rp.Get(k.key)) {
				add(params, "gatewayresponse."+k.prefix+p.Key, p.Value)
			}
		}
		g := mapNode(r, "responseParameters", params, "responseTemplates", orNode(r.Get("ResponseTemplates"), mapNode(r)))
		if s := r.Get("StatusCode"); s != nil {
			add(g, "statusCode", s)
		}
		add(out, m.Key, g)
	}
	return out
}

// endpoint is the RestApi's EndpointConfiguration from SAM's: a type, or
// {Type, VPCEndpointIds}.
func endpoint(ec *tree.Node) *tree.Node {
	if ec.Kind != tree.Map || isIntrinsic(ec) {
		return mapNode(ec, "Types", list(ec, ec))
	}
	out := mapNode(ec)
	if t := ec.Get("Type"); t != nil {
		add(out, "Types", list(t, t))
	}
	if v := ec.Get("VPCEndpointIds"); v != nil {
		add(out, "VpcEndpointIds", v)
	}
	return out
}
