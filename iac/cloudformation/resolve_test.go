package cloudformation

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/iac/internal/tree"
)

// header is the context every resolver case shares.
const header = `Parameters:
  Stage: {Type: String, Default: prod}
  NoDefault: {Type: String}
  Cidrs: {Type: CommaDelimitedList, Default: "10.0.0.0/8, 192.168.0.0/16"}
  Env: {Type: String, Default: dev}
  Ssm: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /my/param}
Mappings:
  Accounts:
    dev: {Id: "012345678901"}
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  IsProd: !Not [!Condition IsDev]
  Unknown: !Equals [!Ref NoDefault, x]
  DevOrUnknown: !Or [!Condition IsDev, !Condition Unknown]
  ProdAndUnknown: !And [!Condition IsProd, !Condition Unknown]
  Loop: !Condition Loop
Resources:
  Api: {Type: AWS::ApiGateway::RestApi}
  Fn: {Type: AWS::Lambda::Function}
  Other: {Type: AWS::SNS::Topic}
`

func resolveCase(t *testing.T, expr string, opts Options) (*Value, []Diagnostic) {
	t.Helper()
	root, err := tree.Parse("t.yaml", []byte(header+"Test: "+expr+"\n"), tree.Limits{})
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	rd := newReader("t.yaml", root, opts)
	v := rd.res.resolve(root.Get("Test"))
	return v, rd.res.diags
}

// One case per intrinsic and per way each resolves: the rendered JSON
// (symbols as ${...}) and the diagnostic expected, if any.
var resolveCases = []struct {
	name, expr string
	opts       Options
	want       string // JSON of the value
	diag       string // a diagnostic's message contains this; "" for none
}{
	{"Ref parameter default", `!Ref Stage`, Options{}, `"prod"`, ""},
	{"Ref parameter given", `!Ref Stage`, Options{Parameters: map[string]string{"Stage": "beta"}}, `"beta"`, ""},
	{"Ref parameter without value", `!Ref NoDefault`, Options{}, `"${NoDefault}"`, ""},
	{"Ref list parameter", `!Ref Cidrs`, Options{}, `["10.0.0.0/8","192.168.0.0/16"]`, ""},
	{"Ref SSM parameter not given", `!Ref Ssm`, Options{}, `"${Ssm}"`, ""},
	{"Ref pseudo unknown", `!Ref AWS::AccountId`, Options{}, `"${AWS::AccountId}"`, ""},
	{"Ref pseudo given", `!Ref AWS::AccountId`, Options{Account: "012345678901"}, `"012345678901"`, ""},
	{"Ref partition from region", `!Ref AWS::Partition`, Options{Region: "cn-north-1"}, `"aws-cn"`, ""},
	{"Ref URL suffix", `!Ref AWS::URLSuffix`, Options{Region: "cn-north-1"}, `"amazonaws.com.cn"`, ""},
	{"Ref resource", `!Ref Api`, Options{}, `"${Api}"`, ""},
	{"Ref NoValue in a list", `[a, !Ref AWS::NoValue, b]`, Options{}, `["a","b"]`, ""},
	{"Ref undefined", `!Ref Nope`, Options{}, `"${Nope}"`, "names no parameter, resource or pseudo parameter"},
	{"GetAtt short", `!GetAtt Fn.Arn`, Options{}, `"${Fn.Arn}"`, ""},
	{"GetAtt long", `{"Fn::GetAtt": [Api, RootResourceId]}`, Options{}, `"${Api.RootResourceId}"`, ""},
	{"GetAtt undefined", `!GetAtt Nope.Arn`, Options{}, `"${Nope.Arn}"`, "not a resource of the template"},
	{"Sub string", `!Sub 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/${Stage}/GET/*'`, Options{Region: "eu-west-1"},
		`"arn:aws:execute-api:eu-west-1:${AWS::AccountId}:${Api}/prod/GET/*"`, ""},
	{"Sub with variables", `!Sub ['execute-api:/${S}/${Fn.Arn}', {S: !Ref Stage}]`, Options{}, `"execute-api:/prod/${Fn.Arn}"`, ""},
	{"Sub literal", `!Sub '${!aws:username}-${Stage}'`, Options{}, `"${aws:username}-prod"`, ""},
	{"Sub undefined variable", `!Sub '${Nope}x'`, Options{}, `"${Nope}x"`, "names no parameter"},
	{"Join known", `!Join ['', [a, !Ref Stage, c]]`, Options{}, `"aprodc"`, ""},
	{"Join with symbols", `!Join [':', [arn, !Ref AWS::Partition, !GetAtt Fn.Arn]]`, Options{}, `"arn:${AWS::Partition}:${Fn.Arn}"`, ""},
	{"Join of an unknown list", `!Join [',', !Ref NoDefault]`, Options{}, `"${Fn::Join(${NoDefault})}"`, ""},
	{"Select", `!Select [1, [a, b, c]]`, Options{}, `"b"`, ""},
	{"Select out of range", `!Select [5, [a]]`, Options{}, `"${Fn::Select(5, [\"a\"])}"`, "outside the list"},
	{"Select of a list parameter", `!Select [1, !Ref Cidrs]`, Options{}, `"192.168.0.0/16"`, ""},
	{"Split known", `!Split [',', 'a,b,,c']`, Options{}, `["a","b","","c"]`, ""},
	{"Split around a symbol", `!Split ['/', !Sub 'x/${NoDefault}/y']`, Options{}, `"${Fn::Split(x/${NoDefault}/y)}"`, ""},
	{"Select of a split Lambda ARN (CDK)", `!Select [3, !Split [':', !GetAtt Fn.Arn]]`, Options{}, `"${AWS::Region}"`, ""},
	{"Select of a split Lambda ARN, region given", `!Select [3, !Split [':', !GetAtt Fn.Arn]]`, Options{Region: "us-east-2"}, `"us-east-2"`, ""},
	{"Split of another symbol", `!Select [1, !Split [':', !GetAtt Other.TopicArn]]`, Options{}, `"${Fn::Select(1, ${Fn::Split(${Other.TopicArn})})}"`, ""},
	{"FindInMap", `!FindInMap [Accounts, !Ref Env, Id]`, Options{}, `"012345678901"`, ""},
	{"FindInMap unknown key", `!FindInMap [Accounts, !Ref NoDefault, Id]`, Options{}, `"${Fn::FindInMap(Accounts, ${NoDefault}, Id)}"`, ""},
	{"FindInMap missing", `!FindInMap [Accounts, prod, Id]`, Options{}, `"${Fn::FindInMap(Accounts, prod, Id)}"`, "Mappings has no"},
	{"If true", `!If [IsDev, yes, no]`, Options{}, `"yes"`, ""},
	{"If false", `!If [IsProd, yes, no]`, Options{}, `"no"`, ""},
	{"If NoValue", `{a: !If [IsProd, x, !Ref AWS::NoValue], b: 1}`, Options{}, `{"b":1}`, ""},
	{"If unknown", `!If [Unknown, yes, no]`, Options{}, `"${Fn::If(Unknown)}"`, "depends on values not known offline"},
	{"If unknown, same branches", `!If [Unknown, same, same]`, Options{}, `"same"`, ""},
	{"Or decided by a known operand", `!If [DevOrUnknown, yes, no]`, Options{}, `"yes"`, ""},
	{"And decided by a known operand", `!If [ProdAndUnknown, yes, no]`, Options{}, `"no"`, ""},
	{"Equals given a parameter", `!If [Unknown, yes, no]`, Options{Parameters: map[string]string{"NoDefault": "x"}}, `"yes"`, ""},
	{"Condition loop", `!If [Loop, yes, no]`, Options{}, `"${Fn::If(Loop)}"`, "depends on itself"},
	{"ToJsonString", `!ToJsonString {Statement: [{Resource: !Sub 'arn:${AWS::Partition}:x'}], V: 1}`, Options{},
		`"{\"Statement\":[{\"Resource\":\"arn:${AWS::Partition}:x\"}],\"V\":1}"`, ""},
	{"Base64 known", `!Base64 abc`, Options{}, `"YWJj"`, ""},
	{"Base64 unknown", `!Base64 {Ref: NoDefault}`, Options{}, `"${Fn::Base64(${NoDefault})}"`, ""},
	{"ImportValue", `!ImportValue SharedApiId`, Options{}, `"${Fn::ImportValue(SharedApiId)}"`, "reads another stack's export"},
	{"GetAZs", `!GetAZs ''`, Options{}, `"${Fn::GetAZs()}"`, ""},
	{"Transform", `{"Fn::Transform": {Name: AWS::Include}}`, Options{}, `"${Fn::Transform}"`, "macro"},
	{"condition function as a value", `!Equals [a, a]`, Options{}, `"${Fn::Equals([\"a\",\"a\"])}"`, "condition function"},
	{"unknown function", `{"Fn::Nope": 1}`, Options{}, `"${Fn::Nope}"`, "not an intrinsic function"},
	{"dynamic reference", `'{{resolve:ssm:/a/b}}'`, Options{}, `"${{{resolve:ssm:/a/b}}}"`, "dynamic reference"},
	{"numbers keep their text", `[012345678901, 1.50, true]`, Options{}, `["012345678901",1.50,true]`, ""},
}

