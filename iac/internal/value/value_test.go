package value

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/iac/internal/tree"
)

func parse(t *testing.T, src string) *tree.Node {
	t.Helper()
	n, err := tree.Parse("t.yaml", []byte(src), tree.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Plain keeps an intrinsic as a reported symbol, never a blank; Literal
// keeps every map a map.
func TestPlainAndLiteral(t *testing.T) {
	n := parse(t, "a: {Ref: X}\nb: !Sub 'x-${Y}'\nc: [1, true, null]\n")
	rep := Reporter{File: "t.yaml"}
	v := Plain(n, &rep)
	for key, want := range map[string]string{"a": "${Ref(X)}", "b": "${Fn::Sub(x-${Y})}"} {
		got, known := v.Get(key).Text()
		if got != want || known {
			t.Errorf("%s = %q (known %v), want the symbol %q", key, got, known, want)
		}
	}
	if len(rep.Diags) != 2 {
		t.Errorf("diagnostics %v, want one per intrinsic", rep.Diags)
	}
	if c := v.Get("c"); c.Kind != List || len(c.Items) != 3 || c.Items[2].Kind != Null {
		t.Errorf("c = %+v", c)
	}
	l := Literal(parse(t, `{"Ref": "X"}`))
	if l.Kind != Map || l.Get("Ref") == nil {
		t.Errorf("Literal = %+v, want a map", l)
	}
}

func TestPolicy(t *testing.T) {
	for _, tc := range []struct {
		name   string
		v      *Value
		data   bool
		parsed bool
		diag   string
	}{
		{"nil", nil, false, false, ""},
		{"empty string", NewText("  ", nil), false, false, ""},
		{"string", NewText(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]}`, nil), true, true, ""},
		{"symbol", NewSymbol("aws_iam_policy_document.p.json", nil), true, false, "cannot be read while it depends on ${aws_iam_policy_document.p.json}"},
		{"broken", NewText(`{"Statement":[{"Effect":"Maybe"}]}`, nil), true, false, "the resource policy"},
		{"list", &Value{Kind: List}, false, false, "not a JSON object or a string"},
		{"symbol in a statement", Concat([]Part{{Text: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:eu-west-1:012345678901:`}, {Symbol: "Api"}, {Text: `/*"}]}`}}, nil), true, true, "depends on values not known offline (${Api})"},
	} {
		rep := Reporter{File: "t"}
		data, doc := rep.Policy(tc.v)
		var msgs []string
		for _, d := range rep.Diags {
			msgs = append(msgs, d.Message)
		}
		all := strings.Join(msgs, "\n")
		if (data != nil) != tc.data || (doc != nil) != tc.parsed || tc.diag == "" && all != "" || !strings.Contains(all, tc.diag) {
			t.Errorf("%s: data %s, parsed %v, diagnostics %q; want data %v, parsed %v, a diagnostic containing %q", tc.name, data, doc != nil, all, tc.data, tc.parsed, tc.diag)
		}
	}
}

func TestResponseHeaders(t *testing.T) {
	v := Plain(parse(t, "gatewayresponse.header.A: \"'*'\"\ngatewayresponse.header.B: method.request.header.Origin\nother: x\n"), nil)
	h := ResponseHeaders(v)
	if len(h) != 2 || h["A"] != "*" || h["B"] != "method.request.header.Origin" {
		t.Errorf("headers %v", h)
	}
	if ResponseHeaders(nil) != nil {
		t.Error("no parameters gave headers")
	}
}
