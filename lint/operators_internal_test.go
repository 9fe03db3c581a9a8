package lint

import (
	"fmt"
	"testing"

	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

// spellings returns every spelling of b eval accepts: each qualifier,
// with and without IfExists where allowed.
func spellings(b *eval.BaseOperator) []string {
	var out []string
	for _, q := range []string{"", "ForAllValues:", "ForAnyValue:"} {
		out = append(out, q+b.Name())
		if b.AllowsIfExists() {
			out = append(out, q+b.Name()+"IfExists")
		}
	}
	return out
}

// TestOperatorsFromCatalogue holds lint's reading of operators to eval's
// catalogue, row by row.
func TestOperatorsFromCatalogue(t *testing.T) {
	for _, b := range eval.Operators() {
		for _, s := range spellings(b) {
			if got := negated(s); got != b.Negated() {
				t.Errorf("negated(%q) = %v, want %v", s, got, b.Negated())
			}
			want := "the opposite operator"
			if o := b.Opposite(); o != nil {
				want = o.Name()
			}
			if got := opposite(s); got != want {
				t.Errorf("opposite(%q) = %q, want %q", s, got, want)
			}
		}
		like := wildcardForm(b)
		exactString := b.Family() == eval.FamilyString && !b.Wildcards()
		if (like != nil) != exactString {
			t.Errorf("wildcardForm(%s) = %v", b, like)
			continue
		}
		if like != nil && (!like.Wildcards() || like.Family() != b.Family() || like.Negated() != b.Negated()) {
			t.Errorf("wildcardForm(%s) = %s, which does not match the same way with wildcards", b, like)
		}
	}
}

// TestEveryOperatorLints runs the linter over a resource policy with each
// spelling eval accepts, on keys the checks know: every one compiles (no
// IG100) and the checks read it without failing.
func TestEveryOperatorLints(t *testing.T) {
	values := map[eval.Family]string{
		eval.FamilyString: `"vpce-0A1B2C3D", "a*"`, eval.FamilyNumeric: `"10"`, eval.FamilyDate: `"2026-01-01"`,
		eval.FamilyBool: `"true"`, eval.FamilyBinary: `"YQ=="`, eval.FamilyIPAddress: `"10.0.0.1/8"`,
		eval.FamilyARN: `"arn:aws:iam::111122223333:user/*"`, eval.FamilyNull: `"true"`,
	}
	cfg := Config{Auth: []string{"CUSTOM", "AWS_IAM"}}
	seen := map[string]bool{}
	for _, b := range eval.Operators() {
		for _, s := range spellings(b) {
			for _, key := range []string{"aws:SourceIp", "aws:SourceVpce", "aws:CurrentTime", "aws:SorceIp", "test:key"} {
				for _, effect := range []string{"Allow", "Deny"} {
					doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":%q,"Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{%q:{%q:[%s]}}}]}`, effect, s, key, values[b.Family()])
					for _, f := range Source([]byte(doc), "p.json", policy.ResourceBased, cfg) {
						seen[f.Rule.Code] = true
						if f.Rule.Code == "IG100" {
							t.Errorf("%s on %s: %s", s, key, f.Message)
						}
					}
				}
			}
		}
	}
	// The checks that read the operator all fired somewhere.
	for _, code := range []string{"IG300", "IG500", "IG501", "IG502", "IG503", "IG504", "IG505", "IG506"} {
		if !seen[code] {
			t.Errorf("no %s finding for any operator", code)
		}
	}
}
