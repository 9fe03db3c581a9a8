// Package value holds the values the template readers share: a document
// value whose strings are known text and symbols (values not known
// offline), never blanks; the reading of a resource policy from one; and
// the plain reading of a JSON or YAML tree, without intrinsic functions.
package value

import (
	"encoding/json"
	"strings"

	"github.com/iamgate/iamgate/iac/internal/tree"
)

// Kind is the kind of a resolved Value.
type Kind uint8

// The kinds of resolved value. NoValue is what Ref AWS::NoValue gives: the
// property or list element is removed. Unknown is a value that cannot be
// known offline and is not text (a list or map), named by its Symbol.
const (
	Null Kind = iota
	Bool
	Number
	String
	List
	Map
	NoValue
	Unknown
)

// Part is one piece of a string: known Text, or a Symbol that stands for
// text not known offline (such as "AWS::AccountId" or "MyFunction.Arn").
type Part struct {
	Text   string
	Symbol string
}

// Member is one key and value of a resolved Map.
type Member struct {
	Key   string
	Value *Value
}

// Value is a template value with its intrinsic functions resolved as far
// as the template and the Options decide them. A String is a sequence of
// Parts, known text and symbols; a symbol is never replaced by an empty
// string.
type Value struct {
	Kind    Kind
	Parts   []Part   // String, Number and Bool (one known Part)
	Items   []*Value // List
	Members []Member // Map
	// Symbol names an Unknown value.
	Symbol string
	// Node is where the value was written.
	Node *tree.Node
}

// Get returns the value of key in a Map, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Map {
		return nil
	}
	for i := range v.Members {
		if v.Members[i].Key == key {
			return v.Members[i].Value
		}
	}
	return nil
}

// Text returns a scalar's text, each symbol written "${SYMBOL}", and
// whether every part is known. An Unknown value is "${SYMBOL}"; a list or
// map is not text ("", false).
func (v *Value) Text() (string, bool) {
	if v == nil {
		return "", false
	}
	switch v.Kind {
	case String, Number, Bool:
		if len(v.Parts) == 1 && v.Parts[0].Symbol == "" {
			return v.Parts[0].Text, true
		}
		var b strings.Builder
		known := true
		for _, p := range v.Parts {
			if p.Symbol != "" {
				known = false
				b.WriteString("${" + p.Symbol + "}")
				continue
			}
			b.WriteString(p.Text)
		}
		return b.String(), known
	case Unknown:
		return "${" + v.Symbol + "}", false
	}
	return "", false
}

// IsScalar reports whether v is text (known or not).
func (v *Value) IsScalar() bool {
	return v != nil && (v.Kind == String || v.Kind == Number || v.Kind == Bool || v.Kind == Unknown)
}

// SymbolOnly returns the symbol when v is exactly one symbol and nothing
// else, as Ref and GetAtt to a resource give.
func (v *Value) SymbolOnly() (string, bool) {
	if v == nil {
		return "", false
	}
	if v.Kind == Unknown {
		return v.Symbol, true
	}
	if v.Kind == String && len(v.Parts) == 1 && v.Parts[0].Symbol != "" {
		return v.Parts[0].Symbol, true
	}
	return "", false
}

// Symbols returns every symbol in v, in order, repeated ones once.
func (v *Value) Symbols() []string {
	var out []string
	seen := map[string]bool{}
	var walk func(*Value)
	walk = func(v *Value) {
		if v == nil {
			return
		}
		if v.Kind == Unknown && !seen[v.Symbol] {
			seen[v.Symbol] = true
			out = append(out, v.Symbol)
		}
		for _, p := range v.Parts {
			if p.Symbol != "" && !seen[p.Symbol] {
				seen[p.Symbol] = true
				out = append(out, p.Symbol)
			}
		}
		for _, it := range v.Items {
			walk(it)
		}
		for _, m := range v.Members {
			walk(m.Value)
		}
	}
	walk(v)
	return out
}

// JSON renders v as JSON, symbols written "${SYMBOL}" inside strings;
// numbers and booleans as written.
func (v *Value) JSON() []byte {
	w := jsonWriter{symbolText: true}
	v.writeJSON(&w)
	return []byte(w.b.String())
}

