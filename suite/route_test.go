package suite

import (
	"testing"
)

func TestParseRoute(t *testing.T) {
	for _, tc := range []struct {
		in   string
		text string
	}{
		{"GET /", "GET /"},
		{"  GET   /orders  ", "GET /orders"},
		{"ANY /orders/{id}", "ANY /orders/{id}"},
		{"DELETE /{proxy+}", "DELETE /{proxy+}"},
		{"OPTIONS /a/{b}/{c+}", "OPTIONS /a/{b}/{c+}"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			r, err := parseRoute(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if r.text != tc.text {
				t.Errorf("text %q, want %q", r.text, tc.text)
			}
		})
	}
	for _, in := range []string{"", "GET", "GET orders", "/orders", "get /orders", "FETCH /x", "GET /{proxy+}/x", "GET /a{b}", "GET /{a}b", "GET /a//b", "GET /a/", "GET /{}"} {
		if r, err := parseRoute(in); err == nil {
			t.Errorf("parseRoute(%q) = %q, want an error", in, r.text)
		}
	}
}
