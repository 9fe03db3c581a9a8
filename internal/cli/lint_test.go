package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/suite"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/internal/sarifcheck"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/policy"
)

// The purpose-made documents of internal/cli/testdata/lint, linted with
// the API they are about. The folder also holds files the walk skips:
// package.json (JSON, not a policy), empty.json (not JSON, no policy
// words) and _drafts/ (a folder named _*).
const lintDocs = "internal/cli/testdata/lint"

var lintDocsContext = []string{
	"--api", "arn:aws:execute-api:us-east-1:123456789012:abc123defg",
	"--auth", "CUSTOM", "--endpoint-type", "REGIONAL",
}

// lintTemplates are the lint package's templates: CloudFormation YAML
// and JSON, OpenAPI, terraform show -json, and one the reader cannot
// read whole.
const lintTemplates = "lint/testdata/templates"

// lintFixtures are fixtures of each kind: a resource policy, an
// authorizer output, an invalid document and a suite.
var lintFixtures = []string{
	// The suites name documents in fixtures/policies.
	"--allow-path", "fixtures",
	"fixtures/policies/resource-cross-account.json",
	"fixtures/policies/authorizer-method-only.json",
	"fixtures/invalid/broken-resource-policy.json",
	"fixtures/suites/article-allow-only.iamgate.yaml",
	"fixtures/suites/caching.iamgate.yaml",
}

