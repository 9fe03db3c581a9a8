package wildcard

import (
	"strings"
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
	return p.matchProgram(s, r)
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
