package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// routesCases are runs of "iamgate routes", each with its golden output
// (testdata/routes-NAME.golden, text and JSON) and exit code.
var routesCases = []struct {
	name string
	args []string
	code int
}{
	{"fixture", []string{"fixtures/templates/orders-api.yaml"}, ExitOK},
	{"fixture-live", []string{"fixtures/templates/orders-api.yaml", "--parameter", "StageName=live", "--region", "eu-west-1", "--account", "111122223333"}, ExitOK},
	{"two-apis", []string{"internal/cli/testdata/templates/two-apis.json"}, ExitOK},
	{"one-of-two", []string{"--api", "PrivateApi", "internal/cli/testdata/templates/two-apis.json", "--parameter", "Vpce=vpce-0abc"}, ExitOK},
	{"errors", []string{"internal/cli/testdata/templates/broken.yaml"}, ExitFailed},
}

func TestRoutes(t *testing.T) {
	for _, tt := range routesCases {
		for _, format := range []string{"text", "json"} {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				code, stdout, stderr := run(t, "", append([]string{"routes", "--format", format}, tt.args...)...)
				if code != tt.code || stderr != "" {
					t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
				}
				golden(t, "routes-"+tt.name+"."+format+".golden", stdout)
				if format == "json" {
					checkValid(t, "routes", tt.name, []byte(stdout))
				}
			})
		}
	}
}

// The JSON form says what the text says, and leaves no unknown value
// blank: the fixture's ARN keeps its symbols until the flags give them.
func TestRoutesJSONFacts(t *testing.T) {
	_, stdout, _ := run(t, "", "routes", "--format", "json", "fixtures/templates/orders-api.yaml")
	var v struct {
		APIs []struct {
			ARN         string
			Stages      []string
			Authorizers map[string]struct {
				TTL          int
				TTLDefaulted bool
			}
			Routes map[string]struct {
				AuthorizationType string
				APIKeyRequired    bool
				Callers           map[string]struct{ Who string }
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &v); err != nil || len(v.APIs) != 1 {
		t.Fatalf("%v\n%s", err, stdout)
	}
	api := v.APIs[0]
	if api.ARN != "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${OrdersApi}" {
		t.Errorf("arn %s", api.ARN)
	}
	if a := api.Authorizers["TokenAuthorizer"]; a.TTL != 300 || !a.TTLDefaulted {
		t.Errorf("authorizer %+v", a)
	}
	who := map[string]string{}
	for route, r := range api.Routes {
		who[route] = r.Callers["prod"].Who
	}
	want := map[string]string{"GET /health": "public", "GET /orders": "depends", "GET /orders/{id}": "depends", "ANY /admin": "iam"}
	for route, w := range want {
		if who[route] != w {
			t.Errorf("%s: who %q, want %q", route, who[route], w)
		}
	}
	if !api.Routes["GET /orders/{id}"].APIKeyRequired || api.Routes["ANY /admin"].AuthorizationType != "AWS_IAM" {
		t.Errorf("routes %+v", api.Routes)
	}
}

func TestRoutesUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"routes"}, "iamgate: routes: no template given\nUsage: iamgate routes"},
		{[]string{"routes", "does-not-exist.yaml"}, "iamgate: routes: stat does-not-exist.yaml: no such file or directory\n"},
		{[]string{"routes", "--api", "Nope", "internal/cli/testdata/templates/two-apis.json"}, "iamgate: routes: --api: internal/cli/testdata/templates/two-apis.json defines no API \"Nope\": it defines PrivateApi, PublicApi\n"},
		{[]string{"routes", "--format", "yaml", "x.yaml"}, "iamgate: routes: --format: \"yaml\" is not text or json\nRun \"iamgate help routes\" for usage.\n"},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(t, "", tt.args...)
		if code != ExitUsage || stdout != "" || !strings.HasPrefix(stderr, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr:\n%s\nwant it to start with:\n%s", tt.args, code, stdout, stderr, tt.want)
		}
	}
}

// The schema is no rubber stamp: a blank symbol, an unknown "who" or a
// missing field is rejected.
func TestRoutesSchemaRejects(t *testing.T) {
	_, stdout, _ := run(t, "", "routes", "--format", "json", "fixtures/templates/orders-api.yaml")
	var ok any
	if err := json.Unmarshal([]byte(stdout), &ok); err != nil || schemas(t)["routes"].Validate(ok) != nil {
		t.Fatalf("the output itself is rejected: %v", err)
	}
	for _, tt := range []struct{ name, from, to string }{
		{"blank arn", `"arn": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${OrdersApi}"`, `"arn": ""`},
		{"blank identity source", `"method.request.header.Authorization"`, `""`},
		{"unknown who", `"who": "public"`, `"who": "everyone"`},
		{"missing ttlDefaulted", `"ttlDefaulted": true,`, ``},
		{"route key", `"GET /health"`, `"health"`},
		{"unknown member", `"schemaVersion": 1,`, `"schemaVersion": 1, "extra": 1,`},
	} {
		broken := strings.Replace(stdout, tt.from, tt.to, 1)
		if broken == stdout {
			t.Fatalf("%s: %q is not in the output", tt.name, tt.from)
		}
		var v any
		if err := json.Unmarshal([]byte(broken), &v); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if schemas(t)["routes"].Validate(v) == nil {
			t.Errorf("%s: routes.schema.json accepts it", tt.name)
		}
	}
}
