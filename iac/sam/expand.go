package sam

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
)

// The resource types expanded.
const (
	typeAPI      = "AWS::Serverless::Api"
	typeFunction = "AWS::Serverless::Function"
	typeHTTPAPI  = "AWS::Serverless::HttpApi"
	// implicitID is the logical id SAM gives the API of Api events that
	// name no RestApiId.
	implicitID = "ServerlessRestApi"
	// anyMethod is the OpenAPI key of API Gateway's ANY method.
	anyMethod = "x-amazon-apigateway-any-method"
)

// expander expands one SAM source template.
type expander struct {
	file    string
	root    *tree.Node
	globals *tree.Node // Globals.Api
	apis    []*api
	byID    map[string]*api
	params  map[string]string // parameter values given
	diags   []diag.Diagnostic
	// reported are the values already reported, so that a shortcut
	// applied to every path is reported once.
	reported map[string]bool
}

// api is one REST API being expanded.
type api struct {
	id       string
	res      *tree.Node // the resource, or the first event of the implicit API
	props    *tree.Node // Properties, Globals.Api merged in
	auth     *tree.Node
	stage    *tree.Node // StageName
	openapi3 bool
	base     *tree.Node // DefinitionBody
	paths    []*pathItem
	schemes  []tree.Member // security schemes added, in order
	policy   statements
}

// pathItem is one path of the Body.
type pathItem struct {
	path  string
	at    *tree.Node
	ops   []*operation
	other []tree.Member // members that are not operations
}

// operation is one method of a path.
type operation struct {
	key string // get, post, ..., x-amazon-apigateway-any-method
	at  *tree.Node
	// integrated marks a method with an x-amazon-apigateway-integration:
	// SAM applies the API's defaults only to those.
	integrated bool
	base       *tree.Node // the DefinitionBody's operation, if any
	security   []*tree.Node
}

func newExpander(file string, root *tree.Node, params map[string]string) *expander {
	return &expander{file: file, root: root, globals: root.Get("Globals").Get("Api"), byID: map[string]*api{}, params: params}
}

func (e *expander) report(sev diag.Severity, code string, n *tree.Node, format string, args ...any) {
	d := diag.Diagnostic{Severity: sev, Code: code, Message: fmt.Sprintf(format, args...), File: e.file}
	if n != nil {
		d.Line, d.Column, d.Pointer = n.Pos.Line, n.Pos.Column, n.Path
	}
	key := d.String()
	if e.reported[key] {
		return
	}
	if e.reported == nil {
		e.reported = map[string]bool{}
	}
	e.reported[key] = true
	e.diags = append(e.diags, d)
}

// expand returns the template with SAM's REST APIs expanded.
func (e *expander) expand() *tree.Node {
	res := e.root.Get("Resources")
	for _, m := range members(res) {
		if typeOf(m.Value) == typeAPI {
			e.addAPI(m.Key, m.Value, m.Value.Get("Properties"))
		}
	}
	var fns []tree.Member
	for _, m := range members(res) {
		if typeOf(m.Value) == typeFunction {
			fns = append(fns, m)
		}
	}
	e.functionEvents(fns)
	e.httpAPIs(res)
	out := &tree.Node{Kind: tree.Map, Pos: e.root.Pos, Path: e.root.Path}
	for _, m := range e.root.Members {
		switch m.Key {
		case "Globals":
		case "Transform":
			if t := otherTransforms(m.Value); t != nil {
				out.Members = append(out.Members, tree.Member{Key: m.Key, KeyPos: m.KeyPos, Value: t})
			}
		case "Resources":
			out.Members = append(out.Members, tree.Member{Key: m.Key, KeyPos: m.KeyPos, Value: e.resources(m.Value)})
		default:
			out.Members = append(out.Members, m)
		}
	}
	return out
}

// resources returns the Resources with every API expanded into its
// RestApi, Deployment and Stage, and functions as Lambda functions.
func (e *expander) resources(res *tree.Node) *tree.Node {
	out := &tree.Node{Kind: tree.Map, Pos: res.Pos, Path: res.Path}
	for _, m := range res.Members {
		switch typeOf(m.Value) {
		case typeAPI:
			if a := e.byID[m.Key]; a != nil {
				out.Members = append(out.Members, e.render(a)...)
			}
		case typeFunction:
			out.Members = append(out.Members, tree.Member{Key: m.Key, KeyPos: m.KeyPos, Value: retype(m.Value, "AWS::Lambda::Function")})
		default:
			out.Members = append(out.Members, m)
		}
	}
	if a := e.byID[implicitID]; a != nil && typeOf(res.Get(implicitID)) != typeAPI {
		out.Members = append(out.Members, e.render(a)...)
	}
	return out
}