func TestResolve(t *testing.T) {
	for _, tc := range resolveCases {
		t.Run(tc.name, func(t *testing.T) {
			v, diags := resolveCase(t, tc.expr, tc.opts)
			if got := string(v.JSON()); got != tc.want {
				t.Errorf("%s\n got %s\nwant %s", tc.expr, got, tc.want)
			}
			var msgs []string
			for _, d := range diags {
				if d.Severity > 0 || tc.diag != "" {
					msgs = append(msgs, d.Message)
				}
			}
			all := strings.Join(msgs, "\n")
			switch {
			case tc.diag == "" && len(msgs) > 0:
				t.Errorf("unexpected diagnostics:\n%s", all)
			case tc.diag != "" && !strings.Contains(all, tc.diag):
				t.Errorf("diagnostics %q lack %q", all, tc.diag)
			}
		})
	}
}

// No unresolved value is ever an empty string: every case whose value
// holds a symbol renders it, and a known value has no symbol.
func TestUnresolvedIsNeverBlank(t *testing.T) {
	for _, tc := range resolveCases {
		v, _ := resolveCase(t, tc.expr, tc.opts)
		checkNoBlankSymbol(t, tc.name, v)
	}
}

// checkNoBlankSymbol fails when a symbol of v is empty or a value with
// symbols renders without "${".
func checkNoBlankSymbol(t *testing.T, name string, v *Value) {
	t.Helper()
	var walk func(*Value)
	walk = func(v *Value) {
		if v == nil {
			return
		}
		if v.Kind == Unknown && v.Symbol == "" {
			t.Errorf("%s: an Unknown value without a symbol", name)
		}
		for _, p := range v.Parts {
			if p.Symbol == "" && p.Text == "" && len(v.Parts) > 1 {
				t.Errorf("%s: an empty part among %d", name, len(v.Parts))
			}
		}
		if s, known := v.Text(); v.IsScalar() && !known && (s == "" || !strings.Contains(s, "${")) {
			t.Errorf("%s: unknown value renders as %q", name, s)
		}
		for _, it := range v.Items {
			walk(it)
		}
		for _, m := range v.Members {
			walk(m.Value)
		}
	}
	walk(v)
}
