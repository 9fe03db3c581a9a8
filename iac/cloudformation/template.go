// Package cloudformation reads the REST APIs of a CloudFormation template,
// JSON or YAML, into apigw.APIConfig values: hand-written templates, cdk
// synth output, Serverless Framework output and processed SAM templates
// are all CloudFormation.
//
// Intrinsic functions are resolved offline as far as the template and the
// Options decide them (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select,
// Fn::Split, Fn::If with Conditions, Fn::FindInMap, Fn::ToJsonString,
// Fn::Base64). What they do not decide stays a symbol, "${AWS::AccountId}"
// or "${MyFunction.Arn}", never an empty string, and a diagnostic says what
// to supply. Every problem is reported at once, each at its file, line,
// column and JSON Pointer.
//
// A RestApi's OpenAPI Body (Swagger 2.0 or OpenAPI 3, inline or as a
// string) is read by iac/openapi, the one OpenAPI reader: its security
// schemes with x-amazon-apigateway-authorizer, each operation's security
// and x-amazon-apigateway-auth, x-amazon-apigateway-any-method,
// x-amazon-apigateway-policy, x-amazon-apigateway-gateway-responses and
// x-amazon-apigateway-endpoint-configuration (the RestApi's Policy and
// EndpointConfiguration properties win over the Body's): processed SAM
// templates and CDK SpecRestApi keep their API there.
//
// SAM source templates (Transform AWS::Serverless-2016-10-31) are
// recognised and reported as not expanded by Read: package sam expands
// them and reads the result through ReadExpanded. HTTP APIs
// (AWS::ApiGatewayV2::*) are reported as not yet modelled.
package cloudformation

import (
	"fmt"
	"sort"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
)

// Diagnostic is one problem or remark about a template.
type Diagnostic = diag.Diagnostic

// Options are what a template cannot say about itself.
type Options struct {
	// Parameters are the values of the template's parameters, by name;
	// they take precedence over the parameters' defaults. A list
	// parameter's value is comma-separated.
	Parameters map[string]string
	// Region, Account, Partition and StackName are the pseudo parameters
	// AWS::Region, AWS::AccountId, AWS::Partition and AWS::StackName.
	// Empty ones stay symbols; Partition, when empty, follows Region
	// (cn-* is aws-cn, us-gov-* is aws-us-gov, any other is aws).
	Region, Account, Partition, StackName string
	// Limits bound the reading of the file.
	Limits Limits
}

// Limits bound what a template may cost to read. A zero field takes its
// default (16 MiB, 200 levels, 1,000,000 values).
type Limits struct {
	MaxBytes, MaxDepth, MaxNodes int
}

// Template is what a template holds for iamgate.
type Template struct {
	File string
	// APIs are the REST APIs defined in the template, in logical id
	// order.
	APIs []API
	// Diagnostics are every problem and remark, sorted by position.
	Diagnostics []Diagnostic
}

// API is one REST API of a template.
type API struct {
	// LogicalID is the RestApi resource's logical id.
	LogicalID string
	// Config is the API as apigw models it. Its ID is the symbol of the
	// logical id (a policy's ${LogicalID} names the same API); its
	// authorizers are named by their logical ids.
	Config apigw.APIConfig
	// AuthorizerNames are the authorizers' Name properties, by logical id.
	AuthorizerNames map[string]string
	// Policy is the resource policy as written, intrinsics resolved and
	// symbols kept as "${SYMBOL}" text; nil when none is attached.
	Policy []byte
	// Condition is the RestApi's Condition, when it has one.
	Condition string
}

