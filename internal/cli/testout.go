package cli

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
)

// caseName is a result's name within its suite: CASE, or SEQUENCE/STEP.
func caseName(r suite.Result) string {
	if r.Sequence != nil {
		return r.Sequence.Name + "/" + r.Case.Name
	}
	return r.Case.Name
}

// location is FILE:LINE of a result.
func location(run suiteRun, r suite.Result) string {
	return fmt.Sprintf("%s:%d", run.file, r.Case.Line)
}

// authorizerNote says what the authorizer and its cache did for a
// request, or "" when the request did not reach the authorizer.
func authorizerNote(r suite.Result) string { return clean(authorizerNoteText(r)) }

func authorizerNoteText(r suite.Result) string {
	stamp := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	switch {
	case r.Cached != nil:
		return fmt.Sprintf("cached result: stored by %s at %s for methodArn %s, expires %s; the authorizer did not run",
			r.Cached.Source, stamp(r.Cached.Stored), r.Cached.MethodARN, stamp(r.Cached.Expires))
	case !r.Invoked:
		return ""
	}
	ran := fmt.Sprintf("invoked (its answer: %s)", r.From)
	if inv := r.Invocation; inv != nil {
		ran = fmt.Sprintf("ran %s: %s, in %s", inv.Command, inv.Outcome, inv.Duration.Round(time.Millisecond))
	}
	if r.Stored != nil {
		return fmt.Sprintf("%s; result cached until %s", ran, stamp(r.Stored.Expires))
	}
	why := "caching is off (TTL 0)"
	if _, on := r.Case.Gateway().CacheKey(r.Case.Call()); on {
		why = "errors and invalid output are never cached (decision D16)"
	}
	return fmt.Sprintf("%s; result not cached: %s", ran, why)
}

// invocationText shows what a command authorizer wrote: its standard
// output when the answer was not a usable response, and its standard
// error, if any.
func invocationText(r suite.Result) string {
	if inv := r.Invocation; inv != nil {
		return runOutput(inv.Response, inv.Stdout, inv.Stderr)
	}
	return ""
}

// runOutput shows what an authorizer program wrote: its standard output
// when the answer was not a usable response, and its standard error, if
// any, each cut to its last 4 KiB.
func runOutput(response bool, stdout, stderr string) string {
	var b strings.Builder
	if !response && strings.TrimSpace(stdout) != "" {
		b.WriteString("stdout:\n")
		b.WriteString(indentBy(strings.TrimRight(cutText(stdout, 4096), "\n")+"\n", "  "))
	}
	if strings.TrimSpace(stderr) != "" {
		b.WriteString("stderr:\n")
		b.WriteString(indentBy(strings.TrimRight(cutText(stderr, 4096), "\n")+"\n", "  "))
	}
	return clean(b.String())
}

// cutText keeps the last n bytes of s, where errors and stack traces end.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "[...]" + s[len(s)-n:]
}

// explanation is the full answer for people, as "iamgate eval" writes it,
// with the request and what the authorizer cache did.
func explanation(run suiteRun, r suite.Result) string {
	var b strings.Builder
	c := r.Case
	fmt.Fprintf(&b, "request:    %s", c.Request)
	if c.Route != "" {
		fmt.Fprintf(&b, " (route %s)", c.Route)
	}
	fmt.Fprintf(&b, " at %s", c.Time.UTC().Format(time.RFC3339))
	if r.Sequence != nil {
		fmt.Fprintf(&b, " (step %d of sequence %q, +%s)", r.Step, r.Sequence.Name, r.Offset())
	}
	b.WriteByte('\n')
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "before:     %s\n", n)
	}
	if n := authorizerNote(r); n != "" {
		fmt.Fprintf(&b, "authorizer: %s\n", n)
	}
	if r.Problem != "" {
		fmt.Fprintf(&b, "problem:    %s\n", r.Problem)
	}
	if t := invocationText(r); t != "" {
		b.WriteString(indentBy(t, "  "))
	}
	if r.Answer.Status == 0 {
		// Not run (--no-skip): there is no answer to explain.
		return clean(b.String())
	}
	b.WriteByte('\n')
	r.Answer.WriteText(&b, apigw.RenderOptions{Source: run.suite.Source})
	return clean(b.String())
}

