package cli

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/arn"
)

// Each mistake a new user makes gets the fix in its message.
func TestHints(t *testing.T) {
	api := "--api arn:aws:execute-api:us-east-1:123456789012:abc123"
	for _, tc := range []struct {
		args string
		want string
	}{
		{api + ` --request "GET /prod/x" --auth aws_iam`, `(did you mean AWS_IAM?)`},
		{api + ` --request "GET /prod/x" --auth IAM`, `(did you mean AWS_IAM?)`},
		{api + ` --request "GET /prod/x" --auth cognito`, `(did you mean COGNITO_USER_POOLS?)`},
		{api + ` --request "GET /prod/x" --expect allowed`, `(did you mean allow?)`},
		{api + ` --request "GET /prod/x" --expect Deny`, `(did you mean deny? values are case-sensitive)`},
		{api + ` --request "GET /prod/x" --authorizer-type request --auth CUSTOM`, `(did you mean REQUEST? values are case-sensitive)`},
		{api + ` --request "GET /prod/x" --messages legasy`, `(did you mean legacy?)`},
		{api + ` --request "GET /prod/x" --header "Authorization: Bearer x"`, `(a header is NAME=VALUE: --header Authorization="Bearer x")`},
		{api + ` --request "GET /prod/x" --caller arn:aws:iam::123456789012:role/Admin`, `give arn:aws:sts::123456789012:assumed-role/Admin/SESSION`},
		{`--api arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/x --request "GET /prod/x"`, `(this is a method ARN: give it with --method-arn`},
		{api + ` --request "GET https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets/1"`, `(give the URL's path, with the stage first: --request "GET /prod/pets/1")`},
	} {
		args, err := shellWords(tc.args)
		if err != nil {
			t.Fatal(err)
		}
		code, _, stderr := run(t, "", append([]string{"eval"}, args...)...)
		if code != ExitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("eval %s: exit %d, stderr:\n%s\nwant it to contain %s", tc.args, code, stderr, tc.want)
		}
		if strings.Contains(stderr, "--caller: caller") || strings.Contains(stderr, ": arn: ") {
			t.Errorf("eval %s: a prefix is repeated:\n%s", tc.args, stderr)
		}
	}
}

// A request line that may not mean what it says gets a note, and the
// answer all the same.
func TestRequestNotes(t *testing.T) {
	api := "arn:aws:execute-api:us-east-1:123456789012:abc123"
	for request, want := range map[string]string{
		"GET /pets/1":         `note: "pets" is taken as the stage`,
		"GET /prod/pets/{id}": `note: the path /pets/{id} holds a {parameter}`,
		"GET /prod/pets/1":    "",
		"GET /v1/pets/1":      "",
	} {
		code, stdout, stderr := run(t, "", "eval", "--api", api, "--request", request)
		if code != ExitOK || !strings.HasPrefix(stdout, "200 OK") {
			t.Errorf("%s: exit %d\n%s%s", request, code, stdout, stderr)
		}
		if want == "" && stderr != "" || want != "" && !strings.Contains(stderr, want) {
			t.Errorf("%s: stderr %q, want %q", request, stderr, want)
		}
	}
	if n := stageNote(arn.MethodARN{Stage: "Prod", Verb: "GET", Path: "/x"}); n != "" {
		t.Errorf("a common stage in another letter case gets a note: %s", n)
	}
}
