package apigw_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

var (
	testAPI    = arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123def4")
	testMethod = mustMethod("GET /prod/pets/1")
	maskedARN  = "arn:aws:execute-api:us-east-1:********9012:abc123def4/prod/GET/pets/1"
)

func mustMethod(line string) arn.MethodARN {
	m, err := testAPI.Method(line)
	if err != nil {
		panic(err)
	}
	return m
}

// Documents that give each side the decision a table cell needs for
// GET /prod/pets/1.
var (
	rpDocs = map[eval.Decision]string{
		eval.Allow:        `{"Version":"2012-10-17","Statement":[{"Sid":"Everyone","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}`,
		eval.ImplicitDeny: `{"Version":"2012-10-17","Statement":[{"Sid":"OnlyPost","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*/POST/*"}]}`,
		eval.ExplicitDeny: `{"Version":"2012-10-17","Statement":[{"Sid":"Everyone","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},{"Sid":"NoPets","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*/GET/pets/*"}]}`,
	}
	identityDocs = map[eval.Decision]string{
		eval.Allow:        `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:*"}]}`,
		eval.ImplicitDeny: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:*:abc123def4/prod/POST/*"}]}`,
		eval.ExplicitDeny: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"execute-api:*","Resource":"*"}]}`,
	}
	authorizerDocs = map[eval.Decision]string{
		eval.Allow:        `{"principalId":"user-42","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123def4/prod/*/*"}]}}`,
		eval.ImplicitDeny: `{"principalId":"user-42","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123def4/prod/GET/orders"}]}}`,
		eval.ExplicitDeny: `{"principalId":"user-42","policyDocument":{"Version":"2012-10-17","Statement":{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123def4/*"}}}`,
	}
)

