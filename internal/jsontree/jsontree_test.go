package jsontree

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// plain converts a tree to the values encoding/json produces (numbers as
// json.Number, last duplicate key wins), for differential checks.
func plain(n *Node) any {
	switch n.Kind {
	case Null:
		return nil
	case Bool:
		return n.Bool
	case Number:
		return json.Number(n.Str)
	case String:
		return n.Str
	case Array:
		out := []any{}
		for _, it := range n.Items {
			out = append(out, plain(it))
		}
		return out
	}
	out := map[string]any{}
	for _, m := range n.Members {
		out[m.Key] = plain(m.Value)
	}
	return out
}

func stdDecode(t testing.TB, data []byte) any {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	return v
}

func TestParseValid(t *testing.T) {
	for _, src := range []string{
		`{}`, `[]`, `null`, `true`, `false`, `0`, `-0.5e+10`, `"x"`,
		`{"a":[1,2,{"b":null}],"c":"\u00e9\ud83d\ude00\n\"\\\/"}`,
		" \r\n\t{ \"k\" : [ ] } \n",
		`{"dup":1,"dup":2}`,
	} {
		t.Run(src, func(t *testing.T) {
			n, err := Parse([]byte(src))
			if err != nil {
				t.Fatalf("Parse(%q): %v", src, err)
			}
			if diff := cmp.Diff(stdDecode(t, []byte(src)), plain(n)); diff != "" {
				t.Errorf("value mismatch (-encoding/json +jsontree):\n%s", diff)
			}
		})
	}
}

func TestParsePositions(t *testing.T) {
	src := "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\"},\n\t\"x\"\n  ]\n}"
	n, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	st := n.Members[0]
	got := []Pos{n.Pos, st.KeyPos, st.Value.Pos, st.Value.Items[0].Members[0].KeyPos, st.Value.Items[0].Members[0].Value.Pos, st.Value.Items[1].Pos}
	want := []Pos{
		{Offset: 0, Line: 1, Column: 1},
		{Offset: 4, Line: 2, Column: 3},
		{Offset: 17, Line: 2, Column: 16},
		{Offset: 24, Line: 3, Column: 6},
		{Offset: 34, Line: 3, Column: 16},
		{Offset: 45, Line: 4, Column: 2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{``, "1:1: empty input: expected a JSON value"},
		{`{"a":1,}`, "1:8: trailing comma before '}' is not allowed in JSON"},
		{`[1,]`, "1:4: trailing comma before ']' is not allowed in JSON"},
		{`{"a" 1}`, `1:6: unexpected character '1': expected ':' after object key "a"`},
		{`{a:1}`, `1:2: unexpected character 'a': expected an object key in double quotes`},
		{"{\n \"a\": tru}", "2:7: invalid literal: expected true (JSON literals are lower case)"},
		{`True`, "1:1: unexpected character 'T': expected a JSON value"},
		{`"abc`, `1:1: unterminated string: missing closing '"'`},
		{"\"a\nb\"", `1:1: unterminated string: missing closing '"' before the end of the line`},
		{`"\x"`, `1:2: invalid escape sequence \x`},
		{`"\ud800"`, `1:2: invalid \u escape: high surrogate not followed by a low surrogate`},
		{`"\udc00"`, `1:2: invalid \u escape: unpaired low surrogate`},
		{`"\u12"`, `1:2: invalid \u escape: expected four hex digits`},
		{"\"\xff\"", "1:2: invalid UTF-8 in string"},
		{"\xEF\xBB\xBF{}", "1:1: a byte order mark is not allowed; save the file as UTF-8 without BOM"},
		{`01`, "1:2: invalid number: unexpected character '1'"},
		{`1.`, "1:3: invalid number: expected a digit after '.'"},
		{`1e`, "1:3: invalid number: expected a digit in the exponent"},
		{`-`, "1:2: invalid number: expected a digit"},
		{`{} {}`, "1:4: unexpected character '{' after the JSON value"},
		{`[1 2]`, "1:4: unexpected character '2': expected ',' or ']'"},
		{`{"a":1 "b":2}`, "1:8: unexpected character '\"': expected ',' or '}'"},
		{`[`, "1:2: unexpected end of input: expected a JSON value"},
		{`// c` + "\n{}", "1:1: unexpected character '/': expected a JSON value"},
		{strings.Repeat("[", MaxDepth+1), "1:257: nesting deeper than 256 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := Parse([]byte(tt.src))
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want error %q", tt.src, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Parse(%q) error\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

func depth(data []byte) int {
	d, max := 0, 0
	inStr, esc := false, false
	for _, c := range data {
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case !inStr && (c == '[' || c == '{'):
			d++
			if d > max {
				max = d
			}
		case !inStr && (c == ']' || c == '}'):
			d--
		}
	}
	return max
}

// FuzzParse checks jsontree against encoding/json: it never panics, it
// accepts exactly the valid UTF-8 JSON that encoding/json accepts (within
// MaxDepth, without BOM), and it decodes to the same value.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}`,
		`{"a":"\u00e9\ud83d\ude00"}`, `[1,2.5e3,-0,true,false,null]`, `{"a":{"a":{}}}`, `"\\/"`, `{"a":1,}`, "\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := Parse(data)
		std := json.Valid(data) && utf8.Valid(data) && !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) && depth(data) <= MaxDepth
		if err != nil {
			// Unpaired UTF-16 surrogates are valid JSON syntax, which
			// encoding/json replaces by U+FFFD; jsontree rejects them on
			// purpose (I-JSON, RFC 7493), so a policy's text is never
			// silently altered.
			if std && !strings.Contains(err.Error(), "surrogate") {
				t.Fatalf("Parse rejected valid JSON %q: %v", data, err)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("Parse accepted invalid JSON %q", data)
		}
		if diff := cmp.Diff(stdDecode(t, data), plain(n)); diff != "" {
			t.Fatalf("value mismatch for %q (-encoding/json +jsontree):\n%s", data, diff)
		}
	})
}
