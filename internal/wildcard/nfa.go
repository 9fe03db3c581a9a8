package wildcard

import (
	"math/bits"
	"sync"
	"unicode"
	"unicode/utf8"
)

// nfaToken is one step of a pattern piece for nfaMatch: a literal
// character, `?` or `*` (or, in a Pattern's program, a variable whose slot
// index is char).
type nfaToken struct {
	kind  elemKind // elemText (one character), elemOne, elemStar or elemVar
	cross bool     // the wildcard may match ':'
	char  rune
	// zone is, for a star, the lowest state the star dominates: see
	// setZones.
	zone int
}

// invalidByte stands for a byte of the value that is not valid UTF-8. It
// equals no literal character: a pattern's invalid bytes were read as
// U+FFFD, which only a real U+FFFD in the value matches, as with gobwas.
const invalidByte rune = -1

// newNFA turns the elements of a piece (no variables) into tokens, one per
// literal character.
func newNFA(elems []elem) []nfaToken {
	toks := appendTokens(nil, elems)
	setZones(toks)
	return toks
}

// appendTokens appends the tokens of elems (no variables) to toks.
func appendTokens(toks []nfaToken, elems []elem) []nfaToken {
	for _, e := range elems {
		switch e.kind {
		case elemText:
			for _, r := range e.text {
				toks = append(toks, nfaToken{kind: elemText, char: r})
			}
		default:
			toks = append(toks, nfaToken{kind: e.kind, cross: e.cross})
		}
	}
	return toks
}

// setZones sets the zone of every star of toks. The states of the
// automaton are the positions between tokens; a star "dominates" a lower
// state j when every string the rest of the pattern accepts from state j
// it also accepts from the star's state: then, once the star is live, a
// thread at j adds nothing and nfaMatch drops it. Every path from j to the
// end passes through the star's state, having consumed some text with the
// tokens in between, which the star can consume as well when it crosses
// ':' (then zone is 0: it dominates every lower state) or when none of
// those tokens can consume a ':' (then zone is the state just after the
// last token before the star that can).
//
// This is what keeps nfaMatch linear on patterns such as `*?*?*?...`: of
// the threads between two stars only those after the highest live star
// survive, so the live states are at most those of one run of text and `?`
// between two stars (one such run per segment in the first segments of an
// ARN, whose stars do not cross ':').
func setZones(toks []nfaToken) {
	last := 0 // the state after the last token that can consume ':'
	for i := range toks {
		t := &toks[i]
		if t.kind == elemStar {
			t.zone = last
			if t.cross {
				t.zone = 0
			}
		}
		if t.kind == elemText && t.char == ':' || t.kind != elemText && t.cross {
			last = i + 1
		}
	}
}

// nfaWords is the size of the state sets nfaMatch keeps on the stack:
// pieces of up to 64*nfaWords-1 tokens need no pool.
const nfaWords = 4

var nfaPool = sync.Pool{New: func() any { return new([]uint64) }}

// nfaSet is a set of states: a bit set whose nonzero words all lie in
// w[lo:hi+1] (lo > hi when it is empty).
type nfaSet struct {
	w      []uint64
	lo, hi int
}

// add adds the state st and those reachable from it by skipping stars (a
// star may match nothing).
func (set *nfaSet) add(toks []nfaToken, st int) {
	for {
		set.w[st/64] |= 1 << (st % 64)
		set.lo, set.hi = min(set.lo, st/64), max(set.hi, st/64)
		if st == len(toks) || toks[st].kind != elemStar {
			return
		}
		st++
	}
}

