package eval

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/internal/race"
	"github.com/iamgate/iamgate/policy"
)

const (
	testAPI    = "arn:aws:execute-api:us-east-1:123456789012:abc123defg"
	testMethod = testAPI + "/prod/GET/pets/1"
)

func mustParse(t testing.TB, name, src string, kind policy.Kind) *policy.Document {
	t.Helper()
	d, err := policy.Parse([]byte(src), policy.ParseOptions{File: name, Kind: kind})
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return d
}

// stmt builds a one-statement identity-style document.
func stmt(effect, action, resource string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":%q,"Action":%q,"Resource":%q}]}`, effect, action, resource)
}

func mustCaller(t testing.TB, s string) Caller {
	t.Helper()
	c, err := NewCaller(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type evalCase struct {
	name     string
	docs     []string // documents; kind Generic
	kind     policy.Kind
	action   string // default execute-api:Invoke
	resource string // default testMethod
	caller   string // principal ARN; "" anonymous
	ctx      map[string][]string
	want     Decision
	// deciding lists "doc#statement" of the deciding statements.
	deciding []string
}

func (c evalCase) request(t testing.TB) *Request {
	req := &Request{Resource: testMethod}
	if c.action != "" {
		req.Action = NewAction(c.action)
	}
	if c.resource != "" {
		req.Resource = c.resource
	}
	if c.caller != "" {
		req.Caller = mustCaller(t, c.caller)
	}
	if c.ctx != nil {
		req.Context = NewContext()
		for k, v := range c.ctx {
			req.Context.Set(k, v...)
		}
	}
	return req
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	api := arn.MustParseAPI(testAPI)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var docs []*policy.Document
			for i, src := range c.docs {
				docs = append(docs, mustParse(t, fmt.Sprintf("d%d", i), src, c.kind))
			}
			set, err := Compile(CompileOptions{API: api}, docs...)
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			req := c.request(t)
			if got := set.Decide(req); got != c.want {
				t.Errorf("Decide = %v, want %v", got, c.want)
			}
			res := set.Evaluate(req)
			if res.Decision != c.want {
				t.Errorf("Evaluate().Decision = %v, want %v", res.Decision, c.want)
			}
			var got []string
			for _, r := range res.Deciding() {
				got = append(got, fmt.Sprintf("%s#%d", r.Document, r.Statement))
			}
			if diff := cmp.Diff(c.deciding, got); diff != "" {
				t.Errorf("deciding statements (-want +got):\n%s\nreasons:\n%s", diff, reasonsText(res))
			}
		})
	}
}

