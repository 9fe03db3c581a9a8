package cloudformation

import (
	"fmt"
	"sort"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
	val "github.com/iamgate/iamgate/iac/internal/value"
	"github.com/iamgate/iamgate/policy"
)

// The resource types read.
const (
	typeRestAPI    = "AWS::ApiGateway::RestApi"
	typeResource   = "AWS::ApiGateway::Resource"
	typeMethod     = "AWS::ApiGateway::Method"
	typeAuthorizer = "AWS::ApiGateway::Authorizer"
	typeDeployment = "AWS::ApiGateway::Deployment"
	typeStage      = "AWS::ApiGateway::Stage"
	typeGWResponse = "AWS::ApiGateway::GatewayResponse"
)

// read reads the template's REST APIs.
func (rd *reader) read() {
	if rd.root.Kind != tree.Map {
		return
	}
	if !rd.checkTransforms() {
		return
	}
	rd.checkUnsupported()
	if len(rd.byType) == 0 && rd.root.Get("Resources") == nil {
		rd.report(diag.Error, "invalid", rd.root, "the template has no Resources section")
		return
	}
	index := map[string]int{}
	for _, id := range rd.byType[typeRestAPI] {
		api, ok := rd.restAPI(id)
		if ok {
			index[id] = len(rd.apis)
			rd.apis = append(rd.apis, api)
		}
	}
	b := &builder{rd: rd, apis: index, paths: map[string]string{}}
	b.authorizers()
	b.methods()
	b.stages()
	b.gatewayResponses()
	for i := range rd.apis {
		rd.validate(&rd.apis[i])
	}
	sort.Slice(rd.apis, func(i, j int) bool { return rd.apis[i].LogicalID < rd.apis[j].LogicalID })
}

// resource returns a resource's node, its resolved Properties and whether
// it is kept: a resource whose Condition is false is left out.
func (rd *reader) resource(id string) (*tree.Node, *Value, bool) {
	n := rd.root.Get("Resources").Get(id)
	if c := n.Get("Condition"); c != nil && c.Kind == tree.String {
		v, known := rd.res.condition(c.Str, c)
		switch {
		case known && !v:
			rd.report(diag.Info, "condition", c, "resource %s is left out: its condition %s is false", id, c.Str)
			return n, nil, false
		case !known:
			rd.report(diag.Warning, "condition", c, "resource %s is read as if its condition %s held; the condition depends on values not known offline: give the parameters it compares", id, c.Str)
		}
	}
	props := rd.res.resolve(n.Get("Properties"))
	if props.Kind == Null {
		props = &Value{Kind: Map, Node: n}
	}
	return n, props, true
}

// restAPI reads a RestApi resource.
func (rd *reader) restAPI(id string) (API, bool) {
	n, props, ok := rd.resource(id)
	if !ok {
		return API{}, false
	}
	api := API{LogicalID: id, AuthorizerNames: map[string]string{}}
	if c := n.Get("Condition"); c != nil {
		api.Condition = c.Str
	}
	cfg := &api.Config
	cfg.Origin = rd.loc(n)
	cfg.Partition, cfg.Region, cfg.Account = rd.pseudoValue("AWS::Partition"), rd.pseudoValue("AWS::Region"), rd.pseudoValue("AWS::AccountId")
	cfg.ID = apigw.Unknown(id)
	if v := props.Get("Name"); v != nil {
		cfg.Name, _ = v.Text()
	}
	rd.endpoint(cfg, props.Get("EndpointConfiguration"))
	rd.policy(&api, props.Get("Policy"))
	if b := props.Get("Body"); b != nil {
		rd.readBody(&api, b, props.Get("Policy"), props.Get("EndpointConfiguration"))
	}
	rd.keySource(cfg, props.Get("ApiKeySourceType"))
	if b := props.Get("BodyS3Location"); b != nil {
		rd.report(diag.Warning, "unsupported", b.Node, "RestApi %s takes its OpenAPI definition from S3 (BodyS3Location), which cannot be read offline: the methods and authorizers it defines are missing from the model", id)
	}
	if c := props.Get("CloneFrom"); c != nil {
		rd.report(diag.Warning, "unsupported", c.Node, "RestApi %s is cloned from another API (CloneFrom), whose methods are not in the template", id)
	}
	return api, true
}

func (rd *reader) pseudoValue(name string) apigw.Value {
	if s, ok := rd.res.pseudo[name]; ok {
		return apigw.Known(s)
	}
	return apigw.Unknown(name)
}

// value turns a resolved scalar into an apigw.Value: known text, or the
// text with its symbols as the symbol.
func value(v *Value) apigw.Value {
	s, known := v.Text()
	if known {
		return apigw.Known(s)
	}
	return apigw.Unknown(s)
}

