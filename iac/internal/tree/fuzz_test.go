package tree

import (
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"A: !Ref X\n", "B: !GetAtt A.B\n", "C: !Sub [\"${a}\", {a: 1}]\n", `{"A": {"Ref": "X"}}`,
		"a: &a [1, 2]\nb: [*a, *a]\n", aliasBomb(4), "- - - - x\n", "A: !If [c, !Ref AWS::NoValue, 1]\n",
		"Account: 012345678901\n", "\"A\": [", "!Ref\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		root, err := Parse("f", data, Limits{MaxNodes: 20000, MaxDepth: 50})
		if err != nil {
			return
		}
		count := 0
		var walk func(*Node, int)
		walk = func(n *Node, depth int) {
			count++
			if depth > 52 {
				t.Fatalf("depth %d beyond the limit", depth)
			}
			for _, it := range n.Items {
				walk(it, depth+1)
			}
			for _, m := range n.Members {
				walk(m.Value, depth+1)
			}
		}
		walk(root, 0)
		if count > 20000+3*20000 {
			t.Fatalf("%d nodes beyond the limit", count)
		}
	})
}
