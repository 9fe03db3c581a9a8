// Package iac reads the REST APIs a project defines in its
// infrastructure-as-code into apigw.APIConfig values, so that iamgate
// checks the API that is deployed rather than a copy typed into a suite.
//
// Load takes a path and finds what it holds: a CloudFormation template
// (JSON or YAML, hand-written, processed SAM, or Serverless Framework
// output), a SAM source template, a cdk.out folder (its templates found
// through manifest.json), an OpenAPI document, or the JSON of terraform
// show -json.
// It returns every API found, each with its logical id, and every
// diagnostic at once, each at its file, line, column and JSON Pointer.
// Values a template does not decide offline (the account, the region, a
// function's ARN) stay symbols such as "${AWS::AccountId}": never an empty
// string, never a match.
//
// The readers of each family live in sub-packages: [cloudformation] reads
// CloudFormation; [sam] expands SAM source templates (Transform
// AWS::Serverless-2016-10-31) the way the SAM translator does and reads the
// result as CloudFormation; [openapi] reads OpenAPI documents (a standalone
// file, an export of `aws apigateway get-export`, and the RestApi Body that
// cloudformation hands it). A standalone document defines one API, whose
// ID is "(document)"; CloudFormation intrinsics in it (a file meant for
// AWS::Include) are resolved with the Options, the enclosing template's
// names kept as symbols. [terraform] reads the JSON of terraform show
// -json, of a state or of a plan (HCL source is recognised and the
// diagnostic says how to produce that JSON); an API's ID is its address.
// HTTP APIs are recognised and reported as not yet modelled.
//
// # Where things go
//
// A new input format is a sub-package here whose reader turns the file into
// apigw.APIConfig values and diagnostics (with the shared positioned tree,
// iac/internal/tree, and the symbol-keeping values of iac/internal/value);
// Load's detection (load.go, Detect) sends the file to it. A reader never
// builds Gateways or Calls, and never turns an unknown value into text.
//
// # Performance
//
// A generated template of 500 resources (YAML with short forms: methods,
// authorizers, resources, stages) loads in about 20 to 25 ms on a shared
// 2-core AMD EPYC runner, within the target of 50 ms:
//
//	go test ./iac -run '^$' -bench Load500 -benchmem
//
// # Limits
//
// Reading is bounded (Options.Limits): file size, nesting depth and the
// number of values built, YAML aliases counted each time they are used, so
// an alias bomb or a deeply nested file ends in a diagnostic, not a hang.
package iac

import (
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/cloudformation"
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/openapi"
	"github.com/iamgate/iamgate/iac/terraform"
)

// Diagnostic is one problem or remark about the files read: its severity,
// a message saying what to supply, and where (file, line, column, JSON
// Pointer).
type Diagnostic = diag.Diagnostic

// Severity is a Diagnostic's severity.
type Severity = diag.Severity

// The severities.
const (
	Info    = diag.Info
	Warning = diag.Warning
	Error   = diag.Error
)

// Format is the kind of input Load found.
type Format string

// The formats Load tells apart.
const (
	CloudFormation Format = "cloudformation"
	SAM            Format = "sam"
	CDK            Format = "cdk"
	Serverless     Format = "serverless"
	OpenAPI        Format = "openapi"
	Terraform      Format = "terraform"
	UnknownFormat  Format = "unknown"
)

// Options are what the files cannot say about themselves.
type Options struct {
	// Parameters are template parameter values, by name (K=V on the
	// command line); they take precedence over the parameters' defaults.
	Parameters map[string]string
	// Region, Account, Partition and StackName are the pseudo parameters
	// AWS::Region, AWS::AccountId, AWS::Partition and AWS::StackName. Empty
	// ones stay symbols (a cdk.out manifest's concrete environment gives
	// the account and region); Partition follows Region when empty.
	Region, Account, Partition, StackName string
	// Limits bound what reading a file may cost.
	Limits Limits
}

// Limits bound the reading of each file. A zero field takes its default:
// 16 MiB, 200 levels of nesting, 1,000,000 values (YAML aliases counted
// each time they are used).
type Limits struct {
	MaxBytes, MaxDepth, MaxNodes int
}

// Result is what Load found.
type Result struct {
	// Format is the kind of input.
	Format Format
	// Files are the files read, in order.
	Files []string
	// APIs are the REST APIs found, by file then logical id.
	APIs []API
	// Diagnostics are every problem and remark, by file and position.
	Diagnostics []Diagnostic
}

