package lint_test

import (
	"path"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/fixtures"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/policy"
)

// fixtureFindings are the findings of every document under
// fixtures/policies and fixtures/invalid, as "line:col CODE path", for the
// API arn:aws:execute-api:us-east-1:123456789012:abc123defg and, where it
// matters, the authorization its methods use (the suites under
// fixtures/suites use the same documents this way). Only the documents
// under invalid/ may have error-level findings.
var fixtureFindings = []struct {
	file string
	auth []string
	want []string
}{
	{file: "policies/authorizer-deny-all.json"},
	// The caching trap: a warning, not an error.
	{file: "policies/authorizer-method-only.json", want: []string{"6:7 IG210 /policyDocument/Statement/0"}},
	{file: "policies/authorizer-scoped.json"},
	{file: "policies/identity-invoke-prod.json"},
	{file: "policies/resource-cross-account.json", auth: []string{"AWS_IAM"}},
	{file: "policies/resource-ip-allowlist.json", auth: []string{"CUSTOM"}},
	// The article's Allow-only list in front of a Lambda authorizer.
	{file: "policies/resource-office-allow-only.json", auth: []string{"CUSTOM"}, want: []string{"12:11 IG300 /Statement/0/Condition/IpAddress/aws:SourceIp"}},
	{file: "policies/resource-private-vpce.json", auth: []string{"CUSTOM"}},
	{file: "invalid/authorizer-nested-context.json", want: []string{"15:13 IG201 /context/user"}},
	{file: "invalid/bad-conditions.json", want: []string{
		"11:9 IG100 /Statement/0/Condition/NotIpAdress",
		"12:42 IG100 /Statement/0/Condition/IpAddress/aws:VpcSourceIp",
		"13:48 IG100 /Statement/0/Condition/DateGreaterThan/aws:CurrentTime",
		"21:19 IG100 /Statement/1/Resource",
	}},
	{file: "invalid/broken-resource-policy.json", want: []string{"6:17 IG100 /Statement/0/Effect", "8:7 IG100 /Statement/0/action"}},
}

// fixtureKind says what a fixture is from its name: identity-*, authorizer-*
// (whole outputs), and resource policies otherwise.
func fixtureKind(file string) policy.Kind {
	switch base := path.Base(file); {
	case strings.HasPrefix(base, "identity-"):
		return policy.IdentityBased
	case strings.HasPrefix(base, "authorizer-"):
		return policy.Authorizer
	}
	return policy.ResourceBased
}

func TestFixtures(t *testing.T) {
	for _, fx := range fixtureFindings {
		t.Run(fx.file, func(t *testing.T) {
			src, err := fixtures.FS.ReadFile(fx.file)
			if err != nil {
				t.Fatal(err)
			}
			got := lint.Source(src, fx.file, fixtureKind(fx.file), lint.Config{API: testAPI, Auth: fx.auth})
			lint.Sort(got)
			var lines []string
			for _, f := range got {
				lines = append(lines, f.Pos.String()+" "+f.Rule.Code+" "+f.Path)
				t.Log(f)
			}
			if diff := cmp.Diff(fx.want, lines); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			errs := lint.AtLeast(got, lint.Error)
			if invalid := strings.HasPrefix(fx.file, "invalid/"); invalid && len(errs) == 0 {
				t.Errorf("no error-level finding in a document meant to be invalid")
			} else if !invalid && len(errs) > 0 {
				t.Errorf("error-level findings in a valid document:\n%s", dump(errs))
			}
		})
	}
}

// TestFixturesListed fails when a document under fixtures/policies or
// fixtures/invalid has no entry in fixtureFindings.
func TestFixturesListed(t *testing.T) {
	listed := map[string]bool{}
	for _, fx := range fixtureFindings {
		listed[fx.file] = true
	}
	for _, dir := range []string{"policies", "invalid"} {
		entries, err := fixtures.FS.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if name := dir + "/" + e.Name(); !listed[name] {
				t.Errorf("%s has no expected findings in fixtureFindings", name)
			}
		}
	}
}

// TestFixtureTrapIsWarning pins the severity of the caching trap of
// authorizer-method-only.json: the output works for the first request, so
// the finding is a warning, not an error.
func TestFixtureTrapIsWarning(t *testing.T) {
	src, err := fixtures.FS.ReadFile("policies/authorizer-method-only.json")
	if err != nil {
		t.Fatal(err)
	}
	got := lint.Source(src, "authorizer-method-only.json", policy.Authorizer, lint.Config{API: testAPI})
	if len(got) != 1 || got[0].Rule.Code != "IG210" || got[0].Rule.Severity != lint.Warning {
		t.Errorf("got %v, want one IG210 warning", got)
	}
}
