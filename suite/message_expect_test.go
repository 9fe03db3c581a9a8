package suite_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/suite"
)

// messageSuite is a suite whose authorizer denies every request
// explicitly, in the wording of messages (current or legacy), with cases
// whose expect ends with expect.
func messageSuite(messages string, expects ...string) string {
	var b strings.Builder
	b.WriteString(`api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
messages: ` + messages + `
auth: jwt
authorizers:
  jwt:
    type: TOKEN
    response: {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "*"}]}}
defaults: {token: t}
cases:
`)
	for _, e := range expects {
		b.WriteString("  - {request: GET /prod/orders, expect: " + e + "}\n")
	}
	return b.String()
}

// messageContains and messageMatches check the gist of a message, so one
// suite holds whichever wording AWS uses; message is still exact.
func TestMessageContainsAndMatches(t *testing.T) {
	expects := []string{
		`{status: 403, messageContains: "not authorized to access this resource with an explicit deny"}`,
		`{messageMatches: "^User is not authorized .* explicit deny"}`,
		`{messageContains: "Unauthorized"}`,
		`{messageMatches: "^Forbidden$"}`,
	}
	for _, style := range []string{"current", "legacy"} {
		t.Run(style, func(t *testing.T) {
			s, err := suite.Parse([]byte(messageSuite(style, expects...)), "m.iamgate.yaml", suite.LoadOptions{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			var got []bool
			for _, r := range s.Run(suite.RunOptions{}) {
				got = append(got, r.Passed)
				if !r.Passed && !strings.Contains(r.Got, `"User is not authorized to access this resource with an explicit deny`) {
					t.Errorf("%s: the failure does not show the message: %s", r.Case.Name, r.Got)
				}
			}
			if d := cmp.Diff([]bool{true, true, false, false}, got); d != "" {
				t.Errorf("passed (-want +got):\n%s", d)
			}
		})
	}
	s, err := suite.Parse([]byte(messageSuite("current", expects[2], expects[3])), "m.iamgate.yaml", suite.LoadOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Cases[0].Expect.String(); got != `message containing "Unauthorized"` {
		t.Errorf("String = %q", got)
	}
	if got := s.Cases[1].Expect.String(); got != `message matching /^Forbidden$/` {
		t.Errorf("String = %q", got)
	}
}

func TestMessageExpectationErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"s.iamgate.yaml": messageSuite("current",
		`{message: "a", messageContains: "b"}`,
		`{messageContains: ""}`,
		`{messageMatches: "(unclosed"}`,
	)})
	got, _ := loadProblems(t, dir, "s.iamgate.yaml")
	want := []string{
		`DIR/s.iamgate.yaml:10:73: give one of message (the exact text), messageContains or messageMatches, not several (at /cases/0/expect/messageContains)`,
		`DIR/s.iamgate.yaml:11:59: messageContains is empty, which every message contains: give the text the message must contain (at /cases/1/expect/messageContains)`,
		"DIR/s.iamgate.yaml:12:58: messageMatches \"(unclosed\" is not a regular expression (RE2 syntax): missing closing ): `(unclosed` (at /cases/2/expect/messageMatches)",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
}
