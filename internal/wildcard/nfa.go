package wildcard

import (
	"math/bits"
	"sync"
	"unicode/utf8"
)

// nfaToken is one step of a pattern piece for nfaMatch: a literal
// character, `?` or `*`.
type nfaToken struct {
	kind  elemKind // elemText (one character), elemOne or elemStar
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
