package apigw

import (
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// tokenMatcher matches a token against a validation expression as a
// whole. Most expressions are a literal prefix and one repeated character
// class (`[A-Za-z0-9._-]+`, `Bearer [\w.-]{20,}`, `\w{5}`); those match
// with a byte table, several times faster than regexp. Anything else goes to
// regexp. FuzzTokenMatcher checks the fast path against regexp.
type tokenMatcher struct {
	re *regexp.Regexp
	// fast path, when simple is set: prefix, then min..max bytes (max -1:
	// unbounded) all in class.
	simple   bool
	prefix   string
	class    [256]bool
	min, max int
}

func newTokenMatcher(expr string) (*tokenMatcher, error) {
	re, err := regexp.Compile(`^(?:` + expr + `)$`)
	if err != nil {
		return nil, err
	}
	m := &tokenMatcher{re: re}
	m.simple = m.analyse(expr)
	return m, nil
}

// analyse recognises a literal followed by one repeated ASCII character
// class, with no anchors or flags that change their meaning.
func (m *tokenMatcher) analyse(expr string) bool {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return false
	}
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		subs = re.Sub
	}
	if len(subs) == 0 || len(subs) > 2 {
		return false
	}
	if len(subs) == 2 {
		lit := subs[0]
		if lit.Op != syntax.OpLiteral || lit.Flags&syntax.FoldCase != 0 {
			return false
		}
		for _, r := range lit.Rune {
			if r >= utf8.RuneSelf {
				return false
			}
			m.prefix += string(r)
		}
	}
	rep := subs[len(subs)-1]
	switch rep.Op {
	case syntax.OpStar:
		m.min, m.max = 0, -1
	case syntax.OpPlus:
		m.min, m.max = 1, -1
	case syntax.OpRepeat:
		m.min, m.max = rep.Min, rep.Max
	default:
		return false
	}
	if len(rep.Sub) != 1 || rep.Sub[0].Op != syntax.OpCharClass {
		return false
	}
	cc := rep.Sub[0].Rune
	for i := 0; i+1 < len(cc); i += 2 {
		lo, hi := cc[i], cc[i+1]
		if hi >= utf8.RuneSelf {
			return false
		}
		for r := lo; r <= hi; r++ {
			m.class[r] = true
		}
	}
	return true
}

// match reports whether the whole token matches. It does not allocate.
func (m *tokenMatcher) match(token string) bool {
	if !m.simple {
		return m.re.MatchString(token)
	}
	return matchSimple(m, token)
}

// matchBytes is match for text held in bytes, such as a claim read from a
// token's payload in place. The fast path reads the bytes where they are;
// regexp copies them, so that they stay on the caller's stack.
func (m *tokenMatcher) matchBytes(text []byte) bool {
	if !m.simple {
		return m.re.MatchString(string(text))
	}
	return matchSimple(m, text)
}

// matchSimple is the fast path: the prefix, then min..max bytes of the
// class.
func matchSimple[T ~string | ~[]byte](m *tokenMatcher, token T) bool {
	if len(token) < len(m.prefix) || string(token[:len(m.prefix)]) != m.prefix {
		return false
	}
	rest := token[len(m.prefix):]
	if len(rest) < m.min || m.max >= 0 && len(rest) > m.max {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if !m.class[rest[i]] {
			return false
		}
	}
	return true
}
