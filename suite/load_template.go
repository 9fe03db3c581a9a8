package suite

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac"
	"github.com/iamgate/iamgate/iac/cloudformation"
	"github.com/iamgate/iamgate/policy"
	yaml "go.yaml.in/yaml/v4"
)

// A suite with template: reads its API from a CloudFormation template (JSON
// or YAML: hand-written, processed SAM, cdk synth or Serverless output):
// its routes and their authorization, each authorizer's type, identity
// sources, validation expression and TTL, and the resource policy. The
// suite keeps api (the ARN, whose API id no template knows, and whose
// partition, region and account resolve the template's pseudo parameters),
// and gives only what the template cannot know: each authorizer's answers,
// by the template's logical id, the callers and the requests.

// templateOnly are the keys a template replaces; authorizerSettings the
// authorizer keys it replaces.
var (
	templateReplaces   = []string{"routes", "resourcePolicy", "auth"}
	authorizerSettings = []string{"type", "identitySource", "validationExpression", "ttl"}
)

// templateAPI reads the template's API, when the suite names a template.
// It sets the resource policy and the routes, and writes each template
// authorizer's settings into the suite's authorizers entries (so that the
// authorizers are read as if the suite gave them); false when the suite
// names no template.
func (l *loader) templateAPI(top map[string]field) bool {
	tf, ok := top["template"]
	if !ok {
		for _, k := range []string{"templateApi", "parameters"} {
			if f, ok := top[k]; ok {
				l.errorf(f.key, f.path, "%s goes with template: name the template the API is read from", k)
			}
		}
		return false
	}
	for _, k := range templateReplaces {
		if f, ok := top[k]; ok {
			l.errorf(f.key, f.path, "%s comes from the template: remove it (a suite with template: gives only the authorizers' answers, the callers and the requests)", k)
		}
	}
	api := l.readTemplate(tf, top)
	if api == nil {
		l.broken = true
		return true
	}
	if api.Policy != nil && api.Config.ResourcePolicy == nil {
		l.errorf(tf.val, tf.path, "the resource policy of the template's API %s cannot be read offline (see the template's errors): the suite's api gives the partition, region and account; give the template's parameters under parameters", api.LogicalID)
		l.broken = true
	}
	l.rp = api.Config.ResourcePolicy
	if l.rp != nil && !l.compiles(l.rp, tf) {
		l.rp, l.broken = nil, true
	}
	l.templateAuthorizers(tf, top, api)
	l.templateKeySource, l.templateResponses = api.Config.APIKeySource, api.Config.GatewayResponses
	return true
}

// readTemplate reads the template file and picks its API: the one
// templateApi names, or its only one. Its error diagnostics are the
// suite's errors, at their place in the template.
func (l *loader) readTemplate(tf field, top map[string]field) *cloudformation.API {
	rel, ok := l.str(tf, "template")
	if !ok {
		return nil
	}
	file := l.fsys.join(l.dir, rel)
	data, err := l.readNamed(file)
	if err != nil {
		l.errorf(tf.val, tf.path, "template: %s", readProblem(file, err))
		return nil
	}
	opts := cloudformation.Options{Partition: l.s.API.Partition, Region: l.s.API.Region, Account: l.s.API.Account}
	if f, ok := top["parameters"]; ok {
		opts.Parameters = map[string]string{}
		for k, v := range l.singleValues(f, "parameters") {
			opts.Parameters[k] = v[len(v)-1]
		}
	}
	t := cloudformation.Read(file, data, opts)
	for _, d := range t.Diagnostics {
		if d.Severity == iac.Error {
			l.errs = append(l.errs, &policy.Error{File: d.File, Pos: policy.Pos{Line: d.Line, Column: d.Column}, Path: d.Pointer, Msg: d.Message})
		}
	}
	ids := make([]string, len(t.APIs))
	for i, a := range t.APIs {
		ids[i] = a.LogicalID
	}
	name := ""
	if f, ok := top["templateApi"]; ok {
		if name, ok = l.str(f, "templateApi"); !ok {
			return nil
		}
		if i := slices.Index(ids, name); i >= 0 {
			return &t.APIs[i]
		}
		l.errorf(f.val, f.path, "templateApi: %s defines no REST API %q (it defines %s)", rel, name, idList(ids))
		return nil
	}
	switch len(t.APIs) {
	case 1:
		return &t.APIs[0]
	case 0:
		l.errorf(tf.val, tf.path, "template: %s defines no REST API", rel)
	default:
		l.errorf(tf.val, tf.path, "template: %s defines several REST APIs (%s): say which with templateApi", rel, strings.Join(ids, ", "))
	}
	return nil
}

