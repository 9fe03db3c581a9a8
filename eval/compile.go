package eval

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/internal/wildcard"
	"github.com/iamgate/iamgate/policy"
)

// CompileOptions say how to compile documents.
type CompileOptions struct {
	// API is the API a resource policy is attached to. API Gateway expands
	// the shorthand "execute-api:/stage/VERB/path" against it (RP-LANG);
	// a shorthand without an API is a compile error.
	API arn.API

	// hole is CompileTemplate's stand-in text.
	hole string
}

// PolicySet is one or more compiled policy documents, evaluated together:
// an explicit Deny in any of them beats every Allow. It is immutable and
// safe for concurrent use; evaluating it never parses or compiles anything.
// The *Request given to Decide and Evaluate must not be nil.
type PolicySet struct {
	docs  []*policy.Document
	stmts []statement
	// shared is a literal that begins the resource patterns of most
	// statements, typically the API's ARN and a slash. Decide compares it
	// once per request; those statements then match only the rest of the
	// resource (statement.tails). "" when there is none.
	shared string
	// Decide checks every Deny first and then the Allows until one applies.
	denies, allows []int
	// invokeDenies and invokeAllows are the statements whose Action or
	// NotAction lets them apply to execute-api:Invoke, the action of every
	// API Gateway request: the others need not be looked at for it.
	invokeDenies, invokeAllows []int

	// A template (CompileTemplate): hole is the stand-in, holeTexts the
	// distinct resource texts containing it, and bind, in a set made by
	// Bind, what they become.
	hole      string
	holeTexts []holeKey
	holeAt    []int // the stand-in's offsets in the text (CompileTemplate)
	bind      *binding
}

// statement is a compiled statement. It copies what explanations need from
// the document, so that changing a document after Compile changes nothing.
type statement struct {
	doc     int    // index of the document in the set
	docName string // its File, or "policy #N"
	index   int    // the statement's index in its document
	sid     string
	path    string
	pos     policy.Pos
	effect  policy.Effect

	principal        principalMatcher
	principalElement string // "Principal" or "NotPrincipal"

	actionElement string // "Action" or "NotAction"
	actionNot     bool
	actions       []*wildcard.Pattern
	// invoke caches whether an action pattern matches execute-api:Invoke,
	// the action of every API Gateway request.
	invoke bool

	resourceElement string

	resourceNot bool
	resources   []*wildcard.Pattern
	// resourceTexts are the resource patterns after shorthand expansion.
	resourceTexts []string
	// prefix is a literal every matching resource starts with ("" when
	// there is none): a cheap rejection before any pattern is tried.
	prefix string
	// tails, when not nil, are the resource patterns without the set's
	// shared prefix (PolicySet.shared), in the same order as resources.
	tails []*wildcard.Pattern
	// need are byte pairs every resource the tails match contains: a
	// request whose tail lacks one is turned down without trying a pattern.
	need pairSet
	// holes, in a template, is for each resource pattern the index of its
	// text in PolicySet.holeTexts, or -1; nil when none has a hole.
	holes []int

	conditions []condition
}

