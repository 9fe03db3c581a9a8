package cloudformation

import (
	"testing"

	"github.com/iamgate/iamgate/iac/internal/tree"
)

var fuzzSeeds = []string{
	header + "Test: !Sub '${AWS::Region}-${Stage}-${Fn.Arn}-${!x}'\n",
	header + "Test: !Select [3, !Split [':', !GetAtt Fn.Arn]]\n",
	header + "Test: !If [DevOrUnknown, !Join ['', [a, !Ref NoDefault]], !Ref AWS::NoValue]\n",
	header + "Test: !ToJsonString {a: !FindInMap [Accounts, !Ref Env, Id]}\n",
	header + "Test: !Sub ['${a}${}', {a: !Ref Cidrs}]\n",
	"Conditions: {A: !Condition B, B: !Condition A}\nTest: !If [A, 1, 2]\n",
	`{"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Policy": {"Fn::Sub": "${Api}"}}}}}`,
}

// FuzzResolve resolves whole templates: no panic, no hang, and no
// unresolved value that renders blank.
func FuzzResolve(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		root, err := tree.Parse("f", data, tree.Limits{MaxNodes: 5000, MaxDepth: 40})
		if err != nil {
			return
		}
		rd := newReader("f", root, Options{Limits: Limits{MaxNodes: 5000}})
		checkNoBlankSymbol(t, "fuzz", rd.res.resolve(root))
	})
}

// FuzzRead reads whole templates into APIs: no panic, no hang.
func FuzzRead(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(smallAPI))
	f.Fuzz(func(t *testing.T, data []byte) {
		tp := Read("f", data, Options{Limits: Limits{MaxNodes: 5000, MaxDepth: 40}})
		for _, a := range tp.APIs {
			if a.LogicalID == "" {
				t.Fatal("an API without a logical id")
			}
		}
	})
}