func indentBy(s, prefix string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if strings.TrimSpace(l) != "" {
			b.WriteString(prefix)
			b.WriteString(l)
		} else if l != "" {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// writeTestText writes the report for people: failures with their
// explanation (every request with -v), a line per suite, the totals.
func writeTestText(w io.Writer, rep *testReport, verbose bool) {
	var b strings.Builder
	for _, run := range rep.runs {
		if run.err != nil {
			fmt.Fprintf(&b, "%s: the suite does not load:\n", run.file)
			if se, ok := suite.AsError(run.err); ok {
				b.WriteString(indentBy(clean(se.Detail()), "    "))
			} else {
				fmt.Fprintf(&b, "    %s\n", strings.TrimPrefix(run.err.Error(), "suite: "))
			}
			b.WriteByte('\n')
			continue
		}
		if verbose && len(run.results) > 0 {
			fmt.Fprintf(&b, "=== %s (%s)\n", run.file, run.suite.Name)
		}
		for _, r := range run.results {
			if verbose {
				for _, n := range r.Notes {
					fmt.Fprintf(&b, "%s:%s (sequence %q)\n", run.file, strings.TrimPrefix(n, "line "), r.Sequence.Name)
				}
			}
			switch {
			case r.Skipped:
				if verbose {
					fmt.Fprintf(&b, "%s: %s: skipped: %s\n", location(run, r), clean(caseName(r)), clean(r.SkipReason))
				}
			case !r.Passed:
				fmt.Fprintf(&b, "%s: %s: want %s, got %s\n", location(run, r), clean(caseName(r)), clean(r.Case.Expect.String()), clean(r.Got))
				b.WriteString(indentBy(explanation(run, r), "    "))
				b.WriteByte('\n')
			case verbose:
				fmt.Fprintf(&b, "%s: %s: ok, %s\n", location(run, r), clean(caseName(r)), clean(r.Got))
				if n := authorizerNote(r); n != "" {
					fmt.Fprintf(&b, "    authorizer: %s\n", n)
				}
				if t := invocationText(r); t != "" {
					b.WriteString(indentBy(t, "      "))
				}
			}
		}
	}
	for _, run := range rep.runs {
		switch {
		case run.err != nil:
			fmt.Fprintf(&b, "ERROR %s: does not load\n", run.file)
		case run.interrupted:
			fmt.Fprintf(&b, "stop  %s: interrupted after %d passed, %d failed\n", run.file, run.passed, run.failed)
		case run.failed > 0:
			fmt.Fprintf(&b, "FAIL  %s: %d passed, %d failed%s\n", run.file, run.passed, run.failed, skippedText(run.skipped))
		case run.passed == 0 && run.skipped > 0:
			fmt.Fprintf(&b, "skip  %s: %d skipped\n", run.file, run.skipped)
		case run.passed == 0:
			fmt.Fprintf(&b, "none  %s: no case matches --run\n", run.file)
		default:
			fmt.Fprintf(&b, "ok    %s: %d passed%s\n", run.file, run.passed, skippedText(run.skipped))
		}
		for _, reason := range run.skipReasons() {
			fmt.Fprintf(&b, "      skipped: %s\n", clean(reason))
		}
	}
	b.WriteString(rep.summary())
	b.WriteByte('\n')
	io.WriteString(w, b.String())
}

// testJSON is the JSON report of "iamgate test --format json"
// (schemaVersion 1). Fields may be added; none is removed or changes
// meaning without a new schemaVersion.
type testJSON struct {
	SchemaVersion int             `json:"schemaVersion"`
	Passed        int             `json:"passed"`
	Failed        int             `json:"failed"`
	Skipped       int             `json:"skipped"`
	LoadErrors    int             `json:"loadErrors"`
	Suites        []testSuiteJSON `json:"suites"`
}

type testSuiteJSON struct {
	File    string           `json:"file"`
	Name    string           `json:"name"`
	API     string           `json:"api"`
	Passed  int              `json:"passed"`
	Failed  int              `json:"failed"`
	Skipped int              `json:"skipped"`
	Errors  []problemJSON    `json:"errors"`
	Results []testResultJSON `json:"results"`
	// ErrorsOmitted counts the load errors past the first 100, which
	// are not listed.
	ErrorsOmitted int `json:"errorsOmitted,omitempty"`
}

type problemJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Path    string `json:"path"`
	Message string `json:"message"`
}

type testResultJSON struct {
	Name       string            `json:"name"`
	FullName   string            `json:"fullName"`
	Sequence   *string           `json:"sequence"`
	Step       int               `json:"step"`
	File       string            `json:"file"`
	Line       int               `json:"line"`
	Request    string            `json:"request"`
	Route      *string           `json:"route"`
	Time       string            `json:"time"`
	Passed     bool              `json:"passed"`
	Skipped    *string           `json:"skipped"`
	Problem    *string           `json:"problem"`
	Want       string            `json:"want"`
	Got        string            `json:"got"`
	Authorizer *authorizerJSON   `json:"authorizer"`
	Notes      []string          `json:"notes"`
	Outcome    *outcomeJSON      `json:"outcome"`
	Answer     *apigw.AnswerJSON `json:"answer"`
}

// outcomeJSON is the answer in a few fields, for every request that was
// answered (not for one skipped or not run).
type outcomeJSON struct {
	Status          int     `json:"status"`
	Decision        *string `json:"decision"`
	DecidedBy       string  `json:"decidedBy"`
	GatewayResponse *string `json:"gatewayResponse"`
	FromCache       bool    `json:"fromCache"`
}

type authorizerJSON struct {
	Invoked    bool            `json:"invoked"`
	From       *string         `json:"from"`
	Cached     *cacheJSON      `json:"cached"`
	Stored     *cacheJSON      `json:"stored"`
	Note       string          `json:"note"`
	Invocation *invocationJSON `json:"invocation"`
}

// invocationJSON is one run of a command authorizer.
type invocationJSON struct {
	Command    string          `json:"command"`
	Dir        string          `json:"dir"`
	Event      json.RawMessage `json:"event"`
	ExitCode   int             `json:"exitCode"`
	TimedOut   bool            `json:"timedOut"`
	DurationMs int64           `json:"durationMs"`
	Outcome    string          `json:"outcome"`
	Stdout     string          `json:"stdout"`
	Stderr     string          `json:"stderr"`
}

func invocationToJSON(inv *suite.Invocation) *invocationJSON {
	if inv == nil {
		return nil
	}
	ev := json.RawMessage(inv.Event)
	if !json.Valid(ev) {
		ev = json.RawMessage("null")
	}
	return &invocationJSON{Command: inv.Command, Dir: inv.Dir, Event: ev, ExitCode: inv.ExitCode, TimedOut: inv.TimedOut,
		DurationMs: inv.Duration.Milliseconds(), Outcome: inv.Outcome, Stdout: inv.Stdout, Stderr: inv.Stderr}
}

type cacheJSON struct {
	StoredBy  string `json:"storedBy"`
	MethodARN string `json:"methodArn"`
	Identity  string `json:"identity"`
	Stored    string `json:"stored"`
	Expires   string `json:"expires"`
}

func cacheToJSON(e *apigw.CachedResult) *cacheJSON {
	if e == nil {
		return nil
	}
	return &cacheJSON{StoredBy: e.Source, MethodARN: e.MethodARN.String(), Identity: e.Identity,
		Stored: e.Stored.UTC().Format(time.RFC3339), Expires: e.Expires.UTC().Format(time.RFC3339)}
}

func problemsToJSON(err error) (out []problemJSON, omitted int) {
	out = []problemJSON{}
	list := policy.AsList(err)
	if len(list) == 0 {
		return append(out, problemJSON{Message: strings.TrimPrefix(err.Error(), "suite: ")}), 0
	}
	for _, p := range list[:min(len(list), policy.MaxDetail)] {
		out = append(out, problemJSON{p.File, p.Pos.Line, p.Pos.Column, p.Path, p.Msg})
	}
	return out, len(list) - len(out)
}

func writeTestJSON(w io.Writer, rep *testReport, verbose bool) error {
	out := testJSON{SchemaVersion: 1, Passed: rep.passed, Failed: rep.failed, Skipped: rep.skipped, LoadErrors: rep.loadErrors, Suites: []testSuiteJSON{}}
	for _, run := range rep.runs {
		sj := testSuiteJSON{File: run.file, Passed: run.passed, Failed: run.failed, Skipped: run.skipped, Errors: []problemJSON{}, Results: []testResultJSON{}}
		if run.err != nil {
			sj.Errors, sj.ErrorsOmitted = problemsToJSON(run.err)
			out.Suites = append(out.Suites, sj)
			continue
		}
		sj.Name, sj.API = run.suite.Name, run.suite.API.String()
		for _, r := range run.results {
			c := r.Case
			rj := testResultJSON{
				Name: c.Name, FullName: r.Name, Step: r.Step, File: run.file, Line: c.Line,
				Request: c.Request, Time: c.Time.UTC().Format(time.RFC3339),
				Passed: r.Passed, Want: c.Expect.String(), Got: r.Got, Notes: r.Notes,
			}
			if rj.Notes == nil {
				rj.Notes = []string{}
			}
			if r.Skipped {
				rj.Skipped = &r.SkipReason
			}
			if r.Problem != "" {
				rj.Problem = &r.Problem
			}
			if r.Sequence != nil {
				rj.Sequence = &r.Sequence.Name
			}
			if c.Route != "" {
				rj.Route = &c.Route
			}
			if r.Invoked || r.Cached != nil {
				a := &authorizerJSON{Invoked: r.Invoked, Cached: cacheToJSON(r.Cached), Stored: cacheToJSON(r.Stored), Note: authorizerNote(r), Invocation: invocationToJSON(r.Invocation)}
				if r.Invoked {
					a.From = &r.From
				}
				rj.Authorizer = a
			}
			if o := r.Outcome; o.Status != 0 {
				rj.Outcome = &outcomeJSON{Status: o.Status, DecidedBy: o.DecidedBy.String(), FromCache: o.FromCache}
				if o.Decided {
					d := o.Decision.String()
					rj.Outcome.Decision = &d
				}
				if g := o.Response.String(); g != "" {
					rj.Outcome.GatewayResponse = &g
				}
			}
			if !r.Skipped && r.Answer.Status != 0 && (!r.Passed || verbose) {
				a := r.Answer.JSON()
				rj.Answer = &a
			}
			sj.Results = append(sj.Results, rj)
		}
		out.Suites = append(out.Suites, sj)
	}
	return writeJSON(w, out)
}

// JUnit XML, in the form CI dashboards read (Jenkins, GitLab, GitHub
// actions that publish test reports): testsuites > testsuite > testcase,
// with failure for an unmet expectation and error for a suite that does
// not load.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	File     string      `xml:"file,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
	SystemErr string        `xml:"system-err,omitempty"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

func writeTestJUnit(w io.Writer, rep *testReport) error {
	out := junitSuites{Name: "iamgate", Failures: rep.failed, Errors: rep.loadErrors, Skipped: rep.skipped, Time: seconds(rep.elapsed)}
	for _, run := range rep.runs {
		js := junitSuite{File: run.file, Time: seconds(run.elapsed), Name: run.file}
		if run.err != nil {
			detail := firstLine(run.err)
			if se, ok := suite.AsError(run.err); ok {
				detail = clean(se.Detail())
			}
			js.Tests, js.Errors = 1, 1
			js.Cases = []junitCase{{Name: "load", ClassName: run.file, File: run.file,
				Error: &junitProblem{Message: firstLine(run.err), Type: "load", Text: detail}}}
			out.Tests++
			out.Suites = append(out.Suites, js)
			continue
		}
		js.Name = run.suite.Name
		js.Tests, js.Failures, js.Skipped = len(run.results), run.failed, run.skipped
		out.Tests += len(run.results)
		for _, r := range run.results {
			jc := junitCase{Name: clean(caseName(r)), ClassName: clean(run.suite.Name), File: run.file, Line: r.Case.Line}
			switch {
			case r.Skipped:
				jc.Skipped = &junitSkipped{Message: clean(r.SkipReason)}
			case !r.Passed:
				msg := clean(fmt.Sprintf("%s: want %s, got %s", location(run, r), r.Case.Expect, r.Got))
				jc.Failure = &junitProblem{Message: msg, Type: "expectation", Text: msg + "\n\n" + explanation(run, r)}
			default:
				if n := authorizerNote(r); n != "" {
					jc.SystemOut = clean("authorizer: " + n)
				}
			}
			if r.Invocation != nil && r.Invocation.Stderr != "" {
				jc.SystemErr = clean(r.Invocation.Stderr)
			}
			js.Cases = append(js.Cases, jc)
		}
		out.Suites = append(out.Suites, js)
	}
	io.WriteString(w, xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// writeTestTAP writes TAP version 13: a test line per request (and per
// suite that does not load), with a YAML block for failures.
func writeTestTAP(w io.Writer, rep *testReport, verbose bool) {
	var b strings.Builder
	n := rep.passed + rep.failed + rep.skipped + rep.loadErrors
	fmt.Fprintf(&b, "TAP version 13\n1..%d\n", n)
	i := 0
	yamlBlock := func(fields [][2]string) {
		b.WriteString("  ---\n")
		for _, f := range fields {
			if strings.Contains(f[1], "\n") {
				fmt.Fprintf(&b, "  %s: |\n%s", f[0], indentBy(strings.TrimRight(f[1], "\n")+"\n", "    "))
				continue
			}
			q, _ := json.Marshal(f[1])
			fmt.Fprintf(&b, "  %s: %s\n", f[0], q)
		}
		b.WriteString("  ...\n")
	}
	for _, run := range rep.runs {
		if run.err != nil {
			i++
			fmt.Fprintf(&b, "not ok %d - %s # the suite does not load\n", i, tapEscape(run.file))
			detail := firstLine(run.err)
			if se, ok := suite.AsError(run.err); ok {
				detail = clean(se.Detail())
			}
			yamlBlock([][2]string{{"message", firstLine(run.err)}, {"severity", "fail"}, {"detail", detail}})
			continue
		}
		for _, r := range run.results {
			i++
			if r.Skipped {
				fmt.Fprintf(&b, "ok %d - %s # SKIP %s\n", i, tapEscape(r.Name), tapEscape(r.SkipReason))
				continue
			}
			if r.Passed {
				fmt.Fprintf(&b, "ok %d - %s\n", i, tapEscape(r.Name))
				if verbose {
					if n := authorizerNote(r); n != "" {
						fmt.Fprintf(&b, "# authorizer: %s\n", n)
					}
				}
				continue
			}
			fmt.Fprintf(&b, "not ok %d - %s\n", i, tapEscape(r.Name))
			yamlBlock([][2]string{
				{"message", clean(fmt.Sprintf("want %s, got %s", r.Case.Expect, r.Got))},
				{"severity", "fail"},
				{"at", location(run, r)},
				{"explanation", explanation(run, r)},
			})
		}
	}
	fmt.Fprintf(&b, "# %s\n", rep.summary())
	io.WriteString(w, b.String())
}

// tapEscape keeps a description on its line and away from directives.
func tapEscape(s string) string {
	s = clean(s)
	s = strings.NewReplacer("\n", " ", "\r", " ", "#", `\#`).Replace(s)
	return s
}

// clean makes text safe for every report: control characters other than
// newline and tab (an authorizer's broken output may hold any), invalid
// UTF-8 and the characters XML 1.0 forbids are written as \u escapes, so
// that the JUnit XML and TAP's YAML stay well-formed and a terminal shows
// no escape sequences.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if unsafeRune(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == utf8.RuneError:
			b.WriteRune(r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r < 0xa0, r == 0xfffe, r == 0xffff, r >= 0xd800 && r < 0xe000:
		return true
	case r == utf8.RuneError:
		return true
	}
	return false
}
