package suite

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/iamgate/iamgate/internal/jsontree"
	"github.com/iamgate/iamgate/internal/typo"
	"github.com/iamgate/iamgate/policy"
	yaml "go.yaml.in/yaml/v4"
)

// decoder reads a suite file's YAML (or JSON) node tree strictly: every
// mapping key must be known and may appear once, every value must have the
// expected shape. It collects every problem with its line, column and
// path instead of stopping at the first.
type decoder struct {
	file  string
	src   []byte
	lines []int // offset of the start of each line
	errs  policy.ErrorList
	// marks are, for each line, the offsets of its characters 1, 65,
	// 129, ...: made on first use, so that turning a column into an
	// offset walks at most 63 characters, however long the line.
	marks [][]int
}

// markEvery is how many characters apart marks are.
const markEvery = 64

func newDecoder(file string, src []byte) *decoder {
	d := &decoder{file: file, src: src, lines: []int{0}}
	for i, c := range src {
		if c == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	return d
}

// parseRoot reads the file's one YAML document. JSON is read as YAML (it is
// a subset), so both forms share one schema and one set of errors.
func (d *decoder) parseRoot() *yaml.Node {
	if strings.HasSuffix(strings.ToLower(d.file), ".json") {
		// A .json suite must be JSON that jq and editors accept, not
		// the YAML superset the YAML reader would take (single quotes,
		// comments, trailing commas).
		if _, err := jsontree.Parse(d.src); err != nil {
			var se *jsontree.SyntaxError
			if errors.As(err, &se) {
				d.errs = append(d.errs, &policy.Error{File: d.file, Pos: policy.Pos{Offset: se.Pos.Offset, Line: se.Pos.Line, Column: se.Pos.Column}, Msg: "invalid JSON: " + se.Msg + " (a .json suite must be strict JSON; name it .iamgate.yaml for YAML)"})
			} else {
				d.errs = append(d.errs, &policy.Error{File: d.file, Msg: "invalid JSON: " + err.Error()})
			}
			return nil
		}
	}
	text := d.src
	if strings.HasSuffix(strings.ToLower(d.file), ".json") {
		text = joinSurrogates(text)
	}
	l, err := yaml.NewLoader(bytes.NewReader(text), yaml.WithUniqueKeys(true))
	if err != nil {
		d.errs = append(d.errs, &policy.Error{File: d.file, Msg: err.Error()})
		return nil
	}
	var doc yaml.Node
	if err := l.Load(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.errs = append(d.errs, &policy.Error{File: d.file, Msg: "the file is empty: a suite is a YAML or JSON mapping with api and cases or sequences"})
			return nil
		}
		d.errs = append(d.errs, d.yamlError(err))
		return nil
	}
	var extra yaml.Node
	if err := l.Load(&extra); err == nil {
		d.errorf(&extra, "", "the file holds a second YAML document: a suite is one document")
		return nil
	} else if !errors.Is(err, io.EOF) {
		d.errs = append(d.errs, d.yamlError(err))
		return nil
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	return root
}

// yamlError turns the YAML library's error into a positioned one. The
// library's *yaml.LoadError has the position (line and column, counting
// characters) and the construct it was reading; its Error text ("go-yaml
// load error in scanner ... at L3.C14-L4.C1: ...") is not for users.
func (d *decoder) yamlError(err error) *policy.Error {
	e := &policy.Error{File: d.file}
	var le *yaml.LoadError
	if !errors.As(err, &le) {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if rest, ok := strings.CutPrefix(msg, "line "); ok {
			if n, after, ok := strings.Cut(rest, ": "); ok {
				if line, err := strconv.Atoi(n); err == nil {
					e.Pos, msg = d.posAt(line, 1), after
				}
			}
		}
		e.Msg = "invalid YAML or JSON: " + msg
		return e
	}
	msg := le.Message
	if le.ContextMsg != "" && le.ContextMark.Line > 0 && le.ContextMark != le.Mark {
		msg = fmt.Sprintf("%s (%s, which starts at line %d, column %d)", msg, le.ContextMsg, le.ContextMark.Line, d.posAt(le.ContextMark.Line, le.ContextMark.Column).Column)
	} else if le.ContextMsg != "" {
		msg = fmt.Sprintf("%s (%s)", msg, le.ContextMsg)
	}
	switch {
	case strings.Contains(le.Message, "mapping values are not allowed"):
		msg += `: a value that contains ": " (such as a 403 message naming "User: anonymous") must be quoted`
	case strings.Contains(le.Message, "did not find expected ',' or ']'"), strings.Contains(le.Message, "did not find expected ',' or '}'"):
		msg += `: inside [...] or {...}, quote a value that contains ": ", {, }, [, ] or a comma (such as the route "GET /orders/{id}")`
	}
	e.Msg = "invalid YAML or JSON: " + msg
	if le.Mark.Line > 0 {
		e.Pos = d.posAt(le.Mark.Line, max(le.Mark.Column, 1))
	} else if off := badByte(d.src); off >= 0 {
		// The reader gives no position for bytes it cannot read at all.
		e.Pos = d.posOf(off)
	}
	return e
}

// joinSurrogates rewrites JSON's UTF-16 surrogate pair escapes
// ("\ud83d\ude00", as json.dumps writes an emoji) as the YAML escape of the
// same character ("\U0001f600"), which the YAML reader requires: JSON is
// read as YAML. Columns after one on its line move by two.
func joinSurrogates(src []byte) []byte {
	isHex := func(b []byte) bool {
		for _, c := range b {
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
		return true
	}
	var out []byte
	last := 0
	for i := 0; i+12 <= len(src); i++ {
		if src[i] != '\\' {
			continue
		}
		if src[i+1] != 'u' || src[i+6] != '\\' || src[i+7] != 'u' || !isHex(src[i+2:i+6]) || !isHex(src[i+8:i+12]) {
			i++ // an escape of something else, such as \\ before a u
			continue
		}
		hi, _ := strconv.ParseUint(string(src[i+2:i+6]), 16, 32)
		lo, _ := strconv.ParseUint(string(src[i+8:i+12]), 16, 32)
		if hi < 0xd800 || hi > 0xdbff || lo < 0xdc00 || lo > 0xdfff {
			i += 5
			continue
		}
		r := rune(0x10000 + (hi-0xd800)<<10 + (lo - 0xdc00))
		out = append(out, src[last:i]...)
		out = append(out, fmt.Sprintf("\\U%08x", r)...)
		last = i + 12
		i += 11
	}
	if out == nil {
		return src
	}
	return append(out, src[last:]...)
}

// badByte returns the offset of the first byte YAML cannot read (invalid
// UTF-8, or a control character other than tab, newline and carriage
// return), or -1.
func badByte(src []byte) int {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return i
		}
		i += size
	}
	return -1
}

