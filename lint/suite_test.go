package lint_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/fixtures"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/suite"
)

// TestSuiteFixtures lints every fixture suite with the context it gives:
// each finding is one the fixture is meant to show.
func TestSuiteFixtures(t *testing.T) {
	want := map[string][]string{
		"suites/article-allow-only.iamgate.yaml":         {"IG300 policies/resource-office-allow-only.json:12:11"},
		"suites/article-authorizer.iamgate.yaml":         {"IG201 invalid/authorizer-nested-context.json:15:13"},
		"suites/article-resource-policy.iamgate.yaml":    nil,
		"suites/caching-remedies.iamgate.yaml":           nil,
		"suites/caching.iamgate.yaml":                    {"IG210 suites/caching.iamgate.yaml:20:13"},
		"suites/iam-and-request-authorizer.iamgate.json": {"IG301 policies/resource-cross-account.json:9:11"},
	}
	files, err := suite.FindFS(fixtures.FS, "suites")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			s, err := suite.LoadFS(fixtures.FS, file, suite.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range lint.Suite(s) {
				got = append(got, f.Rule.Code+" "+f.File+":"+f.Pos.String())
			}
			w, ok := want[file]
			if !ok {
				t.Fatalf("no expected findings for %s: add them", file)
			}
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}
