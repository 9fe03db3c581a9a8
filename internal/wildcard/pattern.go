package wildcard

import (
	"slices"
	"strings"

	"github.com/gobwas/glob"
)

// Resolver supplies the values of policy variables at match time.
type Resolver interface {
	// LookupVariable returns the value of the condition key lowerName, the
	// variable's key name lower-cased (such as "aws:username" or
	// "aws:principaltag/team"). It returns false when the key cannot be
	// substituted: it is missing from the request, or multivalued.
	LookupVariable(lowerName string) (string, bool)
}

// Pattern is a compiled pattern. It is immutable and safe for concurrent
// use. The zero Pattern is not valid: it matches nothing.
type Pattern struct {
	src  string
	mode Mode
	cmp  cmpKind

	// prefix is what LiteralPrefix returns.
	prefix string
	// literal tells whether the pattern has neither wildcards nor variables.
	literal bool
	// names are the variable names, for Variables.
	names []string
	// required are the literal runs every match contains, for Required.
	required []string

	// whole matches the pattern when it has no variables (slots is empty).
	whole piece

	// With variables, pieces[i] is the text before slots[i] and the last
	// piece the text after the last variable: len(pieces) == len(slots)+1.
	pieces []piece
	slots  []slot
	// linear tells that every piece but the last is a literal, so that the
	// positions of the variables in the value are determined: see
	// [Pattern.matchLinear].
	linear bool
	// program is, for a pattern with variables that is not linear, its
	// tokens with the variables left as elemVar tokens (char holds the
	// slot index): see [Pattern.matchProgram].
	program []nfaToken
	// programMin is the fewest bytes a matching string has besides the
	// values of the variables: see [programMin].
	programMin int
}

// slot is a variable of a compiled pattern.
type slot struct {
	name       string // lower-cased key name, for Resolver.LookupVariable
	def        string // default value, as written (unescaped)
	hasDefault bool
}

// resolve returns the value of the variable: the resolver's, or else the
// default. It reports false when there is neither.
func (sl *slot) resolve(r Resolver) (string, bool) {
	if r != nil {
		if v, ok := r.LookupVariable(sl.name); ok {
			return v, true
		}
	}
	return sl.def, sl.hasDefault
}

// pieceKind tells how a piece is matched.
type pieceKind uint8

const (
	pieceNone      pieceKind = iota // matches nothing (the zero Pattern)
	pieceLiteral                    // s == lit
	pieceFold                       // strings.EqualFold(s, lit)
	piecePrefix                     // lit, then `*` that crosses `:`
	piecePrefixSeg                  // lit, then `*` that does not cross `:`
	pieceAll                        // `*` that crosses `:`: everything
	pieceStars                      // parts joined by `*`s that all cross `:`
	pieceGlob                       // starts with lit and matches g
	pieceNFA                        // starts with lit and matches nfa
)

// piece is a part of a pattern without variables.
type piece struct {
	kind pieceKind
	// lit is the literal text (pieceLiteral, pieceFold) or the literal text
	// every match starts with (the other kinds).
	lit string
	g   *glob.Pattern
	// nfa is the token program of a pieceNFA.
	nfa []nfaToken
	// parts are, for pieceStars, the literal runs between the stars: the
	// first must start the string, the last end it, and the ones in
	// between follow in order (parts[0] is lit; the last part is suffix).
	parts []string

	// For pieceGlob, conditions every match meets, checked before the glob
	// to turn most mismatches down cheaply: at least minLen bytes, lit at
	// the start, suffix (the text after the last wildcard) at the end, and
	// inner (the longest literal between the wildcards) in between.
	minLen int
	suffix string
	inner  string
}

