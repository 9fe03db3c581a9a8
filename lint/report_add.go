package lint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/internal/caret"
	"github.com/iamgate/iamgate/internal/safeio"
	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
)

// FileOptions say how Report.AddFile lints a document.
type FileOptions struct {
	// Kind is the document's kind, unless DetectKind is set: then it is
	// told from the text, as policy.DetectKind does.
	Kind       policy.Kind
	DetectKind bool
	// Config is what the checks know about the API.
	Config Config
}

// AddFile lints the text of the document file name and adds it to the
// report, with its findings and its text (for the source line under
// each). Text that is not JSON is one IG100 finding that quotes none of
// its bytes, and its text is not kept.
func (r *Report) AddFile(name string, src []byte, o FileOptions) {
	r.Files = append(r.Files, name)
	if err := safeio.CheckJSON(name, src); err != nil {
		rule, _ := RuleFor("IG100")
		r.Findings = append(r.Findings, Finding{Rule: rule, File: name, Message: strings.TrimPrefix(err.Error(), name+" is ")})
		return
	}
	kind := o.Kind
	if o.DetectKind {
		kind, _ = policy.DetectKind(src)
	}
	if r.Sources == nil {
		r.Sources = map[string][]byte{}
	}
	r.Sources[name] = src
	r.Findings = append(r.Findings, Source(src, name, kind, o.Config)...)
}

// AddSuite adds the suite loaded from file to the report, with the
// findings of Suite (on the suite and the documents it names, each with
// what the suite says about the API) and the text of the files they are
// in. It returns the documents the suite names: a walk that found them
// too need not lint them again without that context. A nil suite adds
// nothing.
func (r *Report) AddSuite(file string, s *suite.Suite) (documents []string) {
	if s == nil {
		return nil
	}
	if r.Sources == nil {
		r.Sources = map[string][]byte{}
	}
	r.Files = append(r.Files, file)
	r.Sources[file] = s.Source(file)
	d := s.Documents()
	if d.ResourcePolicy != nil {
		documents = append(documents, d.ResourcePolicy.File)
	}
	for _, a := range d.Authorizers {
		for _, o := range a.Outputs {
			documents = append(documents, o.File)
		}
		if a.Command != nil {
			r.Notes = append(r.Notes, Note{File: file, Message: commandNote(a)})
		}
	}
	for _, p := range d.IdentityPolicies {
		documents = append(documents, p.File)
	}
	findings := Suite(s)
	lines := map[string]*caret.Lines{}
	for i, f := range findings {
		if _, ok := r.Sources[f.File]; !ok {
			if src := suiteSource(s, f.File); src != nil {
				r.Sources[f.File] = src
				lines[f.File] = caret.NewLines(src)
			}
		}
		if l := lines[f.File]; l != nil {
			findings[i].Pos = offsetIn(l, f.Pos)
		}
	}
	r.Findings = append(r.Findings, findings...)
	return documents
}

// suiteSource is the text of a file the suite read: kept by the suite, or
// read again when the suite did not keep it (the template of a suite with
// template:, whose policy's findings are at its lines). Only the files
// the suite read are read.
func suiteSource(s *suite.Suite, file string) []byte {
	if src := s.Source(file); src != nil {
		return src
	}
	if !slices.Contains(s.Files(), file) {
		return nil
	}
	src, err := safeio.ReadFile(file, MaxTemplate)
	if err != nil {
		return nil
	}
	return src
}

// Tidy readies the findings for a Reporter: it drops repeats (a document
// named by a suite and also given on its own, or named by two suites,
// gives the same finding twice when the context does not change it), drops
// the findings of the rules whose codes ignore names, and sorts the rest
// (see Sort).
func (r *Report) Tidy(ignore ...string) {
	seen := map[string]bool{}
	kept := r.Findings[:0:0]
	for _, f := range r.Findings {
		k := strings.Join([]string{f.Rule.Code, f.File, f.Pos.String(), f.Path, f.Message}, "\x00")
		if !seen[k] && !slices.Contains(ignore, f.Rule.Code) {
			kept = append(kept, f)
		}
		seen[k] = true
	}
	r.Findings = kept
	Sort(r.Findings)
}

// commandNote says that lint did not check the output of an authorizer
// that is a command: what it returns is known only when a request runs it.
func commandNote(a suite.Authorizer) string {
	return fmt.Sprintf("the output of authorizer %q was not checked: it is the command %s, whose output is known only when a request runs it. Lint checks the outputs a suite writes; iamgate test runs the command and shows why an output it returns is unusable", a.Name, commandText(a.Command))
}

// commandText shows a command's words, each quoted when it has a space or
// a quote.
func commandText(argv []string) string {
	words := make([]string, len(argv))
	for i, w := range argv {
		words[i] = w
		if w == "" || strings.ContainsAny(w, " \t\"'\\") {
			words[i] = strconv.Quote(w)
		}
	}
	return strings.Join(words, " ")
}