// pos returns the position of a node, with the byte offset the caret
// display needs.
func (d *decoder) pos(n *yaml.Node) policy.Pos {
	if n == nil {
		return policy.Pos{}
	}
	return d.posAt(n.Line, n.Column)
}

// posAt turns the YAML library's line and column, which counts
// characters, into a policy.Pos, whose column counts bytes (as go/scanner
// and the policy parser do), with the byte offset the caret display needs.
func (d *decoder) posAt(line, column int) policy.Pos {
	if line < 1 || line > len(d.lines) {
		return policy.Pos{}
	}
	start := d.lines[line-1]
	marks := d.lineMarks(line)
	k := min(max(column-1, 0)/markEvery, len(marks)-1)
	off := marks[k]
	for col := k*markEvery + 1; col < column && off < len(d.src) && d.src[off] != '\n'; col++ {
		_, size := utf8.DecodeRune(d.src[off:])
		off += size
	}
	return policy.Pos{Offset: off, Line: line, Column: off - start + 1}
}

// lineMarks returns the marks of a line (1-based, which exists), making
// them on first use.
func (d *decoder) lineMarks(line int) []int {
	if d.marks == nil {
		d.marks = make([][]int, len(d.lines))
	}
	if m := d.marks[line-1]; m != nil {
		return m
	}
	off := d.lines[line-1]
	m := []int{off}
	for n := 1; off < len(d.src) && d.src[off] != '\n'; n++ {
		_, size := utf8.DecodeRune(d.src[off:])
		off += size
		if n%markEvery == 0 {
			m = append(m, off)
		}
	}
	d.marks[line-1] = m
	return m
}

// posOf returns the position of a byte offset.
func (d *decoder) posOf(off int) policy.Pos {
	off = max(0, min(off, len(d.src)))
	line := sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > off })
	return policy.Pos{Offset: off, Line: line, Column: off - d.lines[line-1] + 1}
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	d.errs = append(d.errs, &policy.Error{File: d.file, Pos: d.pos(n), Path: path, Msg: fmt.Sprintf(format, args...)})
}

