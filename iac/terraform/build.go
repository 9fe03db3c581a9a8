package terraform

import (
	"sort"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
	"github.com/iamgate/iamgate/iac/internal/value"
	"github.com/iamgate/iamgate/iac/openapi"
	"github.com/iamgate/iamgate/policy"
)

// The resource types read.
const (
	typeRestAPI    = "aws_api_gateway_rest_api"
	typePolicy     = "aws_api_gateway_rest_api_policy"
	typeResource   = "aws_api_gateway_resource"
	typeMethod     = "aws_api_gateway_method"
	typeAuthorizer = "aws_api_gateway_authorizer"
	typeStage      = "aws_api_gateway_stage"
	typeDeployment = "aws_api_gateway_deployment"
	typeGWResponse = "aws_api_gateway_gateway_response"
)

// builder links the resources of one file into APIs.
type builder struct {
	rd   *reader
	apis []*API
	// ids maps a known id, or the address a symbol names, to the
	// resource.
	ids map[string]*resource
	// apiOf maps a rest_api resource's address to its API.
	apiOf map[string]*API
	// roots maps a known root_resource_id to its API's address.
	roots map[string]string
	// policyAt is where each API's policy was set, for conflicts.
	policyAt map[*API]string
	// bodyPolicies are the bodies' x-amazon-apigateway-policy, applied
	// after the policy attributes and resources.
	bodyPolicies []bodyPolicy
	paths        map[string]string
}

type bodyPolicy struct {
	api   *API
	v     *Value
	where string
}

func (rd *reader) read(d *Document) {
	if !rd.collect(d) {
		return
	}
	b := &builder{rd: rd, ids: map[string]*resource{}, apiOf: map[string]*API{}, roots: map[string]string{}, policyAt: map[*API]string{}, paths: map[string]string{}}
	for _, typ := range []string{typeRestAPI, typeResource, typeAuthorizer} { // the targets of links
		for _, r := range rd.byType[typ] {
			if id, ok := r.vals.Get("id").Text(); ok && id != "" {
				b.ids[id] = r
			}
		}
	}
	for _, r := range rd.byType[typeRestAPI] {
		b.restAPI(r)
	}
	b.policies()
	for _, p := range b.bodyPolicies {
		b.setPolicy(p.api, p.v, p.where)
	}
	b.authorizers()
	b.methods()
	b.stages()
	b.responses()
	for _, a := range b.apis {
		if err := a.Config.Validate(); err != nil {
			if list, ok := err.(policy.ErrorList); ok {
				for _, e := range list {
					if _, set := b.policyAt[a]; set && a.Config.ResourcePolicy == nil && strings.Contains(e.Msg, "no resource policy") {
						continue // its policy is set but not known: reported as such
					}
					rd.rep.Diags = append(rd.rep.Diags, Diagnostic{Severity: diag.Error, Code: "model", File: rd.rep.File, Line: e.Pos.Line, Column: e.Pos.Column, Pointer: e.Path, Message: "API " + a.Address + ": " + e.Msg})
				}
			}
		}
		d.APIs = append(d.APIs, *a)
	}
	sort.Slice(d.APIs, func(i, j int) bool { return d.APIs[i].Address < d.APIs[j].Address })
}

func (b *builder) loc(n *tree.Node) apigw.Location {
	return apigw.Location{File: b.rd.rep.File, Pos: policy.Pos{Line: n.Pos.Line, Column: n.Pos.Column}, Path: n.Path}
}

// text is a string attribute: its text (symbols as "${SYMBOL}"), whether
// it is known, and whether it is set (not null).
func text(r *resource, key string) (s string, known, set bool) {
	v := r.vals.Get(key)
	if v == nil || v.Kind == value.Null {
		return "", true, false
	}
	s, known = v.Text()
	return s, known, true
}

func apiValue(v *Value) apigw.Value {
	s, known := v.Text()
	if known {
		return apigw.Known(s)
	}
	return apigw.Unknown(s)
}

