package suite_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/iamgate/iamgate/suite"
)

// cacheSuite is the intermittent 403 of AWS's article: three requests
// pass, the second step of the sequence fails.
const cacheSuite = `
name: orders
api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  jwt:
    type: TOKEN
    ttl: 300
    response: |
      {"principalId": "user-1", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "{{methodArn}}"}]}}
auth: jwt
routes:
  - GET /orders/{id}
defaults:
  token: eyJhbGciOiJSUzI1NiJ9.e30.c2ln
cases:
  - name: no token
    request: GET /prod/orders/1
    headers: {Authorization: ""}
    expect: 401
sequences:
  - name: cache
    steps:
      - {name: first, request: GET /prod/orders/1, expect: allow}
      - {name: second, at: +30s, request: GET /prod/orders/2, expect: allow}
`

// smallReport is the report of cacheSuite and of a suite file that does
// not load.
func smallReport(t *testing.T) *suite.Report {
	t.Helper()
	opts := suite.LoadOptions{Now: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	s, err := suite.Parse([]byte(cacheSuite), "orders.iamgate.yaml", opts)
	if err != nil {
		t.Fatal(err)
	}
	_, loadErr := suite.Parse([]byte("cases: 3\n"), "broken.iamgate.yaml", opts)
	if loadErr == nil {
		t.Fatal("the broken suite loads")
	}
	return &suite.Report{Files: []suite.FileReport{
		{File: "orders.iamgate.yaml", Suite: s, Results: s.Run(suite.RunOptions{}), Elapsed: 1500 * time.Millisecond},
		{File: "broken.iamgate.yaml", Err: loadErr},
	}}
}

func write(t *testing.T, r suite.Reporter, rep *suite.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Report(&b, rep); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestReportTotals(t *testing.T) {
	rep := smallReport(t)
	if got, want := rep.Totals(), (suite.Totals{Passed: 2, Failed: 1, LoadErrors: 1}); got != want {
		t.Errorf("totals %+v, want %+v", got, want)
	}
	if got, want := rep.Summary(), "2 passed, 1 failed"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if got := rep.Files[1].ErrorLine(); !strings.HasPrefix(got, "broken.iamgate.yaml:1:1: ") || strings.Contains(got, "\n") {
		t.Errorf("error line %q", got)
	}
	if got := rep.Files[0].ErrorLine(); got != "" {
		t.Errorf("a suite that loads has the error line %q", got)
	}
}

func TestTextReporter(t *testing.T) {
	rep := smallReport(t)
	got := write(t, suite.TextReporter{}, rep)
	for _, want := range []string{
		"orders.iamgate.yaml:25: cache/second: want allow, got 403 implicit-deny (authorizer) from the authorizer cache\n",
		"    request:    GET /prod/orders/2 (route GET /orders/{id}) at 2026-11-22T10:00:30Z (step 2 of sequence \"cache\", +30s)\n",
		"    403 Forbidden: ",
		"broken.iamgate.yaml: the suite does not load:\n",
		"FAIL  orders.iamgate.yaml: 2 passed, 1 failed\nERROR broken.iamgate.yaml: does not load\n2 passed, 1 failed\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "no token") {
		t.Errorf("a request that passed is listed without Verbose:\n%s", got)
	}
	verbose := write(t, suite.TextReporter{Verbose: true}, rep)
	if !strings.Contains(verbose, "=== orders.iamgate.yaml (orders)\n") || !strings.Contains(verbose, ": no token: ok, 401") {
		t.Errorf("verbose report:\n%s", verbose)
	}
}

func TestJSONReporter(t *testing.T) {
	rep := smallReport(t)
	var got struct {
		SchemaVersion                       int
		Passed, Failed, Skipped, LoadErrors int
		Suites                              []struct {
			File, Name string
			Errors     []struct{ Line, Column int }
			Results    []struct {
				FullName string
				Passed   bool
				Answer   *struct{ Status int }
			}
		}
	}
	if err := json.Unmarshal([]byte(write(t, suite.JSONReporter{}, rep)), &got); err != nil {
		t.Fatal(err)
	}
	if got.SchemaVersion != 1 || got.Passed != 2 || got.Failed != 1 || got.LoadErrors != 1 || len(got.Suites) != 2 {
		t.Fatalf("report %+v", got)
	}
	if s := got.Suites[1]; s.File != "broken.iamgate.yaml" || len(s.Errors) != 1 || s.Errors[0].Line != 1 {
		t.Errorf("load error %+v", s)
	}
	for _, r := range got.Suites[0].Results {
		// Only the failure has its answer (no Verbose).
		if (r.Answer != nil) == r.Passed || !r.Passed && r.Answer.Status != 403 {
			t.Errorf("%s: passed %v, answer %v", r.FullName, r.Passed, r.Answer)
		}
	}
	// The run explained only the failure: the requests that passed have
	// no answer to report, even with Verbose.
	if out := write(t, suite.JSONReporter{Verbose: true}, rep); strings.Count(out, `"answer": null`) != 2 {
		t.Errorf("with Verbose, not exactly the two requests that passed have a null answer:\n%s", out)
	}
}

func TestJUnitReporter(t *testing.T) {
	rep := smallReport(t)
	out := write(t, suite.JUnitReporter{}, rep)
	var got struct {
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Time     string `xml:"time,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
				Error *struct {
					Type string `xml:"type,attr"`
				} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, out)
	}
	if got.Tests != 4 || got.Failures != 1 || got.Errors != 1 || got.Time != "1.500" || len(got.Suites) != 2 {
		t.Fatalf("testsuites %+v", got)
	}
	failures := 0
	for _, c := range got.Suites[0].Cases {
		if c.Failure != nil {
			failures++
			if !strings.Contains(c.Failure.Text, "403 Forbidden: ") {
				t.Errorf("%s: the failure has no answer:\n%s", c.Name, c.Failure.Text)
			}
		}
	}
	if failures != 1 || got.Suites[1].Cases[0].Error == nil || got.Suites[1].Cases[0].Error.Type != "load" {
		t.Errorf("failures %d, load case %+v", failures, got.Suites[1].Cases)
	}
}

func TestTAPReporter(t *testing.T) {
	rep := smallReport(t)
	out := write(t, suite.TAPReporter{}, rep)
	plan := regexp.MustCompile(`(?m)^1\.\.(\d+)$`).FindStringSubmatch(out)
	tests := regexp.MustCompile(`(?m)^(not )?ok \d+ - `).FindAllString(out, -1)
	if plan == nil || plan[1] != fmt.Sprint(len(tests)) || len(tests) != 4 {
		t.Fatalf("plan %v for %d test lines:\n%s", plan, len(tests), out)
	}
	if n := strings.Count(out, "\nnot ok "); n != 2 {
		t.Errorf("%d failures, want 2 (the request and the load error):\n%s", n, out)
	}
	if !strings.HasPrefix(out, "TAP version 13\n") || !strings.HasSuffix(out, "# 2 passed, 1 failed\n") || !strings.Contains(out, "\n    403 Forbidden: ") {
		t.Errorf("report:\n%s", out)
	}
}

func TestTAPEscapesDescriptions(t *testing.T) {
	rep := &suite.Report{Files: []suite.FileReport{{File: "a # b\nc.iamgate.yaml", Err: errors.New("suite: bad")}}}
	out := write(t, suite.TAPReporter{}, rep)
	if !strings.Contains(out, "not ok 1 - a \\# b c.iamgate.yaml # the suite does not load\n") {
		t.Errorf("report:\n%s", out)
	}
}

func TestNewReporter(t *testing.T) {
	o := suite.ReporterOptions{Verbose: true}
	want := map[string]suite.Reporter{
		"text":  suite.TextReporter{Verbose: true},
		"json":  suite.JSONReporter{Verbose: true},
		"junit": suite.JUnitReporter{},
		"tap":   suite.TAPReporter{Verbose: true},
	}
	for _, format := range suite.Formats {
		r, err := suite.NewReporter(format, o)
		if err != nil || r != want[format] {
			t.Errorf("%s: %#v, %v", format, r, err)
		}
		if err := r.Report(nil, nil); err == nil {
			t.Errorf("%s: no error for a nil writer", format)
		}
		if out := write(t, r, nil); !strings.Contains(out, "0") {
			t.Errorf("%s: the empty report %q", format, out)
		}
	}
	if _, err := suite.NewReporter("html", o); err == nil {
		t.Error("html: no error")
	}
}

func TestInvocationJSON(t *testing.T) {
	inv := &suite.Invocation{Command: "node a.js", Event: []byte(`{"type": "TOKEN"}`), Stdout: "<&>", Duration: 1500 * time.Millisecond, ExitCode: 1}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(struct{ Inv, None *suite.Invocation }{inv, nil}); err != nil {
		t.Fatal(err)
	}
	want := `{"Inv":{"command":"node a.js","dir":"","event":{"type":"TOKEN"},"exitCode":1,"timedOut":false,"durationMs":1500,"outcome":"","stdout":"<&>","stderr":""},"None":null}` + "\n"
	if b.String() != want {
		t.Errorf("got  %s\nwant %s", b.String(), want)
	}
	inv.Event = []byte("not json")
	if data, _ := json.Marshal(inv); !strings.Contains(string(data), `"event":null`) {
		t.Errorf("an event that is not JSON: %s", data)
	}
}

func TestInvocationOutput(t *testing.T) {
	inv := &suite.Invocation{Stdout: "oops\n", Stderr: strings.Repeat("x", 5000) + "\x1b[31m"}
	got := inv.Output()
	if !strings.HasPrefix(got, "stdout:\n  oops\nstderr:\n  [...]x") || strings.Contains(got, "\x1b") || !strings.HasSuffix(got, `\u001b[31m`+"\n") {
		t.Errorf("output %q", got)
	}
	inv.Response = true
	if got := inv.Output(); strings.Contains(got, "oops") {
		t.Errorf("the standard output of a usable response is shown: %q", got)
	}
	if got := (*suite.Invocation)(nil).Output(); got != "" {
		t.Errorf("nil: %q", got)
	}
}
