package lint_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/policy"
)

var testAPI = arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123defg")

func ptr[T any](v T) *T { return &v }

// Configurations the cases use: the API alone, and the API with what the
// checks need to know about its methods, endpoint type or cache.
var (
	cfgAPI     = lint.Config{API: testAPI}
	cfgCustom  = lint.Config{API: testAPI, Auth: []string{"CUSTOM"}}
	cfgIAM     = lint.Config{API: testAPI, Auth: []string{"AWS_IAM"}}
	cfgPublic  = lint.Config{API: testAPI, Private: ptr(false)}
	cfgPrivate = lint.Config{API: testAPI, Private: ptr(true)}
	cfgNoCache = lint.Config{API: testAPI, CacheTTL: apigw.TTLSeconds(0)}
)

// lintCase is one document and the findings lint.Source gives it.
type lintCase struct {
	name string
	kind policy.Kind
	cfg  lint.Config
	doc  string
	// want is the codes of every finding, in lint.Sort order.
	want []string
	// at is "line:col path" of the first finding of the rule under test,
	// for the cases that trigger it.
	at string
	// template, when set, is a CloudFormation template (YAML) linted
	// with lint.Template instead of doc.
	template string
}

// ruleCases are, for one rule, documents that trigger it and close
// documents that do not.
type ruleCases struct {
	code  string
	fires []lintCase
	quiet []lintCase
}

// Building blocks of the documents below.
const (
	v2012    = `"Version": "2012-10-17"`
	invoke   = `"Action": "execute-api:Invoke"`
	anyone   = `"Principal": "*"`
	wholeAPI = `"Resource": "execute-api:/*"`
	arnBase  = "arn:aws:execute-api:us-east-1:123456789012:abc123defg"
)

// rp builds a resource policy, one statement per line after the first two
// lines: statement i starts on line 3+i, column 5.
func rp(statements ...string) string {
	return "{\n  " + v2012 + ", \"Statement\": [\n    " + strings.Join(statements, ",\n    ") + "\n  ]\n}"
}

// allowAll is a statement allowing everyone to invoke the whole API, with
// extra members (a Sid, a Condition) in front.
func allowAll(extra string) string {
	if extra != "" {
		extra += ", "
	}
	return `{` + extra + `"Effect": "Allow", ` + anyone + `, ` + invoke + `, ` + wholeAPI + `}`
}

// withCondition is a statement allowing everyone on the whole API under a
// condition.
func withCondition(effect, condition string) string {
	return `{"Effect": "` + effect + `", ` + anyone + `, ` + invoke + `, ` + wholeAPI + `, "Condition": ` + condition + `}`
}

// authz builds a Lambda authorizer's output around policy statements.
func authz(principal string, statements ...string) string {
	p := ""
	if principal != "" {
		p = `"principalId": "` + principal + `", `
	}
	return "{" + p + `"policyDocument": {` + v2012 + `, "Statement": [` + "\n  " + strings.Join(statements, ",\n  ") + "\n]}}"
}

func bigPolicy(n int) string {
	rs := make([]string, n)
	for i := range rs {
		rs[i] = fmt.Sprintf(`"execute-api:/prod/GET/items/%04d"`, i)
	}
	return rp(`{"Effect": "Allow", ` + anyone + `, ` + invoke + `, "Resource": [` + strings.Join(rs, ", ") + `]}`)
}