// Read reads a template. A file that cannot be read as JSON or YAML gives
// a Template with no API and the error as a Diagnostic.
func Read(file string, data []byte, opts Options) *Template {
	t := &Template{File: file}
	root, err := tree.Parse(file, data, tree.Limits{MaxBytes: opts.Limits.MaxBytes, MaxDepth: opts.Limits.MaxDepth, MaxNodes: opts.Limits.MaxNodes})
	if err != nil {
		d := Diagnostic{Severity: diag.Error, Code: "syntax", File: file, Message: err.Error()}
		if te, ok := err.(*tree.Error); ok {
			d.Message, d.Line, d.Column, d.Pointer = te.Msg, te.Pos.Line, te.Pos.Column, te.Path
		}
		t.Diagnostics = []Diagnostic{d}
		return t
	}
	return readTree(t, root, opts, false)
}

// ReadExpanded reads a template tree that a macro's expansion produced
// (package sam expands a SAM source template into one): its nodes keep the
// positions of the source values they come from, and what remains of the
// macro's own resource types is not reported again.
func ReadExpanded(file string, root *tree.Node, opts Options) *Template {
	if root == nil {
		root = &tree.Node{}
	}
	return readTree(&Template{File: file}, root, opts, true)
}

func readTree(t *Template, root *tree.Node, opts Options, expanded bool) *Template {
	r := newReader(t.File, root, opts)
	r.expanded = expanded
	r.read()
	t.APIs = r.apis
	t.Diagnostics = append(r.res.diags, r.diags...)
	diag.Sort(t.Diagnostics)
	return t
}

// reader reads one template's tree.
type reader struct {
	file  string
	root  *tree.Node
	res   *resolver
	diags []Diagnostic
	apis  []API
	// byType lists the logical ids of each resource type, in order.
	byType map[string][]string
	// expanded marks a tree a macro's expansion produced.
	expanded bool
}

func newReader(file string, root *tree.Node, opts Options) *reader {
	rd := &reader{file: file, root: root, byType: map[string][]string{}}
	res := &resolver{
		file: file, params: map[string]*Value{}, pseudo: pseudoValues(opts), resources: map[string]string{},
		conditions: root.Get("Conditions"), condState: map[string]uint8{}, mappings: root.Get("Mappings"),
		maxSteps: 20 * nodeBudget(opts.Limits),
	}
	rd.res = res
	if root.Kind != tree.Map {
		rd.report(diag.Error, "invalid", root, "a template is a map with a Resources section; this file holds a %s", root.Kind)
		return rd
	}
	for _, m := range members(root.Get("Resources")) {
		if !logicalID(m.Key) {
			rd.report(diag.Error, "invalid", m.Value, "resource %q has no valid logical id: CloudFormation takes letters and digits only; it is not read", m.Key)
			continue
		}
		typ := m.Value.Get("Type")
		if typ == nil || typ.Kind != tree.String {
			rd.report(diag.Error, "invalid", m.Value, "resource %s has no Type", m.Key)
			continue
		}
		res.resources[m.Key] = typ.Str
		rd.byType[typ.Str] = append(rd.byType[typ.Str], m.Key)
	}
	rd.readParameters(opts.Parameters)
	return rd
}

func nodeBudget(l Limits) int {
	if l.MaxNodes > 0 {
		return l.MaxNodes
	}
	return tree.DefaultMaxNodes
}

// members returns a Map's members; nil for anything else.
func members(n *tree.Node) []tree.Member {
	if n == nil || n.Kind != tree.Map {
		return nil
	}
	return n.Members
}

func (rd *reader) report(sev diag.Severity, code string, n *tree.Node, format string, args ...any) {
	d := Diagnostic{Severity: sev, Code: code, Message: fmt.Sprintf(format, args...), File: rd.file}
	if n != nil {
		d.Line, d.Column, d.Pointer = n.Pos.Line, n.Pos.Column, n.Path
	}
	rd.diags = append(rd.diags, d)
}