// deref follows aliases (*name) to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 64; i++ {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "empty"
		}
		return fmt.Sprintf("the value %q", n.Value)
	}
	return "not a value"
}

// field is one key of a mapping and its value.
type field struct {
	key, val *yaml.Node
	path     string
}

// fields checks that n is a mapping whose keys are all in allowed, none
// repeated, and returns the values by key. It returns nil (and reports
// it) when n is not a mapping.
func (d *decoder) fields(n *yaml.Node, path, what string, allowed ...string) map[string]field {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		if n != nil {
			d.errorf(n, path, "%s must be a mapping, not %s", what, kindName(n))
		}
		return nil
	}
	out := make(map[string]field, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), n.Content[i+1]
		key := k.Value
		p := path + "/" + pointerEscape(key)
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, path, "%s has a key that is not text", what)
			continue
		}
		if prev, ok := out[key]; ok {
			d.errorf(k, p, "key %q repeats (first at line %d): each key may appear once", key, prev.key.Line)
			continue
		}
		known := false
		for _, a := range allowed {
			if a == key {
				known = true
				break
			}
		}
		if !known {
			hint := ""
			if s := typo.Closest(key, allowed...); s != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.errorf(k, p, "unknown key %q in %s%s: expected one of %s", key, what, hint, strings.Join(allowed, ", "))
			continue
		}
		out[key] = field{key: k, val: deref(v), path: p}
	}
	return out
}

// str reads a scalar as text, whatever YAML type it resolves to (an
// account id 012345678901 stays text). Empty values are errors.
func (d *decoder) str(f field, what string) (string, bool) {
	n := f.val
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(orKey(f), f.path, "%s must be text, not %s", what, kindName(orKey(f)))
		return "", false
	}
	return n.Value, true
}

func orKey(f field) *yaml.Node {
	if f.val != nil {
		return f.val
	}
	return f.key
}

// strs reads one text value or a list of them.
func (d *decoder) strs(f field, what string) ([]string, bool) {
	n := f.val
	if n != nil && n.Kind == yaml.SequenceNode {
		out := make([]string, 0, len(n.Content))
		ok := true
		for i, c := range n.Content {
			s, good := d.str(field{key: c, val: deref(c), path: fmt.Sprintf("%s/%d", f.path, i)}, what)
			ok = ok && good
			out = append(out, s)
		}
		if len(out) == 0 {
			d.errorf(n, f.path, "%s is an empty list", what)
			return nil, false
		}
		return out, ok
	}
	s, ok := d.str(f, what)
	if !ok {
		return nil, false
	}
	return []string{s}, true
}

// scalar checks that a field holds one value, and says what it should be
// when it does not.
func (d *decoder) scalar(f field, what, want string) bool {
	n := f.val
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(orKey(f), f.path, "%s must be %s, not %s", what, want, kindName(orKey(f)))
		return false
	}
	return true
}

// yamlShape names a YAML collection written in block style, for messages.
func yamlShape(n *yaml.Node) string {
	what := "mapping"
	if n.Kind == yaml.SequenceNode {
		what = "list"
	}
	if n.Style&yaml.FlowStyle == 0 {
		what = "block " + what
	}
	return "a YAML " + what
}

// integer reads a whole number.
func (d *decoder) integer(f field, what string) (int, bool) {
	if !d.scalar(f, what, "a whole number") {
		return 0, false
	}
	s := f.val.Value
	n, err := strconv.Atoi(s)
	if errors.Is(err, strconv.ErrRange) {
		d.errorf(f.val, f.path, "%s %s is out of range", what, s)
		return 0, false
	}
	if err != nil {
		d.errorf(f.val, f.path, "%s must be a whole number, not %q", what, s)
		return 0, false
	}
	return n, true
}

