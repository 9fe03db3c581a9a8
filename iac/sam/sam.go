// Package sam reads SAM source templates (Transform
// AWS::Serverless-2016-10-31) by expanding, for their REST APIs, what the
// SAM translator writes: every AWS::Serverless::Api, and the implicit
// ServerlessRestApi of functions' Api events, becomes an
// AWS::ApiGateway::RestApi whose OpenAPI Body holds the routes, the
// authorizers (Auth.Authorizers, DefaultAuthorizer, per-route Authorizer
// with NONE and AWS_IAM, AuthorizationScopes, ApiKeyRequired,
// AddDefaultAuthorizerToCorsPreflight), the resource policy SAM builds from
// the ResourcePolicy shortcuts and the GatewayResponses, plus the stages
// SAM creates: StageName and the extra stage named "Stage". The expanded
// template is then read as CloudFormation, so a source template and the
// template SAM translates it into give the same model.
//
// Every generated value keeps the position of the source value it comes
// from, so diagnostics point into the source template. What SAM would
// reject is reported, and expanded as far as it goes. HTTP APIs
// (AWS::Serverless::HttpApi) are reported as not yet modelled.
package sam

import (
	"strings"

	"github.com/iamgate/iamgate/iac/cloudformation"
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
)

// Transform is the transform of a SAM source template.
const Transform = cloudformation.SAMTransform

// Read reads a template: a SAM source template is expanded, any other is
// read as CloudFormation.
func Read(file string, data []byte, opts cloudformation.Options) *cloudformation.Template {
	lim := opts.Limits
	root, err := tree.Parse(file, data, tree.Limits{MaxBytes: lim.MaxBytes, MaxDepth: lim.MaxDepth, MaxNodes: lim.MaxNodes})
	if err != nil || !hasTransform(root) {
		return cloudformation.Read(file, data, opts)
	}
	e := newExpander(file, root, opts.Parameters)
	out := e.expand()
	t := cloudformation.ReadExpanded(file, out, opts)
	t.Diagnostics = append(t.Diagnostics, e.diags...)
	diag.Sort(t.Diagnostics)
	return t
}

// hasTransform reports whether a template names the SAM transform, or
// names none and holds AWS::Serverless resources (as SAM's own test inputs
// do).
func hasTransform(root *tree.Node) bool {
	t := root.Get("Transform")
	if t == nil {
		for _, m := range members(root.Get("Resources")) {
			if strings.HasPrefix(typeOf(m.Value), "AWS::Serverless::") {
				return true
			}
		}
		return false
	}
	if t.Kind == tree.String {
		return t.Str == Transform
	}
	for _, n := range t.Items {
		if n.Kind == tree.String && n.Str == Transform {
			return true
		}
	}
	return false
}
