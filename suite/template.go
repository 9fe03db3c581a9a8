package suite

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
)

// outputTemplate is an authorizer output with MethodARNPlaceholder, parsed
// and compiled once with a stand-in in place of the placeholder, when
// every placeholder begins a Resource or NotResource value of its policy
// (the common case). Filling it in with a method ARN then binds the
// compiled policy (eval.PolicySet.Bind) instead of parsing and compiling
// the filled text again. set is nil for any other template, which is
// filled in as text and parsed for each method ARN.
type outputTemplate struct {
	resp *apigw.AuthorizerResponse
	set  *eval.PolicySet
}

// fillAsText turns the compiled templates off, for the test that compares
// them with outputs filled in as text.
var fillAsText = false

// template compiles rep's template once; false past a limit (reported).
func (l *loader) template(rep *reply, f field) (*outputTemplate, bool) {
	key := rep.from + "\x00" + rep.file
	if t, ok := l.templates[key]; ok {
		return t, true
	}
	t := &outputTemplate{}
	l.templates[key] = t
	if fillAsText {
		return t, true
	}
	var nonce [8]byte
	_, _ = rand.Read(nonce[:])
	// A method ARN's shape, so that the parser checks it as it checks a
	// filled-in one (six fields, a service without wildcards).
	hole := "arn:aws:execute-api:us-east-1:000000000000:iamgate" + hex.EncodeToString(nonce[:])
	ph := []byte(MethodARNPlaceholder)
	n := bytes.Count(rep.template, ph)
	text := bytes.ReplaceAll(rep.template, ph, []byte(hole))
	r := apigw.ParseAuthorizerOutput(text, rep.file)
	doc := policyOf(r)
	if !r.Usable() || doc == nil {
		return t, true
	}
	if _, reads := eval.ReadsMissingAddress(eval.NewContext(), doc); reads {
		// Messages about it quote the policy: filled in as text.
		return t, true
	}
	holes := 0
	for i := range doc.Statements {
		for _, v := range doc.Statements[i].Resource.Values {
			switch c := strings.Count(v.Value, hole); {
			case c == 1 && strings.HasPrefix(v.Value, hole):
				holes++
			case c > 0:
				return t, true
			}
		}
	}
	if holes != n {
		return t, true // a placeholder elsewhere: filled in as text
	}
	if !l.spend(len(doc.Statements), f, "the authorizer output at "+rep.from) {
		return nil, false
	}
	set, err := eval.CompileTemplate(eval.CompileOptions{}, hole, text, doc)
	if err != nil {
		return t, true
	}
	t.resp, t.set = r.Response(), set
	return t, true
}

// bind is the template filled in with a method ARN, or nil when it must be
// filled in as text.
func (t *outputTemplate) bind(text []byte, methodARN string) *apigw.AuthorizerResult {
	// A policy variable in the ARN would be read by the filled policy,
	// and the checks on what a policy reads look at the template's.
	if t.set == nil || !methodARNShaped(methodARN) || strings.Contains(methodARN, "${") {
		return nil
	}
	written, _ := json.Marshal(methodARN) // as FillMethodARN writes it
	set, ok := t.set.Bind(methodARN, len(written)-2)
	if !ok {
		return nil
	}
	return apigw.BoundOutput(t.resp, set, func() string { return string(FillMethodARN(text, methodARN)) })
}

// methodARNShaped reports whether the parser checks s, at the start of a
// Resource value, as it checks the template's stand-in: six fields, a
// partition and a service without wildcards.
func methodARNShaped(s string) bool {
	f := strings.SplitN(s, ":", 6)
	return len(f) == 6 && f[0] == "arn" && f[1] != "" && f[2] != "" && !strings.ContainsAny(f[2], "*?")
}