func TestLintCLI(t *testing.T) {
	withDocs := func(args ...string) []string {
		return append(append(append([]string{"lint"}, args...), lintDocsContext...), lintDocs, lintDocs+"/empty.json")
	}
	fixtures := func(args ...string) []string {
		return append(append([]string{"lint"}, args...), lintFixtures...)
	}
	tests := []struct {
		name     string
		args     []string
		stdin    string
		wantCode int
	}{
		// A folder walk lints API Gateway documents only: an IAM trust
		// policy and an S3 bucket policy are not theirs to judge.
		{"lint-walk-skips-other-iam", []string{"lint", "internal/cli/testdata/lint-walk"}, "", ExitOK},
		// --ignore leaves a rule's findings out; an unknown code is an error.
		{"lint-ignore", []string{"lint", "--ignore", "IG400", lintDocs + "/redundant.json", "--fail-on", "suggestion"}, "", ExitOK},
		{"lint-ignore-unknown", []string{"lint", "--ignore", "IG999", lintDocs + "/redundant.json"}, "", ExitUsage},
		// Flags may follow the paths.
		{"lint-flags-after-paths", []string{"lint", lintDocs + "/redundant.json", "--fail-on", "suggestion"}, "", ExitFailed},
		{"lint-fixtures", fixtures(), "", ExitFailed},
		{"lint-fixtures-json", fixtures("--format", "json"), "", ExitFailed},
		{"lint-fixtures-sarif", fixtures("--format", "sarif"), "", ExitFailed},
		{"lint-docs", withDocs(), "", ExitFailed},
		{"lint-docs-json", withDocs("--format", "json"), "", ExitFailed},
		{"lint-docs-sarif", withDocs("--format", "sarif"), "", ExitFailed},
		// Without the API's context, the checks that need it are silent.
		{"lint-docs-no-context", []string{"lint", lintDocs}, "", ExitFailed},
		{"lint-fixtures-folder", []string{"lint", "./fixtures"}, "", ExitFailed},
		{"lint-clean", []string{"lint", lintDocs + "/clean.json"}, "", ExitOK},
		// A suite whose authorizer is a command: its output is not
		// checked, and the report says so in a note, which does not fail
		// it even at --fail-on suggestion.
		{"lint-command-authorizer", []string{"lint", "--fail-on", "suggestion", "examples/node/node.iamgate.yaml"}, "", ExitOK},
		{"lint-command-authorizer-json", []string{"lint", "--format", "json", "examples/node/node.iamgate.yaml"}, "", ExitOK},
		{"lint-command-authorizer-sarif", []string{"lint", "--format", "sarif", "examples/node/node.iamgate.yaml"}, "", ExitOK},
		{"lint-stdin", []string{"lint", "--api", "arn:aws:execute-api:us-east-1:123456789012:abc123defg", "-"},
			`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/"}}`, ExitOK},
		{"lint-stdin-kind-authorizer", []string{"lint", "--kind", "authorizer", "--authorizer-ttl", "0", "-"},
			`{"principalId": "u1", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}`, ExitFailed},
		{"lint-route-flags", []string{"lint", "--route", "GET /orders/{id}", "--route", "POST /orders", "fixtures/policies/authorizer-method-only.json"}, "", ExitOK},
		{"lint-suite-malformed", []string{"lint", "internal/cli/testdata/suites/malformed", "fixtures/policies/authorizer-method-only.json"}, "", ExitUsage},
		{"lint-suite-malformed-json", []string{"lint", "--format", "json", "internal/cli/testdata/suites/malformed"}, "", ExitUsage},
		{"lint-missing-file", []string{"lint", "no/such/policy.json", lintDocs + "/clean.json"}, "", ExitUsage},
		{"lint-missing-file-sarif", []string{"lint", "--format", "sarif", "no/such/policy.json"}, "", ExitUsage},
		{"lint-no-paths", []string{"lint"}, "", ExitUsage},
		{"lint-no-documents", []string{"lint", "internal/cli/testdata/suites/empty"}, "", ExitUsage},
		{"lint-stdin-twice", []string{"lint", "-", "-"}, "{}", ExitUsage},
		{"lint-flags-with-suites-only", []string{"lint", "--auth", "CUSTOM", "--route", "GET /", "fixtures/suites"}, "", ExitUsage},
		{"lint-bad-format", []string{"lint", "--format", "xml", lintDocs}, "", ExitUsage},
		{"lint-bad-fail-on", []string{"lint", "--fail-on", "warnings", lintDocs}, "", ExitUsage},
		{"lint-bad-kind", []string{"lint", "--kind", "policy", lintDocs}, "", ExitUsage},
		{"lint-bad-api", []string{"lint", "--api", "arn:aws:s3:::bucket", lintDocs}, "", ExitUsage},
		{"lint-bad-auth", []string{"lint", "--auth", "CUSTOM,AWS-IAM", lintDocs}, "", ExitUsage},
		{"lint-bad-ttl", []string{"lint", "--authorizer-ttl", "7200", lintDocs}, "", ExitUsage},
		{"lint-bad-endpoint-type", []string{"lint", "--endpoint-type", "private", lintDocs}, "", ExitUsage},
		{"lint-bad-route", []string{"lint", "--route", "GET orders", lintDocs}, "", ExitUsage},
		{"lint-misspelt-flag", []string{"lint", "--fail-of", "warning", lintDocs}, "", ExitUsage},
		{"help-lint", []string{"help", "lint"}, "", ExitOK},
		// A template given by name: each API's resource policy and
		// authorizers, findings at the template's lines and columns.
		{"lint-template", []string{"lint", lintTemplates + "/cfn.yaml"}, "", ExitFailed},
		{"lint-template-json", []string{"lint", "--format", "json", lintTemplates + "/cfn.yaml"}, "", ExitFailed},
		{"lint-template-sarif", []string{"lint", "--format", "sarif", lintTemplates + "/cfn.yaml"}, "", ExitFailed},
		{"lint-template-terraform", []string{"lint", "--fail-on", "warning", lintTemplates + "/state.json"}, "", ExitFailed},
		// The reader's errors are input problems, its warnings notes, and
		// a policy that does not parse an IG100 finding.
		{"lint-template-problems", []string{"lint", lintTemplates + "/broken.yaml"}, "", ExitUsage},
		{"lint-template-problems-json", []string{"lint", "--format", "json", lintTemplates + "/broken.yaml"}, "", ExitUsage},
		{"lint-template-parameter", []string{"lint", "--parameter", "Env=prod", "--fail-on", "none", lintTemplates + "/broken.yaml"}, "", ExitUsage},
		{"lint-flags-with-templates-only", []string{"lint", "--auth", "CUSTOM", lintTemplates + "/cfn.yaml"}, "", ExitUsage},
		{"lint-bad-parameter", []string{"lint", "--parameter", "Env", lintTemplates + "/cfn.yaml"}, "", ExitUsage},
		// A cdk.out folder is a template; -o may not replace a file it read.
		{"lint-template-hcl", []string{"lint", "iac/testdata/api.tf"}, "", ExitUsage},
		{"lint-template-cdk", []string{"lint", "--fail-on", "suggestion", "iac/testdata/cdk.out"}, "", ExitOK},
		{"lint-template-output-is-input", []string{"lint", "-o", "iac/testdata/cdk.out/ShopStack.template.json", "iac/testdata/cdk.out"}, "", ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.stdin, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, stdout, stderr)
			}
			golden(t, tt.name+".golden", "-- stdout --\n"+stdout+"-- stderr --\n"+stderr)
		})
	}
}

