package suite

import (
	"slices"
	"testing"
)

func mustRoutes(t *testing.T, texts ...string) []*route {
	t.Helper()
	var out []*route
	for _, s := range texts {
		r, err := parseRoute(s)
		if err != nil {
			t.Fatalf("parseRoute(%q): %v", s, err)
		}
		out = append(out, r)
	}
	return out
}

func TestFindRoute(t *testing.T) {
	type request struct {
		verb, path string
		want       string // the route's text; "" for no such method
	}
	for _, tc := range []struct {
		name     string
		routes   []string
		requests []request
	}{
		{
			name:   "literal beats {param} beats {proxy+}",
			routes: []string{"ANY /{proxy+}", "GET /orders/{id}", "GET /orders/special"},
			requests: []request{
				{"GET", "/orders/special", "GET /orders/special"},
				{"GET", "/orders/42", "GET /orders/{id}"},
				{"GET", "/orders", "ANY /{proxy+}"}, // no method on /orders
				{"GET", "/customers/1/notes", "ANY /{proxy+}"},
				{"DELETE", "/orders/special", "ANY /{proxy+}"},
			},
		},
		{
			name:   "precedence is decided segment by segment, from the left",
			routes: []string{"GET /{a}/b/c", "GET /a/{b}/c"},
			requests: []request{
				{"GET", "/a/b/c", "GET /a/{b}/c"},
				{"GET", "/x/b/c", "GET /{a}/b/c"},
				{"GET", "/a/x/c", "GET /a/{b}/c"},
				{"GET", "/x/x/c", ""},
			},
		},
		{
			name:   "a deeper literal beats a greedy parameter",
			routes: []string{"GET /a/{proxy+}", "GET /a/b/c"},
			requests: []request{
				{"GET", "/a/b/c", "GET /a/b/c"},
				{"GET", "/a/b/d", "GET /a/{proxy+}"},
				{"GET", "/a/b", "GET /a/{proxy+}"},
				{"GET", "/a/b/c/d", "GET /a/{proxy+}"},
				{"GET", "/a", ""}, // {proxy+} needs at least one segment
			},
		},
		{
			name:   "the root resource",
			routes: []string{"GET /", "ANY /{proxy+}"},
			requests: []request{
				{"GET", "/", "GET /"},
				{"POST", "/", ""}, // {proxy+} does not match the root
				{"GET", "/x", "ANY /{proxy+}"},
			},
		},
		{
			name:   "only the root",
			routes: []string{"GET /"},
			requests: []request{
				{"GET", "/", "GET /"},
				{"GET", "/x", ""},
			},
		},
		{
			name:   "ANY when the resource does not declare the verb",
			routes: []string{"GET /pets/{id}", "ANY /pets/{id}", "POST /pets"},
			requests: []request{
				{"GET", "/pets/1", "GET /pets/{id}"},
				{"DELETE", "/pets/1", "ANY /pets/{id}"},
				{"HEAD", "/pets/1", "ANY /pets/{id}"},
				{"POST", "/pets", "POST /pets"},
				{"GET", "/pets", ""},
			},
		},
		{
			// Measured on AWS (reference 1.5): a resource that does not
			// declare the verb does not stop the search.
			name:   "a less specific sibling serves a verb the specific resource lacks",
			routes: []string{"ANY /{proxy+}", "GET /jobs/{operation}", "PATCH /users/me", "GET /users/{userId}"},
			requests: []request{
				{"GET", "/jobs/reboot", "GET /jobs/{operation}"},
				{"POST", "/jobs/reboot", "ANY /{proxy+}"},
				{"GET", "/users/me", "GET /users/{userId}"},
				{"PATCH", "/users/me", "PATCH /users/me"},
				{"POST", "/users/me", "ANY /{proxy+}"},
			},
		},
		{
			name:   "no resource serves the verb",
			routes: []string{"PATCH /users/me", "GET /users/{userId}"},
			requests: []request{
				{"POST", "/users/me", ""},
				{"DELETE", "/users/42", ""},
			},
		},
		{
			name:   "no match and trailing segments",
			routes: []string{"GET /orders", "GET /orders/{id}", "ANY /files/{path+}"},
			requests: []request{
				{"GET", "/orders/1/items", ""},
				{"GET", "/order", ""},
				{"GET", "/orders/", "GET /orders"}, // one trailing slash is not a segment
				{"GET", "/orders/1/", "GET /orders/{id}"},
				{"GET", "/orders//", ""},
				{"GET", "/", ""},
				{"GET", "/files/a/b/c", "ANY /files/{path+}"},
				{"GET", "/files", ""},
				{"GET", "/files/", ""}, // {path+} needs a segment
				{"GET", "/Orders", ""}, // paths are case-sensitive
			},
		},
		{
			name:   "no routes",
			routes: nil,
			requests: []request{
				{"GET", "/", ""},
				{"GET", "/x", ""},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			routes := mustRoutes(t, tc.routes...)
			// The order routes are written in does not matter.
			reversed := slices.Clone(routes)
			slices.Reverse(reversed)
			for _, rq := range tc.requests {
				for _, list := range [][]*route{routes, reversed} {
					got := ""
					if r := findRoute(list, rq.verb, rq.path); r != nil {
						got = r.text
					}
					if got != rq.want {
						t.Errorf("%s %s: got route %q, want %q", rq.verb, rq.path, got, rq.want)
					}
				}
			}
		})
	}
}

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
