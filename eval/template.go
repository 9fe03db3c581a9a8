package eval

import (
	"bytes"
	"strings"

	"github.com/iamgate/iamgate/internal/wildcard"
	"github.com/iamgate/iamgate/policy"
)

// A template is a PolicySet whose resource patterns may contain a hole: a
// stand-in text that Bind replaces with a value (an authorizer's response
// built from the request's method ARN). The template is parsed and
// compiled once; each binding compiles only its distinct resource texts
// with a hole, so binding it costs the same for 3 statements or 3,000.

// binding is the value a template's hole is filled with: for each distinct
// resource text with a hole (PolicySet.holeTexts), its text filled in and
// compiled.
type binding struct {
	patterns []*wildcard.Pattern
	texts    []string
	// grow is how many bytes longer the value is written in the text
	// than the stand-in: positions after a hole move by it.
	grow int
	// holeAt are the offsets of the stand-in in the template's text.
	holeAt []int
}

// shift moves a position in the template's text to where it is in the
// text with the value written in place of each stand-in.
func (b *binding) shift(p policy.Pos) policy.Pos {
	if b == nil || b.grow == 0 || p.Line == 0 {
		return p
	}
	off, lineStart := p.Offset, p.Offset-(p.Column-1)
	for _, at := range b.holeAt {
		if at >= off {
			break
		}
		p.Offset += b.grow
		if at >= lineStart {
			p.Column += b.grow
		}
	}
	return p
}

// CompileTemplate is Compile for a document whose Resource and NotResource
// values may contain hole, a stand-in text that [PolicySet.Bind] replaces.
// text is what doc was parsed from (positions in explanations are moved
// by the difference in length between the stand-in and the value bound),
// nil when it was not parsed. The result decides nothing until bound: its
// holes match only the stand-in itself.
func CompileTemplate(opts CompileOptions, hole string, text []byte, doc *policy.Document) (*PolicySet, error) {
	opts.hole = hole
	s, err := Compile(opts, doc)
	if err != nil {
		return nil, err
	}
	for off := 0; len(hole) > 0; {
		i := bytes.Index(text[off:], []byte(hole))
		if i < 0 {
			break
		}
		s.holeAt = append(s.holeAt, off+i)
		off += i + len(hole)
	}
	return s, nil
}

// markHoles gives each resource text with a hole its index in
// s.holeTexts, one for each distinct text and variables setting.
func (s *PolicySet) markHoles(hole string) {
	s.hole = hole
	ids := map[holeKey]int{}
	for i := range s.stmts {
		st := &s.stmts[i]
		for j, text := range st.resourceTexts {
			if !strings.Contains(text, hole) {
				continue
			}
			if st.holes == nil {
				st.holes = make([]int, len(st.resources))
				for k := range st.holes {
					st.holes[k] = -1
				}
			}
			k := holeKey{text, s.docs[st.doc].Version.SupportsVariables()}
			id, ok := ids[k]
			if !ok {
				id = len(s.holeTexts)
				ids[k] = id
				s.holeTexts = append(s.holeTexts, k)
			}
			st.holes[j] = id
		}
		if st.holes != nil {
			// The literal prefix depends on the value bound.
			st.prefix = ""
		}
	}
}

type holeKey struct {
	text string
	vars bool
}

// HasHoles reports whether the set was compiled by CompileTemplate with
// resource values containing its stand-in.
func (s *PolicySet) HasHoles() bool { return s != nil && len(s.holeTexts) > 0 }

// Bind returns the template with every hole in its resource values
// replaced by value, as if the document had been written with it (as
// written, the value takes written bytes of the text, for positions):
// the statements are shared, and only the resource texts with a hole are
// compiled again. It returns false when one of them, filled in, is not a
// valid pattern (the caller then compiles the filled document to report
// why). A set without holes is returned as it is.
func (s *PolicySet) Bind(value string, written int) (*PolicySet, bool) {
	if !s.HasHoles() {
		return s, true
	}
	b := &binding{
		patterns: make([]*wildcard.Pattern, len(s.holeTexts)), texts: make([]string, len(s.holeTexts)),
		grow: written - len(s.hole), holeAt: s.holeAt,
	}
	for i, k := range s.holeTexts {
		text := strings.ReplaceAll(k.text, s.hole, value)
		p, err := wildcard.Compile(text, wildcard.ARN, k.vars)
		if err != nil {
			return nil, false
		}
		b.patterns[i], b.texts[i] = p, text
	}
	c := *s
	c.bind = b
	return &c, true
}

// resource returns the statement's i-th resource pattern and its text,
// the bound ones for a hole.
func (st *statement) resource(i int, b *binding) (*wildcard.Pattern, string) {
	if st.holes != nil && b != nil {
		if h := st.holes[i]; h >= 0 {
			return b.patterns[h], b.texts[h]
		}
	}
	return st.resources[i], st.resourceTexts[i]
}
