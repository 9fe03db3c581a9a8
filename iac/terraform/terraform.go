// Package terraform reads the REST APIs of a Terraform configuration from
// the JSON that `terraform show -json` writes, of a state or of a saved
// plan (the format documented at
// https://developer.hashicorp.com/terraform/internals/json-format):
//
//	terraform show -json > state.json                    # what is deployed
//	terraform plan -out=tfplan && terraform show -json tfplan > plan.json
//
// HCL source (*.tf) is not read: evaluating it is Terraform's job.
//
// The resources read are aws_api_gateway_rest_api (name, body, policy,
// endpoint_configuration, api_key_source), aws_api_gateway_rest_api_policy,
// aws_api_gateway_resource (its path, from path or from the parent_id
// chain), aws_api_gateway_method, aws_api_gateway_authorizer,
// aws_api_gateway_stage, aws_api_gateway_deployment (its stage_name) and
// aws_api_gateway_gateway_response, in the root module and every child
// module. A body is read by iac/openapi.
//
// A state's values are all known. A plan's are planned_values, and a value
// that is unknown until apply (resource_changes' after_unknown) stays a
// symbol: the expression the configuration gives for it, such as
// "${aws_vpc_endpoint.api.id}", or else the attribute's own address,
// never an empty string. Links between resources (rest_api_id, parent_id,
// resource_id, authorizer_id) follow known ids, or, in a first-apply plan
// where ids are unknown, the configuration's references.
package terraform

import (
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
)

// Diagnostic is one problem or remark about a file.
type Diagnostic = diag.Diagnostic

// Options are what the file cannot say about itself: the region, account
// and partition the provider deploys to, used when the API's execution
// ARN is not known. Empty ones stay symbols.
type Options struct {
	Region, Account, Partition string
	// Limits bound the reading of the file.
	Limits Limits
}

// Limits bound what a file may cost to read. A zero field takes its
// default (16 MiB, 200 levels, 1,000,000 values).
type Limits struct {
	MaxBytes, MaxDepth, MaxNodes int
}

// Document is what a terraform show -json file holds for iamgate.
type Document struct {
	File string
	// Kind is "state" or "plan"; empty when the file is neither.
	Kind string
	// FormatVersion is the file's format_version.
	FormatVersion string
	// APIs are the REST APIs, by address.
	APIs []API
	// Diagnostics are every problem and remark, sorted by position.
	Diagnostics []Diagnostic
}

// API is one aws_api_gateway_rest_api.
type API struct {
	// Address is the resource's address, such as
	// "module.shop.aws_api_gateway_rest_api.api".
	Address string
	// Config is the API as apigw models it; its authorizers are named by
	// their addresses.
	Config apigw.APIConfig
	// AuthorizerNames are the authorizers' name attributes, by address.
	AuthorizerNames map[string]string
	// Policy is the resource policy as written, symbols kept as
	// "${SYMBOL}"; nil when none is attached.
	Policy []byte
	// APIKeySource is "HEADER" or "AUTHORIZER" (api_key_source, else the
	// body's x-amazon-apigateway-api-key-source); empty when not known.
	APIKeySource string
}

// Read reads the output of terraform show -json. A file that cannot be
// read gives a Document with no API and the problem as a Diagnostic.
func Read(file string, data []byte, opts Options) *Document {
	d := &Document{File: file}
	root, err := tree.Parse(file, data, tree.Limits(opts.Limits))
	if err != nil {
		g := Diagnostic{Severity: diag.Error, Code: "syntax", File: file, Message: err.Error()}
		if te, ok := err.(*tree.Error); ok {
			g.Message, g.Line, g.Column, g.Pointer = te.Msg, te.Pos.Line, te.Pos.Column, te.Path
		}
		d.Diagnostics = []Diagnostic{g}
		return d
	}
	rd := newReader(file, root, opts)
	rd.read(d)
	d.Diagnostics = rd.rep.Diags
	diag.Sort(d.Diagnostics)
	return d
}