// TestLintFailOn checks the exit code for each --fail-on level on
// documents whose worst finding is known.
func TestLintFailOn(t *testing.T) {
	docs := map[string]string{
		"none":             lintDocs + "/clean.json",
		"suggestion":       lintDocs + "/redundant.json",
		"warning":          "fixtures/policies/authorizer-method-only.json",
		"security-warning": lintDocs + "/for-all-values.json",
		"error":            lintDocs + "/broken.json",
	}
	levels := []string{"suggestion", "warning", "security-warning", "error"}
	for worst, doc := range docs {
		for _, failOn := range append(slices.Clone(levels), "none") {
			t.Run(worst+"/"+failOn, func(t *testing.T) {
				want := ExitOK
				if failOn != "none" && worst != "none" && slices.Index(levels, worst) >= slices.Index(levels, failOn) {
					want = ExitFailed
				}
				code, stdout, stderr := run(t, "", "lint", "--fail-on", failOn, doc)
				if code != want {
					t.Errorf("lint --fail-on %s %s: exit %d, want %d\n%s%s", failOn, doc, code, want, stdout, stderr)
				}
			})
		}
	}
	// The default is --fail-on error.
	if code, _, _ := run(t, "", "lint", docs["security-warning"]); code != ExitOK {
		t.Errorf("a security warning fails without --fail-on: exit %d", code)
	}
	if code, _, _ := run(t, "", "lint", docs["error"]); code != ExitFailed {
		t.Errorf("an error does not fail without --fail-on: exit %d", code)
	}
}

