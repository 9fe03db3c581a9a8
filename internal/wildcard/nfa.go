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
	char  rune
	cross bool // the wildcard may match ':'
}

// invalidByte stands for a byte of the value that is not valid UTF-8. It
// equals no literal character: a pattern's invalid bytes were read as
// U+FFFD, which only a real U+FFFD in the value matches, as with gobwas.
const invalidByte rune = -1

// newNFA turns the elements of a piece (no variables) into tokens, one per
// literal character.
func newNFA(elems []elem) []nfaToken {
	var toks []nfaToken
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

// nfaWords is the size of the state sets nfaMatch keeps on the stack:
// pieces of up to 64*nfaWords-1 tokens need no pool.
const nfaWords = 4

var nfaPool = sync.Pool{New: func() any { return new([]uint64) }}

// nfaMatch reports whether the whole of s matches toks. It simulates the
// pattern as a nondeterministic automaton whose states are the positions
// between tokens, keeping the set of live states as a bit set, so it takes
// O(len(s) * len(toks)) time for any pattern: no backtracking, no
// exponential case. It does not allocate for pieces of fewer than
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
	cur, next := sets[:words], sets[words:]
	cur[0] = 1
	nfaClose(toks, cur)
	for i := 0; i < len(s); {
		c, w := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && w == 1 {
			c = invalidByte
		}
		i += w
		clear(next)
		live := false
		for wi, word := range cur {
			for word != 0 {
				st := wi*64 + bits.TrailingZeros64(word)
				word &= word - 1
				if st == len(toks) {
					continue // the end state consumes nothing
				}
				t := &toks[st]
				fits := t.cross || c != ':'
				switch {
				case t.kind == elemText && t.char == c,
					t.kind == elemOne && fits:
					next[(st+1)/64] |= 1 << ((st + 1) % 64)
					live = true
				case t.kind == elemStar && fits:
					next[st/64] |= 1 << (st % 64)
					live = true
				}
			}
		}
		if !live {
			return false
		}
		nfaClose(toks, next)
		cur, next = next, cur
	}
	end := len(toks)
	return cur[end/64]&(1<<(end%64)) != 0
}

// nfaClose adds to set the states reachable by skipping stars (a star may
// match nothing). Walking upwards handles runs of stars in one pass.
func nfaClose(toks []nfaToken, set []uint64) {
	for st := range toks {
		if toks[st].kind == elemStar && set[st/64]&(1<<(st%64)) != 0 {
			set[(st+1)/64] |= 1 << ((st + 1) % 64)
		}
	}
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
		toks = append(toks, newNFA([]elem{e})...)
	}
	return toks
}

// progTokens is how many expanded tokens matchProgram keeps on the stack.
const progTokens = 128

var progPool = sync.Pool{New: func() any { return new([]nfaToken) }}

// matchProgram matches a pattern that has wildcards before a variable. The
// values of the variables are fixed for the whole match, so they are
// substituted, as literal characters, into the program, and the result is
// simulated once by nfaMatch: O(len(s) * (tokens + value lengths)) time,
// never the cubic cost of searching every placement of every value. It
// does not allocate for short expansions (and reuses pooled buffers
// beyond).
func (p *Pattern) matchProgram(s string, r Resolver) bool {
	var values [8]string
	vals := values[:0]
	if len(p.slots) > len(values) {
		vals = make([]string, 0, len(p.slots)) // more than eight variables: rare
	}
	n := len(p.program)
	for i := range p.slots {
		v, ok := p.slots[i].resolve(r)
		if !ok {
			return false
		}
		vals = append(vals, v)
		n += utf8.RuneCountInString(v)
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
	return toks
}
