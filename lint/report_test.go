package lint_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/internal/sarifcheck"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/policy"
)

// smallReport is a report of one linted document with two findings and a
// path that could not be read.
func smallReport(t *testing.T) *lint.Report {
	t.Helper()
	src := []byte("{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\",\n  \"Action\": \"execute-api:Invoke\", \"Resource\": \"*\"}]}\n")
	fs := lint.Source(src, "p.json", policy.ResourceBased, lint.Config{})
	if len(fs) == 0 {
		t.Fatal("the document has no findings")
	}
	lint.Sort(fs)
	return &lint.Report{
		Files:    []string{"p.json"},
		Findings: fs,
		Sources:  map[string][]byte{"p.json": src},
		Problems: []lint.InputProblem{{File: "gone.json", Message: "gone.json: no such file or directory"}},
		FailOn:   lint.Error,
	}
}

func report(t *testing.T, r lint.Reporter, rep *lint.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Report(&b, rep); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestTextReporter(t *testing.T) {
	rep := smallReport(t)
	got := report(t, lint.TextReporter{}, rep)
	for _, f := range rep.Findings {
		if !strings.Contains(got, f.String()+"\n") {
			t.Errorf("%s is not in the report:\n%s", f, got)
		}
	}
	// Each finding with a position has its line and a caret under it.
	if n := strings.Count(got, "^\n"); n != len(rep.Findings) {
		t.Errorf("%d carets for %d findings:\n%s", n, len(rep.Findings), got)
	}
	if want := rep.Summary() + "\n"; !strings.HasSuffix(got, want) || !strings.Contains(want, "1 path could not be linted") {
		t.Errorf("the report ends %q, want %q", got[max(0, len(got)-80):], want)
	}
}

func TestTextReporterOmits(t *testing.T) {
	rule, _ := lint.RuleFor("IG100")
	rep := &lint.Report{}
	for i := range policy.MaxDetail + 2 {
		rep.Findings = append(rep.Findings, lint.Finding{Rule: rule, File: "big.json", Message: fmt.Sprint(i)})
	}
	got := report(t, lint.TextReporter{}, rep)
	want := fmt.Sprintf("big.json: and 2 more findings\n%d findings: %d errors\n", policy.MaxDetail+2, policy.MaxDetail+2)
	if !strings.HasSuffix(got, want) {
		t.Errorf("the report ends %q, want %q", got[max(0, len(got)-100):], want)
	}
}

func TestTextReporterIsTerminalSafe(t *testing.T) {
	rule, _ := lint.RuleFor("IG100")
	rep := &lint.Report{
		Findings: []lint.Finding{{Rule: rule, File: "x.json", Pos: policy.Pos{Line: 1, Column: 3}, Message: "bad \x1b[31m"}},
		Sources:  map[string][]byte{"x.json": []byte("\x1b[2J{}")},
	}
	got := report(t, lint.TextReporter{}, rep)
	if strings.Contains(got, "\x1b") {
		t.Errorf("an escape sequence reached the report: %q", got)
	}
	if !strings.Contains(got, "\t\uFFFD[2J{}\n\t  ^\n") {
		t.Errorf("the source line or caret moved: %q", got)
	}
}

func TestJSONReporter(t *testing.T) {
	rep := smallReport(t)
	var got struct {
		SchemaVersion int      `json:"schemaVersion"`
		FailOn        string   `json:"failOn"`
		Failed        bool     `json:"failed"`
		Files         []string `json:"files"`
		Errors        []struct {
			File    string `json:"file"`
			Message string `json:"message"`
		} `json:"errors"`
		Counts   map[string]int    `json:"counts"`
		Findings []json.RawMessage `json:"findings"`
		Rules    []struct {
			Code  string `json:"code"`
			Count int    `json:"count"`
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(report(t, lint.JSONReporter{}, rep)), &got); err != nil {
		t.Fatal(err)
	}
	if got.SchemaVersion != 1 || got.FailOn != "error" || got.Failed != rep.Failed() || len(got.Findings) != len(rep.Findings) {
		t.Errorf("report %+v", got)
	}
	if diff := cmp.Diff([]string{"p.json"}, got.Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if len(got.Errors) != 1 || got.Errors[0].File != "gone.json" {
		t.Errorf("errors %+v", got.Errors)
	}
	total := 0
	for _, r := range got.Rules {
		total += r.Count
	}
	if got.Counts["total"] != len(rep.Findings) || total != len(rep.Findings) {
		t.Errorf("counts %v, rules %+v, for %d findings", got.Counts, got.Rules, len(rep.Findings))
	}
}

func TestSARIFReporter(t *testing.T) {
	reports := map[string]*lint.Report{
		"small": smallReport(t),
		"empty": nil,
		// A finding without a position, file names that need escaping,
		// and a rule lint.Rules does not have.
		"synthetic": {Findings: []lint.Finding{
			{Rule: lint.Rules[0], Message: "no position", File: "docs/a policy.json"},
			{Rule: lint.Rules[0], Message: "colon", File: "c:odd/x.json", Pos: policy.Pos{Line: 1, Column: 1}},
			{Rule: lint.Rule{Code: "IG999", Name: "not-in-rules", Severity: lint.Warning, Summary: "Not in Rules."}, Message: "unknown", File: "x.json", Pos: policy.Pos{Line: 3, Column: 2}},
		}},
	}
	for name, rep := range reports {
		t.Run(name, func(t *testing.T) {
			out := report(t, lint.SARIFReporter{ToolVersion: "1.2.3"}, rep)
			for _, p := range sarifcheck.Validate([]byte(out)) {
				t.Error(p)
			}
			if !strings.Contains(out, `"version": "1.2.3"`) {
				t.Errorf("no tool version:\n%s", out)
			}
		})
	}
}

func TestNewReporter(t *testing.T) {
	for _, format := range lint.Formats {
		r, err := lint.NewReporter(format, lint.ReporterOptions{ToolVersion: "v"})
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		want := map[string]lint.Reporter{"text": lint.TextReporter{}, "json": lint.JSONReporter{}, "sarif": lint.SARIFReporter{ToolVersion: "v"}}[format]
		if r != want {
			t.Errorf("%s: %#v, want %#v", format, r, want)
		}
		if err := r.Report(nil, nil); err == nil {
			t.Errorf("%s: no error for a nil writer", format)
		}
	}
	if _, err := lint.NewReporter("xml", lint.ReporterOptions{}); err == nil {
		t.Error("xml: no error")
	}
}

func TestReportSummary(t *testing.T) {
	rule := func(code string) lint.Rule { r, _ := lint.RuleFor(code); return r }
	rep := &lint.Report{FailOn: lint.SecurityWarning}
	if got := rep.Summary(); got != "no findings" || rep.Failed() {
		t.Errorf("empty: %q, failed %v", got, rep.Failed())
	}
	rep.Findings = []lint.Finding{{Rule: rule("IG100")}, {Rule: rule("IG100")}}
	if got, want := rep.Summary(), "2 findings: 2 errors"; got != want || !rep.Failed() || rep.Count(lint.Error) != 2 {
		t.Errorf("%q, want %q; failed %v", got, want, rep.Failed())
	}
	rep.FailOn = 0
	if rep.Failed() {
		t.Error("FailOn 0 failed")
	}
}

// citingReport has findings whose messages cite keys, as lint's checks
// write them, and one that cites none.
func citingReport() *lint.Report {
	v, _ := lint.RuleFor("IG101")
	c, _ := lint.RuleFor("IG210")
	return &lint.Report{Files: []string{"a.json"}, Findings: []lint.Finding{
		{Rule: v, File: "a.json", Message: "variables are literal text (D18)"},
		{Rule: c, File: "a.json", Message: "or set the TTL to 0 (KC-CACHE)"},
		{Rule: c, File: "a.json", Message: "no citation"},
	}}
}

// Each reporter lets the user open what the findings cite: the text and
// JSON reports list the keys with their URLs, and a SARIF rule's helpUri
// is the page of the first key its Reference names.
func TestReportersShowReferences(t *testing.T) {
	rep := citingReport()
	text := report(t, lint.TextReporter{}, rep)
	want := "references:\n" +
		"  KC-CACHE  https://aws.amazon.com/premiumsupport/knowledge-center/api-gateway-lambda-authorization-errors/\n" +
		"  D18       https://github.com/iamgate/iamgate/blob/main/docs/fidelity.md#d18\n" +
		rep.Summary() + "\n"
	if !strings.HasSuffix(text, want) {
		t.Errorf("the text report ends %q, want %q", text[max(0, len(text)-300):], want)
	}
	if got := report(t, lint.TextReporter{}, &lint.Report{Findings: rep.Findings[2:]}); strings.Contains(got, "references:") {
		t.Errorf("a report citing nothing has references:\n%s", got)
	}

	type ref struct{ Key, URL string }
	var j struct {
		References []ref `json:"references"`
		Rules      []struct {
			Code       string `json:"code"`
			References []ref  `json:"references"`
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(report(t, lint.JSONReporter{}, rep)), &j); err != nil {
		t.Fatal(err)
	}
	if len(j.References) != 2 || j.References[0].Key != "KC-CACHE" || j.References[1].Key != "D18" || !strings.HasSuffix(j.References[1].URL, "fidelity.md#d18") {
		t.Errorf("JSON references %+v", j.References)
	}
	for _, r := range j.Rules {
		if len(r.References) == 0 {
			t.Errorf("rule %s has no references", r.Code)
		}
	}

	var s struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string                `json:"id"`
						HelpURI string                `json:"helpUri"`
						Help    struct{ Text string } `json:"help"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(report(t, lint.SARIFReporter{}, rep)), &s); err != nil {
		t.Fatal(err)
	}
	help := map[string]string{}
	for _, r := range s.Runs[0].Tool.Driver.Rules {
		help[r.ID] = r.HelpURI
		if !strings.Contains(r.Help.Text, " Sources: ") {
			t.Errorf("rule %s: help %q lists no sources", r.ID, r.Help.Text)
		}
	}
	// IG101's Reference is "D18; IAM-VERSION": the first key it names.
	if got, want := help["IG101"], "https://github.com/iamgate/iamgate/blob/main/docs/fidelity.md#d18"; got != want {
		t.Errorf("IG101 helpUri %q, want %q", got, want)
	}
	if got, want := help["IG210"], "https://aws.amazon.com/premiumsupport/knowledge-center/api-gateway-lambda-authorization-errors/"; got != want {
		t.Errorf("IG210 helpUri %q, want %q", got, want)
	}
}
