package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuthorizerEnvironment: the authorizer program eval and test run sees
// none of iamgate's secrets, in any output, unless --inherit-env names
// them.
func TestAuthorizerEnvironment(t *testing.T) {
	fakeAuthorizer(t)
	t.Setenv("AWS_SECRET_ACCESS_KEY", "planted-aws-secret")
	t.Setenv("GITHUB_TOKEN", "planted-github-token")
	dir := t.TempDir()
	suiteFile := filepath.Join(dir, "env.iamgate.yaml")
	src := `api: arn:aws:execute-api:eu-west-3:123456789012:abc123defg
authorizers:
  fn: {type: TOKEN, command: [iamgate-test-authorizer, env]}
auth: fn
routes: ["GET /orders/{id}"]
cases:
  - {name: c, request: GET /prod/orders/1, token: t, expect: allow}
`
	if err := os.WriteFile(suiteFile, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	evalArgs := []string{"eval", "--api", apiARN, "--request", "GET /prod/orders/42", "--time", at, "--token", "t"}
	for _, tc := range []struct {
		name    string
		args    []string
		inherit bool
	}{
		{"eval", append(evalArgs[:len(evalArgs):len(evalArgs)], "--", "iamgate-test-authorizer", "env"), false},
		{"eval-json", append(evalArgs[:len(evalArgs):len(evalArgs)], "--format", "json", "--", "iamgate-test-authorizer", "env"), false},
		{"eval-inherit", append(evalArgs[:len(evalArgs):len(evalArgs)], "--inherit-env", "GITHUB_TOKEN", "--inherit-env", "AWS_SECRET_ACCESS_KEY", "--", "iamgate-test-authorizer", "env"), true},
		{"test", []string{"test", "-v", suiteFile}, false},
		{"test-json", []string{"test", "-v", "--format", "json", suiteFile}, false},
		{"test-inherit", []string{"test", "-v", "--inherit-env", "GITHUB_TOKEN", "--inherit-env", "AWS_SECRET_ACCESS_KEY", suiteFile}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", tc.args...)
			if code != ExitOK {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			out := stdout + stderr
			if !strings.Contains(out, "AWS_LAMBDA_FUNCTION_NAME=") || !strings.Contains(out, "TZ=:UTC") {
				t.Errorf("the report does not show the program's environment:\n%s", out)
			}
			for _, secret := range []string{"planted-aws-secret", "planted-github-token"} {
				if got := strings.Contains(out, secret); got != tc.inherit {
					t.Errorf("%s in the output: %v, want %v\n%s", secret, got, tc.inherit, out)
				}
			}
		})
	}
	code, _, stderr := run(t, "", "eval", "--api", apiARN, "--request", "GET /prod/orders/42", "--token", "t", "--inherit-env", "A=B", "--", "iamgate-test-authorizer", "env")
	if code != ExitUsage || !strings.Contains(stderr, `--inherit-env: "A=B" is not a variable name`) {
		t.Errorf("--inherit-env A=B: exit %d, stderr:\n%s", code, stderr)
	}
	code, _, stderr = run(t, "", "eval", "--api", apiARN, "--request", "GET /prod/orders/42", "--token", "t", "--inherit-env", "HOME")
	if code != ExitUsage || !strings.Contains(stderr, "--inherit-env is for an authorizer program, given after --") {
		t.Errorf("--inherit-env without a program: exit %d, stderr:\n%s", code, stderr)
	}
	code, _, stderr = run(t, "", "test", "--inherit-env", "A=B", suiteFile)
	if code != ExitUsage || !strings.Contains(stderr, `--inherit-env: "A=B" is not a variable name`) {
		t.Errorf("test --inherit-env A=B: exit %d, stderr:\n%s", code, stderr)
	}
}
