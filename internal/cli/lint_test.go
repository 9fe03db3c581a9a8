package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/suite"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/internal/caret"
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
		if !d.IsDir() && (strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			rel, _ := filepath.Rel(root, name)
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

// TestLintRulesTable keeps the README's table of checks generated from
// lint.Rules: testdata/lint-rules.md.golden is the table (go test -update
// rewrites it), and the README's "iamgate lint" section, once it exists,
// must contain it as is.
func TestLintRulesTable(t *testing.T) {
	table := lintRulesTable()
	golden(t, "lint-rules.md.golden", table)
	readme, err := os.ReadFile(filepath.Join(pkgDir, "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## `iamgate lint`")
	if !ok {
		t.Skip("README has no \"## `iamgate lint`\" section yet")
	}
	if !strings.Contains(section, table) {
		t.Errorf("README's lint section does not list every check as lint.Rules has them; paste testdata/lint-rules.md.golden:\n%s", table)
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
	rep := &lintReport{findings: []lint.Finding{
		{Rule: lint.Rules[0], Message: "no position", File: "docs/a policy.json"},
		{Rule: lint.Rules[0], Message: "colon", File: "c:odd/x.json", Pos: policy.Pos{Offset: 0, Line: 1, Column: 1}},
		{Rule: lint.Rule{Code: "IG999", Name: "not-in-rules", Severity: lint.Warning, Summary: "A rule lint.Rules does not have."}, Message: "unknown rule", File: "x.json", Pos: policy.Pos{Line: 3, Column: 2}},
	}}
	if err := writeLintSARIF(&b, rep); err != nil {
		t.Fatal(err)
	}
	reports["synthetic"] = b.String()

	for name, report := range reports {
		t.Run(name, func(t *testing.T) {
			for _, problem := range validateSARIF([]byte(report)) {
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

// sarifObject is what the SARIF 2.1.0 schema allows and requires of one
// object type.
type sarifObject struct {
	allowed  []string
	required []string
	// anyOf: at least one of these must be present.
	anyOf []string
}

// sarifObjects are the object types iamgate writes, with every property
// name the SARIF 2.1.0 JSON schema defines for them. Checked against the
// OASIS schema itself, oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json
// (found with the search tool; the root object and definitions run, tool,
// toolComponent, reportingDescriptor, multiformatMessageString,
// reportingConfiguration, invocation, notification, result, message,
// location, physicalLocation, artifactLocation and region, each with
// "additionalProperties": false), and against GitHub's "SARIF support for
// code scanning" (github/docs, content/code-security/code-scanning/
// integrating-with-code-scanning/sarif-support-for-code-scanning.md) for
// the property-bag names it reads: tags, precision, problem.severity,
// security-severity.
var sarifObjects = map[string]sarifObject{
	"sarifLog": {
		allowed:  []string{"$schema", "version", "runs", "inlineExternalProperties", "properties"},
		required: []string{"version", "runs"},
	},
	"run": {
		allowed: []string{"tool", "invocations", "conversion", "language", "versionControlProvenance", "originalUriBaseIds",
			"artifacts", "logicalLocations", "graphs", "results", "automationDetails", "runAggregates", "baselineGuid",
			"redactionTokens", "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind",
			"externalPropertyFileReferences", "threadFlowLocations", "taxonomies", "addresses", "translations", "policies",
			"webRequests", "webResponses", "specialLocations", "properties"},
		required: []string{"tool"},
	},
	"tool": {
		allowed:  []string{"driver", "extensions", "properties"},
		required: []string{"driver"},
	},
	"toolComponent": {
		allowed: []string{"guid", "name", "organization", "product", "productSuite", "shortDescription", "fullDescription",
			"fullName", "version", "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc", "downloadUri", "informationUri",
			"globalMessageStrings", "notifications", "rules", "taxa", "locations", "language", "contents", "isComprehensive",
			"localizedDataSemanticVersion", "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent",
			"translationMetadata", "supportedTaxonomies", "properties"},
		required: []string{"name"},
	},
	"reportingDescriptor": {
		allowed: []string{"id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames", "shortDescription",
			"fullDescription", "messageStrings", "defaultConfiguration", "helpUri", "help", "relationships", "properties"},
		required: []string{"id"},
	},
	"multiformatMessageString": {
		allowed:  []string{"text", "markdown", "properties"},
		required: []string{"text"},
	},
	"reportingConfiguration": {
		allowed: []string{"enabled", "level", "rank", "parameters", "properties"},
	},
	"invocation": {
		allowed: []string{"commandLine", "arguments", "responseFiles", "startTimeUtc", "endTimeUtc", "exitCode",
			"ruleConfigurationOverrides", "notificationConfigurationOverrides", "toolExecutionNotifications",
			"toolConfigurationNotifications", "exitCodeDescription", "exitSignalName", "exitSignalNumber",
			"processStartFailureMessage", "executionSuccessful", "machine", "account", "processId", "executableLocation",
			"workingDirectory", "environmentVariables", "stdin", "stdout", "stderr", "stdoutStderr", "properties"},
		required: []string{"executionSuccessful"},
	},
	"notification": {
		allowed: []string{"locations", "message", "level", "threadId", "timeUtc", "exception", "descriptor",
			"associatedRule", "properties"},
		required: []string{"message"},
	},
	"result": {
		allowed: []string{"ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget", "locations", "guid",
			"correlationGuid", "occurrenceCount", "partialFingerprints", "fingerprints", "stacks", "codeFlows", "graphs",
			"graphTraversals", "relatedLocations", "suppressions", "baselineState", "rank", "attachments", "hostedViewerUri",
			"workItemUris", "provenance", "fixes", "taxa", "webRequest", "webResponse", "properties"},
		required: []string{"message"},
	},
	"message": {
		allowed: []string{"text", "markdown", "id", "arguments", "properties"},
		anyOf:   []string{"text", "id"},
	},
	"location": {
		allowed: []string{"id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties"},
	},
	"physicalLocation": {
		allowed: []string{"address", "artifactLocation", "region", "contextRegion", "properties"},
		anyOf:   []string{"address", "artifactLocation"},
	},
	"artifactLocation": {
		allowed: []string{"uri", "uriBaseId", "index", "description", "properties"},
	},
	"region": {
		allowed: []string{"startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength", "byteOffset",
			"byteLength", "snippet", "message", "sourceLanguage", "properties"},
		anyOf: []string{"startLine", "charOffset", "byteOffset"},
	},
}

// sarifLevels is the enum of result.level, notification.level and
// reportingConfiguration.level.
var sarifLevels = []string{"none", "note", "warning", "error"}

// validateSARIF checks a SARIF log's structure: the properties each object
// may and must have, the enums, the minimums, ruleId and ruleIndex against
// driver.rules, and URIs. It returns every problem.
func validateSARIF(data []byte) []string {
	var problems []string
	bad := func(path, format string, args ...any) {
		problems = append(problems, path+": "+fmt.Sprintf(format, args...))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	obj := func(v any, path, typ string) map[string]any {
		m, ok := v.(map[string]any)
		if !ok {
			bad(path, "%s is not an object", typ)
			return nil
		}
		def := sarifObjects[typ]
		for k := range m {
			if !slices.Contains(def.allowed, k) {
				bad(path, "%s has no property %q in SARIF 2.1.0", typ, k)
			}
		}
		for _, k := range def.required {
			if _, ok := m[k]; !ok {
				bad(path, "%s lacks the required property %q", typ, k)
			}
		}
		if len(def.anyOf) > 0 && !slices.ContainsFunc(def.anyOf, func(k string) bool { _, ok := m[k]; return ok }) {
			bad(path, "%s needs one of %v", typ, def.anyOf)
		}
		return m
	}
	arr := func(v any, path string) []any {
		if v == nil {
			return nil
		}
		a, ok := v.([]any)
		if !ok {
			bad(path, "not an array")
		}
		return a
	}
	str := func(v any, path string) string {
		s, ok := v.(string)
		if !ok {
			bad(path, "not a string")
		}
		return s
	}
	integer := func(v any, path string, min int64) int64 {
		n, ok := v.(json.Number)
		i, err := n.Int64()
		if !ok || err != nil {
			bad(path, "not an integer")
			return 0
		}
		if i < min {
			bad(path, "%d is below the minimum %d", i, min)
		}
		return i
	}
	absURI := func(v any, path string) {
		u, err := url.Parse(str(v, path))
		if err != nil || !u.IsAbs() {
			bad(path, "%v is not an absolute URI", v)
		}
	}
	level := func(v any, path string) {
		if !slices.Contains(sarifLevels, str(v, path)) {
			bad(path, "level %v is not one of %v", v, sarifLevels)
		}
	}
	text := func(v any, path, typ string) {
		if m := obj(v, path, typ); m != nil {
			if t, ok := m["text"]; ok && str(t, path+".text") == "" {
				bad(path, "empty text")
			}
		}
	}
	propertyBag := func(v any, path string) {
		m, ok := v.(map[string]any)
		if !ok {
			bad(path, "the property bag is not an object")
			return
		}
		if tags, ok := m["tags"]; ok {
			seen := map[string]bool{}
			for i, tag := range arr(tags, path+".tags") {
				s := str(tag, fmt.Sprintf("%s.tags[%d]", path, i))
				if seen[s] {
					bad(path, "tag %q twice (tags are unique)", s)
				}
				seen[s] = true
			}
		}
		if s, ok := m["security-severity"]; ok {
			var f float64
			if _, err := fmt.Sscan(str(s, path+".security-severity"), &f); err != nil || f <= 0 || f > 10 {
				bad(path, "security-severity %v is not a score above 0.0 up to 10.0", s)
			}
			if tags, _ := m["tags"].([]any); !slices.Contains(tags, any("security")) {
				bad(path, "security-severity without the tag \"security\"")
			}
		}
	}
	location := func(v any, path string) {
		m := obj(v, path, "location")
		if m == nil {
			return
		}
		pl := obj(m["physicalLocation"], path+".physicalLocation", "physicalLocation")
		if pl == nil {
			return
		}
		if al := obj(pl["artifactLocation"], path+".physicalLocation.artifactLocation", "artifactLocation"); al != nil {
			p := path + ".physicalLocation.artifactLocation.uri"
			u, err := url.Parse(str(al["uri"], p))
			switch {
			case err != nil:
				bad(p, "%v is not a URI reference: %v", al["uri"], err)
			case strings.Contains(str(al["uri"], p), `\`):
				bad(p, "%v has a backslash", al["uri"])
			case u.IsAbs() && u.Scheme != "file":
				bad(p, "%v has the scheme %q", al["uri"], u.Scheme)
			case u.IsAbs() && al["uriBaseId"] != nil:
				bad(p, "an absolute URI with a uriBaseId")
			case !u.IsAbs() && al["uri"] != "-" && al["uriBaseId"] != "%SRCROOT%":
				bad(p, "a relative URI without the uriBaseId %%SRCROOT%%")
			case !u.IsAbs() && strings.HasPrefix(u.Path, "/"):
				bad(p, "%v is an absolute path, not a relative reference", al["uri"])
			}
			if d, ok := al["description"]; ok {
				text(d, path+".physicalLocation.artifactLocation.description", "message")
			}
		}
		if r, ok := pl["region"]; ok {
			rm := obj(r, path+".physicalLocation.region", "region")
			for _, k := range []string{"startLine", "startColumn", "endLine", "endColumn"} {
				if v, ok := rm[k]; ok {
					integer(v, path+".physicalLocation.region."+k, 1)
				}
			}
		}
	}

	log := obj(root, "$", "sarifLog")
	if log == nil {
		return problems
	}
	if log["version"] != "2.1.0" {
		bad("$.version", "%v is not 2.1.0", log["version"])
	}
	if s, ok := log["$schema"]; ok {
		absURI(s, "$.$schema")
	}
	runs := arr(log["runs"], "$.runs")
	if len(runs) != 1 {
		bad("$.runs", "%d runs, want 1", len(runs))
	}
	for i, r := range runs {
		rp := fmt.Sprintf("$.runs[%d]", i)
		run := obj(r, rp, "run")
		if run == nil {
			continue
		}
		if ck, ok := run["columnKind"]; ok && !slices.Contains([]string{"utf16CodeUnits", "unicodeCodePoints"}, str(ck, rp+".columnKind")) {
			bad(rp+".columnKind", "%v is not utf16CodeUnits or unicodeCodePoints", ck)
		}
		tool := obj(run["tool"], rp+".tool", "tool")
		driver := obj(tool["driver"], rp+".tool.driver", "toolComponent")
		if str(driver["name"], rp+".tool.driver.name") == "" {
			bad(rp+".tool.driver.name", "empty")
		}
		if u, ok := driver["informationUri"]; ok {
			absURI(u, rp+".tool.driver.informationUri")
		}
		var ruleIDs []string
		for j, rule := range arr(driver["rules"], rp+".tool.driver.rules") {
			p := fmt.Sprintf("%s.tool.driver.rules[%d]", rp, j)
			m := obj(rule, p, "reportingDescriptor")
			if m == nil {
				continue
			}
			id := str(m["id"], p+".id")
			if slices.Contains(ruleIDs, id) {
				bad(p, "rule id %q twice (rules are unique)", id)
			}
			ruleIDs = append(ruleIDs, id)
			for _, k := range []string{"shortDescription", "fullDescription", "help"} {
				if v, ok := m[k]; ok {
					text(v, p+"."+k, "multiformatMessageString")
				}
			}
			if u, ok := m["helpUri"]; ok {
				absURI(u, p+".helpUri")
			}
			if c, ok := m["defaultConfiguration"]; ok {
				if cm := obj(c, p+".defaultConfiguration", "reportingConfiguration"); cm != nil {
					if l, ok := cm["level"]; ok {
						level(l, p+".defaultConfiguration.level")
					}
				}
			}
			if pb, ok := m["properties"]; ok {
				propertyBag(pb, p+".properties")
			}
		}
		for j, inv := range arr(run["invocations"], rp+".invocations") {
			p := fmt.Sprintf("%s.invocations[%d]", rp, j)
			m := obj(inv, p, "invocation")
			if _, ok := m["executionSuccessful"].(bool); !ok {
				bad(p+".executionSuccessful", "not a boolean")
			}
			for k, n := range arr(m["toolExecutionNotifications"], p+".toolExecutionNotifications") {
				np := fmt.Sprintf("%s.toolExecutionNotifications[%d]", p, k)
				nm := obj(n, np, "notification")
				text(nm["message"], np+".message", "message")
				if l, ok := nm["level"]; ok {
					level(l, np+".level")
				}
				for x, l := range arr(nm["locations"], np+".locations") {
					location(l, fmt.Sprintf("%s.locations[%d]", np, x))
				}
			}
		}
		results, ok := run["results"]
		if !ok {
			bad(rp, "no results: a log of an actual scan has results, even empty")
		}
		for j, res := range arr(results, rp+".results") {
			p := fmt.Sprintf("%s.results[%d]", rp, j)
			m := obj(res, p, "result")
			if m == nil {
				continue
			}
			text(m["message"], p+".message", "message")
			if l, ok := m["level"]; ok {
				level(l, p+".level")
			}
			id, hasID := m["ruleId"]
			idx, hasIndex := m["ruleIndex"]
			if !hasID || !hasIndex {
				bad(p, "ruleId and ruleIndex are both expected")
			} else {
				i := integer(idx, p+".ruleIndex", 0)
				if i >= int64(len(ruleIDs)) || ruleIDs[i] != str(id, p+".ruleId") {
					bad(p, "ruleIndex %d does not name rule %v in tool.driver.rules", i, id)
				}
			}
			for x, l := range arr(m["locations"], p+".locations") {
				location(l, fmt.Sprintf("%s.locations[%d]", p, x))
			}
			if pb, ok := m["properties"]; ok {
				propertyBag(pb, p+".properties")
			}
		}
	}
	return problems
}

// TestValidateSARIFCatches checks that the validator finds what it is
// meant to find, so that a passing structure test means something.
func TestValidateSARIFCatches(t *testing.T) {
	valid := `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "A"}]}}, "results": [
		{"ruleId": "A", "ruleIndex": 0, "level": "warning", "message": {"text": "m"},
		 "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a/b.json", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 1, "startColumn": 1}}}]}]}]}`
	if p := validateSARIF([]byte(valid)); len(p) > 0 {
		t.Fatalf("a valid log: %v", p)
	}
	for name, tc := range map[string]struct{ old, new string }{
		"unknown property":   {`"level": "warning"`, `"severity": "warning"`},
		"bad level":          {`"level": "warning"`, `"level": "security-warning"`},
		"no message":         {`"message": {"text": "m"},`, ``},
		"empty message":      {`"text": "m"`, `"text": ""`},
		"wrong rule index":   {`"ruleIndex": 0`, `"ruleIndex": 1`},
		"other rule id":      {`"ruleId": "A"`, `"ruleId": "B"`},
		"line 0":             {`"startLine": 1`, `"startLine": 0`},
		"column 0":           {`"startColumn": 1`, `"startColumn": 0`},
		"backslash":          {`a/b.json`, `a\\b.json`},
		"absolute path":      {`a/b.json`, `/a/b.json`},
		"no driver name":     {`"name": "x", `, ``},
		"wrong version":      {`"2.1.0"`, `"2.0.0"`},
		"no base":            {`, "uriBaseId": "%SRCROOT%"`, ``},
		"unknown top-level":  {`"version": "2.1.0"`, `"version": "2.1.0", "sarif": true`},
		"no results":         {`, "results": [`, `, "resultz": [`},
		"http uri":           {`a/b.json", "uriBaseId": "%SRCROOT%"`, `http://x/a.json"`},
		"region without one": {`"startLine": 1, "startColumn": 1`, `"endColumn": 3`},
	} {
		bad := strings.Replace(valid, tc.old, tc.new, 1)
		if bad == valid {
			t.Fatalf("%s: the replacement does not apply", name)
		}
		if p := validateSARIF([]byte(bad)); len(p) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
}

func TestArtifactLocation(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		want sarifArtifactLocation
	}{
		{"fixtures/policies/x.json", sarifArtifactLocation{URI: "fixtures/policies/x.json", URIBaseID: "%SRCROOT%"}},
		{"./a//b/../c.json", sarifArtifactLocation{URI: "a/c.json", URIBaseID: "%SRCROOT%"}},
		{"docs/a policy#1.json", sarifArtifactLocation{URI: "docs/a%20policy%231.json", URIBaseID: "%SRCROOT%"}},
		{"c:odd.json", sarifArtifactLocation{URI: "./c:odd.json", URIBaseID: "%SRCROOT%"}},
		{filepath.Join(wd, "in", "wd.json"), sarifArtifactLocation{URI: "in/wd.json", URIBaseID: "%SRCROOT%"}},
		{"-", sarifArtifactLocation{URI: "-", Description: &sarifText{"standard input"}}},
	} {
		if diff := cmp.Diff(tc.want, artifactLocation(tc.file)); diff != "" {
			t.Errorf("artifactLocation(%q) (-want +got):\n%s", tc.file, diff)
		}
	}
	// Outside the working folder: an absolute file: URI.
	got := artifactLocation(filepath.Join(wd, "..", "elsewhere.json"))
	if !strings.HasPrefix(got.URI, "file:///") || got.URIBaseID != "" || !strings.HasSuffix(got.URI, "/elsewhere.json") {
		t.Errorf("outside the working folder: %+v", got)
	}
}

func TestUTF16Column(t *testing.T) {
	src := []byte("{\"Sid\": \"Büro😀\", \"x\": 1}\n")
	for _, tc := range []struct{ col, want int }{
		{1, 1},
		{11, 11}, // ü
		{13, 12}, // r, after ü (2 bytes, 1 code unit)
		{19, 16}, // the quote after 😀 (4 bytes, 2 code units)
	} {
		p := policy.Pos{Offset: tc.col - 1, Line: 1, Column: tc.col}
		if got := utf16Column(caret.NewLines(src), p); got != tc.want {
			t.Errorf("byte column %d: utf16 column %d, want %d", tc.col, got, tc.want)
		}
	}
	if got := utf16Column(caret.NewLines(nil), policy.Pos{Line: 2, Column: 7}); got != 7 {
		t.Errorf("without the source: %d, want the byte column 7", got)
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