// Compile validates and compiles documents into a PolicySet. Every problem
// of every document is reported at once, as a policy.ErrorList.
func Compile(opts CompileOptions, docs ...*policy.Document) (*PolicySet, error) {
	s := &PolicySet{docs: slices.Clone(docs)}
	var pc patternCache
	if n := countStatements(docs); n > 1 {
		pc = make(patternCache, 2*n)
	}
	var errs policy.ErrorList
	if !opts.API.IsZero() {
		if _, err := arn.ParseAPI(opts.API.String()); err != nil {
			return nil, fmt.Errorf("eval: CompileOptions.API is not a valid API: %w", err)
		}
	}
	for di, d := range docs {
		if d == nil {
			errs = append(errs, &policy.Error{Msg: fmt.Sprintf("eval: document %d is nil", di)})
			continue
		}
		for si := range d.Statements {
			st, e := compileStatement(opts, pc, d, di, &d.Statements[si])
			errs = append(errs, e...)
			s.stmts = append(s.stmts, st)
		}
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	if opts.hole != "" {
		s.markHoles(opts.hole)
	}
	if !s.HasHoles() {
		s.shareResourcePrefix(pc)
	}
	for i := range s.stmts {
		st := &s.stmts[i]
		invoke := st.invoke != st.actionNot
		if st.effect == policy.Deny {
			s.denies = append(s.denies, i)
			if invoke {
				s.invokeDenies = append(s.invokeDenies, i)
			}
		} else {
			s.allows = append(s.allows, i)
			if invoke {
				s.invokeAllows = append(s.invokeAllows, i)
			}
		}
	}
	return s, nil
}

// MustCompile is Compile that panics on error, for tests and examples.
func MustCompile(opts CompileOptions, docs ...*policy.Document) *PolicySet {
	s, err := Compile(opts, docs...)
	if err != nil {
		panic(err)
	}
	return s
}

func compileStatement(opts CompileOptions, pc patternCache, d *policy.Document, di int, src *policy.Statement) (statement, policy.ErrorList) {
	st := statement{
		doc:              di,
		docName:          documentName(d, di),
		index:            src.Index,
		sid:              src.SidOrEmpty(),
		path:             src.Path,
		pos:              src.Pos,
		effect:           src.Effect,
		principalElement: "Principal",
		actionElement:    src.Action.Name,
		resourceElement:  src.Resource.Name,
	}
	if src.Principal != nil && src.Principal.Not {
		st.principalElement = "NotPrincipal"
	}
	var errs policy.ErrorList
	fail := func(t policy.Text, format string, args ...any) {
		errs = append(errs, &policy.Error{File: d.File, Pos: t.Pos, Path: t.Path, Msg: fmt.Sprintf(format, args...)})
	}
	if src.Effect != policy.Allow && src.Effect != policy.Deny {
		fail(src.EffectText, "statement %d has no valid Effect: parse documents with policy.Parse", src.Index)
	}

	var perrs policy.ErrorList
	st.principal, perrs = compilePrincipal(d.File, src.Principal)
	errs = append(errs, perrs...)

	st.actionNot = src.Action.Not
	for _, v := range src.Action.Values {
		// Policy variables are not substituted in Action (IAM-VARIABLES:
		// Resource and Condition only).
		p, err := pc.compile(v.Value, wildcard.Action, false)
		if err != nil {
			fail(v, "invalid %s %q: %s", src.Action.Name, v.Value, patternError(err, 0))
			continue
		}
		st.actions = append(st.actions, p)
	}
	st.invoke = st.matchActionName(invokeFolded) >= 0
	if len(src.Action.Values) == 0 {
		fail(policy.Text{Pos: src.Pos, Path: src.Path}, "statement has no Action or NotAction: parse documents with policy.Parse")
	}

	st.resourceNot = src.Resource.Not
	vars := d.Version.SupportsVariables()
	for _, v := range src.Resource.Values {
		text := v.Value
		if strings.HasPrefix(text, "execute-api:/") {
			if opts.API.IsZero() {
				fail(v, "resource %q is the API Gateway shorthand, which needs the API it is attached to: give the API's ARN (CompileOptions.API, --api)", text)
				continue
			}
			var ok bool
			if text, ok = opts.API.ExpandShorthand(text); !ok {
				fail(v, "resource %q could not be expanded for API %s", v.Value, opts.API)
				continue
			}
		}
		p, err := pc.compile(text, wildcard.ARN, vars)
		if err != nil {
			fail(v, "invalid %s %q: %s", src.Resource.Name, v.Value, patternError(err, len(text)-len(v.Value)))
			continue
		}
		st.resources = append(st.resources, p)
		st.resourceTexts = append(st.resourceTexts, text)
	}
	if len(src.Resource.Values) == 0 {
		fail(policy.Text{Pos: src.Pos, Path: src.Path}, "statement has no Resource or NotResource: parse documents with policy.Parse")
	}
	if !st.resourceNot && len(st.resources) > 0 {
		st.prefix = st.resources[0].LiteralPrefix()
		for _, p := range st.resources[1:] {
			st.prefix = commonPrefix(st.prefix, p.LiteralPrefix())
		}
	}

	for i := range src.Conditions {
		c, err := compileCondition(d.File, &src.Conditions[i], d.Version)
		if err != nil {
			errs = append(errs, policy.AsList(err)...)
			continue
		}
		st.conditions = append(st.conditions, c)
	}
	return st, errs
}

// shareResourcePrefix finds the literal text that begins the resource
// patterns of the statements (at least the five colons before the resource
// part, so that what remains is matched by the same rules in Like mode) and
// gives each statement whose every pattern begins with it a second set of
// patterns for the rest: Decide then compares that text once per request
// instead of once per statement.
func (s *PolicySet) shareResourcePrefix(pc patternCache) {
	shared, first := "", true
	for i := range s.stmts {
		for _, p := range s.stmts[i].resources {
			lp := p.LiteralPrefix()
			if strings.Count(lp, ":") < 5 {
				continue
			}
			if first {
				shared, first = lp, false
			} else {
				shared = commonPrefix(shared, lp)
			}
		}
	}
	// Literal prefixes are valid UTF-8, but their common prefix may end
	// inside a character (é and è share their first byte): cut it back to
	// a whole character, or the tails would begin with half of one.
	for !utf8.ValidString(shared) {
		shared = shared[:len(shared)-1]
	}
	if strings.Count(shared, ":") < 5 {
		return
	}
	s.shared = shared
	for i := range s.stmts {
		st := &s.stmts[i]
		var tails []*wildcard.Pattern
		for j, p := range st.resources {
			text := st.resourceTexts[j]
			// The split is made in the pattern's source text, so the source
			// must spell the shared prefix literally: no policy variable
			// (${$} reads as "$") may begin inside it or right at its end.
			vars := s.docs[st.doc].Version.SupportsVariables()
			if !strings.HasPrefix(p.LiteralPrefix(), shared) || !strings.HasPrefix(text, shared) ||
				vars && strings.Contains(text[:min(len(text), len(shared)+1)], "${") {
				tails = nil
				break
			}
			// The rest lies wholly in the resource part, where ARN and Like
			// rules agree; it compiled once already, so it compiles again.
			t, err := pc.compile(text[len(shared):], wildcard.Like, vars)
			if err != nil {
				tails = nil
				break
			}
			tails = append(tails, t)
		}
		st.tails = tails
		for j, t := range tails {
			var b pairSet
			for _, lit := range t.Required() {
				b.addString(lit)
			}
			if j == 0 {
				st.need = b
			} else {
				st.need = st.need.intersect(b)
			}
		}
	}
}

// patternCache compiles each action and resource pattern of one Compile
// once: documents repeat them (every statement of an authorizer's policy
// may name execute-api:Invoke and the same method ARN), and a compiled
// pattern is immutable, so statements may share it.
type patternCache map[patternKey]patternResult

type patternKey struct {
	text string
	mode wildcard.Mode
	vars bool
}

type patternResult struct {
	p   *wildcard.Pattern
	err error
}

func (pc patternCache) compile(text string, mode wildcard.Mode, vars bool) (*wildcard.Pattern, error) {
	if pc == nil { // one statement: nothing repeats
		return wildcard.Compile(text, mode, vars)
	}
	k := patternKey{text, mode, vars}
	if r, ok := pc[k]; ok {
		return r.p, r.err
	}
	p, err := wildcard.Compile(text, mode, vars)
	pc[k] = patternResult{p, err}
	return p, err
}

func countStatements(docs []*policy.Document) int {
	n := 0
	for _, d := range docs {
		if d != nil {
			n += len(d.Statements)
		}
	}
	return n
}

// pairSet is a 128-bit Bloom-style set of the adjacent byte pairs of some
// strings: if a literal occurs in a string, every pair of the literal is a
// pair of the string. It turns most statements down with two AND
// operations, before any pattern is tried.
type pairSet [2]uint64

func (s *pairSet) addString(str string) {
	lo, hi := s[0], s[1]
	for i := 1; i < len(str); i++ {
		// A branch measured faster here than a branch-free mask.
		if h := (str[i-1]<<3 ^ str[i]) & 127; h&64 != 0 {
			hi |= 1 << (h & 63)
		} else {
			lo |= 1 << (h & 63)
		}
	}
	s[0], s[1] = lo, hi
}

func (s pairSet) intersect(o pairSet) pairSet { return pairSet{s[0] & o[0], s[1] & o[1]} }

// within reports whether every pair of s is in o.
func (s *pairSet) within(o *pairSet) bool { return s[0]&^o[0] == 0 && s[1]&^o[1] == 0 }

// patternError words a wildcard compile error for the value as written:
// shift is how much longer the compiled text was (shorthand expansion).
func patternError(err error, shift int) string {
	var we *wildcard.Error
	if errors.As(err, &we) {
		return fmt.Sprintf("%s at byte %d", we.Msg, max(0, we.Offset-shift)+1)
	}
	return err.Error()
}

func commonPrefix(a, b string) string {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	return a[:i]
}

// Documents returns the documents the set was compiled from, in order.
// The slice is the caller's; the documents are shared, and changing them
// does not change the compiled set.
func (s *PolicySet) Documents() []*policy.Document { return slices.Clone(s.docs) }

// Len returns the number of statements in the set.
func (s *PolicySet) Len() int { return len(s.stmts) }
