package suite

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/safetext"
)

// Report is what running suite files gave, as a Reporter writes it: one
// FileReport per file, in order.
type Report struct {
	Files []FileReport
}

// FileReport is one suite file in a report: the suite and its results, or
// the error that kept it from loading.
type FileReport struct {
	// File is the suite's file, as reports name it.
	File string
	// Suite is the loaded suite; nil when Err is set.
	Suite *Suite
	// Err is why the suite did not load (a *Error lists every problem
	// with its position); nil when it loaded.
	Err error
	// Results are the suite's results, as Suite.Run returns them.
	Results []Result
	// Elapsed is the time loading and running the suite took.
	Elapsed time.Duration
	// Interrupted is set when the run was stopped during this suite.
	Interrupted bool
}

// Totals are a report's counts: requests that passed, failed and were
// skipped, and suite files that did not load.
type Totals struct {
	Passed, Failed, Skipped, LoadErrors int
}

// Totals counts the report's requests and load errors.
func (r *Report) Totals() Totals {
	var t Totals
	for i := range r.Files {
		f := &r.Files[i]
		passed, failed := Counts(f.Results)
		t.Passed += passed
		t.Failed += failed
		t.Skipped += Skipped(f.Results)
		if f.Err != nil {
			t.LoadErrors++
		}
	}
	return t
}

// Summary is the text report's last line: "N passed, N failed", with ",
// N skipped" when some were.
func (r *Report) Summary() string {
	t := r.Totals()
	return fmt.Sprintf("%d passed, %d failed", t.Passed, t.Failed) + skippedText(t.Skipped)
}

// SkipReasons are the distinct reasons of the file's skipped requests, in
// order.
func (f *FileReport) SkipReasons() []string {
	var out []string
	for _, r := range f.Results {
		if r.Skipped && !slices.Contains(out, r.SkipReason) {
			out = append(out, r.SkipReason)
		}
	}
	return out
}

// ErrorLine is the load error on one line, safe for every report, or ""
// when the suite loaded.
func (f *FileReport) ErrorLine() string {
	if f.Err == nil {
		return ""
	}
	if se, ok := AsError(f.Err); ok {
		return safetext.Clean(se.Error())
	}
	return safetext.Clean(strings.TrimPrefix(f.Err.Error(), "suite: "))
}

// errorDetail is the load error with every problem and its source line,
// or its one line when it lists none.
func (f *FileReport) errorDetail() string {
	if se, ok := AsError(f.Err); ok {
		return safetext.Clean(se.Detail())
	}
	return f.ErrorLine()
}

// suiteName is the suite's name, "" without a suite.
func (f *FileReport) suiteName() string {
	if f.Suite == nil {
		return ""
	}
	return f.Suite.Name
}

// source returns the text of a file the suite read; nil without a suite.
func (f *FileReport) source(file string) []byte {
	if f.Suite == nil {
		return nil
	}
	return f.Suite.Source(file)
}

// counts are the file's passed, failed and skipped requests.
func (f *FileReport) counts() (passed, failed, skipped int) {
	passed, failed = Counts(f.Results)
	return passed, failed, Skipped(f.Results)
}

// Reporter writes a Report in one format. TextReporter, JSONReporter,
// JUnitReporter and TAPReporter are the formats of "iamgate test";
// NewReporter picks one by name. A nil report is an empty one; a nil
// writer is an error.
type Reporter interface {
	Report(w io.Writer, r *Report) error
}

// ReporterOptions are what NewReporter passes to the reporter it makes.
type ReporterOptions struct {
	// Verbose reports every request, not only failures, with what the
	// authorizer cache did (JUnit reports every request anyway).
	Verbose bool
}

// Formats are the names NewReporter knows, in the order help lists them.
var Formats = []string{"text", "json", "junit", "tap"}

// NewReporter returns the reporter of a format named in Formats, and an
// error for any other name.
func NewReporter(format string, o ReporterOptions) (Reporter, error) {
	switch format {
	case "text":
		return TextReporter(o), nil
	case "json":
		return JSONReporter(o), nil
	case "junit":
		return JUnitReporter{}, nil
	case "tap":
		return TAPReporter(o), nil
	}
	return nil, fmt.Errorf("suite: %q is not text, json, junit or tap", format)
}

