package authztest_test

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/authztest"
	"github.com/iamgate/iamgate/internal/zerovalue"
)

// No exported function or method panics on zero values.
func TestZeroValues(t *testing.T) {
	zerovalue.Check(t, zerovalue.Table{
		Funcs: map[string]any{
			"Describe": authztest.Describe,
			"Returned": authztest.Returned,
			"New":      nil,
		},
		Types: []any{authztest.Cached{}, authztest.Config{}, authztest.Failure{}, authztest.Gateway{}, authztest.Input{}, authztest.Want(0)},
	})
}

// A Gateway New did not make passes no check: Check says why, and a TB
// helper given a testing.TB with For reports it.
func TestZeroGateway(t *testing.T) {
	var g authztest.Gateway
	allow := `{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}`
	if err := g.Check("GET /prod/x", allow, authztest.Allow); err == nil || !strings.Contains(err.Error(), "not made by New") {
		t.Errorf("Check: %v", err)
	}
	if g.Allowed("GET /prod/x", allow) {
		t.Error("the zero Gateway allows")
	}
	rec := &recorder{}
	if g.For(rec).Allowed("GET /prod/x", allow) || len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "not made by New") {
		t.Errorf("For(tb).Allowed reported %q", rec.errors)
	}
	if err := (&authztest.Cached{}).Check("GET /prod/x", authztest.Allow); err == nil {
		t.Error("the zero Cached checks")
	}
	if err := g.Cached("GET /prod/x", allow).Check("GET /prod/y", authztest.Allow); err == nil {
		t.Error("a Cached of the zero Gateway checks")
	}
}