// values are a list attribute's elements; a list unknown as a whole is
// one symbol.
func values(v *Value) []apigw.Value {
	if v == nil || v.Kind == value.Null {
		return nil
	}
	if v.Kind != value.List {
		return []apigw.Value{apiValue(v)}
	}
	var out []apigw.Value
	for _, it := range v.Items {
		out = append(out, apiValue(it))
	}
	return out
}

// link finds the resource an id attribute names: a known id, or a symbol
// ADDRESS.id (ADDRESS.root_resource_id names the API's root: root is
// then true).
func (b *builder) link(r *resource, key string) (target *resource, root bool, ok bool) {
	v := r.vals.Get(key)
	if v == nil || v.Kind == value.Null {
		return nil, false, false
	}
	if sym, only := v.SymbolOnly(); only {
		addr, attr := sym, ""
		if i := strings.LastIndex(sym, "."); i > 0 {
			addr, attr = sym[:i], sym[i+1:]
		}
		t := b.rd.byAddr[addr]
		if t == nil {
			t = b.rd.byAddr[addr+"[0]"] // a reference without its instance key
		}
		return t, attr == "root_resource_id", t != nil
	}
	s, _ := v.Text()
	if api, isRoot := b.roots[s]; isRoot {
		return b.rd.byAddr[api], true, true
	}
	t := b.ids[s]
	return t, false, t != nil
}

// apiFor is the API a resource's rest_api_id names, reported when none.
func (b *builder) apiFor(r *resource) *API {
	t, _, ok := b.link(r, "rest_api_id")
	if ok && t.typ == typeRestAPI {
		return b.apiOf[t.addr]
	}
	s, _, _ := text(r, "rest_api_id")
	b.rd.report(diag.Warning, "unlinked", r.node, "%s's rest_api_id %q names no aws_api_gateway_rest_api of this file: it is not read", r.addr, s)
	return nil
}

// restAPI reads an aws_api_gateway_rest_api.
func (b *builder) restAPI(r *resource) {
	a := &API{Address: r.addr, AuthorizerNames: map[string]string{}}
	c := &a.Config
	c.Origin = b.loc(r.node)
	c.Name, _, _ = text(r, "name")
	if src, known, set := text(r, "api_key_source"); set && known {
		a.APIKeySource = strings.ToUpper(src)
	}
	b.arn(r, c)
	if root, ok, set := text(r, "root_resource_id"); ok && set {
		b.roots[root] = r.addr
	}
	if body := r.vals.Get("body"); body != nil && body.Kind != value.Null {
		b.body(r, a, body)
	}
	b.endpoint(r, c)
	if src, err := apigw.ParseAPIKeySource(a.APIKeySource); err == nil {
		c.APIKeySource = src
	}
	if p := r.vals.Get("policy"); p != nil && p.Kind != value.Null {
		if s, _ := p.Text(); strings.TrimSpace(s) != "" {
			b.setPolicy(a, p, r.addr+".policy")
		}
	}
	b.apis = append(b.apis, a)
	b.apiOf[r.addr] = a
}

// arn sets the API's ARN parts from its id and execution_arn
// (arn:PARTITION:execute-api:REGION:ACCOUNT:ID), else the options, else
// symbols.
func (b *builder) arn(r *resource, c *apigw.APIConfig) {
	o := b.rd.opts
	part := o.Partition
	if part == "" && o.Region != "" {
		part = "aws"
		if strings.HasPrefix(o.Region, "cn-") {
			part = "aws-cn"
		} else if strings.HasPrefix(o.Region, "us-gov-") {
			part = "aws-us-gov"
		}
	}
	c.Partition, c.Region, c.Account = orSymbol(part, "AWS::Partition"), orSymbol(o.Region, "AWS::Region"), orSymbol(o.Account, "AWS::AccountId")
	c.ID = apigw.Unknown(r.addr + ".id")
	if id, ok, set := text(r, "id"); ok && set {
		c.ID = apigw.Known(id)
	}
	if s, ok, _ := text(r, "execution_arn"); ok {
		if p := strings.Split(s, ":"); len(p) == 6 && p[0] == "arn" && p[2] == "execute-api" {
			c.Partition, c.Region, c.Account, c.ID = apigw.Known(p[1]), apigw.Known(p[3]), apigw.Known(p[4]), apigw.Known(p[5])
		}
	}
}

