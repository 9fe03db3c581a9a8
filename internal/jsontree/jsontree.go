// Package jsontree parses JSON into a tree that remembers where every value
// and object key stood in the source, keeps object members in source order
// and keeps duplicate keys, so that the policy parser can report problems
// with line, column and JSON path, and can reject what AWS rejects.
//
// It accepts exactly RFC 8259 JSON: no comments, no trailing commas, no
// byte order mark, UTF-8 only. Nesting is limited to MaxDepth levels so that
// hostile input cannot exhaust the stack.
package jsontree

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of arrays and objects Parse accepts.
const MaxDepth = 256

// Kind is the JSON type of a Node.
type Kind uint8

// The JSON types.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"null", "boolean", "number", "string", "array", "object"}

// String returns the JSON type's name: "null", "boolean", "number",
// "string", "array" or "object".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Pos is a source position: 0-based byte Offset, 1-based Line and Column
// (Column counts bytes).
type Pos struct {
	Offset, Line, Column int
}

// Node is one JSON value.
type Node struct {
	Kind Kind
	// Pos is where the value starts.
	Pos Pos
	// Str is the decoded text of a String, or the literal text of a Number.
	Str string
	// Bool is the value of a Bool.
	Bool bool
	// Items are an Array's elements.
	Items []*Node
	// Members are an Object's members in source order, duplicates kept.
	Members []Member
}

// Member is one key and value of an object.
type Member struct {
	Key    string
	KeyPos Pos
	Value  *Node
}

// SyntaxError is a JSON syntax error at a position.
type SyntaxError struct {
	Pos Pos
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Column, e.Msg)
}

// Parse parses one JSON value that makes up the whole of data (surrounding
// white space allowed).
func Parse(data []byte) (*Node, error) {
	p := &parser{src: data, line: 1, lineStart: 0}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		return nil, p.errAt(0, "a byte order mark is not allowed; save the file as UTF-8 without BOM")
	}
	p.skipSpace()
	if p.off >= len(p.src) {
		return nil, p.errAt(p.off, "empty input: expected a JSON value")
	}
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.off < len(p.src) {
		return nil, p.errAt(p.off, fmt.Sprintf("unexpected %s after the JSON value", p.describe(p.off)))
	}
	return n, nil
}

type parser struct {
	src       []byte
	off       int
	line      int
	lineStart int // offset of the first byte of the current line
}

func (p *parser) pos(off int) Pos {
	// off is always at or after lineStart on the current line when called
	// for the current token; positions are computed as the scan advances.
	return Pos{Offset: off, Line: p.line, Column: off - p.lineStart + 1}
}

func (p *parser) errAt(off int, msg string) error {
	return &SyntaxError{Pos: p.pos(off), Msg: msg}
}

func (p *parser) describe(off int) string {
	if off >= len(p.src) {
		return "end of input"
	}
	c := p.src[off]
	if c < 0x20 || c >= 0x7f {
		r, _ := utf8.DecodeRune(p.src[off:])
		return fmt.Sprintf("character %U", r)
	}
	return fmt.Sprintf("character %q", rune(c))
}

