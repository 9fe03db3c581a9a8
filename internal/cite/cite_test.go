package cite

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"(KC-CACHE, D16)", []string{"KC-CACHE", "D16"}},
		{"KC-403-LA and KC-403.", []string{"KC-403-LA", "KC-403"}},
		{"AUTHFLOW phase 1; D3, D9 and D10", []string{"AUTHFLOW", "D3", "D9", "D10"}},
		{"REPORT-SLSO-1720", []string{"REPORT-SLSO-1720"}},
		// Not keys: an endpoint id, UTF-8, a path segment, an identifier,
		// a leading zero, lowercase, a key glued to a longer word.
		{"vpce-1a2b VPCE-1A2B UTF-8 /pets/D2 TestD2 D02 la-use LA-USEx x-LA-USE", nil},
		{"D100 D7", []string{"D100", "D7"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Tokens(tt.in)); diff != "" {
				t.Errorf("Tokens(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestFind(t *testing.T) {
	got := Find("the policy is reused (D16, KC-CACHE)", "an error gives 500 (LA-USE, D3; D16 again)", "D99 is not a key")
	var keys []string
	for _, r := range got {
		keys = append(keys, r.Key)
	}
	// Table order, each once; unknown keys left out.
	if diff := cmp.Diff([]string{"LA-USE", "KC-CACHE", "D3", "D16"}, keys); diff != "" {
		t.Errorf("Find (-want +got):\n%s", diff)
	}
	if got := Find("nothing cited here"); got != nil {
		t.Errorf("Find without keys = %v, want nil", got)
	}
}

func TestText(t *testing.T) {
	got := Text(Find("D3, LA-USE"))
	want := "  LA-USE  https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html\n" +
		"  D3      https://github.com/iamgate/iamgate/blob/main/docs/fidelity.md#d3\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Text (-want +got):\n%s", diff)
	}
	if got := Text(nil); got != "" {
		t.Errorf("Text(nil) = %q, want \"\"", got)
	}
}

func TestInline(t *testing.T) {
	if got, want := Inline("LA-CONFIG"), "LA-CONFIG: https://docs.aws.amazon.com/apigateway/latest/developerguide/configure-api-gateway-lambda-authorization-with-console.html"; got != want {
		t.Errorf("Inline(LA-CONFIG) = %q, want %q", got, want)
	}
	if got := Inline("NO-SUCH"); !strings.Contains(got, PageURL) {
		t.Errorf("Inline(NO-SUCH) = %q, want it to name %s", got, PageURL)
	}
}

// Every key is shaped like a key (so that Tokens finds it in text), is
// unique, and has a URL: an https page, or a decision's section.
func TestTableWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All() {
		if seen[r.Key] {
			t.Errorf("key %s listed twice", r.Key)
		}
		seen[r.Key] = true
		if !keyShaped(r.Key) {
			t.Errorf("key %s is not shaped like a key: Tokens would not find it", r.Key)
		}
		if !strings.HasPrefix(r.URL, "https://") || strings.ContainsAny(r.URL, " |") {
			t.Errorf("key %s: URL %q is not an https address", r.Key, r.URL)
		}
		if r.What == "" || strings.Contains(r.What, "|") {
			t.Errorf("key %s: What %q is empty or breaks the table", r.Key, r.What)
		}
		if strings.HasPrefix(r.Key, "D") && r.URL != DocsURL+"fidelity.md#"+strings.ToLower(r.Key) {
			t.Errorf("decision %s: URL %q, want its section of fidelity.md", r.Key, r.URL)
		}
		// The evidence a row names must itself be a key of the table.
		for _, k := range Tokens(r.What) {
			if _, ok := Lookup(k); !ok {
				t.Errorf("key %s: its line cites %s, which the table does not define", r.Key, k)
			}
		}
	}
	for i := 1; i <= 18; i++ {
		if _, ok := Lookup("D" + strconv.Itoa(i)); !ok {
			t.Errorf("decision D%d is missing", i)
		}
	}
}