func reasonsText(r Result) string {
	var b strings.Builder
	for _, s := range r.Statements {
		b.WriteString(s.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestDecisionCombination(t *testing.T) {
	allow := stmt("Allow", "execute-api:Invoke", testAPI+"/*")
	deny := stmt("Deny", "execute-api:Invoke", testAPI+"/prod/GET/pets/*")
	other := stmt("Allow", "execute-api:Invoke", testAPI+"/dev/*")
	runEvalCases(t, []evalCase{
		{name: "allow", docs: []string{allow}, want: Allow, deciding: []string{"d0#0"}},
		{name: "nothing matches is implicit deny", docs: []string{other}, want: ImplicitDeny},
		{name: "no documents is implicit deny", want: ImplicitDeny},
		{name: "deny beats allow in the same document", docs: []string{`{"Statement":[
			{"Effect":"Allow","Action":"*","Resource":"*"},
			{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"` + testMethod + `"}]}`}, want: ExplicitDeny, deciding: []string{"d0#1"}},
		{name: "deny in a second document beats allow in the first", docs: []string{allow, deny}, want: ExplicitDeny, deciding: []string{"d1#0"}},
		{name: "deny that does not match leaves the allow", docs: []string{allow, stmt("Deny", "execute-api:Invoke", testAPI+"/prod/POST/*")}, want: Allow, deciding: []string{"d0#0"}},
		{name: "every applicable allow is reported", docs: []string{allow, allow}, want: Allow, deciding: []string{"d0#0", "d1#0"}},
	})
}

// TestActionMatching covers the traps of other emulators: Action ignored,
// or compared as an exact string (IAM-ACTION).
func TestActionMatching(t *testing.T) {
	res := testAPI + "/*"
	runEvalCases(t, []evalCase{
		{name: "exact", docs: []string{stmt("Allow", "execute-api:Invoke", res)}, want: Allow, deciding: []string{"d0#0"}},
		{name: "service wildcard", docs: []string{stmt("Allow", "execute-api:*", res)}, want: Allow, deciding: []string{"d0#0"}},
		{name: "star", docs: []string{stmt("Allow", "*", res)}, want: Allow, deciding: []string{"d0#0"}},
		{name: "lower case", docs: []string{stmt("Allow", "execute-api:invoke", res)}, want: Allow, deciding: []string{"d0#0"}},
		{name: "upper case", docs: []string{stmt("Allow", "EXECUTE-API:INVOKE", res)}, want: Allow, deciding: []string{"d0#0"}},
		{name: "question mark", docs: []string{stmt("Allow", "execute-api:Inv?ke", res)}, want: Allow, deciding: []string{"d0#0"}},
		{name: "partial wildcard", docs: []string{stmt("Allow", "execute-api:In*", res)}, want: Allow, deciding: []string{"d0#0"}},
		{name: "other service does not authorize", docs: []string{stmt("Allow", "s3:GetObject", res)}, want: ImplicitDeny},
		{name: "other action does not authorize", docs: []string{stmt("Allow", "execute-api:InvalidateCache", res)}, want: ImplicitDeny},
		{name: "action is not a prefix match", docs: []string{stmt("Allow", "execute-api:Inv", res)}, want: ImplicitDeny},
		{name: "NotAction excluding another action applies", docs: []string{`{"Statement":{"Effect":"Allow","NotAction":"execute-api:InvalidateCache","Resource":"*"}}`}, want: Allow, deciding: []string{"d0#0"}},
		{name: "NotAction excluding Invoke does not apply", docs: []string{`{"Statement":{"Effect":"Allow","NotAction":"execute-api:*","Resource":"*"}}`}, want: ImplicitDeny},
		{name: "request action case is irrelevant", action: "EXECUTE-API:invoke", docs: []string{stmt("Allow", "execute-api:Invoke", res)}, want: Allow, deciding: []string{"d0#0"}},
	})
}

// TestResourceMatching covers the ARN traps other emulators fell into and
// D13 (IAM-RESOURCE).
func TestResourceMatching(t *testing.T) {
	allowed := func(resource string) []string { return []string{stmt("Allow", "execute-api:Invoke", resource)} }
	root := testAPI + "/prod/GET/"
	runEvalCases(t, []evalCase{
		{name: "exact", docs: allowed(testMethod), want: Allow, deciding: []string{"d0#0"}},
		{name: "exact is not a prefix", docs: allowed(testAPI + "/prod/GET/pets"), want: ImplicitDeny},
		{name: "anchored at the start", docs: allowed(testMethod), resource: "x" + testMethod, want: ImplicitDeny},
		{name: "anchored at the end", docs: allowed(testMethod), resource: testMethod + "x", want: ImplicitDeny},
		{name: "star spans slashes", docs: allowed(testAPI + "/prod/*"), want: Allow, deciding: []string{"d0#0"}},
		{name: "star may be empty: root method", docs: allowed(testAPI + "/prod/*/*"), resource: root, want: Allow, deciding: []string{"d0#0"}},
		{name: "star in stage and verb", docs: allowed(testAPI + "/*/GET/pets/*"), want: Allow, deciding: []string{"d0#0"}},
		{name: "dot is literal", docs: allowed("arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/pets.1"), resource: testAPI + "/prod/GET/petsx1", want: ImplicitDeny},
		{name: "plus, parentheses, brackets and braces are literal", docs: allowed(testAPI + "/prod/GET/a+(b)[c]{d}"), resource: testAPI + "/prod/GET/a+(b)[c]{d}", want: Allow, deciding: []string{"d0#0"}},
		{name: "bracket is not a class", docs: allowed(testAPI + "/prod/GET/[ab]"), resource: testAPI + "/prod/GET/a", want: ImplicitDeny},
		{name: "partial wildcard in region", docs: allowed("arn:aws:execute-api:us-*:123456789012:abc123defg/*"), want: Allow, deciding: []string{"d0#0"}},
		{name: "partial wildcard in account", docs: allowed("arn:aws:execute-api:us-east-1:1234*:abc123defg/*"), want: Allow, deciding: []string{"d0#0"}},
		{name: "partial wildcard in api id", docs: allowed("arn:aws:execute-api:us-east-1:123456789012:abc*"), want: Allow, deciding: []string{"d0#0"}},
		{name: "short ARN ending in star", docs: allowed("arn:aws:execute-api:us-east-1:*"), want: Allow, deciding: []string{"d0#0"}},
		{name: "everything in the service", docs: allowed("arn:aws:execute-api:*:*:*"), want: Allow, deciding: []string{"d0#0"}},
		{name: "other region", docs: allowed("arn:aws:execute-api:eu-west-1:*"), want: ImplicitDeny},
		{name: "other partition", docs: allowed("arn:aws-cn:execute-api:us-east-1:123456789012:abc123defg/*"), want: ImplicitDeny},
		{name: "question mark is one character", docs: allowed(testAPI + "/prod/GET/pets/?"), want: Allow, deciding: []string{"d0#0"}},
		{name: "question mark is not two", docs: allowed(testAPI + "/prod/GET/pets/?"), resource: testAPI + "/prod/GET/pets/12", want: ImplicitDeny},
		{name: "case-sensitive", docs: allowed(testAPI + "/Prod/*"), want: ImplicitDeny},
		{name: "api id ending in slash matches only an empty stage (D12)", docs: allowed(testAPI + "/"), want: ImplicitDeny},
		{name: "resource star", docs: allowed("*"), want: Allow, deciding: []string{"d0#0"}},
		{name: "NotResource excluding another stage applies", docs: []string{`{"Statement":{"Effect":"Deny","Action":"*","NotResource":"` + testAPI + `/dev/*"}}`}, want: ExplicitDeny, deciding: []string{"d0#0"}},
		{name: "NotResource excluding this method does not apply", docs: []string{`{"Statement":{"Effect":"Deny","Action":"*","NotResource":["` + testAPI + `/dev/*","` + testAPI + `/prod/GET/*"]}}`}, want: ImplicitDeny},
		{name: "shorthand expands to this API", kind: policy.ResourceBased, docs: []string{`{"Statement":{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/prod/GET/pets/*"}}`}, want: Allow, deciding: []string{"d0#0"}},
		{name: "shorthand all", kind: policy.ResourceBased, docs: []string{`{"Statement":{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}}`}, want: Allow, deciding: []string{"d0#0"}},
		{name: "shorthand does not match another API", kind: policy.ResourceBased, resource: "arn:aws:execute-api:us-east-1:123456789012:zzz/prod/GET/pets/1", docs: []string{`{"Statement":{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}}`}, want: ImplicitDeny},
		{name: "path kept as given: double slash", docs: allowed(testAPI + "/prod/GET/test//"), resource: testAPI + "/prod/GET/test//", want: Allow, deciding: []string{"d0#0"}},
	})
}

func TestPrincipalMatching(t *testing.T) {
	rp := func(principal string) []string {
		return []string{`{"Statement":{"Effect":"Allow","Principal":` + principal + `,"Action":"execute-api:Invoke","Resource":"*"}}`}
	}
	user := "arn:aws:iam::123456789012:user/alice"
	session := "arn:aws:sts::123456789012:assumed-role/deployer/ci-42"
	notPrincipal := func(principals string) string {
		return `{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":` + principals + `},"Action":"*","Resource":"*"}]}`
	}
	runEvalCases(t, []evalCase{
		{name: "star matches anonymous", kind: policy.ResourceBased, docs: rp(`"*"`), want: Allow, deciding: []string{"d0#0"}},
		{name: "AWS star matches anonymous", kind: policy.ResourceBased, docs: rp(`{"AWS":"*"}`), want: Allow, deciding: []string{"d0#0"}},
		{name: "account does not match anonymous", kind: policy.ResourceBased, docs: rp(`{"AWS":"123456789012"}`), want: ImplicitDeny},
		{name: "account ID matches its user", kind: policy.ResourceBased, caller: user, docs: rp(`{"AWS":"123456789012"}`), want: Allow, deciding: []string{"d0#0"}},
		{name: "root ARN matches its user", kind: policy.ResourceBased, caller: user, docs: rp(`{"AWS":"arn:aws:iam::123456789012:root"}`), want: Allow, deciding: []string{"d0#0"}},
		{name: "other account", kind: policy.ResourceBased, caller: user, docs: rp(`{"AWS":"arn:aws:iam::111122223333:root"}`), want: ImplicitDeny},
		{name: "user ARN", kind: policy.ResourceBased, caller: user, docs: rp(`{"AWS":["arn:aws:iam::123456789012:user/bob","arn:aws:iam::123456789012:user/alice"]}`), want: Allow, deciding: []string{"d0#0"}},
		{name: "role ARN matches its session", kind: policy.ResourceBased, caller: session, docs: rp(`{"AWS":"arn:aws:iam::123456789012:role/ops/deployer"}`), want: Allow, deciding: []string{"d0#0"}},
		{name: "role ARN does not match another role's session", kind: policy.ResourceBased, caller: "arn:aws:sts::123456789012:assumed-role/deployer2/x", docs: rp(`{"AWS":"arn:aws:iam::123456789012:role/deployer"}`), want: ImplicitDeny},
		{name: "service principal matches no caller", kind: policy.ResourceBased, caller: user, docs: rp(`{"Service":"lambda.amazonaws.com"}`), want: ImplicitDeny},
		{name: "NotPrincipal deny applies to anonymous", kind: policy.ResourceBased, docs: []string{`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"*","Resource":"*"}}`}, want: ExplicitDeny, deciding: []string{"d0#0"}},
		{name: "NotPrincipal listing only the account still denies its user", kind: policy.ResourceBased, caller: user, docs: []string{notPrincipal(`"123456789012"`)}, want: ExplicitDeny, deciding: []string{"d0#0"}},
		{name: "NotPrincipal listing only the user still denies it (account not listed)", kind: policy.ResourceBased, caller: user, docs: []string{notPrincipal(`"` + user + `"`)}, want: ExplicitDeny, deciding: []string{"d0#0"}},
		{name: "NotPrincipal listing user and account exempts the user", kind: policy.ResourceBased, caller: user, docs: []string{notPrincipal(`["` + user + `","arn:aws:iam::123456789012:root"]`)}, want: ImplicitDeny},
		{name: "NotPrincipal listing the account exempts the root", kind: policy.ResourceBased, caller: "arn:aws:iam::123456789012:root", docs: []string{notPrincipal(`"123456789012"`)}, want: ImplicitDeny},
		{name: "NotPrincipal listing role and account still denies the session", kind: policy.ResourceBased, caller: session, docs: []string{notPrincipal(`["arn:aws:iam::123456789012:role/deployer","123456789012"]`)}, want: ExplicitDeny, deciding: []string{"d0#0"}},
		{name: "NotPrincipal listing session, role and account exempts the session", kind: policy.ResourceBased, caller: session, docs: []string{notPrincipal(`["` + session + `","arn:aws:iam::123456789012:role/deployer","123456789012"]`)}, want: ImplicitDeny},
		{name: "NotPrincipal listing session and account still denies it (role not listed)", kind: policy.ResourceBased, caller: session, docs: []string{notPrincipal(`["` + session + `","123456789012"]`)}, want: ExplicitDeny, deciding: []string{"d0#0"}},
		{name: "NotPrincipal star exempts everyone", kind: policy.ResourceBased, docs: []string{notPrincipal(`"*"`)}, want: ImplicitDeny},
		{name: "session ARN principal", kind: policy.ResourceBased, caller: session, docs: rp(`{"AWS":"` + session + `"}`), want: Allow, deciding: []string{"d0#0"}},
		{name: "root caller matches its account", kind: policy.ResourceBased, caller: "arn:aws:iam::123456789012:root", docs: rp(`{"AWS":"123456789012"}`), want: Allow, deciding: []string{"d0#0"}},
		{name: "root caller does not match a user principal", kind: policy.ResourceBased, caller: "arn:aws:iam::123456789012:root", docs: rp(`{"AWS":"` + user + `"}`), want: ImplicitDeny},
		{name: "root ARN in another partition", kind: policy.ResourceBased, caller: "arn:aws-cn:iam::123456789012:user/x", docs: rp(`{"AWS":"arn:aws:iam::123456789012:root"}`), want: ImplicitDeny},
		{name: "bare account ID in any partition", kind: policy.ResourceBased, caller: "arn:aws-cn:iam::123456789012:user/x", docs: rp(`{"AWS":"123456789012"}`), want: Allow, deciding: []string{"d0#0"}},
		{name: "role in another partition", kind: policy.ResourceBased, caller: session, docs: rp(`{"AWS":"arn:aws-cn:iam::123456789012:role/deployer"}`), want: ImplicitDeny},
		{name: "identity policy has no principal and applies", kind: policy.IdentityBased, caller: user, docs: []string{stmt("Allow", "execute-api:Invoke", "*")}, want: Allow, deciding: []string{"d0#0"}},
	})
}

func TestConditionsInStatements(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*",
		"Condition":{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24"]},"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}},
		{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}`
	runEvalCases(t, []evalCase{
		{name: "both conditions hold: deny", kind: policy.ResourceBased, docs: []string{doc}, ctx: map[string][]string{"aws:SourceIp": {"203.0.113.9"}}, want: ExplicitDeny, deciding: []string{"d0#0"}},
		{name: "one condition fails: allow", kind: policy.ResourceBased, docs: []string{doc}, ctx: map[string][]string{"aws:SourceIp": {"192.0.2.7"}}, want: Allow, deciding: []string{"d0#1"}},
		{name: "key names are case-insensitive", kind: policy.ResourceBased, docs: []string{doc}, ctx: map[string][]string{"AWS:SOURCEIP": {"192.0.2.7"}}, want: Allow, deciding: []string{"d0#1"}},
		{name: "negated operators are true on missing keys", kind: policy.ResourceBased, docs: []string{doc}, want: ExplicitDeny, deciding: []string{"d0#0"}},
	})
}

func TestPolicyVariablesInResource(t *testing.T) {
	v2012 := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"` + testAPI + `/prod/GET/users/${aws:username}"}}`
	v2008 := `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"` + testAPI + `/prod/GET/users/${aws:username}"}}`
	res := testAPI + "/prod/GET/users/alice"
	runEvalCases(t, []evalCase{
		{name: "substituted under 2012-10-17", docs: []string{v2012}, resource: res, ctx: map[string][]string{"aws:username": {"alice"}}, want: Allow, deciding: []string{"d0#0"}},
		{name: "other user", docs: []string{v2012}, resource: res, ctx: map[string][]string{"aws:username": {"bob"}}, want: ImplicitDeny},
		{name: "missing variable matches nothing", docs: []string{v2012}, resource: res, want: ImplicitDeny},
		{name: "a star in the value is literal", docs: []string{v2012}, resource: res, ctx: map[string][]string{"aws:username": {"*"}}, want: ImplicitDeny},
		{name: "literal under 2008-10-17", docs: []string{v2008}, resource: res, ctx: map[string][]string{"aws:username": {"alice"}}, want: ImplicitDeny},
		{name: "literal text matches under 2008-10-17", docs: []string{v2008}, resource: testAPI + "/prod/GET/users/${aws:username}", want: Allow, deciding: []string{"d0#0"}},
	})
}

func TestCompileRejectsBadPrincipalsAndAPI(t *testing.T) {
	doc := mustParse(t, "rp.json", `{"Statement":{"Effect":"Deny","Principal":{"AWS":["arn:aws:iam::123456789012:group/devs","arn:aws:iam::123456789012:user/","arn:aws:s3:::b"]},"Action":"*","Resource":"execute-api:/*"}}`, policy.ResourceBased)
	_, err := Compile(CompileOptions{API: arn.MustParseAPI(testAPI)}, doc)
	var msgs []string
	for _, e := range policy.AsList(err) {
		msgs = append(msgs, e.Path+": "+e.Msg)
	}
	want := []string{
		`/Statement/Principal/AWS/0: invalid AWS principal "arn:aws:iam::123456789012:group/devs": an IAM group cannot be a principal: name its users, or use a condition on aws:PrincipalArn`,
		`/Statement/Principal/AWS/1: invalid AWS principal "arn:aws:iam::123456789012:user/": the ARN has no name after its last '/'`,
		`/Statement/Principal/AWS/2: invalid AWS principal "arn:aws:s3:::b": expected "*", a 12-digit account ID, or the ARN of an account root, IAM user, IAM role, assumed-role session or federated user`,
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	bad := arn.API{Partition: "aws", Region: "us-east-1", Account: "123456789012", ID: "ABC"}
	ok := mustParse(t, "rp.json", `{"Statement":{"Effect":"Deny","Principal":"*","Action":"*","Resource":"execute-api:/*"}}`, policy.ResourceBased)
	if _, err := Compile(CompileOptions{API: bad}, ok); err == nil {
		t.Error("Compile accepted an invalid API for the shorthand")
	}
}

// TestZeroActionIsInvoke: a request that does not name its action is
// evaluated as execute-api:Invoke, so a Deny on Invoke still applies.
func TestZeroActionIsInvoke(t *testing.T) {
	doc := mustParse(t, "p.json", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"*"}]}`, policy.Generic)
	set := MustCompile(CompileOptions{}, doc)
	req := &Request{Resource: testMethod}
	if got := set.Decide(req); got != ExplicitDeny {
		t.Errorf("Decide with the zero Action = %v, want ExplicitDeny", got)
	}
	if got := set.Evaluate(req).Decision; got != ExplicitDeny {
		t.Errorf("Evaluate with the zero Action = %v, want ExplicitDeny", got)
	}
	if (Action{}).String() != "execute-api:Invoke" {
		t.Errorf("zero Action String() = %q", (Action{}).String())
	}
	if got := set.Decide(&Request{Action: NewAction("execute-api:InvalidateCache"), Resource: testMethod}); got != Allow {
		t.Errorf("another action = %v, want Allow", got)
	}
}

// TestCompiledSetIsImmutable: changing a document after Compile changes
// neither Decide nor Evaluate, and Documents returns a copy.
func TestCompiledSetIsImmutable(t *testing.T) {
	doc := mustParse(t, "p.json", stmt("Deny", "execute-api:Invoke", "*"), policy.Generic)
	set := MustCompile(CompileOptions{}, doc)
	doc.Statements[0].Effect = policy.Allow
	doc.Statements[0].Path = "/changed"
	set.Documents()[0] = nil
	req := &Request{Resource: testMethod}
	if got := set.Decide(req); got != ExplicitDeny {
		t.Errorf("Decide = %v after the document changed", got)
	}
	res := set.Evaluate(req)
	if res.Decision != ExplicitDeny || res.Statements[0].Path != "/Statement/0" || res.Statements[0].Effect != policy.Deny {
		t.Errorf("Evaluate = %+v after the document changed", res)
	}
}

func TestCompileErrors(t *testing.T) {
	rp := mustParse(t, "rp.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["bob","arn:aws:s3:::x"]},"Action":"*","Resource":"execute-api:/*","Condition":{"StringEqualz":{"k":"v"},"NumericEquals":{"n":"ten"}}}]}`, policy.ResourceBased)
	_, err := Compile(CompileOptions{}, rp)
	l := policy.AsList(err)
	if len(l) < 5 {
		t.Fatalf("want at least 5 errors (2 principals, shorthand without API, 2 conditions), got %d: %v", len(l), err)
	}
	var paths []string
	for _, e := range l {
		if e.File != "rp.json" || !e.Pos.IsValid() {
			t.Errorf("error without file or position: %v", e)
		}
		paths = append(paths, e.Path)
	}
	for _, want := range []string{"/Statement/0/Principal/AWS/0", "/Statement/0/Principal/AWS/1", "/Statement/0/Resource", "/Statement/0/Condition/StringEqualz", "/Statement/0/Condition/NumericEquals/n"} {
		found := false
		for _, p := range paths {
			if strings.HasPrefix(p, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no error at %s; got %q", want, paths)
		}
	}
}

func TestExplanation(t *testing.T) {
	doc := mustParse(t, "rp.json", `{"Version":"2012-10-17","Statement":[
		{"Sid":"AllowAll","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},
		{"Sid":"DenyOutsideOffice","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/prod/*","Condition":{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}`, policy.ResourceBased)
	set := MustCompile(CompileOptions{API: arn.MustParseAPI(testAPI)}, doc)
	req := &Request{Resource: testMethod, Context: NewContext().Set("aws:SourceIp", "203.0.113.9")}
	res := set.Evaluate(req)
	if res.Decision != ExplicitDeny {
		t.Fatalf("decision %v", res.Decision)
	}
	d := res.Deciding()
	if len(d) != 1 {
		t.Fatalf("deciding %v", d)
	}
	r := d[0]
	if r.Document != "rp.json" || r.Statement != 1 || r.Sid != "DenyOutsideOffice" || r.Path != "/Statement/1" || r.Pos.Line != 3 {
		t.Errorf("reason header %+v", r)
	}
	if r.Resource.Value != testAPI+"/prod/*" || !r.Resource.Matched {
		t.Errorf("resource %+v", r.Resource)
	}
	if r.Action.Value != "execute-api:Invoke" || r.Principal.Value != "*" {
		t.Errorf("action %+v principal %+v", r.Action, r.Principal)
	}
	if len(r.Conditions) != 1 || !r.Conditions[0].Satisfied || r.Conditions[0].Key != "aws:SourceIp" {
		t.Errorf("conditions %+v", r.Conditions)
	}
	s := r.String()
	for _, want := range []string{`rp.json statement 1 (Sid "DenyOutsideOffice", Deny) applies`, `matches Resource "` + testAPI + `/prod/*"`} {
		if !strings.Contains(s, want) {
			t.Errorf("String() = %q, missing %q", s, want)
		}
	}
	// The Allow statement applied too, but did not decide.
	if !res.Statements[0].Applies || res.Statements[0].Sid != "AllowAll" {
		t.Errorf("statement 0 %+v", res.Statements[0])
	}
	// A statement that does not apply says why.
	req.Context.Set("aws:SourceIp", "192.0.2.1")
	res = set.Evaluate(req)
	if res.Decision != Allow || res.Statements[1].Applies {
		t.Fatalf("decision %v, statement 1 applies %v", res.Decision, res.Statements[1].Applies)
	}
	if got := res.Statements[1].Details(); len(got) != 1 || !strings.Contains(got[0], "192.0.2.1") {
		t.Errorf("details of the failed condition: %q", got)
	}
}

func TestConcurrentDecide(t *testing.T) {
	set, req := benchmarkPolicy(t, 10)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if set.Decide(req) != Allow || set.Evaluate(req).Decision != Allow {
					t.Error("wrong decision under concurrency")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestDecideAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector makes sync.Pool drop entries, so pooled matchers allocate: .ci/run runs this without -race")
	}
	for _, n := range []int{10, 1000} {
		set, req := benchmarkPolicy(t, n)
		if got := set.Decide(req); got != Allow {
			t.Fatalf("benchmark policy decides %v", got)
		}
		if allocs := testing.AllocsPerRun(100, func() { set.Decide(req) }); allocs != 0 {
			t.Errorf("Decide with %d statements allocates %v times per run, want 0", n, allocs)
		}
	}
	// Conditions, principals and variables do not allocate either.
	doc := mustParse(t, "rp.json", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","2001:db8::/32"]},"StringNotEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}},
		{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/r"},"Action":"execute-api:Invoke","Resource":"execute-api:/prod/GET/${aws:username}/*"},
		{"Effect":"Allow","Principal":"*","Action":"execute-api:*","Resource":"execute-api:/*","Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},"Bool":{"aws:SecureTransport":"true"}}}]}`, policy.ResourceBased)
	set := MustCompile(CompileOptions{API: arn.MustParseAPI(testAPI)}, doc)
	req := &Request{Resource: testAPI + "/prod/GET/alice/x", Caller: mustCaller(t, "arn:aws:sts::123456789012:assumed-role/r/s"),
		Context: NewContext().Set("aws:SourceIp", "192.0.2.9").Set("aws:username", "alice").Set("aws:CurrentTime", "2026-11-22T10:00:00Z").Set("aws:SecureTransport", "true")}
	if got := set.Decide(req); got != Allow {
		t.Fatalf("decision %v", got)
	}
	if allocs := testing.AllocsPerRun(100, func() { set.Decide(req) }); allocs != 0 {
		t.Errorf("Decide with conditions allocates %v times per run, want 0", allocs)
	}
}

func TestDecisionText(t *testing.T) {
	for _, d := range []Decision{ImplicitDeny, Allow, ExplicitDeny} {
		b, err := d.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Decision
		if err := back.UnmarshalText(b); err != nil || back != d {
			t.Errorf("round trip of %v: %v %v", d, back, err)
		}
	}
	var d Decision
	if err := d.UnmarshalText([]byte("allow")); err == nil {
		t.Error("UnmarshalText accepted lower-case allow")
	}
	if _, err := Decision(7).MarshalText(); err == nil {
		t.Error("MarshalText accepted an invalid decision")
	}
	if Decision(0) != ImplicitDeny {
		t.Error("the zero Decision must be ImplicitDeny")
	}
}

func TestNewCaller(t *testing.T) {
	for _, bad := range []string{"", "alice", "arn:aws:s3:::bucket", "arn:aws:iam::12:user/a", "arn:aws:iam::123456789012:",
		"arn:aws:iam::123456789012:role/r", "arn:aws:iam::123456789012:group/g", "arn:aws:iam:us-east-1:123456789012:user/bob", "arn:aws:sts::123456789012:assumed-role/r", "arn:aws:iam::123456789012:user/"} {
		if _, err := NewCaller(bad); err == nil {
			t.Errorf("NewCaller(%q) succeeded", bad)
		}
	}
	c := mustCaller(t, "arn:aws-cn:sts::123456789012:assumed-role/r/s")
	if c.Account() != "123456789012" || c.IsAnonymous() || (Caller{}).String() != "anonymous" {
		t.Errorf("caller %+v", c)
	}
}

func TestPairSet(t *testing.T) {
	var all pairSet
	all.addString("prod/GET/resource8/items/42\x80\xff")
	for _, lit := range []string{"prod", "GET/", "42", "\x80\xff", "e8/", "x"} {
		var need pairSet
		need.addString(lit)
		if !need.within(&all) {
			t.Errorf("%q is in the string but not within its pair set", lit)
		}
	}
	for _, lit := range []string{"POST", "admin", "e2"} {
		var need pairSet
		need.addString(lit)
		if need.within(&all) {
			t.Errorf("%q has pairs absent from the string but is within its pair set", lit)
		}
	}
}

func mustAPI(t testing.TB) arn.API {
	t.Helper()
	a, err := arn.ParseAPI(testAPI)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestSharedPrefixSplits: the shared-prefix shortcut of Decide must not cut
// a character in two, nor a policy variable such as ${$} (review findings).
func TestSharedPrefixSplits(t *testing.T) {
	const base = "arn:aws:execute-api:us-east-1:111122223333:api/prod/GET/"
	multibyte := `{"Statement":[{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"` + base + `é*"},{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"` + base + `è*"}]}`
	dollar := `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:111122223333:api/${$}"}}`
	dollars := `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:111122223333:api/${$}{$}"}}`
	runEvalCases(t, []evalCase{
		{name: "é is denied", docs: []string{multibyte}, resource: base + "é", want: ExplicitDeny, deciding: []string{"d0#0"}},
		{name: "è is allowed", docs: []string{multibyte}, resource: base + "è", want: Allow, deciding: []string{"d0#1"}},
		{name: "${$} is a dollar", docs: []string{dollar}, resource: "arn:aws:execute-api:us-east-1:111122223333:api/$", want: ExplicitDeny, deciding: []string{"d0#0"}},
		{name: "${$}{$} is a dollar then {$}", docs: []string{dollars}, resource: "arn:aws:execute-api:us-east-1:111122223333:api/${$}", want: ExplicitDeny, deciding: []string{"d0#0"}},
	})
}
