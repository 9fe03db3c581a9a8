package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/iamgate/iamgate/iac"
)

const routesUsage = `Usage: iamgate routes [flags] TEMPLATE

Prints the REST APIs a template defines as iamgate reads them: for each API
its endpoint type, ARN (unknown parts as symbols such as ${AWS::AccountId}),
resource policy one statement a line, authorizers (type, identity sources,
cache TTL, a defaulted TTL flagged, token validation expression), then every
stage x route with its authorization type, authorizer, scopes, API key, and
who can call it: public, authenticated (any caller the authorizer accepts),
iam (signed IAM principals), vpc-endpoint (a PRIVATE API), nobody, or depends
(on the resource policy's conditions or on values the template leaves
unknown). Then every diagnostic, each at FILE:LINE:COL.

TEMPLATE is a CloudFormation template (JSON or YAML: hand-written, processed
SAM, Serverless Framework output), a cdk.out folder or its manifest.json, or
a Serverless project's .serverless folder.

--format json prints the same as JSON (schemaVersion 1, the contract of
docs/schema/routes.schema.json); docs/templates.md explains it.

Exit codes: 0 read, 1 read with error diagnostics (a fact of the API could
not be read: the view lacks or guesses it), 2 usage, a template that cannot
be read, or an --api the template does not define.

Flags:
`

// defineTemplateFlags defines the template flags; apiFlag names the flag
// of the API's logical id, none when "".
func defineTemplateFlags(fs *flag.FlagSet, f *templateFlags, apiFlag string) {
	if apiFlag != "" {
		fs.StringVar(&f.api, apiFlag, "", "the logical `ID` of the API to use, when the template defines several")
	}
	fs.Var(&f.parameters, "parameter", "a template parameter's value, `NAME=VALUE`; repeatable")
	fs.StringVar(&f.region, "region", "", "the `REGION` of AWS::Region (default: kept as the symbol ${AWS::Region})")
	fs.StringVar(&f.account, "account", "", "the account `ID` of AWS::AccountId (default: kept as a symbol)")
	fs.StringVar(&f.partition, "partition", "", "the `PARTITION` of AWS::Partition (default: from --region, else a symbol)")
}

func runRoutes(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("routes", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var f routesFlags
	defineTemplateFlags(fs, &f.template, "api")
	fs.StringVar(&f.format, "format", "text", "output `FORMAT`: text or json")
	fs.Usage = func() {
		io.WriteString(fs.Output(), routesUsage)
		printFlags(fs)
	}
	paths, code, stop := parseInterspersed(e, fs, args)
	if stop {
		return code
	}
	a, err := parseRoutesArgs(&f, paths)
	if err != nil {
		if errors.Is(err, errNoTemplate) {
			e.errorf("routes: %v", err)
			fs.Usage()
			return ExitUsage
		}
		e.errorf("routes: %v", err)
		fmt.Fprintln(e.stderr, "Run \"iamgate help routes\" for usage.")
		return ExitUsage
	}
	res, err := iac.Load(a.path, a.options)
	if err != nil {
		e.errorf("routes: %v", strings.TrimPrefix(err.Error(), "iac: "))
		return ExitUsage
	}
	view := res.Routes()
	if a.api != "" {
		all := view.APIs
		view.APIs = nil
		for _, api := range all {
			if api.ID == a.api {
				view.APIs = append(view.APIs, api)
			}
		}
		if len(view.APIs) == 0 {
			e.errorf("routes: --api: %s defines no API %q%s", a.path, a.api, apiIDs(res))
			return ExitUsage
		}
	}
	if a.format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(view)
	} else {
		view.WriteText(e.stdout)
	}
	if res.HasErrors() {
		return ExitFailed
	}
	return ExitOK
}

// apiIDs lists the logical ids of the APIs found, for a message.
func apiIDs(r *iac.Result) string {
	if len(r.APIs) == 0 {
		return ": it defines no REST API"
	}
	ids := make([]string, len(r.APIs))
	for i, a := range r.APIs {
		ids[i] = a.ID
	}
	return ": it defines " + strings.Join(ids, ", ")
}
