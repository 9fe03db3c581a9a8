package lint

import (
	"bytes"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
)

// Suite lints the documents a suite names (its resource policy, its
// authorizers' outputs, its callers' identity policies) with what the
// suite says about the API: its ARN, the authorization of each route, the
// authorizers' cache TTLs. A private API is recognised by a resource
// policy that names VPC endpoints.
func Suite(s *suite.Suite) []Finding {
	d := s.Documents()
	types := map[string]string{"NONE": "NONE", "AWS_IAM": "AWS_IAM"}
	for _, a := range d.Authorizers {
		if a.Type == "COGNITO_USER_POOLS" {
			types[a.Name] = "COGNITO_USER_POOLS"
		} else {
			types[a.Name] = "CUSTOM"
		}
	}
	cfg := Config{API: s.API}
	seen := map[string]bool{}
	addAuth := func(name string) {
		if t := types[name]; t != "" && !seen[t] {
			seen[t] = true
			cfg.Auth = append(cfg.Auth, t)
		}
	}
	if len(d.Routes) == 0 {
		addAuth(d.Auth)
	}
	for _, r := range d.Routes {
		addAuth(r.Auth)
		cfg.Routes = append(cfg.Routes, r.Route)
	}
	if p, known := isPrivateAPI(cfg, d.ResourcePolicy); known {
		cfg.Private = &p
	}

	var out []Finding
	if d.ResourcePolicy != nil {
		out = append(out, ResourcePolicy(d.ResourcePolicy, cfg)...)
		if src := s.Source(d.ResourcePolicy.File); src != nil && d.ResourcePolicy.File != s.File {
			f := &finder{file: d.ResourcePolicy.File}
			checkSize(f, d.ResourcePolicy, src)
			out = append(out, f.out...)
		}
	}
	done := map[string]bool{}
	for _, a := range d.Authorizers {
		acfg := cfg
		acfg.CacheTTL = apigw.TTLSeconds(a.TTL)
		acfg.Routes = nil
		for _, r := range d.Routes {
			if r.Auth == a.Name {
				acfg.Routes = append(acfg.Routes, r.Route)
			}
		}
		for _, o := range a.Outputs {
			if o.Text == nil || done[o.From] {
				continue
			}
			done[o.From] = true
			text := o.Text
			ocfg := acfg
			ocfg.SampleMethod = o.Template
			if o.Template {
				if m := s.SampleMethodARN(a.Name); m != "" {
					text = suite.FillMethodARN(text, m)
				}
			}
			fs := Source(text, o.File, policy.Authorizer, ocfg)
			if o.Template {
				// The method ARN is longer than the placeholder: offsets
				// after it moved. Lines did not; recompute each offset
				// from its line in the text as written.
				fill := len(text) - len(o.Text)
				if n := bytes.Count(o.Text, []byte(suite.MethodARNPlaceholder)); n > 0 {
					fill = fill/n + len(suite.MethodARNPlaceholder)
				}
				for i := range fs {
					fs[i].Pos = repositioned(o.Text, fill, fs[i].Pos)
				}
			}
			out = append(out, fs...)
		}
	}
	for _, doc := range d.IdentityPolicies {
		if done["identity\x00"+doc.File+doc.Pos.String()] {
			continue
		}
		done["identity\x00"+doc.File+doc.Pos.String()] = true
		out = append(out, IdentityPolicy(doc, cfg)...)
	}
	// Documents written in a suite are parsed from a text that keeps
	// their lines and columns but not their offsets: take the offsets
	// from the files themselves.
	for i := range out {
		if src := s.Source(out[i].File); src != nil {
			out[i].Pos = offsetIn(src, out[i].Pos)
		}
	}
	return dedupeFindings(out)
}

// offsetIn sets p's offset from its line and column in src.
func offsetIn(src []byte, p policy.Pos) policy.Pos {
	if !p.IsValid() {
		return p
	}
	if start, ok := policy.LineStart(src, p.Line); ok {
		p.Offset = min(start+p.Column-1, len(src))
	}
	return p
}

// dedupeFindings drops repeats (a document used twice) and sorts.
func dedupeFindings(fs []Finding) []Finding {
	seen := map[string]bool{}
	var out []Finding
	for _, f := range fs {
		k := strings.Join([]string{f.Rule.Code, f.File, f.Pos.String(), f.Path, f.Message}, "\x00")
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	Sort(out)
	return out
}

// repositioned maps a position in the text with the placeholder filled in
// (by a value of fill bytes) back to the text as written: lines are the
// same; a column after a filled placeholder on its line moves back.
func repositioned(src []byte, fill int, p policy.Pos) policy.Pos {
	if !p.IsValid() {
		return p
	}
	start, ok := policy.LineStart(src, p.Line)
	if !ok {
		return p
	}
	end := bytes.IndexByte(src[start:], '\n')
	if end < 0 {
		end = len(src) - start
	}
	lineText := src[start : start+end]
	ph := []byte(suite.MethodARNPlaceholder)
	want := p.Column - 1 // 0-based, in the filled line
	orig, filled := 0, 0
	for filled < want && orig < len(lineText) {
		if bytes.HasPrefix(lineText[orig:], ph) {
			if want < filled+fill {
				break // inside the filled value: point at the placeholder
			}
			orig, filled = orig+len(ph), filled+fill
			continue
		}
		orig++
		filled++
	}
	return policy.Pos{Offset: start + orig, Line: p.Line, Column: orig + 1}
}