// errNoWriter is the error of a Reporter given a nil writer.
var errNoWriter = errors.New("suite: a report needs a writer")

// orEmpty returns r, or an empty report for nil.
func orEmpty(r *Report) *Report {
	if r == nil {
		return &Report{}
	}
	return r
}

// caseName is a result's name within its suite: CASE, or SEQUENCE/STEP.
func caseName(r *Result) string {
	if r.Sequence != nil {
		return r.Sequence.Name + "/" + r.Case.Name
	}
	return r.Case.Name
}

// location is FILE:LINE of a result.
func location(f *FileReport, r *Result) string {
	return fmt.Sprintf("%s:%d", f.File, r.Case.Line)
}

// skippedText is ", N skipped", or "" for none.
func skippedText(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", %d skipped", n)
}

// authorizerNote says what the authorizer and its cache did for a
// request, or "" when the request did not reach the authorizer.
func authorizerNote(r *Result) string { return safetext.Clean(authorizerNoteText(r)) }

func authorizerNoteText(r *Result) string {
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
		why = "errors and invalid output are never cached (D16)"
	}
	return fmt.Sprintf("%s; result not cached: %s", ran, why)
}

// explanation is the full answer for people, as "iamgate eval" writes it,
// with the request and what the authorizer cache did.
func explanation(f *FileReport, r *Result) string {
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
	cited := append([]string{r.Problem}, r.Notes...)
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "before:     %s\n", n)
	}
	if n := authorizerNote(r); n != "" {
		fmt.Fprintf(&b, "authorizer: %s\n", n)
		cited = append(cited, n)
	}
	if r.Problem != "" {
		fmt.Fprintf(&b, "problem:    %s\n", r.Problem)
	}
	if t := r.Invocation.Output(); t != "" {
		b.WriteString(safetext.Indent(t, "  "))
	}
	if r.Answer.Status == 0 {
		// Not run (--no-skip): there is no answer to explain.
		return safetext.Clean(b.String())
	}
	b.WriteByte('\n')
	r.Answer.WriteText(&b, apigw.RenderOptions{Source: f.source, Also: cited, IdentityPolicyHint: "give them as the caller's policies, under callers"})
	return safetext.Clean(b.String())
}

// Output shows what the authorizer program wrote: its standard output
// when the answer was not a usable response, and its standard error, if
// any, each cut to its last 4 KiB and made safe for every report. It is
// "" for a nil Invocation.
func (inv *Invocation) Output() string {
	if inv == nil {
		return ""
	}
	var b strings.Builder
	if !inv.Response && strings.TrimSpace(inv.Stdout) != "" {
		b.WriteString("stdout:\n")
		b.WriteString(safetext.Indent(strings.TrimRight(safetext.Tail(inv.Stdout, 4096), "\n")+"\n", "  "))
	}
	if strings.TrimSpace(inv.Stderr) != "" {
		b.WriteString("stderr:\n")
		b.WriteString(safetext.Indent(strings.TrimRight(safetext.Tail(inv.Stderr, 4096), "\n")+"\n", "  "))
	}
	return safetext.Clean(b.String())
}

// invocationJSON is the JSON form of an Invocation.
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

// MarshalJSON writes the run as the JSON reports show it: command, dir,
// event (null when it is not JSON), exitCode, timedOut, durationMs,
// outcome, stdout and stderr; null for a nil Invocation. <, > and & are
// written as they are.
func (inv *Invocation) MarshalJSON() ([]byte, error) {
	if inv == nil {
		return []byte("null"), nil
	}
	ev := json.RawMessage(inv.Event)
	if !json.Valid(ev) {
		ev = json.RawMessage("null")
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(invocationJSON{Command: inv.Command, Dir: inv.Dir, Event: ev, ExitCode: inv.ExitCode, TimedOut: inv.TimedOut,
		DurationMs: inv.Duration.Milliseconds(), Outcome: inv.Outcome, Stdout: inv.Stdout, Stderr: inv.Stderr})
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}

// writeJSON writes v as indented JSON, with <, > and & as they are (the
// reports quote policies and messages, not HTML).
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
