package cli

import (
	"flag"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/iac"
)

func parseRoutesFlags(t *testing.T, args ...string) (*routesArgs, error) {
	t.Helper()
	fs := flag.NewFlagSet("routes", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f routesFlags
	defineTemplateFlags(fs, &f.template, "api")
	fs.StringVar(&f.format, "format", "text", "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return parseRoutesArgs(&f, fs.Args())
}

func TestParseRoutesArgs(t *testing.T) {
	a, err := parseRoutesFlags(t, "--api", "OrdersApi", "--parameter", "StageName=live", "--parameter", "Empty=",
		"--region", "eu-west-1", "--account", "111122223333", "--format", "json", "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := &routesArgs{path: "t.yaml", api: "OrdersApi", format: "json", options: iac.Options{
		Parameters: map[string]string{"StageName": "live", "Empty": ""}, Region: "eu-west-1", Account: "111122223333"}}
	if diff := cmp.Diff(want, a, cmp.AllowUnexported(routesArgs{})); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	a, err = parseRoutesFlags(t, "t.yaml")
	if err != nil || a.format != "text" || a.options.Parameters != nil || a.api != "" {
		t.Errorf("defaults: %+v, %v", a, err)
	}
}

func TestParseRoutesArgsErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "no template given"},
		{[]string{"a.yaml", "b.yaml"}, "one template at a time: 2 paths given (a.yaml, b.yaml)"},
		{[]string{"--format", "sarif", "t.yaml"}, `--format: "sarif" is not text or json`},
		{[]string{"--parameter", "StageName", "t.yaml"}, `--parameter: "StageName" is not NAME=VALUE`},
		{[]string{"--parameter", "=x", "t.yaml"}, `--parameter: "=x" is not NAME=VALUE`},
		{[]string{"--parameter", "A=1", "--parameter", "A=2", "t.yaml"}, "--parameter: A is given twice"},
		{[]string{"--account", "1234", "t.yaml"}, `--account: "1234" is not an account id (12 digits)`},
		{[]string{"--partition", "amazon", "t.yaml"}, `--partition: "amazon" is not a partition (aws, aws-cn, aws-us-gov, ...)`},
	}
	for _, tt := range tests {
		_, err := parseRoutesFlags(t, tt.args...)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: error %v, want %s", tt.args, err, tt.want)
		}
	}
}