func (p *parser) skipSpace() {
	for p.off < len(p.src) {
		switch p.src[p.off] {
		case ' ', '\t', '\r':
			p.off++
		case '\n':
			p.off++
			p.line++
			p.lineStart = p.off
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (*Node, error) {
	if p.off >= len(p.src) {
		return nil, p.errAt(p.off, "unexpected end of input: expected a JSON value")
	}
	start := p.pos(p.off)
	switch c := p.src[p.off]; {
	case c == '{':
		return p.object(depth, start)
	case c == '[':
		return p.array(depth, start)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &Node{Kind: String, Pos: start, Str: s}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(start)
	case c == 't':
		return p.literal(start, "true", &Node{Kind: Bool, Pos: start, Bool: true})
	case c == 'f':
		return p.literal(start, "false", &Node{Kind: Bool, Pos: start})
	case c == 'n':
		return p.literal(start, "null", &Node{Kind: Null, Pos: start})
	default:
		return nil, p.errAt(p.off, fmt.Sprintf("unexpected %s: expected a JSON value", p.describe(p.off)))
	}
}

func (p *parser) literal(start Pos, word string, n *Node) (*Node, error) {
	if !strings.HasPrefix(string(p.src[p.off:min(len(p.src), p.off+len(word))]), word) {
		return nil, p.errAt(p.off, fmt.Sprintf("invalid literal: expected %s (JSON literals are lower case)", word))
	}
	p.off += len(word)
	if p.off < len(p.src) && isIdentByte(p.src[p.off]) {
		return nil, p.errAt(start.Offset, fmt.Sprintf("invalid literal: expected %s", word))
	}
	return n, nil
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func (p *parser) object(depth int, start Pos) (*Node, error) {
	if depth >= MaxDepth {
		return nil, p.errAt(p.off, fmt.Sprintf("nesting deeper than %d levels", MaxDepth))
	}
	p.off++ // {
	n := &Node{Kind: Object, Pos: start}
	p.skipSpace()
	if p.off < len(p.src) && p.src[p.off] == '}' {
		p.off++
		return n, nil
	}
	for {
		p.skipSpace()
		if p.off >= len(p.src) {
			return nil, p.errAt(p.off, "unexpected end of input: expected an object key in double quotes")
		}
		if p.src[p.off] != '"' {
			msg := fmt.Sprintf("unexpected %s: expected an object key in double quotes", p.describe(p.off))
			if p.src[p.off] == '}' {
				msg = "trailing comma before '}' is not allowed in JSON"
			}
			return nil, p.errAt(p.off, msg)
		}
		keyPos := p.pos(p.off)
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.off >= len(p.src) || p.src[p.off] != ':' {
			return nil, p.errAt(p.off, fmt.Sprintf("unexpected %s: expected ':' after object key %q", p.describe(p.off), key))
		}
		p.off++
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Members = append(n.Members, Member{Key: key, KeyPos: keyPos, Value: v})
		p.skipSpace()
		if p.off >= len(p.src) {
			return nil, p.errAt(p.off, "unexpected end of input: expected ',' or '}'")
		}
		switch p.src[p.off] {
		case ',':
			p.off++
		case '}':
			p.off++
			return n, nil
		default:
			return nil, p.errAt(p.off, fmt.Sprintf("unexpected %s: expected ',' or '}'", p.describe(p.off)))
		}
	}
}

func (p *parser) array(depth int, start Pos) (*Node, error) {
	if depth >= MaxDepth {
		return nil, p.errAt(p.off, fmt.Sprintf("nesting deeper than %d levels", MaxDepth))
	}
	p.off++ // [
	n := &Node{Kind: Array, Pos: start}
	p.skipSpace()
	if p.off < len(p.src) && p.src[p.off] == ']' {
		p.off++
		return n, nil
	}
	for {
		p.skipSpace()
		if p.off < len(p.src) && p.src[p.off] == ']' {
			return nil, p.errAt(p.off, "trailing comma before ']' is not allowed in JSON")
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Items = append(n.Items, v)
		p.skipSpace()
		if p.off >= len(p.src) {
			return nil, p.errAt(p.off, "unexpected end of input: expected ',' or ']'")
		}
		switch p.src[p.off] {
		case ',':
			p.off++
		case ']':
			p.off++
			return n, nil
		default:
			return nil, p.errAt(p.off, fmt.Sprintf("unexpected %s: expected ',' or ']'", p.describe(p.off)))
		}
	}
}

func (p *parser) number(start Pos) (*Node, error) {
	s := p.off
	i := p.off
	if i < len(p.src) && p.src[i] == '-' {
		i++
	}
	switch {
	case i < len(p.src) && p.src[i] == '0':
		i++
	case i < len(p.src) && p.src[i] >= '1' && p.src[i] <= '9':
		for i < len(p.src) && isDigit(p.src[i]) {
			i++
		}
	default:
		return nil, p.errAt(i, "invalid number: expected a digit")
	}
	if i < len(p.src) && p.src[i] == '.' {
		i++
		if i >= len(p.src) || !isDigit(p.src[i]) {
			return nil, p.errAt(i, "invalid number: expected a digit after '.'")
		}
		for i < len(p.src) && isDigit(p.src[i]) {
			i++
		}
	}
	if i < len(p.src) && (p.src[i] == 'e' || p.src[i] == 'E') {
		i++
		if i < len(p.src) && (p.src[i] == '+' || p.src[i] == '-') {
			i++
		}
		if i >= len(p.src) || !isDigit(p.src[i]) {
			return nil, p.errAt(i, "invalid number: expected a digit in the exponent")
		}
		for i < len(p.src) && isDigit(p.src[i]) {
			i++
		}
	}
	if i < len(p.src) && (isDigit(p.src[i]) || isIdentByte(p.src[i])) {
		return nil, p.errAt(i, fmt.Sprintf("invalid number: unexpected %s", p.describe(i)))
	}
	p.off = i
	return &Node{Kind: Number, Pos: start, Str: string(p.src[s:i])}, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// str parses a string starting at the opening quote and returns its
// decoded text.
func (p *parser) str() (string, error) {
	start := p.off
	p.off++ // opening quote
	// Fast path: no escapes.
	i := p.off
	for i < len(p.src) {
		c := p.src[i]
		if c == '"' {
			if !utf8.Valid(p.src[p.off:i]) {
				return "", p.errAt(p.invalidUTF8(p.off, i), "invalid UTF-8 in string")
			}
			s := string(p.src[p.off:i])
			p.off = i + 1
			return s, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		i++
	}
	var b strings.Builder
	for {
		if p.off >= len(p.src) {
			return "", p.errAt(start, "unterminated string: missing closing '\"'")
		}
		c := p.src[p.off]
		switch {
		case c == '"':
			p.off++
			return b.String(), nil
		case c == '\n':
			return "", p.errAt(start, "unterminated string: missing closing '\"' before the end of the line")
		case c < 0x20:
			return "", p.errAt(p.off, fmt.Sprintf("control character %U must be escaped in a JSON string", rune(c)))
		case c == '\\':
			if err := p.escape(&b); err != nil {
				return "", err
			}
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			p.off++
		default:
			r, size := utf8.DecodeRune(p.src[p.off:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errAt(p.off, "invalid UTF-8 in string")
			}
			b.WriteRune(r)
			p.off += size
		}
	}
}

func (p *parser) invalidUTF8(from, to int) int {
	for i := from; i < to; {
		r, size := utf8.DecodeRune(p.src[i:to])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return from
}

func (p *parser) escape(b *strings.Builder) error {
	at := p.off
	p.off++ // backslash
	if p.off >= len(p.src) {
		return p.errAt(at, "unterminated escape sequence")
	}
	c := p.src[p.off]
	p.off++
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		r, err := p.hex4(at)
		if err != nil {
			return err
		}
		if utf16.IsSurrogate(r) {
			if r >= 0xDC00 {
				return p.errAt(at, "invalid \\u escape: unpaired low surrogate")
			}
			if p.off+1 >= len(p.src) || p.src[p.off] != '\\' || p.src[p.off+1] != 'u' {
				return p.errAt(at, "invalid \\u escape: high surrogate not followed by a low surrogate")
			}
			lowAt := p.off
			p.off += 2
			r2, err := p.hex4(lowAt)
			if err != nil {
				return err
			}
			if r2 < 0xDC00 || r2 > 0xDFFF {
				return p.errAt(lowAt, "invalid \\u escape: high surrogate not followed by a low surrogate")
			}
			r = utf16.DecodeRune(r, r2)
		}
		b.WriteRune(r)
	default:
		return p.errAt(at, fmt.Sprintf("invalid escape sequence \\%c", c))
	}
	return nil
}

func (p *parser) hex4(at int) (rune, error) {
	if p.off+4 > len(p.src) {
		return 0, p.errAt(at, "invalid \\u escape: expected four hex digits")
	}
	v, err := strconv.ParseUint(string(p.src[p.off:p.off+4]), 16, 32)
	if err != nil {
		return 0, p.errAt(at, "invalid \\u escape: expected four hex digits")
	}
	p.off += 4
	return rune(v), nil
}
