package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/sarifcheck"
	"github.com/iamgate/iamgate/policy"
)

// unknownKeysPolicy writes a policy whose one statement has n unknown
// elements, one a line, and returns its path.
func unknownKeysPolicy(tb testing.TB, n int, oneLine bool) string {
	tb.Helper()
	var b strings.Builder
	b.WriteString(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"`)
	sep := ",\n  "
	if oneLine {
		sep = ","
	}
	for i := range n {
		fmt.Fprintf(&b, `%s"k%d": 1`, sep, i)
	}
	b.WriteString("}]}\n")
	path := filepath.Join(tb.TempDir(), "p.json")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// Every report lists the first policy.MaxDetail problems of a file and
// counts the others: in text with a line "and N more ...", in JSON with a
// count of those left out.
func TestErrorListsAreCapped(t *testing.T) {
	const n = 250
	omitted := n - policy.MaxDetail
	path := unknownKeysPolicy(t, n, false)

	t.Run("validate text", func(t *testing.T) {
		code, out, _ := run(t, "", "validate", path)
		if code != ExitFailed {
			t.Fatalf("exit %d", code)
		}
		if !strings.Contains(out, fmt.Sprintf("invalid identity policy, %d errors:\n", n)) {
			t.Errorf("the heading does not count every error:\n%.300s", out)
		}
		if got := strings.Count(out, path+":"); got != policy.MaxDetail+1 {
			t.Errorf("%d problems shown, want %d", got-1, policy.MaxDetail)
		}
		if !strings.HasSuffix(out, fmt.Sprintf("\n  and %d more errors\n", omitted)) {
			t.Errorf("no count of the others; ends %q", out[max(0, len(out)-200):])
		}
	})
	t.Run("validate json", func(t *testing.T) {
		code, out, _ := run(t, "", "validate", "--format", "json", path)
		if code != ExitFailed {
			t.Fatalf("exit %d", code)
		}
		var got struct {
			Files []struct {
				Errors        []validateError
				ErrorsOmitted *int `json:"errorsOmitted"`
			}
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if f := got.Files[0]; len(f.Errors) != policy.MaxDetail || f.ErrorsOmitted == nil || *f.ErrorsOmitted != omitted {
			t.Errorf("%d errors listed, %v omitted; want %d and %d", len(f.Errors), f.ErrorsOmitted, policy.MaxDetail, omitted)
		}
		if strings.Contains(out, "^") {
			t.Error("the JSON report holds a caret")
		}
		_, out, _ = run(t, "", "validate", "--format", "json", unknownKeysPolicy(t, policy.MaxDetail, false))
		if strings.Contains(out, "errorsOmitted") {
			t.Errorf("errorsOmitted with none left out:\n%.300s", out)
		}
	})

	t.Run("lint text", func(t *testing.T) {
		code, out, _ := run(t, "", "lint", path)
		if code != ExitFailed {
			t.Fatalf("exit %d", code)
		}
		if got := strings.Count(out, "IG100"); got != policy.MaxDetail {
			t.Errorf("%d findings shown, want %d", got, policy.MaxDetail)
		}
		if want := fmt.Sprintf("%s: and %d more findings\n%d findings: %d errors\n", path, omitted, n, n); !strings.HasSuffix(out, want) {
			t.Errorf("report ends %q, want %q", out[max(0, len(out)-300):], want)
		}
	})
	t.Run("lint json", func(t *testing.T) {
		_, out, _ := run(t, "", "lint", "--format", "json", path)
		var got lintJSON
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Findings) != policy.MaxDetail || got.FindingsOmitted != omitted || got.Counts.Total != n || got.Rules[0].Count != n {
			t.Errorf("%d findings listed, %d omitted, counts %+v, rules %+v", len(got.Findings), got.FindingsOmitted, got.Counts, got.Rules)
		}
	})
	t.Run("lint sarif", func(t *testing.T) {
		_, out, _ := run(t, "", "lint", "--format", "sarif", path)
		for _, p := range sarifcheck.Validate([]byte(out)) {
			t.Error(p)
		}
		var got sarifLog
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		r := got.Runs[0]
		if len(r.Results) != policy.MaxDetail {
			t.Errorf("%d results, want %d", len(r.Results), policy.MaxDetail)
		}
		notes := r.Invocations[0].ToolExecutionNotifications
		if !r.Invocations[0].ExecutionSuccessful || len(notes) != 1 || notes[0].Level != "note" ||
			!strings.Contains(notes[0].Message.Text, fmt.Sprintf("%d more findings not listed", omitted)) {
			t.Errorf("invocation %+v", r.Invocations[0])
		}
	})

	t.Run("eval json", func(t *testing.T) {
		const api = "arn:aws:execute-api:us-east-1:123456789012:abc123defg"
		code, out, _ := run(t, "", "eval", "--format", "json", "--api", api, "--request", "GET /prod/x", "--resource-policy", path)
		if code != ExitUsage {
			t.Fatalf("exit %d", code)
		}
		var got struct {
			Error struct {
				Problems        []problemJSON
				ProblemsOmitted int `json:"problemsOmitted"`
			}
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		// The statement has no Principal either: one more problem.
		if len(got.Error.Problems) != policy.MaxDetail || got.Error.ProblemsOmitted != omitted+1 {
			t.Errorf("%d problems listed, %d omitted; want %d and %d+1", len(got.Error.Problems), got.Error.ProblemsOmitted, policy.MaxDetail, omitted)
		}

		var b strings.Builder
		b.WriteString(`{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"`)
		for i := range n {
			fmt.Fprintf(&b, `, "k%d": 1`, i)
		}
		b.WriteString("}]}}")
		resp := filepath.Join(t.TempDir(), "out.json")
		if err := os.WriteFile(resp, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, _ = run(t, "", "eval", "--format", "json", "--api", api, "--request", "GET /prod/x", "--authorizer-response", resp)
		if code != ExitOK {
			t.Fatalf("exit %d:\n%.500s", code, out)
		}
		var ans apigw.AnswerJSON
		if err := json.Unmarshal([]byte(out), &ans); err != nil {
			t.Fatal(err)
		}
		if ans.Status != 500 || len(ans.AuthorizerProblems) != policy.MaxDetail || ans.AuthorizerProblemsOmitted != omitted {
			t.Errorf("status %d, %d problems listed, %d omitted; want 500, %d and %d", ans.Status, len(ans.AuthorizerProblems), ans.AuthorizerProblemsOmitted, policy.MaxDetail, omitted)
		}
	})

	suitePath := filepath.Join(t.TempDir(), "s.iamgate.yaml")
	var b strings.Builder
	b.WriteString("api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\n")
	for i := range n {
		fmt.Fprintf(&b, "k%d: 1\n", i)
	}
	if err := os.WriteFile(suitePath, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("test text", func(t *testing.T) {
		code, out, _ := run(t, "", "test", suitePath)
		if code != ExitUsage {
			t.Fatalf("exit %d", code)
		}
		if got := strings.Count(out, "^\n"); got != policy.MaxDetail {
			t.Errorf("%d carets, want %d", got, policy.MaxDetail)
		}
		if !strings.Contains(out, fmt.Sprintf("\n    and %d more errors\n", omitted)) {
			t.Errorf("no count of the others:\n%s", out[max(0, len(out)-300):])
		}
	})
	t.Run("test json", func(t *testing.T) {
		_, out, _ := run(t, "", "test", "--format", "json", suitePath)
		var got testJSON
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if s := got.Suites[0]; len(s.Errors) != policy.MaxDetail || s.ErrorsOmitted != omitted {
			t.Errorf("%d errors listed, %d omitted; want %d and %d", len(s.Errors), s.ErrorsOmitted, policy.MaxDetail, omitted)
		}
	})
}

// benchValidate runs "iamgate validate" on a policy with 100,000 unknown
// elements on its one line (1 MB): it took 69 s and printed 28 MB, each
// problem rescanning the file for its line.
func benchValidate(b *testing.B, format string) {
	path := unknownKeysPolicy(b, 100_000, true)
	for b.Loop() {
		var out strings.Builder
		if code := Run(context.Background(), []string{"validate", "--max-document-size", "4MiB", "--format", format, path}, strings.NewReader(""), &out, io.Discard); code != ExitFailed {
			b.Fatalf("exit %d", code)
		}
		b.ReportMetric(float64(out.Len()), "out-bytes")
	}
}

func BenchmarkValidate100kErrorsText(b *testing.B) { benchValidate(b, "text") }
func BenchmarkValidate100kErrorsJSON(b *testing.B) { benchValidate(b, "json") }

// BenchmarkLint100kErrorsSARIF is lint's SARIF report of the same policy.
func BenchmarkLint100kErrorsSARIF(b *testing.B) {
	path := unknownKeysPolicy(b, 100_000, true)
	for b.Loop() {
		var out strings.Builder
		if code := Run(context.Background(), []string{"lint", "--max-document-size", "4MiB", "--format", "sarif", path}, strings.NewReader(""), &out, io.Discard); code != ExitFailed {
			b.Fatalf("exit %d", code)
		}
		b.ReportMetric(float64(out.Len()), "out-bytes")
	}
}