// pseudoValues are the pseudo parameters the options give.
func pseudoValues(o Options) map[string]string {
	p := map[string]string{}
	if o.Region != "" {
		p["AWS::Region"] = o.Region
	}
	if o.Account != "" {
		p["AWS::AccountId"] = o.Account
	}
	if o.StackName != "" {
		p["AWS::StackName"] = o.StackName
	}
	part := o.Partition
	if part == "" && o.Region != "" {
		switch {
		case strings.HasPrefix(o.Region, "cn-"):
			part = "aws-cn"
		case strings.HasPrefix(o.Region, "us-gov-"):
			part = "aws-us-gov"
		default:
			part = "aws"
		}
	}
	if part != "" {
		p["AWS::Partition"] = part
		p["AWS::URLSuffix"] = "amazonaws.com"
		if part == "aws-cn" {
			p["AWS::URLSuffix"] = "amazonaws.com.cn"
		}
	}
	return p
}

// readParameters sets each parameter's value: the given one, else its
// Default, else its symbol. SSM parameter types take only a given value.
func (rd *reader) readParameters(given map[string]string) {
	declared := map[string]bool{}
	for _, m := range members(rd.root.Get("Parameters")) {
		declared[m.Key] = true
		typ := ""
		if t := m.Value.Get("Type"); t != nil {
			typ = t.Str
		}
		list := typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<")
		var v *Value
		if s, ok := given[m.Key]; ok {
			v = text(s, m.Value)
		} else if d := m.Value.Get("Default"); d != nil && d.IsScalar() && !strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<") {
			v = text(d.Str, d)
		}
		if v == nil {
			if !strings.HasPrefix(typ, "AWS::SSM::") || m.Key != "BootstrapVersion" {
				rd.report(diag.Info, "parameter", m.Value, "parameter %s has no value: it stays the symbol ${%s}; give it as a parameter %s=VALUE", m.Key, m.Key, m.Key)
			}
			v = symbol(m.Key, m.Value)
		} else if list {
			s, _ := v.Text()
			items := strings.Split(s, ",")
			lv := &Value{Kind: List, Node: v.Node}
			for _, it := range items {
				lv.Items = append(lv.Items, text(strings.TrimSpace(it), v.Node))
			}
			v = lv
		}
		rd.res.params[m.Key] = v
	}
	names := make([]string, 0, len(given))
	for k := range given {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !declared[k] {
			rd.report(diag.Warning, "parameter", nil, "parameter %s is given but the template declares no such parameter", k)
		}
	}
}

// logicalID reports whether s is a logical id: ASCII letters and digits,
// at least one.
func logicalID(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// ReadFragment reads a document meant to be included in a template that
// is not at hand (an OpenAPI file pulled in by AWS::Include or a SAM
// DefinitionUri): its intrinsic functions are resolved with the Options,
// and every name the enclosing template would declare (a resource, a
// parameter) stays a symbol. It is iac/openapi's Options.Resolve for such
// files. A file that cannot be read gives a nil Value and the error as a
// Diagnostic.
func ReadFragment(file string, data []byte, opts Options) (*Value, []Diagnostic) {
	root, err := tree.Parse(file, data, tree.Limits{MaxBytes: opts.Limits.MaxBytes, MaxDepth: opts.Limits.MaxDepth, MaxNodes: opts.Limits.MaxNodes})
	if err != nil {
		d := Diagnostic{Severity: diag.Error, Code: "syntax", File: file, Message: err.Error()}
		if te, ok := err.(*tree.Error); ok {
			d.Message, d.Line, d.Column, d.Pointer = te.Msg, te.Pos.Line, te.Pos.Column, te.Path
		}
		return nil, []Diagnostic{d}
	}
	res := &resolver{
		file: file, params: map[string]*Value{}, pseudo: pseudoValues(opts), resources: map[string]string{},
		condState: map[string]uint8{}, maxSteps: 20 * nodeBudget(opts.Limits), fragment: true,
	}
	for k, v := range opts.Parameters {
		res.params[k] = text(v, root)
	}
	v := res.resolve(root)
	return v, res.diags
}
