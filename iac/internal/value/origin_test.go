package value

import (
	"testing"

	"github.com/iamgate/iamgate/iac/internal/tree"
	"github.com/iamgate/iamgate/policy"
)

// A policy read from a template keeps the template's lines and columns:
// every position of the parsed document is where its value, or its key,
// was written, not a place in the JSON rendered from it.
func TestPolicyPositionsAreTheTemplates(t *testing.T) {
	src := "Policy:\n" +
		"  Version: '2012-10-17'\n" +
		"  Statement:\n" +
		"    - Sid: one\n" +
		"      Effect: Allow\n" +
		"      Principal: '*'\n" +
		"      Action: execute-api:Invoke\n" +
		"      Resource:\n" +
		"        - execute-api:/*\n" +
		"      Condition:\n" +
		"        IpAddress:\n" +
		"          aws:SourceIp: 10.0.0.0/8\n"
	rep := Reporter{File: "t.yaml"}
	_, doc := rep.Policy(Plain(parse(t, src), &rep).Get("Policy"))
	if doc == nil {
		t.Fatalf("no document: %v", rep.Diags)
	}
	st := doc.Statements[0]
	c := st.Conditions[0]
	for _, tc := range []struct {
		what string
		got  policy.Pos
		line int
		col  int
	}{
		{"document", doc.Pos, 2, 3},
		{"Version", doc.VersionText.Pos, 2, 12},
		{"statement", st.Pos, 4, 7},
		{"Sid", st.Sid.Pos, 4, 12},
		{"Effect", st.EffectText.Pos, 5, 15},
		{"Principal", st.Principal.Pos, 6, 18},
		{"Action", st.Action.Values[0].Pos, 7, 15},
		{"Resource list", st.Resource.Pos, 9, 9},
		{"Resource", st.Resource.Values[0].Pos, 9, 11},
		{"Condition", st.ConditionPos, 11, 9},
		{"operator", c.Operator.Pos, 11, 9},
		{"key", c.Key.Pos, 12, 11},
		{"value", c.Values[0].Pos, 12, 25},
	} {
		if tc.got.Line != tc.line || tc.got.Column != tc.col {
			t.Errorf("%s at %d:%d, want %d:%d (the template's)", tc.what, tc.got.Line, tc.got.Column, tc.line, tc.col)
		}
	}
	if doc.File != "t.yaml" {
		t.Errorf("File = %q", doc.File)
	}
}

// A policy written as a JSON string is one value of the template: its
// statements are at the string.
func TestPolicyStringPositionsAreTheStrings(t *testing.T) {
	src := "x: 1\nPolicy: '{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\"}]}'\n"
	rep := Reporter{File: "t.yaml"}
	_, doc := rep.Policy(Plain(parse(t, src), &rep).Get("Policy"))
	if doc == nil {
		t.Fatalf("no document: %v", rep.Diags)
	}
	for _, p := range []policy.Pos{doc.Pos, doc.Statements[0].Pos, doc.Statements[0].Resource.Values[0].Pos} {
		if p.Line != 2 || p.Column != 9 {
			t.Errorf("position %d:%d, want the string's, 2:9", p.Line, p.Column)
		}
	}
}

// origins.at finds the innermost value holding an offset, and nothing
// outside every value.
func TestOriginsAt(t *testing.T) {
	o := origins{{0, 10, tp(1, 1)}, {1, 4, tp(2, 3)}, {5, 9, tp(3, 5)}, {6, 7, tp(4, 7)}}
	for off, want := range map[int]int{0: 1, 2: 2, 4: 1, 6: 4, 8: 3, 9: 1, 10: 0} {
		got, ok := o.at(off)
		if got.Line != want || ok != (want != 0) {
			t.Errorf("at(%d) = line %d (%v), want %d", off, got.Line, ok, want)
		}
	}
}

func tp(line, col int) tree.Pos { return tree.Pos{Line: line, Column: col} }