func (rd *reader) loc(n *tree.Node) apigw.Location {
	if n == nil {
		return apigw.Location{File: rd.file}
	}
	return apigw.Location{File: rd.file, Pos: policy.Pos{Line: n.Pos.Line, Column: n.Pos.Column}, Path: n.Path}
}

// vloc is the location of a resolved value, or of the fallback node.
func (rd *reader) vloc(v *Value, fallback *tree.Node) apigw.Location {
	if v != nil && v.Node != nil {
		return rd.loc(v.Node)
	}
	return rd.loc(fallback)
}

func (rd *reader) endpoint(cfg *apigw.APIConfig, ec *Value) {
	if ec == nil {
		return
	}
	types := ec.Get("Types")
	if types != nil {
		var names []string
		if types.Kind == List {
			for _, t := range types.Items {
				s, _ := t.Text()
				names = append(names, s)
			}
		} else if s, ok := types.Text(); ok {
			names = []string{s}
		}
		switch {
		case len(names) == 0:
		case len(names) > 1:
			rd.report(diag.Error, "invalid", types.Node, "EndpointConfiguration.Types lists %d types; API Gateway takes one", len(names))
		default:
			t, err := apigw.ParseEndpointType(names[0])
			if err != nil {
				rd.report(diag.Error, "invalid", types.Node, "endpoint type %q is not EDGE, REGIONAL or PRIVATE; the API is read as EDGE", names[0])
			}
			cfg.Endpoint = t
		}
	}
	if ids := ec.Get("VpcEndpointIds"); ids != nil {
		if ids.Kind != List {
			rd.report(diag.Warning, "unresolved", ids.Node, "VpcEndpointIds is not a list known offline (%s): the VPC endpoints are not known", argText(ids))
			return
		}
		for _, it := range ids.Items {
			cfg.VPCEndpoints = append(cfg.VPCEndpoints, value(it))
		}
	}
}

// policy reads the Policy property: an object, or a JSON string.
func (rd *reader) policy(api *API, p *Value) {
	rep := val.Reporter{File: rd.file}
	api.Policy, api.Config.ResourcePolicy = rep.Policy(p)
	rd.diags = append(rd.diags, rep.Diags...)
}

func wrap(syms []string) []string { return val.Wrap(syms) }

// dedupe reports a method defined twice (in the Body and as a Method
// resource, or twice in either) with both origins, and keeps the first.
func (rd *reader) dedupe(api *API) {
	seen := map[string]apigw.Location{}
	kept := api.Config.Methods[:0]
	for _, m := range api.Config.Methods {
		key := m.Verb + " " + shapeOf(m.Path)
		first, dup := seen[key]
		if !dup {
			seen[key] = m.Origin
			kept = append(kept, m)
			continue
		}
		rd.diags = append(rd.diags, Diagnostic{Severity: diag.Error, Code: "conflict", File: rd.file, Line: m.Origin.Pos.Line, Column: m.Origin.Pos.Column, Pointer: m.Origin.Path,
			Message: fmt.Sprintf("API %s defines %s twice: here and at %d:%d (%s); which one API Gateway keeps depends on the import mode and the order of deployment: iamgate reads the first", api.LogicalID, m.Route(), first.Pos.Line, first.Pos.Column, first.Path)})
	}
	api.Config.Methods = kept
}

// shapeOf is a path template with its parameters' names left out, as API
// Gateway compares resources.
func shapeOf(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, "{") {
			parts[i] = "{}"
			if strings.HasSuffix(p, "+}") {
				parts[i] = "{+}"
			}
		}
	}
	return strings.Join(parts, "/")
}

// validate adds apigw's own checks of the model as diagnostics.
func (rd *reader) validate(api *API) {
	rd.dedupe(api)
	err := api.Config.Validate()
	list, ok := err.(policy.ErrorList)
	if !ok {
		return
	}
	for _, e := range list {
		rd.diags = append(rd.diags, Diagnostic{Severity: diag.Error, Code: "model", File: rd.file, Line: e.Pos.Line, Column: e.Pos.Column, Pointer: e.Path, Message: "API " + api.LogicalID + ": " + e.Msg})
	}
}

// keySource reads ApiKeySourceType: HEADER or AUTHORIZER.
func (rd *reader) keySource(cfg *apigw.APIConfig, v *Value) {
	if v == nil {
		return
	}
	s, known := v.Text()
	if !known {
		rd.report(diag.Warning, "unresolved", v.Node, "ApiKeySourceType is not known offline (%s): iamgate reads the API key from the x-api-key header (HEADER)", argText(v))
		return
	}
	src, err := apigw.ParseAPIKeySource(s)
	if err != nil {
		rd.report(diag.Error, "invalid", v.Node, "ApiKeySourceType %q is not HEADER or AUTHORIZER", s)
		return
	}
	cfg.APIKeySource = src
}
