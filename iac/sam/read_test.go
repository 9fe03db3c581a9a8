package sam_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/iac/internal/golden"

	"github.com/iamgate/iamgate/iac/cloudformation"
	"github.com/iamgate/iamgate/iac/sam"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// summary renders what a template holds as sorted lines: the facts the
// expansion is for, with the source positions they are reported at.
func summary(t *cloudformation.Template) []string {
	var out []string
	for _, a := range t.APIs {
		c := &a.Config
		p := "api " + a.LogicalID
		out = append(out, fmt.Sprintf("%s name=%q endpoint=%s vpce=%v @%d:%d", p, c.Name, c.Endpoint, c.VPCEndpoints, c.Origin.Pos.Line, c.Origin.Pos.Column))
		if a.Policy != nil {
			out = append(out, fmt.Sprintf("%s policy %s", p, a.Policy))
		}
		for _, m := range c.Methods {
			out = append(out, fmt.Sprintf("%s method %s auth=%s authorizer=%q scopes=%v apiKey=%v @%d:%d", p, m.Route(), m.Auth, m.Authorizer, m.Scopes, m.APIKeyRequired, m.Origin.Pos.Line, m.Origin.Pos.Column))
		}
		for _, z := range c.Authorizers {
			kind := z.Type.String()
			if z.Cognito {
				kind = "COGNITO_USER_POOLS"
			}
			out = append(out, fmt.Sprintf("%s authorizer %s %s sources=%q regex=%q ttl=%v function=%s providers=%v @%d:%d", p, z.Name, kind, z.IdentitySources, z.ValidationExpression, z.TTL, z.Function, z.Providers, z.Origin.Pos.Line, z.Origin.Pos.Column))
		}
		for _, s := range c.Stages {
			out = append(out, fmt.Sprintf("%s stage %s @%d:%d", p, s.Name, s.Origin.Pos.Line, s.Origin.Pos.Column))
		}
		for _, r := range c.GatewayResponses {
			out = append(out, fmt.Sprintf("%s response %s status=%d headers=%v templates=%v", p, r.Type, r.Status, r.Headers, r.Templates))
		}
	}
	for _, d := range t.Diagnostics {
		out = append(out, fmt.Sprintf("%s %s:%d:%d %s: %s (%s)", d.Severity, filepath.Base(d.File), d.Line, d.Column, d.Code, d.Message, d.Pointer))
	}
	sort.Strings(out)
	return out
}

func TestReadFixtures(t *testing.T) {
	for _, tc := range []struct {
		file string
		opts cloudformation.Options
	}{
		{"full.yaml", cloudformation.Options{}},
		{"full.yaml", cloudformation.Options{Parameters: map[string]string{"Stage": "prod", "Vpce": "vpce-9999"}}},
		{"invalid.yaml", cloudformation.Options{}},
		{"intrinsics.yaml", cloudformation.Options{}},
	} {
		name := tc.file + fmt.Sprintf("%v", tc.opts.Parameters)
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := summary(sam.Read(path, data, tc.opts))
			goldenFile := filepath.Join("testdata", "golden", strings.NewReplacer(":", "=", "[", "", "]", "", "map", "", " ", "_").Replace(name)+".txt")
			golden.Lines(t, goldenFile, got, *update)
		})
	}
}

// TestNoBlankIdentity: settings SAM needs as text but written as intrinsic
// functions never become a blank identity source or header; each is
// reported where it is written.
func TestNoBlankIdentity(t *testing.T) {
	path := filepath.Join("testdata", "intrinsics.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tp := sam.Read(path, data, cloudformation.Options{})
	for _, a := range tp.APIs {
		for _, z := range a.Config.Authorizers {
			for _, src := range z.IdentitySources {
				if strings.HasSuffix(src, ".") || src == "" {
					t.Errorf("authorizer %s has the blank identity source %q", z.Name, src)
				}
			}
		}
	}
	lines := map[int]bool{}
	for _, d := range tp.Diagnostics {
		lines[d.Line] = true
	}
	for _, line := range []int{19, 24, 39} {
		if !lines[line] {
			t.Errorf("nothing reported at line %d (the intrinsic there); diagnostics:\n%v", line, tp.Diagnostics)
		}
	}
}
