package eval_test

import (
	"testing"

	"github.com/iamgate/iamgate/eval"
)

// TestOperatorCatalogue walks every row of the operator catalogue: each
// name is unique and parses, with every qualifier and with IfExists where
// allowed, back to the same spelling; each opposite is in the catalogue,
// of the same family and comparison, of the other polarity, and an
// involution.
func TestOperatorCatalogue(t *testing.T) {
	ops := eval.Operators()
	if len(ops) != 27 {
		t.Errorf("%d operators, want the 27 of IAM's condition operator page", len(ops))
	}
	inCatalogue := map[*eval.BaseOperator]bool{}
	names := map[string]bool{}
	for _, b := range ops {
		inCatalogue[b] = true
		if names[b.Name()] {
			t.Errorf("%s is declared twice", b)
		}
		names[b.Name()] = true
	}
	for _, b := range ops {
		t.Run(b.Name(), func(t *testing.T) {
			if f := b.Family(); f < eval.FamilyString || f > eval.FamilyNull || f.String() == "" {
				t.Errorf("family %v", f)
			}
			if b.AllowsIfExists() != (b.Family() != eval.FamilyNull) {
				t.Errorf("AllowsIfExists() = %v", b.AllowsIfExists())
			}
			for _, q := range []eval.Qualifier{eval.NoQualifier, eval.ForAllValues, eval.ForAnyValue} {
				for _, ifExists := range []bool{false, true} {
					spelling := b.Name()
					if q != eval.NoQualifier {
						spelling = q.String() + ":" + spelling
					}
					if ifExists {
						spelling += "IfExists"
					}
					op, ok := eval.LookupOperator(spelling)
					if ifExists && !b.AllowsIfExists() {
						if ok {
							t.Errorf("LookupOperator(%q) accepted it", spelling)
						}
						continue
					}
					if !ok || !op.IsValid() {
						t.Fatalf("LookupOperator(%q) failed", spelling)
					}
					if op.Base() != b || op.Qualifier() != q || op.IfExists() != ifExists || op.Family() != b.Family() || op.Negated() != b.Negated() {
						t.Errorf("LookupOperator(%q) = %v %v %v", spelling, op.Base(), op.Qualifier(), op.IfExists())
					}
					if op.String() != spelling {
						t.Errorf("LookupOperator(%q).String() = %q", spelling, op.String())
					}
					if got := op.WithQualifier(eval.NoQualifier).WithQualifier(q); got != op {
						t.Errorf("WithQualifier round trip of %q gives %v", spelling, got)
					}
				}
			}
			o := b.Opposite()
			if o == nil {
				if b.Negated() {
					t.Error("a negated operator has no opposite")
				}
				return
			}
			if !inCatalogue[o] {
				t.Fatalf("opposite %s is not in the catalogue", o)
			}
			if o.Opposite() != b {
				t.Errorf("the opposite of its opposite %s is %v", o, o.Opposite())
			}
			if o.Family() != b.Family() || o.Negated() == b.Negated() || o.Wildcards() != b.Wildcards() || o.IgnoresCase() != b.IgnoresCase() {
				t.Errorf("opposite %s: family %v negated %v wildcards %v ignores case %v", o, o.Family(), o.Negated(), o.Wildcards(), o.IgnoresCase())
			}
		})
	}
}

func TestLookupOperatorRejects(t *testing.T) {
	for _, s := range []string{"", "stringEquals", "NullIfExists", "ForAllValues:NullIfExists", "ForAnyValues:StringLike", "StringEqualsIfExistsIfExists", "IfExists", "ForAllValues:"} {
		if op, ok := eval.LookupOperator(s); ok || op.IsValid() || op.Base() != nil || op.Family() != 0 || op.Negated() {
			t.Errorf("LookupOperator(%q) = %v, %v", s, op, ok)
		}
	}
}

func TestOperatorWithBase(t *testing.T) {
	op, _ := eval.LookupOperator("ForAnyValue:StringEqualsIfExists")
	like, _ := eval.LookupOperator("StringLike")
	null, _ := eval.LookupOperator("Null")
	if got := op.WithBase(like.Base()).String(); got != "ForAnyValue:StringLikeIfExists" {
		t.Errorf("WithBase(StringLike) = %q", got)
	}
	if got := op.WithBase(null.Base()).String(); got != "ForAnyValue:Null" {
		t.Errorf("WithBase(Null) = %q", got)
	}
	if got := op.WithQualifier(eval.NoQualifier).String(); got != "StringEqualsIfExists" {
		t.Errorf("WithQualifier(NoQualifier) = %q", got)
	}
}
