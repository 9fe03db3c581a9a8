package value

import (
	"reflect"
	"sort"

	"github.com/iamgate/iamgate/iac/internal/tree"
	"github.com/iamgate/iamgate/policy"
)

// span is the text one value (or one map key) occupies in a rendering of
// a Value as JSON, and where that value was written in the template.
type span struct {
	start, end int
	pos        tree.Pos
}

// origins maps positions in a Value's JSON rendering back to the template
// the Value was read from. The spans are in the order their values start
// (a value before the values inside it), so the innermost span holding an
// offset is the last one that starts at or before it and ends after it.
type origins []span

// jsonOrigins renders v as JSON, symbols written "${SYMBOL}", as JSON does,
// and returns where each rendered value and key came from.
func (v *Value) jsonOrigins() ([]byte, origins) {
	w := jsonWriter{symbolText: true, origins: &origins{}}
	v.writeJSON(&w)
	return []byte(w.b.String()), *w.origins
}

// at returns the template position of the rendered text at offset, and
// whether one is known.
func (o origins) at(offset int) (tree.Pos, bool) {
	i := sort.Search(len(o), func(i int) bool { return o[i].start > offset })
	for i--; i >= 0; i-- {
		if o[i].end > offset && o[i].pos.Line > 0 {
			return o[i].pos, true
		}
	}
	return tree.Pos{}, false
}

// relocate rewrites every position of doc, parsed from a rendering of a
// template value, with where function to says the text was written in
// the template. A position to does not know is left out (the zero Pos)
// rather than left pointing into a rendering the user never sees. Byte
// offsets are not kept: the template tree has lines and columns only.
func relocate(doc *policy.Document, to func(policy.Pos) (tree.Pos, bool)) {
	posType := reflect.TypeOf(policy.Pos{})
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Struct:
			if v.Type() == posType {
				old := v.Interface().(policy.Pos)
				if !old.IsValid() {
					return
				}
				var p policy.Pos
				if tp, ok := to(old); ok {
					p = policy.Pos{Line: tp.Line, Column: tp.Column}
				}
				v.Set(reflect.ValueOf(p))
				return
			}
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(doc))
}

// keyPos returns where the key of a map value was written: its position
// in the template's map node, else the map's own position.
func keyPos(v *Value, key string) tree.Pos {
	if v.Node != nil && v.Node.Kind == tree.Map {
		for _, m := range v.Node.Members {
			if m.Key == key && m.KeyPos.Line > 0 {
				return m.KeyPos
			}
		}
	}
	return nodePos(v)
}

func nodePos(v *Value) tree.Pos {
	if v == nil || v.Node == nil {
		return tree.Pos{}
	}
	return v.Node.Pos
}