// addAPI starts the expansion of an API.
func (e *expander) addAPI(id string, res, props *tree.Node) *api {
	a := &api{id: id, res: res, props: merge(e.globals, props, res)}
	a.auth = e.resolveParams(a.props.Get("Auth"))
	a.stage = a.props.Get("StageName")
	if a.stage == nil {
		e.report(diag.Error, "invalid", res, "API %s has no StageName, which SAM requires", id)
		a.stage = str("Prod", res)
	}
	if v := a.props.Get("OpenApiVersion"); v != nil {
		a.openapi3 = strings.HasPrefix(v.Str, "3")
	}
	if b := a.props.Get("DefinitionBody"); b != nil {
		e.readBase(a, b)
	} else if u := a.props.Get("DefinitionUri"); u != nil {
		e.report(diag.Warning, "unsupported", u, "API %s takes its OpenAPI definition from DefinitionUri, which iamgate does not read: the routes it defines are missing (SAM applies Auth only to an inline DefinitionBody); inline it as DefinitionBody to have it read", id)
	}
	e.apis = append(e.apis, a)
	e.byID[id] = a
	return a
}

// readBase takes the DefinitionBody's paths as the start of the Body.
func (e *expander) readBase(a *api, b *tree.Node) {
	if b.Kind != tree.Map {
		e.report(diag.Warning, "unsupported", b, "API %s's DefinitionBody is not an inline OpenAPI map (an AWS::Include or a string): the routes it defines are missing", a.id)
		return
	}
	a.base = b
	if v := b.Get("openapi"); v != nil && b.Get("swagger") == nil && a.props.Get("OpenApiVersion") == nil {
		a.openapi3 = strings.HasPrefix(v.Str, "3")
	}
	for _, p := range members(b.Get("paths")) {
		item := &pathItem{path: p.Key, at: p.Value}
		for _, op := range members(p.Value) {
			key := strings.ToLower(op.Key)
			if !isOperation(key) {
				item.other = append(item.other, op)
				continue
			}
			o := &operation{key: key, at: op.Value, base: op.Value, integrated: op.Value.Get("x-amazon-apigateway-integration") != nil}
			if sec := op.Value.Get("security"); sec != nil {
				o.security = append(o.security, sec.Items...)
			}
			item.ops = append(item.ops, o)
		}
		a.paths = append(a.paths, item)
	}
}

func isOperation(key string) bool {
	switch key {
	case "get", "put", "post", "delete", "options", "head", "patch", anyMethod:
		return true
	}
	return false
}

// httpAPIs reports the HTTP APIs, with the routes their events give.
func (e *expander) httpAPIs(res *tree.Node) {
	routes := map[string][]string{}
	for _, m := range members(res) {
		if typeOf(m.Value) != typeFunction {
			continue
		}
		for _, ev := range members(m.Value.Get("Properties").Get("Events")) {
			if orText(ev.Value.Get("Type"), "") != "HttpApi" {
				continue
			}
			p := ev.Value.Get("Properties")
			id := "ServerlessHttpApi"
			if r, ok := refTo(p.Get("ApiId")); ok {
				id = r
			}
			route := "ANY /$default"
			if path := p.Get("Path"); path != nil {
				route = strings.ToUpper(orText(p.Get("Method"), "ANY")) + " " + orText(path, "(a path not written as text)")
			}
			routes[id] = append(routes[id], route)
		}
	}
	for _, m := range members(res) {
		if typeOf(m.Value) == typeHTTPAPI {
			e.report(diag.Warning, "not-modelled", m.Value, "%s is an HTTP API (AWS::Serverless::HttpApi), which iamgate does not model yet; its routes: %s", m.Key, routeList(routes[m.Key]))
		}
	}
	if r := routes["ServerlessHttpApi"]; r != nil && typeOf(res.Get("ServerlessHttpApi")) != typeHTTPAPI {
		e.report(diag.Warning, "not-modelled", res, "ServerlessHttpApi, the implicit HTTP API of HttpApi events, is not modelled yet; its routes: %s", routeList(r))
	}
}

func routeList(r []string) string {
	if len(r) == 0 {
		return "none in the template"
	}
	return strings.Join(r, ", ")
}

// otherTransforms returns the Transform without SAM's; nil when none is
// left.
func otherTransforms(t *tree.Node) *tree.Node {
	if t.Kind != tree.List {
		return nil
	}
	out := &tree.Node{Kind: tree.List, Pos: t.Pos, Path: t.Path}
	for _, n := range t.Items {
		if n.Kind != tree.String || n.Str != Transform {
			out.Items = append(out.Items, n)
		}
	}
	if len(out.Items) == 0 {
		return nil
	}
	return out
}