// JSONParts renders v as JSON text whose symbols stay symbols.
func JSONParts(v *Value) []Part {
	var w jsonWriter
	v.writeJSON(&w)
	w.flush()
	return w.parts
}

// jsonWriter collects JSON text, and symbols as Parts unless symbolText.
type jsonWriter struct {
	b          strings.Builder
	parts      []Part
	symbolText bool
	// origins, when not nil, collects where each value written came
	// from (symbolText only: then every byte goes to b).
	origins *origins
}

// begin records that the text written from here on, up to the matching
// end, came from pos; it returns the record's index.
func (w *jsonWriter) begin(pos tree.Pos) int {
	if w.origins == nil {
		return -1
	}
	*w.origins = append(*w.origins, span{start: w.b.Len(), pos: pos})
	return len(*w.origins) - 1
}

func (w *jsonWriter) end(i int) {
	if i >= 0 {
		(*w.origins)[i].end = w.b.Len()
	}
}

func (w *jsonWriter) text(s string) { w.b.WriteString(s) }

func (w *jsonWriter) flush() {
	if w.b.Len() > 0 {
		w.parts = AppendParts(w.parts, &Value{Kind: String, Parts: []Part{{Text: w.b.String()}}})
		w.b.Reset()
	}
}

// str writes a JSON string of parts.
func (w *jsonWriter) str(ps []Part) {
	w.text(`"`)
	for _, p := range ps {
		if p.Symbol == "" {
			q, _ := json.Marshal(p.Text) // a string always marshals
			w.text(string(q[1 : len(q)-1]))
			continue
		}
		if w.symbolText {
			q, _ := json.Marshal("${" + p.Symbol + "}")
			w.text(string(q[1 : len(q)-1]))
			continue
		}
		w.flush()
		w.parts = append(w.parts, p)
	}
	w.text(`"`)
}

func (v *Value) writeJSON(w *jsonWriter) {
	defer w.end(w.begin(nodePos(v)))
	if v == nil {
		w.text("null")
		return
	}
	switch v.Kind {
	case Null, NoValue:
		w.text("null")
	case Number, Bool:
		if s, known := v.Text(); known && json.Valid([]byte(s)) {
			w.text(s)
			return
		}
		w.str(v.Parts)
	case String:
		w.str(v.Parts)
	case Unknown:
		w.str([]Part{{Symbol: v.Symbol}})
	case List:
		w.text("[")
		for i, it := range v.Items {
			if i > 0 {
				w.text(",")
			}
			it.writeJSON(w)
		}
		w.text("]")
	case Map:
		w.text("{")
		for i, m := range v.Members {
			if i > 0 {
				w.text(",")
			}
			k := w.begin(keyPos(v, m.Key))
			w.str([]Part{{Text: m.Key}})
			w.end(k)
			w.text(":")
			m.Value.writeJSON(w)
		}
		w.text("}")
	}
}

// NewText returns a known String value.
func NewText(s string, n *tree.Node) *Value {
	return &Value{Kind: String, Parts: []Part{{Text: s}}, Node: n}
}

// NewSymbol returns the String that is one symbol.
func NewSymbol(s string, n *tree.Node) *Value {
	return &Value{Kind: String, Parts: []Part{{Symbol: s}}, Node: n}
}

// AppendParts appends the parts of a scalar v to ps, merging adjacent text.
func AppendParts(ps []Part, v *Value) []Part {
	add := func(p Part) {
		if p.Symbol == "" && p.Text == "" {
			return
		}
		if p.Symbol == "" && len(ps) > 0 && ps[len(ps)-1].Symbol == "" {
			ps[len(ps)-1].Text += p.Text
			return
		}
		ps = append(ps, p)
	}
	if v.Kind == Unknown {
		add(Part{Symbol: v.Symbol})
		return ps
	}
	for _, p := range v.Parts {
		add(p)
	}
	return ps
}

// Concat returns the String of parts; the empty string is one empty text
// part.
func Concat(ps []Part, n *tree.Node) *Value {
	if len(ps) == 0 {
		ps = []Part{{}}
	}
	return &Value{Kind: String, Parts: ps, Node: n}
}
