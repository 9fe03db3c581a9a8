package suite

import (
	"io"
	"strings"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/policy"
)

// JSONReporter writes the JSON report of "iamgate test --format json"
// (schemaVersion 1): the totals, and per suite its load errors or its
// results, each with its outcome and what the authorizer did; the full
// answer of each failure (of every request with Verbose). Fields may be
// added; none is removed or changes meaning without a new schemaVersion.
type JSONReporter struct {
	// Verbose gives every request its full answer, not only failures.
	Verbose bool
}

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
	Invoked    bool        `json:"invoked"`
	From       *string     `json:"from"`
	Cached     *cacheJSON  `json:"cached"`
	Stored     *cacheJSON  `json:"stored"`
	Note       string      `json:"note"`
	Invocation *Invocation `json:"invocation"`
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

// Report writes r as JSON to w.
func (j JSONReporter) Report(w io.Writer, r *Report) error {
	if w == nil {
		return errNoWriter
	}
	r = orEmpty(r)
	t := r.Totals()
	out := testJSON{SchemaVersion: 1, Passed: t.Passed, Failed: t.Failed, Skipped: t.Skipped, LoadErrors: t.LoadErrors, Suites: []testSuiteJSON{}}
	for i := range r.Files {
		f := &r.Files[i]
		sj := testSuiteJSON{File: f.File, Errors: []problemJSON{}, Results: []testResultJSON{}}
		sj.Passed, sj.Failed, sj.Skipped = f.counts()
		if f.Err != nil {
			sj.Errors, sj.ErrorsOmitted = problemsToJSON(f.Err)
			out.Suites = append(out.Suites, sj)
			continue
		}
		if f.Suite != nil {
			sj.Name, sj.API = f.Suite.Name, f.Suite.API.String()
		}
		for k := range f.Results {
			sj.Results = append(sj.Results, j.result(f, &f.Results[k]))
		}
		out.Suites = append(out.Suites, sj)
	}
	return writeJSON(w, out)
}

// result is one request of the JSON report.
func (j JSONReporter) result(f *FileReport, r *Result) testResultJSON {
	c := r.Case
	rj := testResultJSON{
		Name: c.Name, FullName: r.Name, Step: r.Step, File: f.File, Line: c.Line,
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
		a := &authorizerJSON{Invoked: r.Invoked, Cached: cacheToJSON(r.Cached), Stored: cacheToJSON(r.Stored), Note: authorizerNote(r), Invocation: r.Invocation}
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
	if !r.Skipped && r.Answer.Status != 0 && (!r.Passed || j.Verbose) {
		aj := r.Answer.JSON()
		rj.Answer = &aj
	}
	return rj
}
