package command

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEnviron(t *testing.T) {
	t.Setenv("PATH", "/bin")
	t.Setenv("HOME", "/home/u")
	t.Setenv("TMPDIR", "/tmp/u")
	t.Setenv("LANG", "C.UTF-8")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "planted")
	t.Setenv("GITHUB_TOKEN", "planted")
	got := Environ("fn", []string{"GITHUB_TOKEN", "NOT_SET_ANYWHERE"}, []string{"A=1"})
	want := []string{
		"PATH=/bin", "HOME=/home/u", "TMPDIR=/tmp/u", "LANG=C.UTF-8", "GITHUB_TOKEN=planted",
		"AWS_LAMBDA_FUNCTION_NAME=fn", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128", "TZ=:UTC",
		"A=1",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Environ (-want +got):\n%s", diff)
	}
	if slices.ContainsFunc(Environ("fn", nil, nil), func(kv string) bool { return kv == "AWS_SECRET_ACCESS_KEY=planted" }) {
		t.Error("a secret was passed")
	}
}

func TestWithRegion(t *testing.T) {
	env := []string{"A=1"}
	for _, tc := range []struct {
		event string
		want  []string
	}{
		{`{"methodArn":"arn:aws:execute-api:eu-west-3:123456789012:abc/prod/GET/x"}`, []string{"AWS_REGION=eu-west-3", "AWS_DEFAULT_REGION=eu-west-3", "A=1"}},
		{`{"methodArn":"arn:aws:execute-api::123456789012:abc/prod/GET/x"}`, env},
		{`{"methodArn":"nonsense"}`, env},
		{`not json`, env},
	} {
		if diff := cmp.Diff(tc.want, withRegion(env, []byte(tc.event))); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.event, diff)
		}
	}
	if got := withRegion(nil, []byte(`{"methodArn":"arn:aws:execute-api:eu-west-3:1:a/p/GET/x"}`)); got != nil {
		t.Errorf("nil env (this process's) became %q", got)
	}
}