func orSymbol(s, sym string) apigw.Value {
	if s != "" {
		return apigw.Known(s)
	}
	return apigw.Unknown(sym)
}

// body reads the API's OpenAPI body through iac/openapi.
func (b *builder) body(r *resource, a *API, body *Value) {
	s, known := body.Text()
	if !known {
		b.rd.report(diag.Error, "unresolved", body.Node, "%s's body is not known until apply (%s): its methods and authorizers are missing from the model; read the state after the first apply (terraform show -json), or give the OpenAPI file itself", r.addr, s)
		return
	}
	n, err := tree.Parse(b.rd.rep.File, []byte(s), tree.Limits(b.rd.opts.Limits))
	if err != nil {
		b.rd.report(diag.Error, "syntax", body.Node, "%s's body is not a JSON or YAML document: %v", r.addr, err)
		return
	}
	rewrite(n, body.Node) // positions inside the string are not the file's
	doc := openapi.ReadValue(b.rd.rep.File, value.Plain(n, &b.rd.rep), openapi.ReadOptions{Name: r.addr + "'s body"})
	b.rd.rep.Diags = append(b.rd.rep.Diags, doc.Diagnostics...)
	c := &a.Config
	c.Methods = append(c.Methods, doc.Config.Methods...)
	c.Authorizers = append(c.Authorizers, doc.Config.Authorizers...)
	for k, v := range doc.AuthorizerNames {
		a.AuthorizerNames[k] = v
	}
	c.GatewayResponses = append(c.GatewayResponses, doc.Config.GatewayResponses...)
	if a.APIKeySource == "" {
		a.APIKeySource = doc.APIKeySource
	}
	if doc.EndpointTypeSet {
		c.Endpoint = doc.Config.Endpoint
	}
	if doc.VPCEndpointsSet {
		c.VPCEndpoints = doc.Config.VPCEndpoints
	}
	if doc.PolicyValue != nil {
		b.bodyPolicies = append(b.bodyPolicies, bodyPolicy{a, doc.PolicyValue, r.addr + "'s body (x-amazon-apigateway-policy)"})
	}
}

func rewrite(n, at *tree.Node) {
	n.Pos, n.Path = at.Pos, at.Path
	for _, it := range n.Items {
		rewrite(it, at)
	}
	for i := range n.Members {
		rewrite(n.Members[i].Value, at)
	}
}

// endpoint reads the endpoint_configuration block; it overrides the
// body's.
func (b *builder) endpoint(r *resource, c *apigw.APIConfig) {
	ec := r.vals.Get("endpoint_configuration")
	if ec != nil && ec.Kind == value.List && len(ec.Items) > 0 {
		ec = ec.Items[0]
	}
	if ec == nil || ec.Kind != value.Map {
		return
	}
	if types := ec.Get("types"); types != nil && types.Kind == value.List && len(types.Items) > 0 {
		s, known := types.Items[0].Text()
		if !known {
			b.rd.report(diag.Warning, "unresolved", types.Node, "%s's endpoint type %s is not known until apply: the API is read as %s", r.addr, s, c.Endpoint)
			return
		}
		t, err := apigw.ParseEndpointType(s)
		if err != nil || len(types.Items) > 1 {
			b.rd.report(diag.Error, "invalid", types.Node, "%s's endpoint_configuration types %s: expected one of EDGE, REGIONAL or PRIVATE; the API is read as %s", r.addr, value.ArgText(types), t)
		}
		c.Endpoint = t
	}
	if ids := values(ec.Get("vpc_endpoint_ids")); len(ids) > 0 {
		c.VPCEndpoints = ids
	}
}