// Compile compiles src with the rules of mode. With variables set (policy
// documents with Version 2012-10-17) `${...}` is a policy variable; without
// it `$`, `{` and `}` are ordinary characters. The only errors, of type
// *Error, are malformed policy variables and a mode that is not one of the
// constants.
//
// Bytes of src that are not valid UTF-8 are read as U+FFFD, as
// encoding/json reads them in a policy document.
func Compile(src string, mode Mode, variables bool) (*Pattern, error) {
	if !mode.valid() {
		return nil, &Error{Src: src, Msg: "invalid mode " + mode.String()}
	}
	elems, err := parse(src, mode, variables)
	if err != nil {
		return nil, err
	}
	if mode == ARN || mode == ArnLike {
		markSegments(elems, mode == ARN)
	} else {
		for i := range elems {
			elems[i].cross = true
		}
	}
	p := &Pattern{src: src, mode: mode, cmp: cmpExact, literal: true}
	switch mode {
	case Action:
		p.cmp = cmpLower
	case ExactFold:
		p.cmp = cmpFold
	}
	var prefix strings.Builder
	leading := true
	for _, e := range elems {
		switch e.kind {
		case elemText:
			if leading {
				prefix.WriteString(e.text)
			}
			if mode != ExactFold {
				p.required = append(p.required, e.text)
			}
			continue
		case elemVar:
			if !slices.Contains(p.names, e.name) {
				p.names = append(p.names, e.name)
			}
		}
		leading = false
		p.literal = false
	}
	if mode != ExactFold {
		p.prefix = prefix.String()
	}
	if len(p.names) == 0 {
		if p.whole, err = newPiece(src, elems, mode); err != nil {
			return nil, err
		}
		return p, nil
	}
	p.linear = true
	all := elems
	for {
		i := slices.IndexFunc(elems, func(e elem) bool { return e.kind == elemVar })
		if i < 0 {
			break
		}
		pc, err := newPiece(src, elems[:i], mode)
		if err != nil {
			return nil, err
		}
		if pc.kind != pieceLiteral && pc.kind != pieceFold {
			p.linear = false
		}
		p.pieces = append(p.pieces, pc)
		p.slots = append(p.slots, slot{name: elems[i].name, def: elems[i].text, hasDefault: elems[i].hasDefault})
		elems = elems[i+1:]
	}
	pc, err := newPiece(src, elems, mode)
	if err != nil {
		return nil, err
	}
	p.pieces = append(p.pieces, pc)
	if !p.linear {
		// Wildcards before a variable: Match substitutes the values into
		// this program and simulates it once (see matchProgram).
		p.program = newProgram(all)
		p.programMin = programMin(p.program)
	}
	return p, nil
}

// MustCompile is like Compile but panics if src cannot be compiled. It is
// meant for patterns written in the program text.
func MustCompile(src string, mode Mode, variables bool) *Pattern {
	p, err := Compile(src, mode, variables)
	if err != nil {
		panic(err)
	}
	return p
}

// newPiece compiles elements with no variable among them.
func newPiece(src string, elems []elem, mode Mode) (piece, error) {
	var lit strings.Builder
	i := 0
	for ; i < len(elems) && elems[i].kind == elemText; i++ {
		lit.WriteString(elems[i].text)
	}
	pc := piece{lit: lit.String()}
	switch {
	case i == len(elems) && mode == ExactFold:
		pc.kind = pieceFold
		return pc, nil
	case i == len(elems):
		pc.kind = pieceLiteral
		return pc, nil
	case i == len(elems)-1 && elems[i].kind == elemStar:
		switch {
		case !elems[i].cross:
			pc.kind = piecePrefixSeg
		case pc.lit == "":
			pc.kind = pieceAll
		default:
			pc.kind = piecePrefix
		}
		return pc, nil
	}
	// Literal runs joined by stars that all cross ':' (the common shape of
	// resource patterns, "arn:...:api/*/GET/pets/*") are matched with
	// substring searches: the classic greedy algorithm is exact when every
	// wildcard is a `*` that matches any run. The glob is still compiled
	// (below) and the fuzz test checks the two agree.
	starsOnly := !slices.ContainsFunc(elems, func(e elem) bool {
		return e.kind == elemOne || e.kind == elemStar && !e.cross
	})
	// gobwas matches by backtracking, which is exponential in the number of
	// stars in the worst case: the fuzz test found a pattern of 31 stars
	// and two '?' on which it did not return within minutes. A piece with
	// more than maxGlobStars stars that is not star-only is therefore
	// matched by nfaMatch, a state-set simulation that takes
	// O(len(s) * tokens) time whatever the pattern; a policy must never
	// be able to hang the engine.
	if !starsOnly && countStars(elems) > maxGlobStars {
		pc.kind = pieceNFA
		pc.nfa = newNFA(elems)
		pc.setPrechecks(elems, i)
		return pc, nil
	}
	// The general case: a gobwas glob built token by token, the literal
	// text quoted, so that no character of src is ever glob syntax. `:` is
	// the separator when some wildcard must not cross it; a wildcard that
	// may is then written as `**` or as a class of every character.
	sep := slices.ContainsFunc(elems, func(e elem) bool {
		return (e.kind == elemStar || e.kind == elemOne) && !e.cross
	})
	var b strings.Builder
	for _, e := range elems {
		switch {
		case e.kind == elemText:
			b.WriteString(glob.QuoteMeta(e.text))
		case e.kind == elemStar && e.cross && sep:
			b.WriteString("**")
		case e.kind == elemStar:
			b.WriteString("*")
		case e.kind == elemOne && e.cross && sep:
			b.WriteString("[\x00-\U0010FFFF]")
		case e.kind == elemOne:
			b.WriteString("?")
		}
	}
	var err error
	if sep {
		pc.g, err = glob.Compile(b.String(), ':')
	} else {
		pc.g, err = glob.Compile(b.String())
	}
	if err != nil {
		// Not reachable: the glob text is generated from quoted literals.
		return piece{}, &Error{Src: src, Msg: "internal error: " + err.Error()}
	}
	pc.kind = pieceGlob
	if starsOnly {
		pc.kind = pieceStars
		part := ""
		for _, e := range elems {
			if e.kind == elemText {
				part += e.text
				continue
			}
			pc.parts = append(pc.parts, part)
			part = ""
		}
		pc.parts = append(pc.parts, part)
	}
	pc.setPrechecks(elems, i)
	return pc, nil
}