// nfaMatch reports whether the whole of s matches toks, whose stars have
// their zones set. It simulates the pattern as a nondeterministic
// automaton whose states are the positions between tokens, keeping the
// set of live states as a bit set, so it takes O(len(s) * len(toks)) time
// at worst for any pattern: no backtracking, no exponential case. The
// live states dominated by a live star are dropped (see setZones), which
// makes it O(len(s)) times the longest run of text and `?` between two
// stars on most patterns. It does not allocate for pieces of fewer than
// 64*nfaWords tokens (and reuses pooled sets beyond).
func nfaMatch(toks []nfaToken, s string) bool {
	words := (len(toks) + 64) / 64 // states 0..len(toks)
	var (
		stack [2 * nfaWords]uint64
		sets  []uint64
	)
	if words <= nfaWords {
		sets = stack[:2*words]
	} else {
		pooled := nfaPool.Get().(*[]uint64)
		if cap(*pooled) < 2*words {
			*pooled = make([]uint64, 2*words)
		}
		sets = (*pooled)[:2*words]
		clear(sets)
		defer nfaPool.Put(pooled)
	}
	empty := func(w []uint64) nfaSet { return nfaSet{w: w, lo: len(w), hi: -1} }
	cur, next := empty(sets[:words]), empty(sets[words:])
	cur.add(toks, 0)
	end := len(toks)
	for i := 0; i < len(s); {
		c, w := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && w == 1 {
			c = invalidByte
		}
		i += w
		// Walk the live states from the highest down, so that the stars
		// met so far are the ones above the current state: minZone is the
		// lowest state they dominate.
		minZone := end + 1
		for wi := cur.hi; wi >= cur.lo; wi-- {
			word := cur.w[wi]
			cur.w[wi] = 0 // leaves cur empty for the next step
			for word != 0 {
				b := 63 - bits.LeadingZeros64(word)
				word &^= 1 << b
				st := wi*64 + b
				if st >= minZone || st == end {
					continue // dominated, or the end state (which consumes nothing)
				}
				t := &toks[st]
				fits := t.cross || c != ':'
				switch {
				case t.kind == elemText && t.char == c,
					t.kind == elemOne && fits:
					next.add(toks, st+1)
				case t.kind == elemStar:
					minZone = min(minZone, t.zone)
					if fits {
						next.add(toks, st)
					}
				}
			}
		}
		if next.lo > next.hi {
			return false
		}
		cur, next = next, empty(cur.w)
	}
	return cur.w[end/64]&(1<<(end%64)) != 0
}

// newProgram is newNFA for a whole pattern with variables: each variable
// becomes one elemVar token holding its slot index (variables are numbered
// in order, as Compile numbers the slots).
func newProgram(elems []elem) []nfaToken {
	var toks []nfaToken
	slot := 0
	for _, e := range elems {
		if e.kind == elemVar {
			toks = append(toks, nfaToken{kind: elemVar, char: rune(slot)})
			slot++
			continue
		}
		toks = appendTokens(toks, []elem{e})
	}
	return toks
}

// programMin is the fewest bytes a string matching the program toks has,
// not counting the values of its variables: the literal characters' and
// one per `?`.
func programMin(toks []nfaToken) int {
	n := 0
	for _, t := range toks {
		switch t.kind {
		case elemText:
			n += utf8.RuneLen(t.char)
		case elemOne:
			n++
		}
	}
	return n
}

// progTokens is how many expanded tokens matchProgram keeps on the stack.
const progTokens = 128

var progPool = sync.Pool{New: func() any { return new([]nfaToken) }}

// matchProgram matches a pattern that has wildcards before a variable. The
// values of the variables are fixed for the whole match, so they are
// substituted, as literal characters, into the program, and the result is
// simulated once by nfaMatch: O(len(s) * (tokens + value lengths)) time
// at worst and, as for a piece without variables, O(len(s)) times the
// longest run of text and `?` between two stars on most patterns; never
// the cubic cost of searching every placement of every value. It
// does not allocate for short expansions (and reuses pooled buffers
// beyond).
func (p *Pattern) matchProgram(s string, r Resolver) bool {
	var values [8]string
	vals := values[:0]
	if len(p.slots) > len(values) {
		vals = make([]string, 0, len(p.slots)) // more than eight variables: rare
	}
	n, minLen := len(p.program), p.programMin
	for i := range p.slots {
		v, ok := p.slots[i].resolve(r)
		if !ok {
			return false
		}
		vals = append(vals, v)
		k := utf8.RuneCountInString(v)
		n += k
		minLen += k // each character of a value is at least one byte of s
	}
	if len(s) < minLen {
		return false // as the prechecks of a piece without variables
	}
	if n > progTokens {
		pooled := progPool.Get().(*[]nfaToken)
		toks := p.expand((*pooled)[:0], vals)
		ok := nfaMatch(toks, s)
		*pooled = toks[:0] // keep the grown buffer
		progPool.Put(pooled)
		return ok
	}
	var stack [progTokens]nfaToken
	return nfaMatch(p.expand(stack[:0], vals), s)
}

// expand appends to toks the program with the variables' values
// substituted.
func (p *Pattern) expand(toks []nfaToken, vals []string) []nfaToken {
	for _, t := range p.program {
		if t.kind != elemVar {
			toks = append(toks, t)
			continue
		}
		// Substituted text is literal (an invalid byte reads as U+FFFD,
		// as in a pattern).
		for _, c := range vals[t.char] {
			if p.mode == Action {
				c = unicode.ToLower(c) // as the pattern was lower-cased
			}
			toks = append(toks, nfaToken{kind: elemText, char: c})
		}
	}
	setZones(toks)
	return toks
}