// setPolicy reads a policy for an API, reporting a second one as a
// conflict: which one API Gateway keeps depends on the provider's version
// and the order of operations. The rest_api's policy attribute is read
// first (the provider re-applies it after a body update), then
// aws_api_gateway_rest_api_policy, then the body's.
func (b *builder) setPolicy(a *API, p *Value, where string) {
	if first, dup := b.policyAt[a]; dup {
		b.rd.report(diag.Warning, "conflict", p.Node, "%s has a resource policy in both %s and %s: which one API Gateway keeps depends on the AWS provider's version and the order of operations (a body update overwrites the policy); iamgate reads %s", a.Address, first, where, first)
		return
	}
	if s, known := p.Text(); !known && p.IsScalar() {
		b.rd.report(diag.Error, "unresolved", p.Node, "%s's resource policy is not known until apply (%s): the API is read WITHOUT its resource policy; read the state after the first apply (terraform show -json), where it is known", a.Address, s)
		b.policyAt[a] = where
		return
	}
	b.policyAt[a] = where
	a.Policy, a.Config.ResourcePolicy = b.rd.rep.Policy(p)
}

// policies reads aws_api_gateway_rest_api_policy resources.
func (b *builder) policies() {
	for _, r := range b.rd.byType[typePolicy] {
		if a := b.apiFor(r); a != nil {
			if p := r.vals.Get("policy"); p != nil && p.Kind != value.Null {
				b.setPolicy(a, p, r.addr)
			}
		}
	}
}

// authorizers reads aws_api_gateway_authorizer resources; the provider's
// defaults (TOKEN, the Authorization header, 300 s) apply to what a plan
// leaves out.
func (b *builder) authorizers() {
	for _, r := range b.rd.byType[typeAuthorizer] {
		a := b.apiFor(r)
		if a == nil {
			continue
		}
		z := apigw.Authorizer{Origin: b.loc(r.node)}
		z.Name = r.addr
		a.AuthorizerNames[r.addr], _, _ = text(r, "name")
		typ, _, set := text(r, "type")
		switch strings.ToUpper(typ) {
		case "TOKEN":
			z.Type = apigw.TokenAuthorizer
		case "REQUEST":
			z.Type = apigw.RequestAuthorizer
		case "COGNITO_USER_POOLS":
			z.Cognito = true
		default:
			if set {
				b.rd.report(diag.Error, "invalid", r.vals.Get("type").Node, "%s's type %q is not TOKEN, REQUEST or COGNITO_USER_POOLS", r.addr, typ)
			}
		}
		src, _, set := text(r, "identity_source")
		if !set {
			src = "method.request.header.Authorization"
		}
		for _, part := range strings.Split(src, ",") {
			if part = strings.TrimSpace(part); part != "" {
				z.IdentitySources = append(z.IdentitySources, part)
			}
		}
		z.ValidationExpression, _, _ = text(r, "identity_validation_expression")
		if ttl, known, set := text(r, "authorizer_result_ttl_in_seconds"); set {
			n, err := strconv.Atoi(ttl)
			if !known || err != nil {
				b.rd.report(diag.Error, "invalid", r.vals.Get("authorizer_result_ttl_in_seconds").Node, "%s's authorizer_result_ttl_in_seconds %q is not a whole number of seconds known before apply", r.addr, ttl)
			} else {
				z.TTL = apigw.TTLSeconds(n)
			}
		}
		if u := r.vals.Get("authorizer_uri"); u != nil && u.Kind != value.Null {
			z.Function = apiValue(u)
		}
		z.Providers = values(r.vals.Get("provider_arns"))
		a.Config.Authorizers = append(a.Config.Authorizers, z)
	}
}
