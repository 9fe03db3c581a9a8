package resource

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		segs []segment
	}{
		{"/", nil},
		{"/orders", []segment{{lit: "orders"}}},
		{"/orders/{id}", []segment{{lit: "orders"}, {lit: "{id}", param: true}}},
		{"/{proxy+}", []segment{{lit: "{proxy+}", greedy: true}}},
		{"/a/{b}/{c+}", []segment{{lit: "a"}, {lit: "{b}", param: true}, {lit: "{c+}", greedy: true}}},
	} {
		tpl, err := Parse(tc.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		if diff := cmp.Diff(tc.segs, tpl.segs, cmp.AllowUnexported(segment{})); diff != "" {
			t.Errorf("Parse(%q) segments (-want +got):\n%s", tc.in, diff)
		}
	}
	for _, in := range []string{"", "orders", "/{proxy+}/x", "/a{b}", "/{a}b", "/a//b", "/a/", "/{}", "/{+}"} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q): no error", in)
		}
	}
}

func TestRankBeats(t *testing.T) {
	for _, tc := range []struct {
		a, b Rank
		want bool
	}{
		{Rank{3}, Rank{2}, true},
		{Rank{2}, Rank{3}, false},
		{Rank{2, 3}, Rank{3, 1}, false},
		{Rank{3, 1}, Rank{3}, true},
		{Rank{3, 2}, Rank{3, 2}, false},
		{nil, nil, false},
	} {
		if got := tc.a.Beats(tc.b); got != tc.want {
			t.Errorf("%v.Beats(%v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestParams(t *testing.T) {
	for _, tc := range []struct {
		template, path string
		want           map[string]string
		ok             bool
	}{
		{"/orders/{id}", "/orders/42", map[string]string{"id": "42"}, true},
		{"/orders/{id}", "/orders/42/", map[string]string{"id": "42"}, true},
		{"/orders/{id}", "/orders", nil, false},
		{"/orders/{id}", "/orders//", nil, false},
		{"/{proxy+}", "/a/b/c", map[string]string{"proxy": "a/b/c"}, true},
		{"/{proxy+}", "//a", nil, false},
		{"/files/{path+}", "/files", nil, false},
		{"/a/{x}/b/{y}", "/a/1/b/2", map[string]string{"x": "1", "y": "2"}, true},
		{"/orders", "/orders", nil, true},
		{"/", "/", nil, true},
		{"/{id}", "/%2F", map[string]string{"id": "%2F"}, true},
	} {
		tpl, err := Parse(tc.template)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := tpl.Params(tc.path)
		if ok != tc.ok || !cmp.Equal(got, tc.want) {
			t.Errorf("Params(%q, %q) = %v, %v; want %v, %v", tc.template, tc.path, got, ok, tc.want, tc.ok)
		}
	}
}