// TestLintOutputFile checks -o: the report in --format goes to the file,
// the text report to standard output.
func TestLintOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "lint.sarif")
	code, stdout, stderr := run(t, "", append([]string{"lint", "--format", "sarif", "-o", out}, lintFixtures...)...)
	if code != ExitFailed {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	_, text, _ := run(t, "", append([]string{"lint"}, lintFixtures...)...)
	if stdout != text {
		t.Errorf("stdout is not the text report:\n%s", stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	_, sarif, _ := run(t, "", append([]string{"lint", "--format", "sarif"}, lintFixtures...)...)
	if string(data) != sarif {
		t.Errorf("the file is not the SARIF report:\n%s", data)
	}

	// With --format text, the file has the report and stdout its summary.
	out = filepath.Join(t.TempDir(), "lint.txt")
	code, stdout, _ = run(t, "", "lint", "-o", out, lintDocs+"/clean.json")
	if code != ExitOK || stdout != "no findings\n" {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
	if data, _ := os.ReadFile(out); string(data) != "no findings\n" {
		t.Errorf("report file: %q", data)
	}

	code, _, stderr = run(t, "", "lint", "-o", filepath.Join(t.TempDir(), "no", "such", "dir", "x"), lintDocs+"/clean.json")
	if code != ExitUsage || !strings.Contains(stderr, "-o:") {
		t.Errorf("unwritable -o: exit %d, stderr %q", code, stderr)
	}
}

// TestLintFixturesHaveNoErrors lints every document and suite of fixtures/
// on its own, as a user would name it. Only fixtures/invalid is meant to
// show errors, and each of its files must show one. The exceptions:
//
//   - fixtures/eval/cases.json is the table of iamgate eval cases, not a
//     policy document: named on its own it is an IG100 error, and a walk of
//     the folder skips it (its JSON has no Statement or policyDocument);
//   - a suite may name a document of fixtures/invalid (article-authorizer
//     returns the nested-context output to show the 500): its error is in
//     that file, so it counts as fixtures/invalid's.
func TestLintFixturesHaveNoErrors(t *testing.T) {
	root := filepath.Join(pkgDir, "..", "..")
	var files []string
	err := filepath.WalkDir(filepath.Join(root, "fixtures"), func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, name)
		// fixtures/templates holds CloudFormation templates, not
		// policy documents or suites.
		if d.IsDir() && filepath.ToSlash(rel) == "fixtures/templates" {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d fixture files: %v", len(files), files)
	}
	const notAPolicy = "fixtures/eval/cases.json"
	invalidShown := map[string]bool{}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			code, stdout, stderr := run(t, "", "lint", "--format", "json", "--fail-on", "none", "--allow-path", "fixtures", file)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var rep struct {
				Findings []lintFindingJSON `json:"findings"`
			}
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Findings {
				if f.Severity != "error" {
					continue
				}
				switch {
				case strings.HasPrefix(f.File, "fixtures/invalid/"):
					invalidShown[f.File] = true
				case file == notAPolicy && f.File == notAPolicy && f.Code == "IG100":
				default:
					t.Errorf("%s:%d:%d: error %s: %s", f.File, f.Line, f.Column, f.Code, f.Message)
				}
			}
		})
	}
	for _, file := range files {
		if strings.HasPrefix(file, "fixtures/invalid/") && !invalidShown[file] {
			t.Errorf("%s is meant to show an error, and lint finds none", file)
		}
	}

	// Walking the folder lints every policy and suite, and skips the
	// eval cases table.
	_, stdout, _ := run(t, "", "lint", "--format", "json", "./fixtures")
	var rep struct {
		Files    []string          `json:"files"`
		Findings []lintFindingJSON `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	// A document a fixture suite names is linted with the suite's
	// context, not again on its own.
	named := map[string]bool{}
	suites, err := suite.Find(filepath.Join(pkgDir, "..", "..", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	for _, sf := range suites {
		s, err := suite.Load(sf, suite.LoadOptions{AllowPaths: []string{root}})
		if err != nil {
			t.Fatal(err)
		}
		d := s.Documents()
		add := func(f string) {
			if rel, err := filepath.Rel(root, f); err == nil && !suite.IsSuiteFile(f) {
				named[filepath.ToSlash(rel)] = true
			}
		}
		if d.ResourcePolicy != nil {
			add(d.ResourcePolicy.File)
		}
		for _, a := range d.Authorizers {
			for _, o := range a.Outputs {
				add(o.File)
			}
		}
		for _, p := range d.IdentityPolicies {
			add(p.File)
		}
	}
	if len(named) < 4 {
		t.Fatalf("the fixture suites name %d documents: %v", len(named), named)
	}
	for _, file := range files {
		if got := slices.Contains(rep.Files, file); got != (file != notAPolicy && !named[file]) {
			t.Errorf("walking ./fixtures: %s linted on its own: %v", file, got)
		}
	}
	for _, f := range rep.Findings {
		if f.Severity == "error" && !strings.HasPrefix(f.File, "fixtures/invalid/") {
			t.Errorf("walking ./fixtures: %s:%d:%d: error %s", f.File, f.Line, f.Column, f.Code)
		}
	}
}

// TestLintRulesTable keeps the docs' table of checks generated from
// lint.Rules: testdata/lint-rules.md.golden is the table (go test -update
// rewrites it), and the "## Rules" section of docs/lint.md must contain it
// as is.
func TestLintRulesTable(t *testing.T) {
	table := lintRulesTable()
	golden(t, "lint-rules.md.golden", table)
	page, err := os.ReadFile(filepath.Join(pkgDir, "..", "..", "docs", "lint.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(page), "\n## Rules\n")
	if !ok {
		t.Fatal(`docs/lint.md has no "## Rules" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	if !strings.Contains(section, table) {
		t.Errorf("docs/lint.md's Rules section does not list every check as lint.Rules has them; paste testdata/lint-rules.md.golden:\n%s", table)
	}
}

// lintRulesTable is the Markdown table of every check.
func lintRulesTable() string {
	var b strings.Builder
	b.WriteString("| Code | Name | Severity | What it finds |\n|---|---|---|---|\n")
	for _, r := range lint.Rules {
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s |\n", r.Code, r.Name, r.Severity, strings.ReplaceAll(r.Summary, "|", `\|`))
	}
	return b.String()
}

// TestLintSARIFStructure checks every SARIF report the tests produce, and
// some made for the purpose, against the structure SARIF 2.1.0 requires.
func TestLintSARIFStructure(t *testing.T) {
	reports := map[string]string{}
	for name, args := range map[string][]string{
		"fixtures":   append([]string{"lint", "--format", "sarif"}, lintFixtures...),
		"docs":       append(append([]string{"lint", "--format", "sarif"}, lintDocsContext...), lintDocs, lintDocs+"/empty.json"),
		"all":        {"lint", "--format", "sarif", "./fixtures"},
		"clean":      {"lint", "--format", "sarif", lintDocs + "/clean.json"},
		"templates":  {"lint", "--format", "sarif", lintTemplates + "/cfn.yaml", lintTemplates + "/broken.yaml", lintTemplates + "/state.json"},
		"input-err":  {"lint", "--format", "sarif", "no/such/file.json", "internal/cli/testdata/suites/malformed", lintDocs + "/broken.json"},
		"absolute":   {"lint", "--format", "sarif", filepath.Join(pkgDir, "testdata", "lint", "unicode.json")},
		"outside-wd": {"lint", "--format", "sarif", filepath.Join(os.TempDir(), "..", filepath.Base(os.TempDir()), "iamgate-lint-does-not-exist.json")},
	} {
		_, stdout, _ := run(t, "", args...)
		reports[name] = stdout
	}
	_, reports["stdin"], _ = run(t, `{"Statement": [}`, "lint", "--format", "sarif", "-")

	// A finding without a position, and file names that need escaping.
	var b bytes.Buffer
	rep := &lint.Report{Findings: []lint.Finding{
		{Rule: lint.Rules[0], Message: "no position", File: "docs/a policy.json"},
		{Rule: lint.Rules[0], Message: "colon", File: "c:odd/x.json", Pos: policy.Pos{Offset: 0, Line: 1, Column: 1}},
		{Rule: lint.Rule{Code: "IG999", Name: "not-in-rules", Severity: lint.Warning, Summary: "A rule lint.Rules does not have."}, Message: "unknown rule", File: "x.json", Pos: policy.Pos{Line: 3, Column: 2}},
	}}
	if err := (lint.SARIFReporter{ToolVersion: Version}).Report(&b, rep); err != nil {
		t.Fatal(err)
	}
	reports["synthetic"] = b.String()

	for name, report := range reports {
		t.Run(name, func(t *testing.T) {
			for _, problem := range sarifcheck.Validate([]byte(report)) {
				t.Error(problem)
			}
			if t.Failed() {
				t.Logf("report:\n%s", report)
			}
		})
	}

	// The rules are every rule of lint.Rules, in order, whatever fired.
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(reports["clean"]), &log); err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		got = append(got, r.ID)
	}
	for _, r := range lint.Rules {
		want = append(want, r.Code)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("driver rules (-want +got):\n%s", diff)
	}
}

func TestLintTextIsTerminalSafe(t *testing.T) {
	// A byte that is not UTF-8 and a raw escape character: the document
	// is not text, so none of its bytes are shown (no source line, no
	// caret), and the report holds no raw control bytes.
	src := "{\"Sid\": \"a\xffb\x1b[31m\", \"Statement\": []}"
	code, stdout, _ := run(t, src, "lint", "-")
	if strings.Contains(stdout, "\x1b") || strings.Contains(stdout, "\xff") || strings.Contains(stdout, "Sid") {
		t.Errorf("the report holds the document's bytes:\n%q", stdout)
	}
	if code != ExitFailed || !strings.Contains(stdout, "IG100: not a JSON document: it is not text") {
		t.Errorf("exit %d, report:\n%s", code, stdout)
	}
}
