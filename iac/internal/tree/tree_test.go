package tree

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// flat renders a tree as "PATH KIND STR @LINE:COL" lines.
func flat(n *Node) []string {
	var out []string
	var walk func(*Node)
	walk = func(n *Node) {
		out = append(out, n.Path+" "+n.Kind.String()+" "+n.Str+" @"+itoa(n.Pos.Line)+":"+itoa(n.Pos.Column))
		for _, it := range n.Items {
			walk(it)
		}
		for _, m := range n.Members {
			walk(m.Value)
		}
	}
	walk(n)
	return out
}

// itoa writes i (0 to 99) in two digits.
func itoa(i int) string { return string(rune('0'+i/10%10)) + string(rune('0'+i%10)) }

func TestYAMLShortForms(t *testing.T) {
	src := `A: !Ref Param
B: !GetAtt Fn.Arn
C: !GetAtt [Fn, Outputs.Url]
D: !Sub 'arn:${AWS::Partition}:x'
E: !Sub
  - '${A}-${B}'
  - A: !Ref X
    B: b
F: !If [Cond, !Ref AWS::NoValue, x]
G: !Condition IsProd
H: !Select [0, !Split [",", !ImportValue Shared]]
`
	root, err := Parse("t.yaml", []byte(src), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		" map  @01:01",
		"/A map  @01:04",
		"/A/Ref string Param @01:04",
		"/B map  @02:04",
		"/B/Fn::GetAtt list  @02:04",
		"/B/Fn::GetAtt/0 string Fn @02:04",
		"/B/Fn::GetAtt/1 string Arn @02:04",
		"/C map  @03:04",
		"/C/Fn::GetAtt list  @03:04",
		"/C/Fn::GetAtt/0 string Fn @03:13",
		"/C/Fn::GetAtt/1 string Outputs.Url @03:17",
		"/D map  @04:04",
		"/D/Fn::Sub string arn:${AWS::Partition}:x @04:04",
		"/E map  @05:04",
		"/E/Fn::Sub list  @05:04",
		"/E/Fn::Sub/0 string ${A}-${B} @06:05",
		"/E/Fn::Sub/1 map  @07:05",
		"/E/Fn::Sub/1/A map  @07:08",
		"/E/Fn::Sub/1/A/Ref string X @07:08",
		"/E/Fn::Sub/1/B string b @08:08",
		"/F map  @09:04",
		"/F/Fn::If list  @09:04",
		"/F/Fn::If/0 string Cond @09:09",
		"/F/Fn::If/1 map  @09:15",
		"/F/Fn::If/1/Ref string AWS::NoValue @09:15",
		"/F/Fn::If/2 string x @09:34",
		"/G map  @10:04",
		"/G/Condition string IsProd @10:04",
		"/H map  @11:04",
		"/H/Fn::Select list  @11:04",
		"/H/Fn::Select/0 number 0 @11:13",
		"/H/Fn::Select/1 map  @11:16",
		"/H/Fn::Select/1/Fn::Split list  @11:16",
		"/H/Fn::Select/1/Fn::Split/0 string , @11:24",
		"/H/Fn::Select/1/Fn::Split/1 map  @11:29",
		"/H/Fn::Select/1/Fn::Split/1/Fn::ImportValue string Shared @11:29",
	}
	if diff := cmp.Diff(want, flat(root)); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestScalarsKeepTheirText(t *testing.T) {
	for _, src := range []string{
		"Account: 012345678901\nBig: 123456789012\nOctal: 0777\nVersion: 2012-10-17\nFloat: 1e3\nYes: yes\nT: true\nN: null\nQ: '007'\n",
		`{"Account": "012345678901", "Big": 123456789012, "Octal": "0777", "Version": "2012-10-17", "Float": 1e3, "Yes": "yes", "T": true, "N": null, "Q": "007"}`,
	} {
		root, err := Parse("t", []byte(src), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, m := range root.Members {
			got[m.Key] = m.Value.Kind.String() + " " + m.Value.Str
		}
		want := map[string]string{
			"Account": "string 012345678901", "Big": "number 123456789012", "Octal": "string 0777",
			"Version": "string 2012-10-17", "Float": "number 1e3", "Yes": "string yes", "T": "boolean true", "N": "null ", "Q": "string 007",
		}
		if tree := IsJSON([]byte(src)); !tree {
			// YAML: 012345678901 and 0777 are numbers to YAML but keep their text.
			want["Account"] = "number 012345678901"
			want["Octal"] = "number 0777"
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%.20s: (-want +got)\n%s", src, diff)
		}
	}
}

func TestPointerEscapes(t *testing.T) {
	root, err := Parse("t.json", []byte(`{"a/b": {"c~d": [1]}}`), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := root.Get("a/b").Get("c~d").Items[0].Path; got != "/a~1b/c~0d/0" {
		t.Errorf("path = %q", got)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		lim       Limits
		want      string
	}{
		{"unknown tag", "A: !Reff X\n", Limits{}, "t:1:4: unknown tag !Reff"},
		{"bad GetAtt", "A: !GetAtt NoDot\n", Limits{}, `t:1:4: !GetAtt "NoDot" is not RESOURCE.ATTRIBUTE (at /A)`},
		{"repeated YAML key", "A: 1\nA: 2\n", Limits{}, `t:2:1: key "A" is repeated`},
		{"repeated JSON key", `{"A": 1, "A": 2}`, Limits{}, `t:1:10: key "A" is repeated`},
		{"merge key", "a: &x {b: 1}\nc:\n  <<: *x\n", Limits{}, "t:3:3: the YAML merge key << is not read"},
		{"bad JSON", `{"A": }`, Limits{}, "t:1:7: invalid JSON"},
		{"bad YAML", "A: [\n", Limits{}, "t: invalid YAML"},
		{"too big", "A: 1\n", Limits{MaxBytes: 3}, "t: the file is 5 bytes, more than the limit of 3"},
		{"too deep", strings.Repeat("[", 30) + strings.Repeat("]", 30), Limits{MaxDepth: 10}, "nested more than 10 levels deep"},
		{"too deep YAML", strings.Repeat("- ", 30) + "x\n", Limits{MaxDepth: 10}, "nested more than 10 levels deep"},
		{"too many", `[1,2,3,4,5]`, Limits{MaxNodes: 4}, "more than 4 values"},
		{"alias bomb", aliasBomb(12), Limits{}, "more than 1000000 values"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("t", []byte(tc.src), tc.lim)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// aliasBomb is a YAML billion-laughs document of n levels of ten aliases.
func aliasBomb(n int) string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < n; i++ {
		p := "*a" + strings.TrimLeft(itoa(i-1), "0")
		if i-1 == 0 {
			p = "*a0"
		}
		name := "a" + strings.TrimLeft(itoa(i), "0")
		b.WriteString(name + ": &" + name + " [" + strings.Repeat(p+", ", 9) + p + "]\n")
	}
	return b.String()
}

func TestByteOrderMark(t *testing.T) {
	for src, want := range map[string]Pos{"\xef\xbb\xbf{\"A\": 1}": {1, 7}, "\xef\xbb\xbfA: 1\n": {1, 4}} {
		root, err := Parse("t", []byte(src), Limits{})
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if a := root.Get("A"); a == nil || a.Str != "1" || a.Pos != want {
			t.Errorf("%q: A = %+v, want at %v", src, a, want)
		}
	}
}

func TestEmptyAndScalarDocuments(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "just text\n"} {
		if _, err := Parse("t", []byte(src), Limits{}); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

func TestTags(t *testing.T) {
	got := strings.Join(Tags(), " ")
	for _, want := range []string{"!Ref", "!Sub", "!GetAtt", "!Join", "!Select", "!Split", "!If", "!Equals", "!And", "!Or", "!Not", "!FindInMap", "!Base64", "!Cidr", "!GetAZs", "!ImportValue", "!Condition", "!ToJsonString"} {
		if !strings.Contains(got+" ", want+" ") {
			t.Errorf("Tags() lacks %s", want)
		}
	}
}