// maxGlobStars is the most stars a piece that is not star-only may have and
// still be matched by gobwas; see newPiece.
const maxGlobStars = 2

func countStars(elems []elem) int {
	n := 0
	for _, e := range elems {
		if e.kind == elemStar {
			n++
		}
	}
	return n
}

// setPrechecks sets minLen, suffix and inner for a pieceGlob or pieceNFA;
// lead is the number of leading text elements (pc.lit).
func (pc *piece) setPrechecks(elems []elem, lead int) {
	i := lead
	for j, e := range elems {
		switch e.kind {
		case elemText:
			pc.minLen += len(e.text)
			if j > i && j < len(elems)-1 && len(e.text) > len(pc.inner) {
				pc.inner = e.text
			}
		case elemOne:
			pc.minLen++
		}
	}
	if j := len(elems) - 1; elems[j].kind == elemText {
		pc.suffix = elems[j].text
	}
}

// String returns the source text of the pattern, as given to Compile.
func (p *Pattern) String() string { return p.src }

// Mode returns the mode the pattern was compiled with.
func (p *Pattern) Mode() Mode { return p.mode }

// IsLiteral reports whether the pattern has neither wildcards nor policy
// variables (the special `${*}`, `${?}` and `${$}` are literal characters).
// Matching is then plain equality with LiteralPrefix, which is the whole
// literal text (lower-cased in Action mode); in ExactFold mode it is
// strings.EqualFold with the pattern text.
func (p *Pattern) IsLiteral() bool { return p.literal }

// LiteralPrefix returns the longest literal text every matching string
// starts with: the text before the first wildcard or variable, lower-cased in
// Action mode. A string that does not start with it never matches. It is ""
// in ExactFold mode, where a match need not share any byte with the
// pattern.
func (p *Pattern) LiteralPrefix() string { return p.prefix }

// Variables returns the lower-cased names of the policy variables of the
// pattern in order of first appearance, each once, without the special
// `${*}`, `${?}` and `${$}`. It returns nil when there are none. The slice is
// the caller's.
func (p *Pattern) Variables() []string { return slices.Clone(p.names) }

// Required returns literal runs of text that every matching string
// contains, as they must appear in it (lower-cased in Action mode): a string
// that lacks one of them never matches. It is nil in ExactFold mode. The
// slice is the caller's.
func (p *Pattern) Required() []string { return slices.Clone(p.required) }

// MatchAll reports whether the pattern matches every string, as `*` does in
// the ARN, Action and Like modes.
func (p *Pattern) MatchAll() bool { return len(p.slots) == 0 && p.whole.kind == pieceAll }