func mustDoc(t testing.TB, src string, kind policy.Kind) *policy.Document {
	t.Helper()
	d, err := policy.Parse([]byte(src), policy.ParseOptions{File: kind.String(), Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// message is what the test expects API Gateway to say, written out
// independently of the package.
func expectedMessage(layer apigw.Layer, caller string, explicit bool, style apigw.MessageStyle) string {
	switch {
	case layer == apigw.LayerAuthorizer && explicit && style == apigw.CurrentMessages:
		return "User is not authorized to access this resource with an explicit deny in an identity-based policy"
	case layer == apigw.LayerAuthorizer && explicit:
		return "User is not authorized to access this resource with an explicit deny"
	case layer == apigw.LayerAuthorizer && style == apigw.CurrentMessages:
		return "User is not authorized to access this resource because no identity-based policy allows the execute-api:Invoke action"
	case layer == apigw.LayerAuthorizer:
		return "User is not authorized to access this resource"
	}
	m := "User: " + caller + " is not authorized to perform: execute-api:Invoke on resource: " + maskedARN
	kind, inPolicy := "identity", " with an explicit deny in an identity-based policy"
	if layer == apigw.LayerResourcePolicy {
		kind, inPolicy = "resource", " with an explicit deny in a resource-based policy"
	}
	switch {
	case explicit && style == apigw.CurrentMessages:
		return m + inPolicy
	case explicit:
		return m + " with an explicit deny"
	case style == apigw.CurrentMessages:
		return m + " because no " + kind + "-based policy allows the execute-api:Invoke action"
	}
	return m
}

// TestTableCells walks every cell of every outcome table through the flow
// that uses it, with real documents on both sides, in both message styles.
func TestTableCells(t *testing.T) {
	same := eval.MustNewCaller("arn:aws:iam::123456789012:user/alice")
	other := eval.MustNewCaller("arn:aws:sts::210987654321:assumed-role/Reader/bob")
	type flow struct {
		name   string
		table  eval.Table
		auth   apigw.AuthType
		caller eval.Caller
	}
	flows := []flow{
		{"AWS_IAM same account", eval.TableA, apigw.AuthIAM, same},
		{"AWS_IAM cross account", eval.TableB, apigw.AuthIAM, other},
		{"CUSTOM", eval.TableA, apigw.AuthCustom, eval.Caller{}},
		{"NONE", eval.TableResourceOnly, apigw.AuthNone, eval.Caller{}},
		{"COGNITO_USER_POOLS", eval.TableResourceOnly, apigw.AuthCognito, eval.Caller{}},
	}
	for _, f := range flows {
		for _, row := range f.table.Rows() {
			for _, style := range []apigw.MessageStyle{apigw.CurrentMessages, apigw.LegacyMessages} {
				name := fmt.Sprintf("%s/%v|%v|attached=%v/%v", f.name, row.Identity, row.Resource, row.ResourceAttached, style)
				t.Run(name, func(t *testing.T) {
					cfg := apigw.Config{API: testAPI, Auth: f.auth, Authorizer: apigw.AuthorizerConfig{}}
					if row.ResourceAttached {
						cfg.ResourcePolicy = mustDoc(t, rpDocs[row.Resource], policy.ResourceBased)
					}
					g := apigw.MustNewGateway(cfg)
					call := &apigw.Call{Method: testMethod, Caller: f.caller, Headers: http.Header{"Authorization": {"token"}}}
					call.Prepare()
					switch f.auth {
					case apigw.AuthIAM:
						call.IdentityPolicies = eval.MustCompile(eval.CompileOptions{}, mustDoc(t, identityDocs[row.Identity], policy.IdentityBased))
					case apigw.AuthCustom:
						call.Authorizer = apigw.ParseAuthorizerOutput([]byte(authorizerDocs[row.Identity]), "authorizer.json")
					}
					got := g.Explain(call, apigw.ExplainOptions{Messages: style})
					if got.Outcome != g.Decide(call) {
						t.Fatalf("Explain's outcome %+v differs from Decide's %+v", got.Outcome, g.Decide(call))
					}
					wantLayer := map[eval.Side]apigw.Layer{eval.ResourceSide: apigw.LayerResourcePolicy, eval.IdentitySide: apigw.LayerIdentityPolicy}[row.DecidedBy]
					if f.auth == apigw.AuthCustom {
						wantLayer = map[eval.Side]apigw.Layer{eval.ResourceSide: apigw.LayerResourcePolicy, eval.IdentitySide: apigw.LayerAuthorizer}[row.DecidedBy]
					}
					wantTable, wantRow, phase1 := f.table, row, false
					if f.auth == apigw.AuthCustom && row.Resource == eval.ExplicitDeny {
						// Phase 1 stops the request before the authorizer
						// and before Table A (AUTHFLOW).
						wantTable, wantRow, phase1, wantLayer = eval.NoTable, eval.TableRow{}, true, apigw.LayerResourcePolicy
					}
					if !row.ResourceAttached {
						wantLayer = map[apigw.AuthType]apigw.Layer{apigw.AuthNone: apigw.LayerNone, apigw.AuthCognito: apigw.LayerAuthorizer}[f.auth]
					}
					want := apigw.Outcome{Status: 403, Decision: row.Result, Decided: true, DecidedBy: wantLayer, Response: apigw.AccessDenied, Table: wantTable, Row: wantRow, Phase1: phase1}
					if row.Result == eval.Allow {
						want.Status, want.Response = 200, apigw.NoGatewayResponse
					}
					if f.auth == apigw.AuthCustom && !phase1 {
						want.AuthorizerReached = true
					}
					if diff := cmp.Diff(want, got.Outcome); diff != "" {
						t.Fatalf("outcome (-want +got):\n%s\ntrace:\n%s", diff, got.Trace.String())
					}
					if row.Result == eval.Allow {
						if got.Body != "" || got.HasMessage || got.Headers != nil {
							t.Errorf("an allowed call has body %q, message %v, headers %v", got.Body, got.HasMessage, got.Headers)
						}
						return
					}
					msg := expectedMessage(wantLayer, f.caller.String(), row.Result == eval.ExplicitDeny, style)
					if got.Message != msg || !got.HasMessage {
						t.Errorf("message:\n got %q\nwant %q", got.Message, msg)
					}
					if wantBody := `{"Message":"` + msg + `"}`; got.Body != wantBody {
						t.Errorf("body:\n got %s\nwant %s", got.Body, wantBody)
					}
					wantHeaders := []apigw.Header{{Name: "Content-Type", Value: "application/json"}, {Name: "x-amzn-ErrorType", Value: "AccessDeniedException"}}
					if diff := cmp.Diff(wantHeaders, got.Headers); diff != "" {
						t.Errorf("headers (-want +got):\n%s", diff)
					}
				})
			}
		}
	}
}
