package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/authztest"
	"github.com/iamgate/iamgate/suite"
)

// The front ends of iamgate build a request with one builder
// (apigw.API.Prepare): for the same request, the event the authorizer
// receives is the same from iamgate event, from a suite (whose route gives
// the resource) and from authztest.
func TestFrontEndsSendTheSameEvent(t *testing.T) {
	const (
		api     = "arn:aws:execute-api:eu-west-1:123456789012:abc123"
		request = "GET /prod/orders/42"
		at      = "2026-03-04T05:06:07Z"
	)
	when, _ := time.Parse(time.RFC3339, at)
	events := map[string]map[string]any{}
	decode := func(name string, data []byte) {
		t.Helper()
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, data)
		}
		events[name] = v
	}

	code, out, errOut := run(t, "", "event", "--api", api, "--request", request, "--authorizer-type", "REQUEST",
		"--identity-source", "method.request.header.X-Key", "--header", "x-key=k1", "--header", "User-Agent=curl/8", "--query", "view=full",
		"--stage-variable", "env=prod", "--source-ip", "203.0.113.9", "--time", at, "--resource", "/orders/{id}")
	if code != 0 {
		t.Fatalf("iamgate event: exit %d\n%s", code, errOut)
	}
	decode("iamgate event", []byte(out))

	g := authztest.New(t, authztest.Config{API: api, Type: apigw.RequestAuthorizer, IdentitySources: []string{"method.request.header.X-Key"},
		SourceIP: "203.0.113.9", Time: when})
	decode("authztest", g.Event(request, authztest.Input{Headers: map[string]string{"x-key": "k1", "User-Agent": "curl/8"}, Query: map[string]string{"view": "full"},
		StageVariables: map[string]string{"env": "prod"}, Resource: "/orders/{id}"}))

	dir := t.TempDir()
	suiteFile := filepath.Join(dir, "s.iamgate.yaml")
	if err := os.WriteFile(suiteFile, []byte(`api: `+api+`
authorizers:
  key:
    type: REQUEST
    identitySource: method.request.header.X-Key
    response: {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}
routes:
  - {route: "GET /orders/{id}", auth: key}
cases:
  - request: `+request+`
    headers: {x-key: k1, User-Agent: curl/8}
    query: {view: full}
    stageVariables: {env: prod}
    sourceIp: 203.0.113.9
    time: `+at+`
    expect: allow
`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := suite.Load(suiteFile, suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := s.Cases[0].Event()
	if err != nil {
		t.Fatal(err)
	}
	data, err := ev.JSON()
	if err != nil {
		t.Fatal(err)
	}
	decode("a suite", data)

	want := events["iamgate event"]
	for name, got := range events {
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s's event differs from iamgate event's (-event +%s):\n%s", name, name, d)
		}
	}
}
