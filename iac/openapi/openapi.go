// Package openapi reads the REST API an OpenAPI document defines with API
// Gateway's extensions: Swagger 2.0 and OpenAPI 3, JSON or YAML, as
// `aws apigateway get-export` writes them, as a CloudFormation RestApi's
// Body holds them, and as Terraform's body attribute carries them. One
// reader serves the three: iac/cloudformation and iac/terraform call
// ReadValue, and Read reads a standalone file.
//
// What is read: the security schemes (securityDefinitions in Swagger 2.0,
// components.securitySchemes in OpenAPI 3) with
// x-amazon-apigateway-authorizer and x-amazon-apigateway-authtype, each
// operation's security requirements and x-amazon-apigateway-auth,
// x-amazon-apigateway-any-method (the ANY method),
// x-amazon-apigateway-policy, x-amazon-apigateway-gateway-responses,
// x-amazon-apigateway-endpoint-configuration and
// x-amazon-apigateway-api-key-source. An export's host (Swagger 2.0) or
// servers URL (OpenAPI 3) gives the API's id, region and stage. A
// document-level security requirement is reported and not applied: AWS
// has said API Gateway's import sets security per operation only.
//
// Values are Values: known text, or symbols for what is not known offline
// (a standalone file meant for AWS::Include may hold CloudFormation
// intrinsics, which Options.Resolve resolves), never an empty string.
// Every problem is reported at once, each at its file, line, column and
// JSON Pointer.
package openapi

import (
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
	"github.com/iamgate/iamgate/iac/internal/value"
)

// Diagnostic is one problem or remark about a document.
type Diagnostic = diag.Diagnostic

// Value is a document value whose strings are known text and symbols;
// iac/cloudformation's Value is the same type.
type Value = value.Value

// DocumentID is the ID iac gives the one API of a standalone document.
const DocumentID = "(document)"

// Options are what a standalone document cannot say about itself.
type Options struct {
	// Resolve, when set, reads the file's bytes into a Value, resolving
	// the CloudFormation intrinsic functions a document meant for
	// AWS::Include holds (iac.Load sets it to iac/cloudformation's
	// ReadFragment). When nil, the document is read as written and each
	// intrinsic stays a symbol, reported.
	Resolve func(file string, data []byte) (*Value, []Diagnostic)
	// Limits bound the reading of the file.
	Limits Limits
}

// Limits bound what a document may cost to read. A zero field takes its
// default (16 MiB, 200 levels, 1,000,000 values).
type Limits struct {
	MaxBytes, MaxDepth, MaxNodes int
}

// Document is what an OpenAPI document defines for API Gateway.
type Document struct {
	File string
	// Version is the document's swagger or openapi field ("2.0",
	// "3.0.1"); empty when it has neither.
	Version string
	// Config is the API as apigw models it: its name (info.title), its
	// methods, authorizers (named after their security schemes),
	// gateway responses, endpoint type and VPC endpoints. An export's
	// host or servers give its ID, region and stage. The resource policy
	// is in Config.ResourcePolicy after Read; ReadValue leaves it to the
	// caller (see PolicyValue).
	Config apigw.APIConfig
	// AuthorizerNames are the authorizers' names, by model name (API
	// Gateway names an authorizer after its security scheme).
	AuthorizerNames map[string]string
	// Policy is the resource policy as written, symbols kept as
	// "${SYMBOL}"; set by Read, nil when there is none.
	Policy []byte
	// PolicyValue is x-amazon-apigateway-policy as read; nil when absent.
	PolicyValue *Value
	// EndpointTypeSet reports whether x-amazon-apigateway-endpoint-
	// configuration named the endpoint type (Config.Endpoint is otherwise
	// the default, EDGE); VPCEndpointsSet whether it listed VPC endpoints.
	EndpointTypeSet, VPCEndpointsSet bool
	// APIKeySource is x-amazon-apigateway-api-key-source: "HEADER",
	// "AUTHORIZER", or "" when not written (API Gateway then reads the
	// x-api-key header).
	APIKeySource string
	// Diagnostics are every problem and remark, sorted by position.
	Diagnostics []Diagnostic
}

// Read reads a standalone OpenAPI document. A file that cannot be read as
// JSON or YAML gives a Document with no method and the error as a
// Diagnostic.
func Read(file string, data []byte, opts Options) *Document {
	var v *Value
	var diags []Diagnostic
	if opts.Resolve != nil {
		v, diags = opts.Resolve(file, data)
	} else {
		root, err := tree.Parse(file, data, tree.Limits(opts.Limits))
		if err != nil {
			d := Diagnostic{Severity: diag.Error, Code: "syntax", File: file, Message: err.Error()}
			if te, ok := err.(*tree.Error); ok {
				d.Message, d.Line, d.Column, d.Pointer = te.Msg, te.Pos.Line, te.Pos.Column, te.Path
			}
			return &Document{File: file, Diagnostics: []Diagnostic{d}, AuthorizerNames: map[string]string{}}
		}
		rep := value.Reporter{File: file}
		v = value.Plain(root, &rep)
		diags = rep.Diags
	}
	if v == nil {
		doc := &Document{File: file, Diagnostics: diags, AuthorizerNames: map[string]string{}}
		diag.Sort(doc.Diagnostics)
		return doc
	}
	doc := ReadValue(file, v, ReadOptions{})
	doc.Diagnostics = append(doc.Diagnostics, diags...)
	rep := value.Reporter{File: file}
	doc.Policy, doc.Config.ResourcePolicy = rep.Policy(doc.PolicyValue)
	doc.Diagnostics = append(doc.Diagnostics, rep.Diags...)
	if err := doc.Config.Validate(); err != nil {
		doc.Diagnostics = append(doc.Diagnostics, modelErrors(file, err)...)
	}
	diag.Sort(doc.Diagnostics)
	return doc
}

// ReadOptions tell ReadValue where the document sits.
type ReadOptions struct {
	// Name is how messages name the document: "the Body" for a
	// CloudFormation RestApi's Body; "the document" when empty.
	Name string
}

// ReadValue reads an OpenAPI document already read into a Value: a
// CloudFormation RestApi's Body, a Terraform body. Its resource policy is
// left in PolicyValue, for the caller to weigh against the policy set
// elsewhere; every other fact is in Config.
func ReadValue(file string, doc *Value, opts ReadOptions) *Document {
	rd := &reader{rep: value.Reporter{File: file}, name: opts.Name}
	if rd.name == "" {
		rd.name = "the document"
	}
	d := &Document{File: file, AuthorizerNames: map[string]string{}}
	rd.read(d, doc)
	d.Diagnostics = rd.rep.Diags
	diag.Sort(d.Diagnostics)
	return d
}