func idList(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

// templateAuthorizers writes the template's authorizer settings into the
// suite's authorizers entries of the same names, adding an entry for a
// Cognito authorizer the suite does not name (it needs no answers); a
// Lambda authorizer the suite does not name is reported, since its answers
// are what the suite must give.
func (l *loader) templateAuthorizers(tf field, top map[string]field, api *cloudformation.API) {
	entries := map[string]*yaml.Node{}
	af, ok := top["authorizers"]
	if ok && af.val != nil && af.val.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(af.val.Content); i += 2 {
			entries[af.val.Content[i].Value] = af.val.Content[i+1]
		}
	}
	defined := map[string]bool{}
	for i := range api.Config.Authorizers {
		z := &api.Config.Authorizers[i]
		defined[z.Name] = true
		entry := entries[z.Name]
		if entry == nil {
			if !z.Cognito {
				l.errorf(tf.val, tf.path, "the template's Lambda authorizer %s (%q) has no answers: add it under authorizers with its response, responses, error or command", z.Name, api.AuthorizerNames[z.Name])
				l.templateMissing = append(l.templateMissing, z.Name)
				continue
			}
			if !ok || af.val == nil || af.val.Kind != yaml.MappingNode {
				af = field{key: &yaml.Node{Kind: yaml.ScalarNode, Value: "authorizers", Line: tf.key.Line, Column: tf.key.Column},
					val: &yaml.Node{Kind: yaml.MappingNode, Line: tf.val.Line, Column: tf.val.Column}, path: "/authorizers"}
				top["authorizers"], ok = af, true
			}
			entry = &yaml.Node{Kind: yaml.MappingNode, Line: tf.val.Line, Column: tf.val.Column}
			af.val.Content = append(af.val.Content, scalar(tf.val, z.Name), entry)
		}
		if entry.Kind != yaml.MappingNode {
			continue // reported when the authorizer is read
		}
		l.fillAuthorizer(entry, tf.val, z)
	}
	for _, name := range slices.Sorted(maps.Keys(entries)) {
		if !defined[name] {
			l.errorf(af.val, af.path+"/"+pointerEscape(name), "authorizer %q is not one of the template's (%s): a suite with template: names the template's authorizers by logical id", name, idList(slices.Sorted(maps.Keys(defined))))
		}
	}
	l.templateRoutes, l.templateAt, l.templateAuthz = api.Config.Methods, tf, defined
	l.templateStages = api.Config.Stages
}

// fillAuthorizer adds the template's settings to a suite authorizer entry,
// at the template key's position; a setting the suite gives is reported.
func (l *loader) fillAuthorizer(entry, at *yaml.Node, z *apigw.Authorizer) {
	given := map[string]bool{}
	for i := 0; i+1 < len(entry.Content); i += 2 {
		if k := entry.Content[i]; slices.Contains(authorizerSettings, k.Value) {
			l.errorf(k, "", "the authorizer's %s comes from the template: remove it", k.Value)
			given[k.Value] = true
		}
	}
	typ := z.Type.String()
	if z.Cognito {
		typ = "COGNITO_USER_POOLS"
	}
	add := func(k string, v *yaml.Node) {
		if !given[k] {
			entry.Content = append(entry.Content, scalar(at, k), v)
		}
	}
	add("type", scalar(at, typ))
	if len(z.IdentitySources) > 0 {
		list := &yaml.Node{Kind: yaml.SequenceNode, Line: at.Line, Column: at.Column}
		for _, s := range z.IdentitySources {
			list.Content = append(list.Content, scalar(at, s))
		}
		add("identitySource", list)
	}
	if z.ValidationExpression != "" {
		add("validationExpression", scalar(at, z.ValidationExpression))
	}
	if z.TTL.IsSet() {
		n := scalar(at, strconv.Itoa(z.TTL.Seconds()))
		n.Tag = "!!int"
		add("ttl", n)
	}
}

func scalar(at *yaml.Node, v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Line: at.Line, Column: at.Column}
}

// templateRouteList makes the suite's routes from the template's methods,
// each with its authorization.
func (l *loader) templateRouteList() {
	if len(l.templateRoutes) == 0 {
		l.errorf(l.templateAt.val, l.templateAt.path, "the template's API has no methods: no request can be routed")
		l.broken = true
		return
	}
	for _, m := range l.templateRoutes {
		r, err := parseRoute(m.Route())
		if err != nil {
			l.errorf(l.templateAt.val, l.templateAt.path, "the template's %v", err)
			continue
		}
		name := m.Auth.String()
		if m.Auth == apigw.AuthCustom || m.Auth == apigw.AuthCognito {
			name = m.Authorizer
		}
		r.auth = l.choice(l.templateAt, name)
		r.apiKeyRequired = m.APIKeyRequired
		r.line = l.templateAt.val.Line
		l.routes = append(l.routes, r)
	}
}

// templateAuthorization reads the authorizers (their settings filled in
// from the template) and makes the routes from the template's methods.
func (l *loader) templateAuthorization(top map[string]field) {
	l.authorizers = map[string]*authorizer{}
	l.choices = map[string]*authChoice{}
	l.apiAuth = l.choice(field{}, "NONE")
	if l.templateAt.val == nil {
		return // the template was not read (reported)
	}
	if f, ok := top["authorizers"]; ok {
		for _, e := range l.entries(f, "authorizers") {
			if l.templateAuthz[e.name] {
				l.authorizer(e) // the others are reported
			}
		}
	}
	for _, name := range l.templateMissing {
		// Reported: the routes that use it are not built.
		l.authorizers[name] = &authorizer{name: name, key: l.templateAt.val, path: l.templateAt.path, broken: true, used: true}
	}
	l.templateRouteList()
	l.buildModel(l.templateAt)
}
