package lint

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/iac"
	"github.com/iamgate/iamgate/internal/caret"
	"github.com/iamgate/iamgate/internal/safeio"
	"github.com/iamgate/iamgate/policy"
)

// Template lints the REST APIs a template defines, as iac.Load read
// them: each API's resource policy with what the template says about the
// API (its ARN when the template decides it, its endpoint type, the
// authorization of each method), each authorizer's settings (IG220), and
// the resource policies the template's reader could not parse (IG100).
// Positions are the template's: iac keeps where each value of a policy
// was written. A nil result has no findings.
func Template(res *iac.Result) []Finding {
	if res == nil {
		return nil
	}
	var out []Finding
	for i := range res.APIs {
		out = append(out, templateAPI(&res.APIs[i])...)
	}
	for _, d := range res.Diagnostics {
		if d.Code == "policy" {
			// The resource policy does not parse: the reader said where.
			f := &finder{file: d.File}
			f.add("IG100", policy.Pos{Line: d.Line, Column: d.Column}, d.Pointer, "%s", d.Message)
			out = append(out, f.out...)
		}
	}
	return dedupeFindings(out)
}

// templateAPI lints one API of a template.
func templateAPI(a *iac.API) []Finding {
	c := &a.Config
	cfg := Config{API: knownARN(c)}
	for i := range c.Methods {
		cfg.addMethod(c.Methods[i].Route(), c.Methods[i].Auth.String())
	}
	if c.AllMethods != nil {
		cfg.addMethod("", c.AllMethods.Auth.String())
	}
	private := c.Endpoint == apigw.PrivateEndpoint
	cfg.Private = &private
	f := &finder{file: a.File}
	for i := range c.Authorizers {
		au := &c.Authorizers[i]
		if err := au.Check(); err != nil {
			file := a.File
			if au.Origin.File != "" {
				file = au.Origin.File
			}
			af := &finder{file: file}
			af.add("IG220", au.Origin.Pos, au.Origin.Path, "authorizer %q of API %s: %s. Until this is fixed in the template, iamgate cannot answer the requests of the methods that use it", au.Name, a.ID, strings.TrimPrefix(err.Error(), "apigw: authorizer: "))
			f.out = append(f.out, af.out...)
		}
	}
	if doc := c.ResourcePolicy; doc != nil {
		if err := compileErr(doc, cfg); err != nil {
			pf := &finder{file: doc.File}
			pf.documentProblems(policy.AsList(err), err)
			return append(f.out, pf.out...)
		}
		f.out = append(f.out, ResourcePolicy(doc, cfg)...)
		sf := &finder{file: doc.File}
		checkSize(sf, doc, a.Policy)
		f.out = append(f.out, sf.out...)
	}
	return f.out
}

// addMethod adds a method's route (when not "") and its authorization
// type to what the checks know, each type once.
func (c *Config) addMethod(route, auth string) {
	if route != "" {
		c.Routes = append(c.Routes, route)
	}
	if auth != "" && !c.uses(auth) {
		c.Auth = append(c.Auth, auth)
	}
}

// knownARN is the API's ARN when the template decides all of its parts;
// else the zero API, and the checks that compare resources with the API
// stay silent rather than compare them with a symbol.
func knownARN(c *apigw.APIConfig) arn.API {
	for _, v := range []apigw.Value{c.Partition, c.Region, c.Account, c.ID} {
		if !v.IsKnown() || v.Text == "" {
			return arn.API{}
		}
	}
	api, err := arn.ParseAPI(fmt.Sprintf("arn:%s:execute-api:%s:%s:%s", c.Partition.Text, c.Region.Text, c.Account.Text, c.ID.Text))
	if err != nil {
		return arn.API{}
	}
	return api
}

// MaxTemplate is the largest template file whose text a report keeps for
// the source line under a finding, iac's default limit.
const MaxTemplate = 16 << 20

// AddTemplate adds the APIs read from a template to the report: the files
// read, the findings of Template, and each file's text (for the source
// line and caret under a finding). The reader's diagnostics become what
// fits them: one that a finding already says (a resource policy that
// does not parse, an authorizer's settings) is left out; the other
// errors, facts of the API the reader could not read, are input problems,
// because a lint of an API that lacks or guesses them would pass where
// the deployed API might not; warnings and remarks (a value left a
// symbol, a default applied) are notes. path is the path given, for a
// problem with the template as a whole. A nil result adds nothing.
func (r *Report) AddTemplate(path string, res *iac.Result) {
	if res == nil {
		return
	}
	if r.Sources == nil {
		r.Sources = map[string][]byte{}
	}
	r.Files = append(r.Files, res.Files...)
	for _, file := range res.Files {
		if src, err := safeio.ReadFile(file, MaxTemplate); err == nil {
			r.Sources[file] = src
		}
	}
	findings := Template(res)
	lines := map[string]*caret.Lines{}
	for i, f := range findings {
		if src := r.Sources[f.File]; src != nil {
			if lines[f.File] == nil {
				lines[f.File] = caret.NewLines(src)
			}
			findings[i].Pos = offsetIn(lines[f.File], f.Pos)
		}
	}
	r.Findings = append(r.Findings, findings...)
	var errs []iac.Diagnostic
	for _, d := range res.Diagnostics {
		switch {
		case d.Code == "policy", saysAuthorizer(findings, d):
		case d.Severity == iac.Error:
			errs = append(errs, d)
		default:
			r.Notes = append(r.Notes, Note{File: d.File, Message: diagnosticNote(d)})
		}
	}
	if len(errs) > 0 {
		r.Problems = append(r.Problems, templateProblem(path, errs, len(res.APIs)))
	}
}

// saysAuthorizer reports whether an IG220 finding says what the error d
// says: an error about an authorizer at the authorizer's own place (where
// the model's check, or a reader that checks the same settings, such as
// SAM's, reports it).
func saysAuthorizer(findings []Finding, d iac.Diagnostic) bool {
	if d.Severity != iac.Error || d.Line == 0 || !strings.Contains(strings.ToLower(d.Message), "authorizer") {
		return false
	}
	for _, f := range findings {
		if f.Rule.Code == "IG220" && f.File == d.File && f.Pos.Line == d.Line && f.Pos.Column == d.Column {
			return true
		}
	}
	return false
}

// diagnosticNote is a diagnostic as a note says it, with its place.
func diagnosticNote(d iac.Diagnostic) string {
	at := ""
	if d.Line > 0 {
		at = fmt.Sprintf("%d:%d: ", d.Line, d.Column)
	}
	s := fmt.Sprintf("%s%s: %s", at, d.Severity, d.Message)
	if d.Pointer != "" {
		s += " (at " + d.Pointer + ")"
	}
	return s
}

// templateProblem is the input problem of a template that could not be
// read whole (apis is the number of APIs read from it): each error on its
// own line.
func templateProblem(path string, errs []iac.Diagnostic, apis int) InputProblem {
	var b strings.Builder
	for _, d := range errs {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	s := "s"
	if len(errs) == 1 {
		s = ""
	}
	msg := fmt.Sprintf("%s: %d error%s reading it, so lint checked its APIs without what could not be read; each error says what to supply (--parameter, --region, --account) or to fix:", path, len(errs), s)
	if apis == 0 {
		msg = fmt.Sprintf("%s: no REST API could be read from it, so nothing in it was linted (%d error%s):", path, len(errs), s)
	}
	return InputProblem{File: path, Message: msg, Detail: b.String()}
}
