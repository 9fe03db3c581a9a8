package wildcard

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// elemKind tells what an element of a parsed pattern is.
type elemKind uint8

const (
	elemText elemKind = iota // literal text
	elemStar                 // `*` (a run of stars is one element)
	elemOne                  // `?`
	elemVar                  // a policy variable
)

// elem is one element of a parsed pattern.
type elem struct {
	kind elemKind
	// text is the literal for elemText (valid UTF-8, lower-cased in Action
	// mode) and the default value for elemVar (as written, unescaped).
	text string
	// name is the lower-cased key name of an elemVar.
	name string
	// hasDefault tells whether an elemVar has a default value.
	hasDefault bool
	// cross tells whether an elemStar or elemOne may match `:`; see
	// [markSegments].
	cross bool
}

// spaces are the characters ignored around a variable name and its default.
const spaces = " \t\n\r"

// parse splits src into elements. Adjacent literal characters make one
// elemText; `*` and `?` are wildcards only when mode has wildcards, and
// `${...}` is a variable only when variables is set. Each byte that is not
// valid UTF-8 becomes U+FFFD, as encoding/json reads it in a policy (gobwas
// rejects invalid UTF-8 in a glob).
//
// Adjacent stars make one elemStar: a run of stars matches what its last
// star matches, since in ARN mode only the last one can end its segment.
// This also keeps two stars from being written as gobwas' `**`.
func parse(src string, mode Mode, variables bool) ([]elem, error) {
	var (
		elems []elem
		lit   strings.Builder
	)
	flush := func() {
		if lit.Len() == 0 {
			return
		}
		t := lit.String()
		if mode == Action {
			t = strings.ToLower(t)
		}
		elems = append(elems, elem{kind: elemText, text: t})
		lit.Reset()
	}
	wild := mode.wildcards()
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case variables && c == '$' && i+1 < len(src) && src[i+1] == '{':
			v, special, end, err := parseVariable(src, i)
			if err != nil {
				return nil, err
			}
			if special != 0 {
				lit.WriteByte(special)
			} else {
				flush()
				elems = append(elems, v)
			}
			i = end
		case wild && c == '*':
			flush()
			if n := len(elems); n == 0 || elems[n-1].kind != elemStar {
				elems = append(elems, elem{kind: elemStar})
			}
			i++
		case wild && c == '?':
			flush()
			elems = append(elems, elem{kind: elemOne})
			i++
		default:
			r, w := utf8.DecodeRuneInString(src[i:])
			if r == utf8.RuneError && w == 1 {
				lit.WriteRune(utf8.RuneError)
			} else {
				lit.WriteString(src[i : i+w])
			}
			i += w
		}
	}
	flush()
	return elems, nil
}

// parseVariable parses the policy variable that starts with the `${` at
// src[start:]. It returns the variable, or the character a special variable
// (`${*}`, `${?}`, `${$}`) stands for, and the offset just past the closing
// `}`.
//
// The grammar, from IAM-VARIABLES: `${` name `}` or
// `${` name `,` `'` default `'` `}`, spaces allowed around the name and the
// quoted default, and two single quotes in a row inside the quotes
// standing for one.
func parseVariable(src string, start int) (v elem, special byte, end int, err error) {
	fail := func(off int, msg string) (elem, byte, int, error) {
		return elem{}, 0, 0, &Error{Src: src, Offset: off, Msg: msg}
	}
	const unclosed = "policy variable with no closing '}'"
	nameStart := start + 2
	k := strings.IndexAny(src[nameStart:], ",}")
	if k < 0 {
		return fail(start, unclosed)
	}
	raw := src[nameStart : nameStart+k]
	name := strings.Trim(raw, spaces)
	if name == "" {
		return fail(start, "empty policy variable")
	}
	switch name {
	case "*", "?", "$":
		special = name[0]
	default:
		if j := strings.IndexAny(name, "${'"); j >= 0 {
			lead := len(raw) - len(strings.TrimLeft(raw, spaces))
			return fail(nameStart+lead+j, "invalid character "+quoteRuneAt(name, j)+" in policy variable name")
		}
	}
	p := nameStart + k
	if src[p] == ',' {
		p = skipSpaces(src, p+1)
		if p == len(src) {
			return fail(start, unclosed)
		}
		if src[p] != '\'' {
			return fail(p, "policy variable default value not in single quotes")
		}
		quote := p
		var b strings.Builder
		for p++; ; p++ {
			if p == len(src) {
				return fail(quote, "unterminated default value of policy variable")
			}
			if src[p] == '\'' {
				if p+1 < len(src) && src[p+1] == '\'' {
					b.WriteByte('\'')
					p++
					continue
				}
				break
			}
			b.WriteByte(src[p])
		}
		p = skipSpaces(src, p+1)
		if p == len(src) {
			return fail(start, unclosed)
		}
		if src[p] != '}' {
			return fail(p, "unexpected "+quoteRuneAt(src, p)+" after the default value of policy variable")
		}
		v.text = b.String()
		v.hasDefault = true
	}
	v.kind = elemVar
	v.name = strings.ToLower(name)
	return v, special, p + 1, nil
}

// skipSpaces returns the offset of the first byte at or after i that is not
// one of spaces.
func skipSpaces(s string, i int) int {
	for i < len(s) && strings.IndexByte(spaces, s[i]) >= 0 {
		i++
	}
	return i
}

// quoteRuneAt quotes the character at s[i:] for an error message.
func quoteRuneAt(s string, i int) string {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return strconv.QuoteRune(r)
}

// markSegments sets the cross flag of the wildcards of an ARN pattern
// (D13). The segment of a wildcard is the number of `:` in the
// literal pattern text before it, capped at 5; colons that a variable
// substitutes at match time do not count. In the resource part (segment 5)
// every wildcard crosses `:`. Before it, `?` never does, and `*` does only
// when it is the last character of its segment, that is, when the pattern
// ends right after it or continues with a literal `:`.
//
// With finalCrosses false (ArnLike mode) a segment-final `*` does not cross
// `:` either.
func markSegments(elems []elem, finalCrosses bool) {
	colons := 0
	for i := range elems {
		e := &elems[i]
		switch e.kind {
		case elemText:
			if colons < 5 {
				colons = min(5, colons+strings.Count(e.text, ":"))
			}
		case elemStar:
			e.cross = colons >= 5 || finalCrosses && (i+1 == len(elems) ||
				(elems[i+1].kind == elemText && elems[i+1].text[0] == ':'))
		case elemOne:
			e.cross = colons >= 5
		}
	}
}
