package lint

import (
	"bytes"
	"slices"
	"sort"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/caret"
	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
)

// Suite lints the documents a suite names (its resource policy, its
// authorizers' outputs, its callers' identity policies) with what the
// suite says about the API: its ARN, the authorization of each route, the
// authorizers' cache TTLs. A private API is recognised by a resource
// policy that names VPC endpoints.
func Suite(s *suite.Suite) []Finding {
	if s == nil {
		return nil
	}
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
	if len(d.Routes) == 0 {
		cfg.addMethod("", types[d.Auth])
	}
	for _, r := range d.Routes {
		cfg.addMethod(r.Route, types[r.Auth])
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
				r := newRepositioner(o.Text, fill)
				for i := range fs {
					fs[i].Pos = r.repositioned(fs[i].Pos)
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
	lines := map[string]*caret.Lines{}
	for i := range out {
		l, ok := lines[out[i].File]
		if !ok {
			if src := s.Source(out[i].File); src != nil {
				l = caret.NewLines(src)
			}
			lines[out[i].File] = l
		}
		if l != nil {
			out[i].Pos = offsetIn(l, out[i].Pos)
		}
	}
	return dedupeFindings(out)
}

// offsetIn sets p's offset from its line and column in the text lines
// index.
func offsetIn(lines *caret.Lines, p policy.Pos) policy.Pos {
	if !p.IsValid() {
		return p
	}
	if start, ok := lines.Start(p.Line); ok {
		p.Offset = min(start+p.Column-1, lines.Len())
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

// repositioner maps positions in a text with the placeholder filled in
// (by a value of fill bytes) back to the text as written: lines are the
// same; a column after a filled placeholder on its line moves back. The
// text's lines and placeholders are found once, so that each position
// costs a binary search, not a scan of its line.
type repositioner struct {
	lines *caret.Lines
	fill  int
	at    []int // offsets of the placeholders in the text as written
}

func newRepositioner(src []byte, fill int) *repositioner {
	r := &repositioner{lines: caret.NewLines(src), fill: fill}
	ph := []byte(suite.MethodARNPlaceholder)
	for i := 0; ; {
		j := bytes.Index(src[i:], ph)
		if j < 0 {
			break
		}
		r.at = append(r.at, i+j)
		i += j + len(ph)
	}
	return r
}

// repositioned returns p in the text as written; a position inside a
// filled value points at its placeholder.
func (r *repositioner) repositioned(p policy.Pos) policy.Pos {
	if !p.IsValid() {
		return p
	}
	line, ok := r.lines.Line(p.Line)
	if !ok {
		return p
	}
	start, _ := r.lines.Start(p.Line)
	// The placeholders on this line, and how much each one filled moves
	// what follows it.
	first, _ := slices.BinarySearch(r.at, start)
	last, _ := slices.BinarySearch(r.at, start+len(line))
	on := r.at[first:last]
	grow := r.fill - len(suite.MethodARNPlaceholder)
	want := max(p.Column-1, 0) // 0-based, in the filled line
	// k is the number of placeholders whose filled value ends at or
	// before want (the filled offsets only grow along the line).
	k := sort.Search(len(on), func(k int) bool { return on[k]-start+k*grow+r.fill > want })
	orig := want - k*grow
	if k < len(on) {
		if q := on[k] - start; orig >= q {
			orig = q // inside the filled value: point at the placeholder
		}
	}
	orig = max(min(orig, len(line)), 0)
	return policy.Pos{Offset: start + orig, Line: p.Line, Column: orig + 1}
}
