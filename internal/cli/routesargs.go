package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/iac"
)

// routesFlags are the flags of "iamgate routes" (and the template flags
// eval shares with it).
type routesFlags struct {
	template templateFlags
	format   string
}

// templateFlags say what a template cannot say about itself: which of its
// APIs, its parameters, and the pseudo parameters.
type templateFlags struct {
	api                        string
	parameters                 multiFlag
	region, account, partition string
}

// routesArgs is what the flags and path of routes say, typed and checked:
// parseRoutesArgs makes it, and runRoutes turns it into iac.Load and the
// Routes view's JSON or text.
type routesArgs struct {
	// path is the template file, cdk.out folder or Serverless folder.
	path string
	// api is the logical id of the one API to show; "" shows them all.
	api string
	// options are the template's parameters and pseudo parameters.
	options iac.Options
	// format is text or json.
	format string
}

// errNoTemplate is parseRoutesArgs's error when no path is given: the
// usage follows it.
var errNoTemplate = errors.New("no template given")

// parseRoutesArgs checks the flags and path and types their values. It
// reads no file.
func parseRoutesArgs(f *routesFlags, paths []string) (*routesArgs, error) {
	if f.format != "text" && f.format != "json" {
		return nil, fmt.Errorf("--format: %q is not text or json", f.format)
	}
	switch len(paths) {
	case 0:
		return nil, errNoTemplate
	case 1:
	default:
		return nil, fmt.Errorf("one template at a time: %d paths given (%s)", len(paths), strings.Join(paths, ", "))
	}
	opts, err := f.template.options()
	if err != nil {
		return nil, err
	}
	return &routesArgs{path: paths[0], api: f.template.api, options: opts, format: f.format}, nil
}

// options types the parameters and pseudo parameters.
func (f *templateFlags) options() (iac.Options, error) {
	opts := iac.Options{Region: f.region, Account: f.account, Partition: f.partition}
	for _, p := range f.parameters {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return opts, fmt.Errorf("--parameter: %q is not NAME=VALUE", p)
		}
		if _, dup := opts.Parameters[k]; dup {
			return opts, fmt.Errorf("--parameter: %s is given twice", k)
		}
		if opts.Parameters == nil {
			opts.Parameters = map[string]string{}
		}
		opts.Parameters[k] = v
	}
	if f.account != "" && !isAccountID(f.account) {
		return opts, fmt.Errorf("--account: %q is not an account id (12 digits)", f.account)
	}
	switch f.partition {
	case "", "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc":
	default:
		return opts, fmt.Errorf("--partition: %q is not a partition (aws, aws-cn, aws-us-gov, ...)", f.partition)
	}
	return opts, nil
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