var ruleTable = []ruleCases{
	{
		code: "IG100",
		fires: []lintCase{
			{name: "effect in lower case", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(`{"Effect": "allow", ` + anyone + `, ` + invoke + `, ` + wholeAPI + `}`),
				want: []string{"IG100"}, at: "3:16 /Statement/0/Effect"},
			{name: "value that does not compile", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(withCondition("Allow", `{"NumericLessThan": {"aws:MultiFactorAuthAge": "an hour"}}`)),
				want: []string{"IG100"}, at: "3:165 /Statement/0/Condition/NumericLessThan/aws:MultiFactorAuthAge"},
		},
		quiet: []lintCase{
			{name: "effect spelled Allow", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(allowAll(""))},
		},
	},
	{
		code: "IG101",
		fires: []lintCase{
			{name: "version 2008 with a variable", kind: policy.IdentityBased, cfg: cfgAPI,
				doc:  `{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/users/${aws:username}"}]}`,
				want: []string{"IG101"}, at: "1:13 /Version"},
			{name: "identity policy with a variable", kind: policy.IdentityBased, cfg: cfgAPI,
				doc:  `{"Statement": [{"Effect": "Allow", ` + invoke + `, "Resource": "` + arnBase + `/prod/GET/users/${aws:username}"}]}`,
				want: []string{"IG101"}, at: "1:1 "},
			{name: "authorizer policy without variables", kind: policy.Authorizer, cfg: cfgAPI,
				doc:  `{"principalId": "u", "policyDocument": {"Statement": [{"Effect": "Allow", ` + invoke + `, "Resource": "` + arnBase + `/prod/*"}]}}`,
				want: []string{"IG101"}, at: "1:40 /policyDocument"},
		},
		quiet: []lintCase{
			{name: "version 2012-10-17", kind: policy.IdentityBased, cfg: cfgAPI,
				doc: `{` + v2012 + `, "Statement": [{"Effect": "Allow", ` + invoke + `, "Resource": "` + arnBase + `/prod/GET/users/${aws:username}"}]}`},
			{name: "version 2008-10-17 is a Version", kind: policy.IdentityBased, cfg: cfgAPI,
				doc: `{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", ` + invoke + `, "Resource": "` + arnBase + `/prod/*"}]}`},
		},
	},
	{
		code: "IG102",
		fires: []lintCase{
			{name: "same Sid twice", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Sid": "Read", "Effect": "Allow", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/GET/*"}`,
					`{"Sid": "Read", "Effect": "Allow", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/POST/*"}`),
				want: []string{"IG102"}, at: "4:13 /Statement/1/Sid"},
			{name: "three times, reported twice", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Sid": "Read", "Effect": "Allow", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/GET/*"}`,
					`{"Sid": "Read", "Effect": "Allow", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/POST/*"}`,
					`{"Sid": "Read", "Effect": "Allow", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/PUT/*"}`),
				want: []string{"IG102", "IG102"}, at: "4:13 /Statement/1/Sid"},
		},
		quiet: []lintCase{
			{name: "different Sids", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Sid": "Read", "Effect": "Allow", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/GET/*"}`,
					`{"Sid": "Write", "Effect": "Allow", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/POST/*"}`)},
		},
	},
	{
		code: "IG103",
		fires: []lintCase{
			{name: "hyphen and space", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(allowAll(`"Sid": "allow-office ips"`)),
				want: []string{"IG103"}, at: "3:13 /Statement/0/Sid"},
		},
		quiet: []lintCase{
			{name: "letters and digits", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(allowAll(`"Sid": "AllowOfficeIps2"`))},
			{name: "empty Sid", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(allowAll(`"Sid": ""`))},
		},
	},
	{
		code: "IG104",
		fires: []lintCase{
			{name: "300 resources", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: bigPolicy(300), want: []string{"IG104"}, at: "1:1 "},
		},
		quiet: []lintCase{
			{name: "200 resources", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: bigPolicy(200)},
		},
	},
	{
		code: "IG105",
		fires: []lintCase{
			{name: "NotPrincipal with Allow", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(`{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, ` + invoke + `, ` + wholeAPI + `}`),
				want: []string{"IG105"}, at: "3:41 /Statement/0/NotPrincipal"},
		},
		quiet: []lintCase{
			{name: "NotPrincipal with Deny", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, `+invoke+`, `+wholeAPI+`}`,
					allowAll(""))},
		},
	},
	{
		code: "IG200",
		fires: []lintCase{
			{name: "policyDocument as a string", kind: policy.Authorizer, cfg: cfgAPI,
				doc:  `{"principalId": "u", "policyDocument": "{\"Version\": \"2012-10-17\"}"}`,
				want: []string{"IG200"}, at: "1:40 /policyDocument"},
			{name: "no policyDocument", kind: policy.Authorizer, cfg: cfgAPI,
				doc:  `{"principalId": "u"}`,
				want: []string{"IG200"}, at: "1:1 "},
		},
		quiet: []lintCase{
			{name: "policyDocument as an object", kind: policy.Authorizer, cfg: cfgAPI,
				doc: authz("u", `{"Effect": "Allow", `+invoke+`, "Resource": "`+arnBase+`/prod/*"}`)},
		},
	},
	{
		code: "IG201",
		fires: []lintCase{
			{name: "object in context", kind: policy.Authorizer, cfg: cfgAPI,
				doc:  `{"principalId": "u", "policyDocument": {` + v2012 + `, "Statement": [{"Effect": "Allow", ` + invoke + `, "Resource": "` + arnBase + `/prod/*"}]}, "context": {"user": {"id": 1}}}`,
				want: []string{"IG201"}, at: "1:231 /context/user"},
		},
		quiet: []lintCase{
			{name: "string in context", kind: policy.Authorizer, cfg: cfgAPI,
				doc: `{"principalId": "u", "policyDocument": {` + v2012 + `, "Statement": [{"Effect": "Allow", ` + invoke + `, "Resource": "` + arnBase + `/prod/*"}]}, "context": {"user": "{\"id\": 1}"}}`},
		},
	},
	{
		code: "IG202",
		fires: []lintCase{
			{name: "allow in lower case", kind: policy.Authorizer, cfg: cfgAPI,
				doc:  authz("u", `{"Effect": "allow", `+invoke+`, "Resource": "`+arnBase+`/prod/*"}`),
				want: []string{"IG202"}, at: "2:14 /policyDocument/Statement/0/Effect"},
		},
		quiet: []lintCase{
			{name: "Allow", kind: policy.Authorizer, cfg: cfgAPI,
				doc: authz("u", `{"Effect": "Allow", `+invoke+`, "Resource": "`+arnBase+`/prod/*"}`)},
		},
	},
	{
		code: "IG203",
		fires: []lintCase{
			{name: "no principalId", kind: policy.Authorizer, cfg: cfgAPI,
				doc:  authz("", `{"Effect": "Allow", `+invoke+`, "Resource": "`+arnBase+`/prod/*"}`),
				want: []string{"IG203"}, at: "1:1 "},
			{name: "principalId in the wrong case", kind: policy.Authorizer, cfg: cfgAPI,
				doc:  `{"PrincipalID": "u", "policyDocument": {` + v2012 + `, "Statement": [{"Effect": "Allow", ` + invoke + `, "Resource": "` + arnBase + `/prod/*"}]}}`,
				want: []string{"IG203"}, at: "1:2 /PrincipalID"},
		},
		quiet: []lintCase{
			{name: "empty principalId", kind: policy.Authorizer, cfg: cfgAPI,
				doc: `{"principalId": "", "policyDocument": {` + v2012 + `, "Statement": [{"Effect": "Allow", ` + invoke + `, "Resource": "` + arnBase + `/prod/*"}]}}`},
		},
	},
	{
		code: "IG205",
		fires: []lintCase{
			{name: "context in the wrong case", kind: policy.Authorizer, cfg: cfgAPI,
				doc:  `{"principalId": "u", "Context": {"tenant": "acme"}, "policyDocument": {` + v2012 + `, "Statement": [{"Effect": "Allow", ` + invoke + `, "Resource": "` + arnBase + `/prod/*"}]}}`,
				want: []string{"IG205"}, at: "1:22 /Context"},
			{name: "an HTTP API simple response key", kind: policy.Authorizer, cfg: cfgAPI,
				doc:  `{"isAuthorized": true, "principalId": "u", "policyDocument": {` + v2012 + `, "Statement": [{"Effect": "Allow", ` + invoke + `, "Resource": "` + arnBase + `/prod/*"}]}}`,
				want: []string{"IG205"}, at: "1:2 /isAuthorized"},
		},
		quiet: []lintCase{
			{name: "context as API Gateway reads it", kind: policy.Authorizer, cfg: cfgAPI,
				doc: `{"principalId": "u", "context": {"tenant": "acme"}, "policyDocument": {` + v2012 + `, "Statement": [{"Effect": "Allow", ` + invoke + `, "Resource": "` + arnBase + `/prod/*"}]}}`},
		},
	},
	{
		code: "IG204",
		fires: []lintCase{
			{name: "a resource of 545 characters", kind: policy.Authorizer, cfg: cfgAPI,
				doc: authz("u", `{"Effect": "Allow", `+invoke+`, "Resource": "`+arnBase+`/prod/*"}`,
					`{"Effect": "Deny", `+invoke+`, "Resource": "`+arnBase+`/prod/GET/`+strings.Repeat("a", 480)+`/*"}`),
				want: []string{"IG204"}, at: "3:66 /policyDocument/Statement/1/Resource"},
		},
		quiet: []lintCase{
			{name: "a short resource", kind: policy.Authorizer, cfg: cfgAPI,
				doc: authz("u", `{"Effect": "Allow", `+invoke+`, "Resource": "`+arnBase+`/prod/*"}`,
					`{"Effect": "Deny", `+invoke+`, "Resource": "`+arnBase+`/prod/GET/admin/*"}`)},
		},
	},
	{
		code: "IG210",
		fires: []lintCase{
			{name: "method ARN only, default TTL", kind: policy.Authorizer, cfg: cfgAPI,
				doc:  authz("u", `{"Effect": "Allow", `+invoke+`, "Resource": "`+arnBase+`/prod/GET/orders/42"}`),
				want: []string{"IG210"}, at: "2:3 /policyDocument/Statement/0"},
			{name: "two methods, routes known", kind: policy.Authorizer,
				cfg:  lint.Config{API: testAPI, Routes: []string{"GET /orders/{id}", "POST /orders"}},
				doc:  authz("u", `{"Effect": "Allow", `+invoke+`, "Resource": ["`+arnBase+`/prod/GET/orders/42", "`+arnBase+`/prod/GET/orders/43"]}`),
				want: []string{"IG210"}, at: "2:3 /policyDocument/Statement/0"},
		},
		quiet: []lintCase{
			{name: "method ARN only, cache off", kind: policy.Authorizer, cfg: cfgNoCache,
				doc: authz("u", `{"Effect": "Allow", `+invoke+`, "Resource": "`+arnBase+`/prod/GET/orders/42"}`)},
			{name: "a path with a wildcard", kind: policy.Authorizer, cfg: cfgAPI,
				doc: authz("u", `{"Effect": "Allow", `+invoke+`, "Resource": "`+arnBase+`/prod/GET/orders/*"}`)},
		},
	},
	{
		code: "IG300",
		fires: []lintCase{
			{name: "allow-only office list", kind: policy.ResourceBased, cfg: cfgCustom,
				doc:  rp(withCondition("Allow", `{"IpAddress": {"aws:SourceIp": ["192.0.2.0/24"]}}`)),
				want: []string{"IG300"}, at: "3:133 /Statement/0/Condition/IpAddress/aws:SourceIp"},
			{name: "a Deny that does not test the address", kind: policy.ResourceBased, cfg: cfgCustom,
				doc: rp(withCondition("Allow", `{"IpAddress": {"aws:SourceIp": ["192.0.2.0/24"]}}`),
					`{"Effect": "Deny", `+anyone+`, `+invoke+`, "Resource": "execute-api:/*/*/admin/*"}`),
				want: []string{"IG300"}, at: "3:133 /Statement/0/Condition/IpAddress/aws:SourceIp"},
			{name: "a Deny that tests the address on admin paths only", kind: policy.ResourceBased, cfg: cfgCustom,
				doc: rp(withCondition("Allow", `{"IpAddress": {"aws:SourceIp": ["192.0.2.0/24"]}}`),
					`{"Effect": "Deny", `+anyone+`, `+invoke+`, "Resource": "execute-api:/*/*/admin/*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24"]}}}`),
				want: []string{"IG300"}, at: "3:133 /Statement/0/Condition/IpAddress/aws:SourceIp"},
			{name: "IAM methods: same-account callers get through", kind: policy.ResourceBased, cfg: cfgIAM,
				doc:  rp(withCondition("Allow", `{"IpAddress": {"aws:SourceIp": ["192.0.2.0/24"]}}`)),
				want: []string{"IG300"}, at: "3:133 /Statement/0/Condition/IpAddress/aws:SourceIp"},
			{name: "a Deny of one address (a block list, not the opposite)", kind: policy.ResourceBased, cfg: cfgCustom,
				doc: rp(withCondition("Allow", `{"IpAddress": {"aws:SourceIp": ["192.0.2.0/24"]}}`),
					withCondition("Deny", `{"IpAddress": {"aws:SourceIp": ["192.0.2.66/32"]}}`)),
				want: []string{"IG300"}, at: "3:133 /Statement/0/Condition/IpAddress/aws:SourceIp"},
		},
		quiet: []lintCase{
			{name: "with the opposite Deny", kind: policy.ResourceBased, cfg: cfgCustom,
				doc: rp(allowAll(""), withCondition("Deny", `{"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24"]}}`))},
			{name: "without a Lambda authorizer", kind: policy.ResourceBased, cfg: lint.Config{API: testAPI, Auth: []string{"NONE"}},
				doc: rp(withCondition("Allow", `{"IpAddress": {"aws:SourceIp": ["192.0.2.0/24"]}}`))},
		},
	},
	{
		code: "IG301",
		fires: []lintCase{
			{name: "account principal, Lambda authorizer", kind: policy.ResourceBased, cfg: cfgCustom,
				doc:  rp(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, ` + invoke + `, ` + wholeAPI + `}`),
				want: []string{"IG301"}, at: "3:46 /Statement/0/Principal/AWS"},
		},
		quiet: []lintCase{
			{name: "account principal, IAM methods", kind: policy.ResourceBased, cfg: cfgIAM,
				doc: rp(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, ` + invoke + `, ` + wholeAPI + `}`)},
		},
	},
	{
		code: "IG302",
		fires: []lintCase{
			{name: "another account", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(`{"Effect": "Allow", ` + anyone + `, ` + invoke + `, "Resource": "arn:aws:execute-api:us-east-1:999999999999:abc123defg/*"}`),
				want: []string{"IG302"}, at: "3:87 /Statement/0/Resource"},
			{name: "another service", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(`{"Effect": "Allow", ` + anyone + `, ` + invoke + `, "Resource": ["execute-api:/*", "arn:aws:lambda:us-east-1:123456789012:function:f"]}`),
				want: []string{"IG302"}, at: "3:106 /Statement/0/Resource/1"},
		},
		quiet: []lintCase{
			{name: "this account", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", ` + anyone + `, ` + invoke + `, "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/*"}`)},
			{name: "any account", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", ` + anyone + `, ` + invoke + `, "Resource": "arn:aws:execute-api:us-east-1:*:abc123defg/*"}`)},
		},
	},
	{
		code: "IG303",
		fires: []lintCase{
			{name: "an S3 action", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(`{"Effect": "Allow", ` + anyone + `, "Action": "s3:GetObject", ` + wholeAPI + `}`),
				want: []string{"IG303"}, at: "3:53 /Statement/0/Action"},
			{name: "NotAction excluding Invoke", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(`{"Effect": "Deny", `+anyone+`, "NotAction": "execute-api:*", `+wholeAPI+`}`, allowAll("")),
				want: []string{"IG303"}, at: "3:55 /Statement/0/NotAction"},
		},
		quiet: []lintCase{
			{name: "execute-api:*", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", ` + anyone + `, "Action": "execute-api:*", ` + wholeAPI + `}`)},
			{name: "lower-case invoke", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", ` + anyone + `, "Action": "execute-api:invoke", ` + wholeAPI + `}`)},
		},
	},
	{
		code: "IG304",
		fires: []lintCase{
			{name: "API id and a slash", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(`{"Effect": "Allow", ` + anyone + `, ` + invoke + `, "Resource": "` + arnBase + `/"}`),
				want: []string{"IG304"}, at: "3:87 /Statement/0/Resource"},
			{name: "API id and a slash in an identity policy", kind: policy.IdentityBased, cfg: cfgAPI,
				doc:  rp(`{"Effect": "Allow", ` + invoke + `, "Resource": "` + arnBase + `/"}`),
				want: []string{"IG304"}, at: "3:69 /Statement/0/Resource"},
		},
		quiet: []lintCase{
			{name: "API id, slash and star", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", ` + anyone + `, ` + invoke + `, "Resource": "` + arnBase + `/*"}`)},
			{name: "another API in an identity policy", kind: policy.IdentityBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", ` + invoke + `, "Resource": "arn:aws:execute-api:us-west-2:210987654321:other12345/*"}`)},
		},
	},
	{
		code: "IG305",
		fires: []lintCase{
			{name: "private ranges on a public API", kind: policy.ResourceBased, cfg: cfgPublic,
				doc:  rp(withCondition("Allow", `{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.1.0/24"]}}`)),
				want: []string{"IG305"}, at: "3:133 /Statement/0/Condition/IpAddress/aws:SourceIp"},
		},
		quiet: []lintCase{
			{name: "one public range", kind: policy.ResourceBased, cfg: cfgPublic,
				doc: rp(withCondition("Allow", `{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"]}}`))},
		},
	},
	{
		code: "IG306",
		fires: []lintCase{
			{name: "aws:SourceIp on a private API", kind: policy.ResourceBased, cfg: cfgPrivate,
				doc:  rp(allowAll(""), withCondition("Deny", `{"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}`)),
				want: []string{"IG306"}, at: "4:135 /Statement/1/Condition/NotIpAddress/aws:SourceIp"},
		},
		quiet: []lintCase{
			{name: "aws:VpcSourceIp on a private API", kind: policy.ResourceBased, cfg: cfgPrivate,
				doc: rp(allowAll(""), withCondition("Deny", `{"NotIpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}}`))},
		},
	},
	{
		code: "IG307",
		fires: []lintCase{
			{name: "aws:SourceVpce on a public API", kind: policy.ResourceBased, cfg: cfgPublic,
				doc:  rp(allowAll(""), withCondition("Deny", `{"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"}}`)),
				want: []string{"IG307"}, at: "4:138 /Statement/1/Condition/StringNotEquals/aws:SourceVpce"},
		},
		quiet: []lintCase{
			{name: "endpoint type inferred from the policy", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(allowAll(""), withCondition("Deny", `{"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"}}`))},
		},
	},
	{
		code: "IG308",
		fires: []lintCase{
			{name: "a stage without a verb", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(`{"Effect": "Allow", ` + anyone + `, ` + invoke + `, "Resource": "` + arnBase + `/prod"}`),
				want: []string{"IG308"}, at: "3:87 /Statement/0/Resource"},
			{name: "a verb without the slash after it, in the shorthand, without the API", kind: policy.ResourceBased, cfg: lint.Config{},
				doc:  rp(`{"Effect": "Allow", ` + anyone + `, ` + invoke + `, "Resource": "execute-api:/prod/GET"}`),
				want: []string{"IG308"}, at: "3:87 /Statement/0/Resource"},
			{name: "a stage without a verb in an identity policy, without the API", kind: policy.IdentityBased, cfg: lint.Config{},
				doc:  rp(`{"Effect": "Allow", "Action": "execute-api:*", "Resource": "` + arnBase + `/prod"}`),
				want: []string{"IG308"}, at: "3:64 /Statement/0/Resource"},
		},
		quiet: []lintCase{
			{name: "another action in an identity policy", kind: policy.IdentityBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", "Action": "execute-api:ManageConnections", "Resource": "` + arnBase + `/prod"}`)},
			{name: "another service in an identity policy", kind: policy.IdentityBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::bucket/"}`)},
			{name: "the stage's root method", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", ` + anyone + `, ` + invoke + `, "Resource": "` + arnBase + `/prod/GET/"}`)},
			{name: "a wildcard", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", ` + anyone + `, ` + invoke + `, "Resource": "` + arnBase + `/prod*"}`)},
		},
	},
	{
		code: "IG400",
		fires: []lintCase{
			{name: "narrower Allow after a broader one", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(allowAll(""), `{"Effect": "Allow", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/GET/*"}`),
				want: []string{"IG400"}, at: "4:5 /Statement/1"},
			{name: "narrower Allow before, with a condition", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "execute-api:Invoke", "Resource": "`+arnBase+`/prod/GET/pets", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`,
					`{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "execute-api:*", "Resource": "execute-api:/prod/*"}`),
				want: []string{"IG400"}, at: "3:5 /Statement/0"},
			{name: "the same Deny twice", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(allowAll(""),
					`{"Effect": "Deny", `+anyone+`, `+invoke+`, "Resource": "execute-api:/*/*/admin/*"}`,
					`{"Effect": "Deny", `+anyone+`, `+invoke+`, "Resource": "execute-api:/*/*/admin/*"}`),
				want: []string{"IG400"}, at: "5:5 /Statement/2"},
			{name: "resources listed in the other", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", "Principal": {"AWS": ["111122223333", "444455556666"]}, `+invoke+`, "Resource": ["execute-api:/prod/GET/pets", "execute-api:/prod/POST/pets"]}`,
					`{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, `+invoke+`, "Resource": "execute-api:/prod/POST/pets"}`),
				want: []string{"IG400"}, at: "4:5 /Statement/1"},
		},
		quiet: []lintCase{
			{name: "the broader Allow has a condition", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(withCondition("Allow", `{"Bool": {"aws:SecureTransport": "true"}}`), `{"Effect": "Allow", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/GET/*"}`)},
			{name: "different effects", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(allowAll(""), `{"Effect": "Deny", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/DELETE/*"}`)},
			{name: "the broader has a narrower principal", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, `+invoke+`, `+wholeAPI+`}`, `{"Effect": "Allow", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/GET/*"}`)},
			{name: "overlapping but not covering", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/GET/*"}`, `{"Effect": "Allow", `+anyone+`, `+invoke+`, "Resource": ["execute-api:/prod/GET/pets", "execute-api:/dev/GET/pets"]}`)},
			{name: "NotResource is not compared", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(allowAll(""), `{"Effect": "Allow", `+anyone+`, `+invoke+`, "NotResource": "execute-api:/prod/GET/*"}`)},
		},
	},
	{
		code: "IG401",
		fires: []lintCase{
			{name: "unconditional Deny of the whole API", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Allow", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/*"}`,
					`{"Sid": "Block", "Effect": "Deny", `+anyone+`, "Action": "*", "Resource": "*"}`),
				want: []string{"IG401"}, at: "4:5 /Statement/1"},
		},
		quiet: []lintCase{
			{name: "a Deny with a condition", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(allowAll(""), withCondition("Deny", `{"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}`))},
			{name: "a Deny of part of the API", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(allowAll(""), `{"Effect": "Deny", `+anyone+`, `+invoke+`, "Resource": "execute-api:/prod/*"}`)},
			{name: "a Deny and no Allow", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(`{"Effect": "Deny", ` + anyone + `, ` + invoke + `, ` + wholeAPI + `}`)},
		},
	},
	{
		code: "IG500",
		fires: []lintCase{
			{name: "a star under StringEquals", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(withCondition("Allow", `{"StringEquals": {"aws:UserAgent": ["curl/*", "Go-http-client/1.1"]}}`)),
				want: []string{"IG500"}, at: "3:154 /Statement/0/Condition/StringEquals/aws:UserAgent/0"},
			{name: "a question mark under StringNotEqualsIgnoreCase", kind: policy.IdentityBased, cfg: cfgAPI,
				doc:  `{` + v2012 + `, "Statement": {"Effect": "Deny", ` + invoke + `, "Resource": "*", "Condition": {"StringNotEqualsIgnoreCase": {"aws:PrincipalTag/team": "ops?"}}}}`,
				want: []string{"IG500"}, at: "1:177 /Statement/Condition/StringNotEqualsIgnoreCase/aws:PrincipalTag~1team"},
		},
		quiet: []lintCase{
			{name: "StringLike", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(withCondition("Allow", `{"StringLike": {"aws:UserAgent": ["curl/*", "Go-http-client/1.1"]}}`))},
			{name: "ArnEquals matches wildcards", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(withCondition("Allow", `{"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/*"}}`))},
			{name: "the special variable for a literal star", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(withCondition("Allow", `{"StringEquals": {"aws:UserAgent": "stars${*}"}}`))},
		},
	},
	{
		code: "IG501",
		fires: []lintCase{
			{name: "ForAllValues on aws:SourceVpce", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(withCondition("Allow", `{"ForAllValues:StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"}}`)),
				want: []string{"IG501"}, at: "3:149 /Statement/0/Condition/ForAllValues:StringEquals/aws:SourceVpce"},
			{name: "ForAllValues on a principal tag", kind: policy.IdentityBased, cfg: cfgAPI,
				doc:  `{` + v2012 + `, "Statement": {"Effect": "Allow", ` + invoke + `, "Resource": "*", "Condition": {"ForAllValues:StringLike": {"aws:PrincipalTag/team": "ops-*"}}}}`,
				want: []string{"IG501"}, at: "1:151 /Statement/Condition/ForAllValues:StringLike/aws:PrincipalTag~1team"},
			{name: "ForAllValues with a negated operator", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(allowAll(""), withCondition("Deny", `{"ForAllValues:StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"}}`)),
				want: []string{"IG501"}, at: "4:151 /Statement/1/Condition/ForAllValues:StringNotEquals/aws:SourceVpce"},
		},
		quiet: []lintCase{
			{name: "without the qualifier", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(withCondition("Allow", `{"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"}}`))},
			{name: "ForAllValues on a multivalued key", kind: policy.IdentityBased, cfg: cfgAPI,
				doc: `{` + v2012 + `, "Statement": {"Effect": "Allow", ` + invoke + `, "Resource": "*", "Condition": {"ForAllValues:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/*"}}}}`},
			{name: "ForAllValues on a key of unknown type", kind: policy.IdentityBased, cfg: cfgAPI,
				doc: `{` + v2012 + `, "Statement": {"Effect": "Allow", ` + invoke + `, "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"execute-api:tags": "x"}}}}`},
		},
	},
	{
		code: "IG502",
		fires: []lintCase{
			{name: "host bits in an IPv4 range", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(withCondition("Allow", `{"IpAddress": {"aws:SourceIp": ["192.0.2.10/24", "2001:db8::1/64"]}}`)),
				want: []string{"IG502", "IG502"}, at: "3:150 /Statement/0/Condition/IpAddress/aws:SourceIp/0"},
		},
		quiet: []lintCase{
			{name: "clean ranges and an address", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(withCondition("Allow", `{"IpAddress": {"aws:SourceIp": ["192.0.2.0/24", "2001:db8::/64", "198.51.100.7"]}}`))},
		},
	},
	{
		code: "IG503",
		fires: []lintCase{
			{name: "a date operator on aws:SourceIp", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(withCondition("Allow", `{"DateLessThan": {"aws:SourceIp": "2030-01-01"}}`)),
				want: []string{"IG503"}, at: "3:136 /Statement/0/Condition/DateLessThan/aws:SourceIp"},
			{name: "a string operator on aws:SecureTransport", kind: policy.IdentityBased, cfg: cfgAPI,
				doc:  `{` + v2012 + `, "Statement": {"Effect": "Allow", ` + invoke + `, "Resource": "*", "Condition": {"StringEquals": {"AWS:SecureTransport": "true"}}}}`,
				want: []string{"IG503"}, at: "1:140 /Statement/Condition/StringEquals/AWS:SecureTransport"},
			{name: "an IP operator on aws:SourceVpce", kind: policy.ResourceBased, cfg: cfgPrivate,
				doc:  rp(withCondition("Allow", `{"IpAddress": {"aws:SourceVpce": "10.0.0.0/8"}}`)),
				want: []string{"IG503"}, at: "3:133 /Statement/0/Condition/IpAddress/aws:SourceVpce"},
		},
		quiet: []lintCase{
			{name: "a date operator on aws:CurrentTime", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(withCondition("Allow", `{"DateLessThan": {"aws:CurrentTime": "2030-01-01"}}`))},
			{name: "a numeric operator on aws:EpochTime", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(withCondition("Allow", `{"NumericLessThan": {"aws:EpochTime": 1893456000}}`))},
			{name: "a key of unknown type", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(withCondition("Allow", `{"DateLessThan": {"aws:RequestTag/expiry": "2030-01-01"}}`))},
			{name: "Null on any key", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(withCondition("Allow", `{"Null": {"aws:SourceIp": "false"}}`))},
		},
	},
	{
		code: "IG504",
		fires: []lintCase{
			{name: "ForAnyValue:Null on two keys, reported once", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(withCondition("Deny", `{"ForAnyValue:Null": {"aws:SourceVpce": "true", "aws:SourceVpc": "true"}}`), allowAll("")),
				want: []string{"IG504"}, at: "3:118 /Statement/0/Condition/ForAnyValue:Null"},
		},
		quiet: []lintCase{
			{name: "Null", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(withCondition("Deny", `{"Null": {"aws:SourceVpce": "true", "aws:SourceVpc": "true"}}`), allowAll(""))},
		},
	},
	{
		code: "IG506",
		fires: []lintCase{
			{name: "a misspelt aws:SourceIp", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(withCondition("Deny", `{"NotIpAddress": {"aws:SorceIp": "192.0.2.0/24"}}`)),
				want: []string{"IG506"}, at: "3:135 /Statement/0/Condition/NotIpAddress/aws:SorceIp"},
		},
		quiet: []lintCase{
			{name: "a tag key and a key in another case", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(withCondition("Deny", `{"StringNotEquals": {"aws:PrincipalTag/team": "ops", "AWS:sourcevpce": "vpce-0a1b2c3d4e5f67890"}}`))},
		},
	},
	{
		code: "IG505",
		fires: []lintCase{
			{name: "too short an endpoint id", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(allowAll(""), withCondition("Deny", `{"StringNotEquals": {"aws:SourceVpce": ["vpce-0a1b2c3d4e5f67890", "vpce-123"]}}`)),
				want: []string{"IG505"}, at: "4:183 /Statement/1/Condition/StringNotEquals/aws:SourceVpce/1"},
			{name: "a VPC id under aws:SourceVpce", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(allowAll(""), withCondition("Deny", `{"StringNotEquals": {"aws:SourceVpce": "vpc-0a1b2c3d"}}`)),
				want: []string{"IG505"}, at: "4:156 /Statement/1/Condition/StringNotEquals/aws:SourceVpce"},
			{name: "upper case under an exact operator", kind: policy.ResourceBased, cfg: cfgAPI,
				doc:  rp(allowAll(""), withCondition("Deny", `{"StringNotEquals": {"aws:SourceVpc": "vpc-0A1B2C3D"}}`)),
				want: []string{"IG505"}, at: "4:155 /Statement/1/Condition/StringNotEquals/aws:SourceVpc"},
		},
		quiet: []lintCase{
			{name: "ids of 17 and 8 digits", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(allowAll(""), withCondition("Deny", `{"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890", "aws:SourceVpc": "vpc-0a1b2c3d"}}`))},
			{name: "upper case under IgnoreCase", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(allowAll(""), withCondition("Deny", `{"StringNotEqualsIgnoreCase": {"aws:SourceVpc": "vpc-0A1B2C3D"}}`))},
			{name: "a wildcard under StringLike", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(allowAll(""), withCondition("Deny", `{"StringNotLike": {"aws:SourceVpce": "vpce-0a1b*"}}`))},
			{name: "a policy variable", kind: policy.ResourceBased, cfg: cfgAPI,
				doc: rp(allowAll(""), withCondition("Deny", `{"StringNotEquals": {"aws:SourceVpce": "${aws:PrincipalTag/vpce}"}}`))},
		},
	},
}

func codes(fs []lint.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule.Code)
	}
	return out
}

// run lints a case's document the way the CLI does.
func (c lintCase) run() []lint.Finding {
	if c.template != "" {
		return lintTemplateText(c.template)
	}
	fs := lint.Source([]byte(c.doc), "", c.kind, c.cfg)
	lint.Sort(fs)
	return fs
}

func TestRules(t *testing.T) {
	for _, rc := range ruleTable {
		for _, c := range rc.fires {
			t.Run(rc.code+"/fires/"+c.name, func(t *testing.T) {
				got := c.run()
				if diff := cmp.Diff(c.want, codes(got)); diff != "" {
					t.Fatalf("codes (-want +got):\n%s\nfindings:\n%s", diff, dump(got))
				}
				for _, f := range got {
					if f.Rule.Code == rc.code {
						if at := f.Pos.String() + " " + f.Path; at != c.at {
							t.Errorf("first %s at %q, want %q: %s", rc.code, at, c.at, f)
						}
						return
					}
				}
				t.Errorf("no %s finding", rc.code)
			})
		}
		for _, c := range rc.quiet {
			t.Run(rc.code+"/quiet/"+c.name, func(t *testing.T) {
				got := c.run()
				if diff := cmp.Diff(c.want, codes(got)); diff != "" {
					t.Fatalf("codes (-want +got):\n%s\nfindings:\n%s", diff, dump(got))
				}
				for _, f := range got {
					if f.Rule.Code == rc.code {
						t.Errorf("unexpected %s: %s", rc.code, f)
					}
				}
			})
		}
	}
}

func dump(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// TestEveryRuleTested fails when a rule of lint.Rules has no document that
// triggers it or no close document that does not.
func TestEveryRuleTested(t *testing.T) {
	tested := map[string]ruleCases{}
	for _, rc := range ruleTable {
		if _, ok := lint.RuleFor(rc.code); !ok {
			t.Errorf("ruleTable has cases for %s, which is not in lint.Rules", rc.code)
		}
		if _, dup := tested[rc.code]; dup {
			t.Errorf("ruleTable lists %s twice", rc.code)
		}
		tested[rc.code] = rc
	}
	for _, r := range lint.Rules {
		rc := tested[r.Code]
		if len(rc.fires) == 0 || len(rc.quiet) == 0 {
			t.Errorf("rule %s (%s) needs a document that triggers it and one that does not: has %d and %d", r.Code, r.Name, len(rc.fires), len(rc.quiet))
		}
		for _, c := range rc.fires {
			if c.at == "" {
				t.Errorf("rule %s, case %q: no position given", r.Code, c.name)
			}
		}
	}
}

var statementPath = regexp.MustCompile(`^(?:/policyDocument)?/Statement(?:/(\d+))?`)

// TestMessages checks what every message must carry: for the rules about
// one statement, the statement's index and Sid; for every finding, a
// position; and no two findings of one rule at the same text.
func TestMessages(t *testing.T) {
	parserCodes := map[string]bool{"IG100": true, "IG105": true, "IG200": true, "IG201": true, "IG202": true, "IG210": true}
	for _, rc := range ruleTable {
		for _, c := range append(rc.fires, rc.quiet...) {
			t.Run(rc.code+"/"+c.name, func(t *testing.T) {
				seen := map[string]bool{}
				for _, f := range c.run() {
					key := f.Rule.Code + " " + f.Pos.String() + " " + f.Path
					if seen[key] {
						t.Errorf("reported twice: %s", f)
					}
					seen[key] = true
					if !f.Pos.IsValid() {
						t.Errorf("no position: %s", f)
					}
					if strings.HasSuffix(f.Message, ".") || f.Message == "" {
						t.Errorf("message empty or ending with a period: %s", f)
					}
					m := statementPath.FindStringSubmatch(f.Path)
					if m == nil || parserCodes[f.Rule.Code] {
						continue
					}
					idx := 0
					if m[1] != "" {
						idx, _ = strconv.Atoi(m[1])
					}
					if !strings.Contains(f.Message, fmt.Sprintf("statement %d", idx)) {
						t.Errorf("message does not name statement %d: %s", idx, f)
					}
					if sid := sidAt(t, c, idx); sid != "" && !strings.Contains(f.Message, fmt.Sprintf("%q", sid)) {
						t.Errorf("message does not name Sid %q: %s", sid, f)
					}
				}
			})
		}
	}
}

// sidAt returns the Sid of statement idx of a case's document.
func sidAt(t *testing.T, c lintCase, idx int) string {
	t.Helper()
	var doc *policy.Document
	if c.kind == policy.Authorizer {
		r, err := apigw.ParseAuthorizerResponse([]byte(c.doc), apigw.AuthorizerOptions{})
		if err != nil {
			return ""
		}
		doc = r.Policy
	} else {
		d, err := policy.Parse([]byte(c.doc), policy.ParseOptions{Kind: c.kind})
		if err != nil {
			return ""
		}
		doc = d
	}
	if idx >= len(doc.Statements) {
		return ""
	}
	return doc.Statements[idx].SidOrEmpty()
}
