package suite

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// A {{methodArn}} output compiled once and bound to each method ARN gives
// every request the answer, explanation and trace that filling it in as
// text and parsing it gives: the policy's statements on several lines
// (positions move with the ARN's length), Deny and Allow, NotResource,
// wildcards after the ARN, a cache that answers other paths with the
// result of the first.
func TestTemplateAnswersAsTextFill(t *testing.T) {
	dir := t.TempDir()
	resp := `{"principalId": "u",
  "policyDocument": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": ["{{methodArn}}", "{{methodArn}}/*"]}, {"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}", "Condition": {"StringEquals": {"aws:PrincipalTag/x": "y"}}},
    {"Effect": "Deny", "Action": "execute-api:Invoke", "NotResource": ["{{methodArn}}*", "arn:aws:execute-api:*:*:*/prod/GET/orders/9"]},
    {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/7"}
  ]},
  "context": {"a": "b"}}
`
	var b strings.Builder
	b.WriteString(`api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt: {type: TOKEN, ttl: 0, response: response.json}
  cached: {type: TOKEN, ttl: 300, response: response.json}
routes:
  - {route: "GET /orders/{id}", auth: jwt}
  - {route: "GET /items/{id}", auth: cached}
  - {route: "POST /orders/{id}/pay", auth: jwt}
defaults: {token: t}
cases:
`)
	for _, p := range []string{"GET /prod/orders/1", "GET /prod/orders/7", "GET /prod/orders/9", "GET /prod/orders/%C3%A9", "POST /prod/orders/12345678901234567890/pay", "GET /prod/items/1", "GET /prod/items/2", "GET /prod/items/3"} {
		b.WriteString("  - {request: " + p + ", expect: allow}\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "response.json"), []byte(resp), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "s.iamgate.yaml")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(asText bool) []Result {
		fillAsText = asText
		defer func() { fillAsText = false }()
		s, err := Load(file, LoadOptions{Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		return s.Run(RunOptions{Explain: true})
	}
	text, bound := run(true), run(false)
	if len(text) != 8 || len(bound) != 8 {
		t.Fatalf("%d and %d results, want 8", len(text), len(bound))
	}
	body := 0
	for i := range text {
		for _, s := range bound[i].Answer.Trace {
			if strings.Contains(s.String(), "body before parsing") && strings.Contains(s.String(), bound[i].Answer.MethodARN) {
				body++
			}
		}
		if !reflect.DeepEqual(text[i].Answer, bound[i].Answer) || text[i].Got != bound[i].Got {
			t.Errorf("%s: (-text fill +bound):\n%s", text[i].Name, cmp.Diff(text[i].Answer, bound[i].Answer))
		}
	}
	if body == 0 {
		t.Error("no trace shows the filled body")
	}
}
