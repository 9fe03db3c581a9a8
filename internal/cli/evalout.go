package cli

import (
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
)

// check compares the answer with --expect (a value that
// suite.ParseExpectation accepts): the same rules as a suite's expect.
func check(want string, a apigw.Answer) *apigw.ExpectJSON {
	e, err := suite.ParseExpectation(want)
	if err != nil {
		return &apigw.ExpectJSON{Want: want, Got: err.Error()}
	}
	return &apigw.ExpectJSON{Want: want, Got: e.Describe(a.Outcome, a.Message), Met: e.Met(a.Outcome, a.Message)}
}

// writeJSON writes v as indented JSON, with <, > and & as they are (the
// reports quote policies and messages, not HTML).
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// sourcesOf shows the authorizer problems of an answer with carets into
// the files eval read.
func sourcesOf(p *prepared) apigw.RenderOptions {
	return apigw.RenderOptions{Source: func(file string) []byte { return p.sources[file] }, IdentityPolicyHint: "give them with --identity-policy"}
}

// writeErrorJSON is the JSON form of a usage or input error (exit 2), so
// that a script reading --format json output always gets an object.
func writeErrorJSON(w io.Writer, err error) {
	out := struct {
		SchemaVersion int `json:"schemaVersion"`
		Error         struct {
			Message  string        `json:"message"`
			Problems []problemJSON `json:"problems"`
			// ProblemsOmitted counts the problems past the first
			// 100, which are not listed.
			ProblemsOmitted int `json:"problemsOmitted,omitempty"`
		} `json:"error"`
	}{SchemaVersion: 1}
	out.Error.Message = err.Error()
	out.Error.Problems = []problemJSON{}
	var ie *inputError
	if errors.As(err, &ie) {
		out.Error.Message = strings.Join(append([]string{"invalid input"}, ie.other...), "; ")
		for _, pe := range ie.problems[:min(len(ie.problems), policy.MaxDetail)] {
			out.Error.Problems = append(out.Error.Problems, problemJSON{pe.File, pe.Pos.Line, pe.Pos.Column, pe.Path, pe.Msg})
		}
		out.Error.ProblemsOmitted = len(ie.problems) - len(out.Error.Problems)
	}
	writeJSON(w, out)
}
