package openapi

import (
	"net/url"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/value"
)

// endpoint reads x-amazon-apigateway-endpoint-configuration: its types
// (one) and vpcEndpointIds.
func (rd *reader) endpoint(d *Document, ec *Value) {
	if ec == nil {
		return
	}
	if ec.Kind != value.Map {
		rd.report(diag.Error, "invalid", ec.Node, "x-amazon-apigateway-endpoint-configuration is not a map (%s)", value.ArgText(ec))
		return
	}
	if types := ec.Get("types"); types != nil {
		names := texts(types)
		if s, ok := types.Text(); ok && types.Kind != value.List {
			names = []string{s}
		}
		switch {
		case len(names) == 0:
		case len(names) > 1:
			rd.report(diag.Error, "invalid", types.Node, "x-amazon-apigateway-endpoint-configuration lists %d types; API Gateway takes one", len(names))
		default:
			t, err := apigw.ParseEndpointType(names[0])
			if err != nil {
				rd.report(diag.Error, "invalid", types.Node, "endpoint type %q is not EDGE, REGIONAL or PRIVATE; the API is read as EDGE", names[0])
			}
			d.Config.Endpoint, d.EndpointTypeSet = t, err == nil
		}
	}
	if ids := ec.Get("vpcEndpointIds"); ids != nil {
		if ids.Kind != value.List {
			rd.report(diag.Warning, "unresolved", ids.Node, "vpcEndpointIds is not a list known offline (%s): the VPC endpoints are not known", value.ArgText(ids))
			return
		}
		d.VPCEndpointsSet = true
		for _, it := range ids.Items {
			d.Config.VPCEndpoints = append(d.Config.VPCEndpoints, apiValue(it))
		}
	}
}

// server reads what an export says of where the API is: Swagger 2.0's
// host and basePath, OpenAPI 3's first servers URL (its variables at their
// defaults). A host such as a1b2c3.execute-api.eu-west-1.amazonaws.com gives the
// API's id and region; the base path, its stage.
func (rd *reader) server(d *Document, doc *Value) {
	var host, base string
	if h := doc.Get("host"); h != nil {
		host, _ = h.Text()
		base, _ = doc.Get("basePath").Text()
	} else if ss := doc.Get("servers"); ss != nil && ss.Kind == value.List && len(ss.Items) > 0 {
		raw, known := ss.Items[0].Get("url").Text()
		if !known {
			return
		}
		if vars := ss.Items[0].Get("variables"); vars != nil && vars.Kind == value.Map {
			for _, m := range vars.Members {
				def, _ := m.Value.Get("default").Text()
				raw = strings.ReplaceAll(raw, "{"+m.Key+"}", def)
			}
		}
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		host, base = u.Host, u.Path
	}
	id, rest, ok := strings.Cut(host, ".execute-api.")
	if !ok || id == "" {
		return
	}
	region, suffix, ok := strings.Cut(rest, ".")
	if !ok || region == "" || !strings.HasPrefix(suffix, "amazonaws.com") {
		return
	}
	d.Config.ID, d.Config.Region = apigw.Known(id), apigw.Known(region)
	d.Config.Partition = apigw.Known(partition(region))
	if stage := strings.Trim(base, "/"); stage != "" && !strings.Contains(stage, "/") {
		d.Config.Stages = []apigw.Stage{{Name: stage, Origin: d.Config.Origin}}
	}
}

// partition is the partition of a region.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}
