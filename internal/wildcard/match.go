package wildcard

import (
	"math/bits"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Match reports whether the whole of s matches the pattern. In Action mode s
// must already be lower-cased with strings.ToLower. r supplies the values of
// the policy variables; it may be nil, and then no variable resolves. A
// variable that does not resolve and has no default makes Match return
// false.
//
// Match does not allocate.
func (p *Pattern) Match(s string, r Resolver) bool {
	if len(p.slots) == 0 {
		return p.whole.match(s)
	}
	if p.linear {
		return p.matchLinear(s, r)
	}
	return p.matchSearch(s, r)
}

// match reports whether the whole of s matches the piece.
func (pc *piece) match(s string) bool {
	switch pc.kind {
	case pieceLiteral:
		return s == pc.lit
	case pieceFold:
		return strings.EqualFold(s, pc.lit)
	case piecePrefix:
		return strings.HasPrefix(s, pc.lit)
	case piecePrefixSeg:
		return strings.HasPrefix(s, pc.lit) && strings.IndexByte(s[len(pc.lit):], ':') < 0
	case pieceAll:
		return true
	case pieceStars:
		return pc.matchStars(s)
	case pieceGlob, pieceNFA:
		if len(s) < pc.minLen ||
			!strings.HasPrefix(s, pc.lit) ||
			!strings.HasSuffix(s, pc.suffix) ||
			!strings.Contains(s[len(pc.lit):len(s)-len(pc.suffix)], pc.inner) {
			return false
		}
		if pc.kind == pieceNFA {
			return nfaMatch(pc.nfa, s)
		}
		return pc.g.Match(s)
	}
	return false
}

// matchStars matches a pieceStars: the first part at the start, the last
// at the end, and each part in between at its leftmost place after the
// previous one. Greedy leftmost placement is exact because every `*`
// matches any run of characters.
func (pc *piece) matchStars(s string) bool {
	first, last := pc.parts[0], pc.parts[len(pc.parts)-1]
	if len(s) < pc.minLen || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	mid := s[len(first) : len(s)-len(last)]
	for _, part := range pc.parts[1 : len(pc.parts)-1] {
		i := strings.Index(mid, part)
		if i < 0 {
			return false
		}
		mid = mid[i+len(part):]
	}
	return true
}

// prefixLen matches a literal piece (pieceLiteral or pieceFold) against the
// beginning of s and returns the number of bytes of s it covers.
func (pc *piece) prefixLen(s string) (int, bool) {
	if pc.kind == pieceFold {
		return valuePrefix(s, pc.lit, cmpFold)
	}
	if strings.HasPrefix(s, pc.lit) {
		return len(pc.lit), true
	}
	return 0, false
}

// matchLinear matches a pattern whose pieces before the last variable are
// all literal: every variable then sits at a known position of s.
func (p *Pattern) matchLinear(s string, r Resolver) bool {
	pos := 0
	for i := range p.slots {
		n, ok := p.pieces[i].prefixLen(s[pos:])
		if !ok {
			return false
		}
		pos += n
		v, ok := p.slots[i].resolve(r)
		if !ok {
			return false
		}
		if n, ok = valuePrefix(s[pos:], v, p.cmp); !ok {
			return false
		}
		pos += n
	}
	return p.pieces[len(p.slots)].match(s[pos:])
}

// stackWords is the size of the position sets matchSearch keeps on the
// stack: values up to 64*stackWords-1 bytes long need no pool.
const stackWords = 8

// setPool holds the position sets of matchSearch for longer values.
var setPool = sync.Pool{New: func() any { return new([]uint64) }}

// matchSearch matches a pattern with wildcards before a variable. It walks
// the pieces left to right keeping the set of positions of s where the next
// piece may start (a bit set over the byte offsets), so each piece is tried
// at most once per pair of start and end positions: the cost is polynomial
// (at worst quadratic in len(s) per variable) whatever the number of
// variables, never exponential. Pieces that begin or end with a `*` that
// crosses everything need one start or one end only; see step.
func (p *Pattern) matchSearch(s string, r Resolver) bool {
	words := len(s)/64 + 1
	var (
		stack  [2 * stackWords]uint64
		set    []uint64
		pooled *[]uint64
	)
	if words <= stackWords {
		set = stack[:2*words]
	} else {
		pooled = setPool.Get().(*[]uint64)
		if cap(*pooled) < 2*words {
			*pooled = make([]uint64, 2*words)
		}
		set = (*pooled)[:2*words]
		clear(set)
		defer setPool.Put(pooled)
	}
	cur, next := set[:words], set[words:]
	cur[0] = 1 // the first piece starts at 0
	for i := range p.slots {
		v, ok := p.slots[i].resolve(r)
		if !ok {
			return false
		}
		clear(next)
		if !p.step(&p.pieces[i], s, cur, v, next) {
			return false
		}
		cur, next = next, cur
	}
	last := &p.pieces[len(p.slots)]
	for w, word := range cur {
		for word != 0 {
			start := w*64 + bits.TrailingZeros64(word)
			word &= word - 1
			if last.match(s[start:]) {
				return true
			}
		}
	}
	return false
}

// step adds to next every position of s where the piece pc, started at a
// position in cur, and the variable value v after it can end. It reports
// whether it added any.
func (p *Pattern) step(pc *piece, s string, cur []uint64, v string, next []uint64) bool {
	if pc.leftOpen {
		// A piece that starts with a `*` crossing everything matches
		// whatever it matches from a later start from the first start too:
		// the later starts add nothing.
		start := firstBit(cur)
		if pc.open {
			e, ok := pc.firstEnd(s, start, -1)
			return ok && p.ends(nil, s, 0, e, v, next)
		}
		return p.ends(pc, s, start, start, v, next)
	}
	if pc.open {
		// A piece that ends with a `*` crossing everything matches from
		// start to every position after the first one it matches to: only
		// the smallest such end over all starts matters.
		best := -1
	starts:
		for w, word := range cur {
			for word != 0 {
				start := w*64 + bits.TrailingZeros64(word)
				word &= word - 1
				if best >= 0 && start >= best {
					break starts
				}
				if e, ok := pc.firstEnd(s, start, best); ok {
					best = e
				}
			}
		}
		return best >= 0 && p.ends(nil, s, 0, best, v, next)
	}
	found := false
	for w, word := range cur {
		for word != 0 {
			start := w*64 + bits.TrailingZeros64(word)
			word &= word - 1
			if pc.kind == pieceLiteral || pc.kind == pieceFold {
				n, ok := pc.prefixLen(s[start:])
				if !ok {
					continue
				}
				if m, ok := valuePrefix(s[start+n:], v, p.cmp); ok {
					setBit(next, start+n+m)
					found = true
				}
				continue
			}
			if p.ends(pc, s, start, start, v, next) {
				found = true
			}
		}
	}
	return found
}

// firstEnd returns the first character boundary end of s, below limit when
// limit is not negative, such that the open piece pc matches s[start:end].
func (pc *piece) firstEnd(s string, start, limit int) (int, bool) {
	if pc.kind == pieceAll || pc.kind == piecePrefix {
		// A literal, then anything.
		e := start + len(pc.lit)
		return e, strings.HasPrefix(s[start:], pc.lit) && (limit < 0 || e < limit)
	}
	if !pc.match(s[start:]) {
		return 0, false
	}
	for e := start; limit < 0 || e < limit; {
		if pc.match(s[start:e]) {
			return e, true
		}
		if e == len(s) {
			break
		}
		_, w := utf8.DecodeRuneInString(s[e:])
		e += w
	}
	return 0, false
}

// ends adds to next the end of every occurrence of the variable value v in
// s at or after the position from, when pc is nil or matches s from start
// to the occurrence. It reports whether it added any.
func (p *Pattern) ends(pc *piece, s string, start, from int, v string, next []uint64) bool {
	found := false
	if p.cmp == cmpExact && v != "" && utf8.ValidString(v) {
		// v can only occur at a character boundary of s.
		for end := from; end < len(s); end++ {
			j := strings.Index(s[end:], v)
			if j < 0 {
				break
			}
			end += j
			if pc == nil || pc.match(s[start:end]) {
				setBit(next, end+len(v))
				found = true
			}
		}
		return found
	}
	for end := from; ; {
		if m, ok := valuePrefix(s[end:], v, p.cmp); ok && (pc == nil || pc.match(s[start:end])) {
			setBit(next, end+m)
			found = true
		}
		if end == len(s) {
			return found
		}
		_, w := utf8.DecodeRuneInString(s[end:])
		end += w
	}
}

func setBit(set []uint64, i int) { set[i/64] |= 1 << (i % 64) }

// firstBit returns the smallest position in a non-empty set.
func firstBit(set []uint64) int {
	for w, word := range set {
		if word != 0 {
			return w*64 + bits.TrailingZeros64(word)
		}
	}
	return -1
}

// cmpKind tells how the text of a policy variable is compared with a value.
type cmpKind uint8

const (
	cmpExact cmpKind = iota // byte for byte (ARN, Like, Exact)
	cmpLower                // with the text lower-cased (Action)
	cmpFold                 // as strings.EqualFold does (ExactFold)
)

// valuePrefix reports whether s starts with the literal text v, compared the
// cmp way, and returns the number of bytes of s it covers. Like the pattern
// text, v is read character by character with each invalid byte taken as
// U+FFFD: an invalid byte of v matches the encoding of U+FFFD in s, never an
// invalid byte of s (the fold comparison, like strings.EqualFold, matches
// both).
func valuePrefix(s, v string, cmp cmpKind) (int, bool) {
	if cmp == cmpExact && utf8.ValidString(v) {
		if strings.HasPrefix(s, v) {
			return len(v), true
		}
		return 0, false
	}
	i := 0
	for j := 0; j < len(v); {
		if i == len(s) {
			return 0, false
		}
		rv, wv := rune(v[j]), 1
		if rv >= utf8.RuneSelf {
			rv, wv = utf8.DecodeRuneInString(v[j:])
		}
		rs, ws := rune(s[i]), 1
		if rs >= utf8.RuneSelf {
			rs, ws = utf8.DecodeRuneInString(s[i:])
		}
		switch cmp {
		case cmpExact:
			if rs != rv || ws != utf8.RuneLen(rv) {
				return 0, false
			}
		case cmpLower:
			want := unicode.ToLower(rv)
			if rs != want || ws != utf8.RuneLen(want) {
				return 0, false
			}
		case cmpFold:
			if !foldEqual(rs, rv) {
				return 0, false
			}
		}
		i += ws
		j += wv
	}
	return i, true
}

// foldEqual reports whether a and b are equal under simple Unicode case
// folding, the way strings.EqualFold compares two characters.
func foldEqual(a, b rune) bool {
	if a == b {
		return true
	}
	if b < a {
		a, b = b, a
	}
	if b < utf8.RuneSelf {
		return 'A' <= a && a <= 'Z' && b == a+'a'-'A'
	}
	r := unicode.SimpleFold(a)
	for r != a && r < b {
		r = unicode.SimpleFold(r)
	}
	return r == b
}