// boolean reads true or false (only those spellings).
func (d *decoder) boolean(f field, what string) (bool, bool) {
	if !d.scalar(f, what, "true or false") {
		return false, false
	}
	s := f.val.Value
	switch s {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	d.errorf(f.val, f.path, "%s must be true or false, not %q", what, s)
	return false, false
}

// list reads a sequence.
func (d *decoder) list(f field, what string) []field {
	n := f.val
	if n == nil || n.Kind != yaml.SequenceNode {
		d.errorf(orKey(f), f.path, "%s must be a list, not %s", what, kindName(orKey(f)))
		return nil
	}
	out := make([]field, len(n.Content))
	for i, c := range n.Content {
		out[i] = field{key: c, val: deref(c), path: fmt.Sprintf("%s/%d", f.path, i)}
	}
	return out
}

// entries reads a mapping of names to fields, in the file's order.
func (d *decoder) entries(f field, what string) []namedField {
	n := f.val
	if n == nil || n.Kind != yaml.MappingNode {
		d.errorf(orKey(f), f.path, "%s must be a mapping, not %s", what, kindName(orKey(f)))
		return nil
	}
	seen := map[string]int{}
	var out []namedField
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := deref(n.Content[i])
		p := f.path + "/" + pointerEscape(k.Value)
		if k.Kind != yaml.ScalarNode || k.Tag == "!!null" || k.Value == "" {
			d.errorf(k, f.path, "%s has an empty or non-text name", what)
			continue
		}
		if line, ok := seen[k.Value]; ok {
			d.errorf(k, p, "%q repeats (first at line %d): each name may appear once", k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
		out = append(out, namedField{name: k.Value, field: field{key: k, val: deref(n.Content[i+1]), path: p}})
	}
	return out
}

type namedField struct {
	name string
	field
}

// pointerEscape escapes a key for a JSON Pointer (RFC 6901).
func pointerEscape(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return pointerEscaper.Replace(s)
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// inlineJSON returns the text of a document written inline, padded so that
// positions in it are positions in the suite file: a JSON object written
// in place (JSON suites, or YAML flow style), or a YAML literal block
// (key: |). ok is false when the value is not an inline document.
func (d *decoder) inlineJSON(f field, what string) (text []byte, exact, ok bool) {
	n := f.val
	switch {
	case n.Kind == yaml.MappingNode && n.Style&yaml.FlowStyle != 0:
		start := d.pos(n).Offset
		// The node may begin with an anchor (&name) or a tag: the
		// document begins at its brace.
		for start < len(d.src) && (d.src[start] == '&' || d.src[start] == '!') {
			for start < len(d.src) && d.src[start] != ' ' && d.src[start] != '\t' && d.src[start] != '{' {
				start++
			}
			for start < len(d.src) && (d.src[start] == ' ' || d.src[start] == '\t') {
				start++
			}
		}
		dec := json.NewDecoder(bytes.NewReader(d.src[start:]))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			pos := d.pos(n)
			var se *json.SyntaxError
			if errors.As(err, &se) {
				pos = d.posOf(start + int(se.Offset) - 1)
			}
			d.errs = append(d.errs, &policy.Error{File: d.file, Pos: pos, Path: f.path, Msg: fmt.Sprintf("%s written in place must be JSON (quoted keys and strings, no trailing commas): %v", what, err)})
			return nil, false, true
		}
		return d.pad(start, start+int(dec.InputOffset())), true, true
	case n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode:
		d.errorf(n, f.path, "%s must be JSON text, not %s: give a file path, a JSON object written in place (in braces, keys and strings quoted), or the JSON in a literal block (%s: | followed by the document, indented)", what, yamlShape(n), f.key.Value)
		return nil, false, true
	case n.Kind == yaml.ScalarNode && strings.HasPrefix(strings.TrimSpace(n.Value), "{"):
		if n.Style&yaml.LiteralStyle != 0 && n.Line < len(d.lines) {
			// The block's lines follow the line of its indicator (|), one
			// file line per line of text.
			first := n.Line // 0-based index of the next line
			count := strings.Count(strings.TrimRight(n.Value, "\n"), "\n") + 1
			end := len(d.src) // the block ends the file
			if first+count < len(d.lines) {
				end = d.lines[first+count]
			}
			return d.pad(d.lines[first], end), true, true
		}
		return []byte(n.Value), false, true
	}
	return nil, false, false
}

// pad returns the text of the document in [start, end) placed so that a
// parser reading it reports the lines and columns of the suite file.
func (d *decoder) pad(start, end int) []byte {
	// Lines and columns are kept with one newline per line before the
	// document and spaces for its first column, not a copy of everything
	// before it: a document at the end of a large suite stays small.
	// Offsets then count from this text, so errors are shown by line
	// (policy's Detail goes by line number).
	p := d.posOf(start)
	out := make([]byte, 0, p.Line-1+p.Column-1+end-start)
	out = append(out, bytes.Repeat([]byte{'\n'}, p.Line-1)...)
	out = append(out, bytes.Repeat([]byte{' '}, p.Column-1)...)
	return append(out, d.src[start:end]...)
}