// API is one REST API found.
type API struct {
	// ID is the API's logical id in its template, its address in a
	// Terraform file (aws_api_gateway_rest_api.api), or "(document)" for
	// a standalone OpenAPI document.
	ID string
	// Name is the API's Name property; it may be empty.
	Name string
	// Kind is "REST".
	Kind string
	// File is the file that defines it; Stack the CDK stack, if any.
	File, Stack string
	// Config is the API as apigw models it.
	Config apigw.APIConfig
	// AuthorizerNames are the authorizers' Name properties, by logical id
	// (the model names authorizers by logical id).
	AuthorizerNames map[string]string
	// Policy is the resource policy as written, intrinsics resolved,
	// symbols kept as "${SYMBOL}"; nil when none is attached. The
	// document parsed from it, Config.ResourcePolicy, has the template's
	// positions: each of its values is at the line and column where it
	// was written in File (a policy written as a JSON string, at the
	// string), so that findings and explanations point into the template.
	// Byte offsets are not known there: they are 0.
	Policy []byte
}

// HasErrors reports whether a diagnostic is an Error.
func (r *Result) HasErrors() bool {
	for _, d := range r.Diagnostics {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// API returns the API of logical id id, or nil.
func (r *Result) API(id string) *API {
	for i := range r.APIs {
		if r.APIs[i].ID == id {
			return &r.APIs[i]
		}
	}
	return nil
}

func (o Options) cfn() cloudformation.Options {
	return cloudformation.Options{
		Parameters: o.Parameters, Region: o.Region, Account: o.Account, Partition: o.Partition, StackName: o.StackName,
		Limits: cloudformation.Limits(o.Limits),
	}
}

// addTemplate adds what a CloudFormation template holds to r.
func (r *Result) addTemplate(t *cloudformation.Template, stack string) {
	r.Files = append(r.Files, t.File)
	for _, a := range t.APIs {
		r.APIs = append(r.APIs, API{
			ID: a.LogicalID, Name: a.Config.Name, Kind: "REST", File: t.File, Stack: stack,
			Config: a.Config, AuthorizerNames: a.AuthorizerNames, Policy: a.Policy,
		})
	}
	r.Diagnostics = append(r.Diagnostics, t.Diagnostics...)
}

func (o Options) openapi() openapi.Options {
	return openapi.Options{
		Resolve: func(file string, data []byte) (*openapi.Value, []Diagnostic) {
			return cloudformation.ReadFragment(file, data, o.cfn())
		},
		Limits: openapi.Limits(o.Limits),
	}
}

// addOpenAPI adds the API a standalone OpenAPI document defines to r;
// the options give the ARN parts an export's host does not.
func (r *Result) addOpenAPI(d *openapi.Document, o Options) {
	r.Files = append(r.Files, d.File)
	r.Diagnostics = append(r.Diagnostics, d.Diagnostics...)
	if d.Version == "" && len(d.Config.Methods) == 0 {
		return // not read: the diagnostics say why
	}
	pseudo := o.cfn()
	for _, p := range []struct {
		v    *apigw.Value
		text string
	}{{&d.Config.Region, pseudo.Region}, {&d.Config.Account, pseudo.Account}, {&d.Config.Partition, pseudo.Partition}} {
		if !p.v.IsKnown() && p.text != "" {
			*p.v = apigw.Known(p.text)
		}
	}
	if !d.Config.Partition.IsKnown() && d.Config.Region.IsKnown() {
		d.Config.Partition = apigw.Known(partitionOf(d.Config.Region.Text))
	}
	r.APIs = append(r.APIs, API{
		ID: openapi.DocumentID, Name: d.Config.Name, Kind: "REST", File: d.File,
		Config: d.Config, AuthorizerNames: d.AuthorizerNames, Policy: d.Policy,
	})
}

// partitionOf is the partition of a region.
func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

func (o Options) terraform() terraform.Options {
	return terraform.Options{Region: o.Region, Account: o.Account, Partition: o.Partition, Limits: terraform.Limits(o.Limits)}
}

// addTerraform adds the APIs of a terraform show -json file to r.
func (r *Result) addTerraform(d *terraform.Document) {
	r.Files = append(r.Files, d.File)
	for _, a := range d.APIs {
		r.APIs = append(r.APIs, API{
			ID: a.Address, Name: a.Config.Name, Kind: "REST", File: d.File,
			Config: a.Config, AuthorizerNames: a.AuthorizerNames, Policy: a.Policy,
		})
	}
	r.Diagnostics = append(r.Diagnostics, d.Diagnostics...)
}
