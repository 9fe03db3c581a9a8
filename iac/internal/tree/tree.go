// Package tree reads a CloudFormation-family template, JSON or YAML, into
// one positioned tree: every value keeps its file line, column and JSON
// Pointer, object members keep their source order, and scalars keep their
// source text (an account id such as 012345678901 stays those twelve
// characters). YAML short-form tags (!Ref, !Sub, !GetAtt, ...) become the
// long forms ({"Ref": ...}, {"Fn::Sub": ...}) at the tag's position.
//
// Reading is bounded by Limits: input size, nesting depth and the number of
// nodes, aliases counted each time they are expanded, so that hostile input
// ends in an error rather than a hang or an exhausted memory.
package tree

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Kind is the type of a Node.
type Kind uint8

// The kinds of value.
const (
	Null Kind = iota
	Bool
	Number
	String
	List
	Map
)

var kindNames = [...]string{"null", "boolean", "number", "string", "list", "map"}

// String returns the kind's name: "null", "boolean", "number", "string",
// "list" or "map".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Pos is a position in a file: 1-based Line and Column; the zero Pos is
// unknown.
type Pos struct {
	Line, Column int
}

// Node is one value of a template.
type Node struct {
	Kind Kind
	// Str is a scalar's source text: a string's value, a number as
	// written, "true" or "false".
	Str string
	// Items are a List's elements.
	Items []*Node
	// Members are a Map's members in source order.
	Members []Member
	// Pos is where the value was written.
	Pos Pos
	// Path is the value's JSON Pointer (RFC 6901) in the template.
	Path string
}

// Member is one key and value of a Map.
type Member struct {
	Key    string
	KeyPos Pos
	Value  *Node
}

// Get returns the value of key in a Map, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i := range n.Members {
		if n.Members[i].Key == key {
			return n.Members[i].Value
		}
	}
	return nil
}

// IsScalar reports whether n is a string, number or boolean.
func (n *Node) IsScalar() bool {
	return n != nil && (n.Kind == String || n.Kind == Number || n.Kind == Bool)
}

// Limits bound what Parse reads. A zero field takes its default.
type Limits struct {
	// MaxBytes is the largest input read (default 16 MiB).
	MaxBytes int
	// MaxDepth is the deepest nesting of lists and maps (default 200).
	MaxDepth int
	// MaxNodes is the most values built, aliases counted each time they
	// are expanded (default 1,000,000).
	MaxNodes int
}

// Defaults of Limits.
const (
	DefaultMaxBytes = 16 << 20
	DefaultMaxDepth = 200
	DefaultMaxNodes = 1_000_000
)

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = DefaultMaxNodes
	}
	return l
}

// Error is a problem reading a template, at a position.
type Error struct {
	File string
	Pos  Pos
	Path string
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Pos.Line, e.Pos.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Path != "" {
		b.WriteString(" (at " + e.Path + ")")
	}
	return b.String()
}

// Parse reads data, a JSON or YAML template, into a tree. A document
// whose first character (after white space) is '{' or '[' is JSON; any
// other is YAML. The error is an *Error.
func Parse(file string, data []byte, lim Limits) (*Node, error) {
	lim = lim.withDefaults()
	if len(data) > lim.MaxBytes {
		return nil, &Error{File: file, Msg: fmt.Sprintf("the file is %d bytes, more than the limit of %d", len(data), lim.MaxBytes)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a byte order mark, as Windows editors write
	if IsJSON(data) {
		return parseJSON(file, data, lim)
	}
	return parseYAML(file, data, lim)
}

// IsJSON reports whether data looks like JSON: its first character after
// white space (and a byte order mark) is '{' or '['.
func IsJSON(data []byte) bool {
	for _, c := range bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}

// Child returns the JSON Pointer of key under parent.
func Child(parent, key string) string {
	if strings.ContainsAny(key, "~/") {
		key = strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
	}
	return parent + "/" + key
}

// Index returns the JSON Pointer of element i under parent.
func Index(parent string, i int) string { return parent + "/" + strconv.Itoa(i) }
