package suite

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"github.com/iamgate/iamgate/internal/safetext"
)

// JUnitReporter writes JUnit XML, in the form CI dashboards read
// (Jenkins, GitLab, GitHub actions that publish test reports): testsuites
// > testsuite > testcase per request, with failure for an unmet
// expectation (its explanation as the text) and error for a suite that
// does not load. Every text is made safe for XML 1.0.
type JUnitReporter struct {
}

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

// Report writes r as JUnit XML to w.
func (j JUnitReporter) Report(w io.Writer, r *Report) error {
	if w == nil {
		return errNoWriter
	}
	r = orEmpty(r)
	t := r.Totals()
	var elapsed time.Duration
	for _, f := range r.Files {
		elapsed += f.Elapsed
	}
	out := junitSuites{Name: "iamgate", Failures: t.Failed, Errors: t.LoadErrors, Skipped: t.Skipped, Time: seconds(elapsed)}
	for i := range r.Files {
		js := j.suite(&r.Files[i])
		out.Tests += js.Tests
		out.Suites = append(out.Suites, js)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// suite is one suite file: its requests, or its load error as one case.
func (j JUnitReporter) suite(f *FileReport) junitSuite {
	js := junitSuite{File: f.File, Time: seconds(f.Elapsed), Name: f.File}
	if f.Err != nil {
		js.Tests, js.Errors = 1, 1
		js.Cases = []junitCase{{Name: "load", ClassName: f.File, File: f.File,
			Error: &junitProblem{Message: f.ErrorLine(), Type: "load", Text: f.errorDetail()}}}
		return js
	}
	_, failed, skipped := f.counts()
	js.Name = f.suiteName()
	js.Tests, js.Failures, js.Skipped = len(f.Results), failed, skipped
	for i := range f.Results {
		r := &f.Results[i]
		jc := junitCase{Name: safetext.Clean(caseName(r)), ClassName: safetext.Clean(js.Name), File: f.File, Line: r.Case.Line}
		switch {
		case r.Skipped:
			jc.Skipped = &junitSkipped{Message: safetext.Clean(r.SkipReason)}
		case !r.Passed:
			msg := safetext.Clean(fmt.Sprintf("%s: want %s, got %s", location(f, r), r.Case.Expect, r.Got))
			jc.Failure = &junitProblem{Message: msg, Type: "expectation", Text: msg + "\n\n" + explanation(f, r)}
		default:
			if n := authorizerNote(r); n != "" {
				jc.SystemOut = safetext.Clean("authorizer: " + n)
			}
		}
		if r.Invocation != nil && r.Invocation.Stderr != "" {
			jc.SystemErr = safetext.Clean(r.Invocation.Stderr)
		}
		js.Cases = append(js.Cases, jc)
	}
	return js
}
