package suite

import (
	"testing"
)

// The route index picks what findRoute over every route picks, for every
// request path built from the routes' segments, and compares only the
// routes that can match.
func TestRouteIndexAgrees(t *testing.T) {
	routes := mustRoutes(t,
		"GET /", "ANY /", "GET /orders", "GET /orders/{id}", "DELETE /orders/{id}", "ANY /orders/{id}/items",
		"GET /{proxy+}", "POST /{section}/new", "GET /{a}/{b}", "ANY /files/{path+}", "PATCH /users/me",
		"GET /users/{userId}", "GET /orders/special", "PUT /x/{y}/z")
	ix := newRouteIndex(routes)
	segs := []string{"orders", "users", "files", "x", "me", "special", "new", "items", "z", "1", "", "y"}
	var paths []string
	var grow func(p string, depth int)
	grow = func(p string, depth int) {
		paths = append(paths, p, p+"/")
		if depth == 3 {
			return
		}
		for _, s := range segs {
			grow(p+"/"+s, depth+1)
		}
	}
	grow("", 0)
	paths = append(paths, "/")
	for _, verb := range []string{"GET", "POST", "DELETE", "PATCH", "PUT", "HEAD"} {
		for _, p := range paths {
			want := findRoute(routes, verb, p)
			got, n := ix.find(verb, p)
			if got != want {
				t.Fatalf("%s %q: index found %v, findRoute %v", verb, p, got, want)
			}
			if n > len(routes) {
				t.Fatalf("%s %q: compared %d routes of %d", verb, p, n, len(routes))
			}
		}
	}
	if _, n := ix.find("GET", "/users/me"); n != 2+len(ix.rest) {
		t.Errorf("GET /users/me compared %d routes, want the 2 beginning with users and the %d that begin with a parameter", n, len(ix.rest))
	}
}
