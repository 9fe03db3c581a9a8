package cloudformation

import (
	"sort"
	"strings"

	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
)

// SAMTransform is the transform of a SAM source template.
const SAMTransform = "AWS::Serverless-2016-10-31"

// checkTransforms reports the template's transforms and returns whether
// its resources can be read as they are: a SAM source template or one
// with a macro cannot.
func (rd *reader) checkTransforms() bool {
	t := rd.root.Get("Transform")
	if t == nil {
		if !rd.expanded && rd.hasSAMResources() {
			rd.samSource(rd.root)
		}
		return true
	}
	var names []*tree.Node
	switch t.Kind {
	case tree.String:
		names = []*tree.Node{t}
	case tree.List:
		names = t.Items
	}
	ok := true
	for _, n := range names {
		switch {
		case n.Kind != tree.String:
			rd.report(diag.Error, "unsupported", n, "a transform with parameters (AWS::Include or a macro) runs at deploy time; give iamgate the processed template (aws cloudformation get-template --template-stage Processed)")
			ok = false
		case n.Str == "AWS::LanguageExtensions":
		case n.Str == SAMTransform:
			rd.samSource(n)
		default:
			rd.report(diag.Error, "unsupported", n, "the macro %s runs at deploy time; give iamgate the processed template (aws cloudformation get-template --template-stage Processed)", n.Str)
			ok = false
		}
	}
	return ok
}

// samSource reports the SAM resources of a SAM source template: not yet
// expanded, with what they are. The template's plain AWS::ApiGateway
// resources are read as they are, since SAM leaves them so.
func (rd *reader) samSource(at *tree.Node) {
	var found []string
	for typ, ids := range rd.byType {
		if strings.HasPrefix(typ, "AWS::Serverless::") {
			for _, id := range ids {
				found = append(found, id+" ("+typ+")")
			}
		}
	}
	sort.Strings(found)
	if len(found) == 0 {
		return
	}
	rd.report(diag.Error, "not-modelled", at, "this is a SAM source template, whose SAM resources iamgate does not expand yet: %s; the APIs they define (and the implicit ServerlessRestApi of functions' Api events) are missing. Give iamgate the processed template instead: aws cloudformation get-template --template-stage Processed, or the template of a change set", strings.Join(found, ", "))
}

// checkUnsupported reports resources iamgate does not model yet: HTTP APIs,
// nested stacks.
func (rd *reader) checkUnsupported() {
	for _, typ := range sortedTypes(rd.byType) {
		ids := rd.byType[typ]
		switch {
		case typ == "AWS::ApiGatewayV2::Api":
			for _, id := range ids {
				rd.report(diag.Warning, "not-modelled", rd.root.Get("Resources").Get(id), "%s is an HTTP or WebSocket API (AWS::ApiGatewayV2::Api), which iamgate does not model yet; its routes: %s", id, rd.v2Routes(id))
			}
		case typ == "AWS::CloudFormation::Stack":
			for _, id := range ids {
				rd.report(diag.Warning, "unsupported", rd.root.Get("Resources").Get(id), "%s is a nested stack; iamgate reads one template at a time: load the nested stack's template too", id)
			}
		}
	}
}

// v2Routes lists the route keys of an HTTP API's Route resources.
func (rd *reader) v2Routes(api string) string {
	var keys []string
	for _, id := range rd.byType["AWS::ApiGatewayV2::Route"] {
		props := rd.root.Get("Resources").Get(id).Get("Properties")
		ref := props.Get("ApiId")
		if ref.Get("Ref") == nil || ref.Get("Ref").Str != api {
			continue
		}
		key := props.Get("RouteKey")
		s := "?"
		if key != nil && key.Kind == tree.String {
			s = key.Str
		}
		auth := "NONE"
		if a := props.Get("AuthorizationType"); a != nil && a.Kind == tree.String {
			auth = a.Str
		}
		keys = append(keys, s+" ("+auth+")")
	}
	if len(keys) == 0 {
		return "none declared as AWS::ApiGatewayV2::Route resources"
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

func sortedTypes(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// hasSAMResources reports whether the template holds AWS::Serverless
// resources (SAM's own test inputs omit the Transform).
func (rd *reader) hasSAMResources() bool {
	for typ := range rd.byType {
		if strings.HasPrefix(typ, "AWS::Serverless::") {
			return true
		}
	}
	return false
}
