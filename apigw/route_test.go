package apigw_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/policy"
)

// routedAPI compiles an API with a NONE method per route text ("GET /x").
func routedAPI(t *testing.T, routes ...string) *apigw.API {
	t.Helper()
	cfg := apigw.APIConfig{Partition: apigw.Known("aws"), Region: apigw.Known("us-east-1"), Account: apigw.Known("123456789012"), ID: apigw.Known("abc123")}
	for _, r := range routes {
		verb, path, _ := strings.Cut(r, " ")
		cfg.Methods = append(cfg.Methods, apigw.MethodConfig{Verb: verb, Path: path})
	}
	api, err := apigw.NewAPI(cfg)
	if err != nil {
		t.Fatalf("NewAPI: %v", err)
	}
	return api
}

func TestRoute(t *testing.T) {
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
			// Measured on AWS (a public report, REPORT-MINISTACK-1423): a resource that does not
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
			// The order methods are defined in does not matter.
			reversed := slices.Clone(tc.routes)
			slices.Reverse(reversed)
			for _, api := range []*apigw.API{routedAPI(t, tc.routes...), routedAPI(t, reversed...)} {
				for _, rq := range tc.requests {
					got := ""
					if m := api.Route(rq.verb, rq.path); m != nil {
						got = m.Route()
					}
					if got != rq.want {
						t.Errorf("%s %s: got route %q, want %q", rq.verb, rq.path, got, rq.want)
					}
				}
			}
		})
	}
}

// RouteCount compares only the methods whose first segment is the path's
// and those that begin with a parameter, and picks what a comparison
// with every method picks.
func TestRouteCountAgreesWithEveryMethod(t *testing.T) {
	routes := []string{"GET /", "ANY /", "GET /orders", "GET /orders/{id}", "DELETE /orders/{id}", "ANY /orders/{id}/items",
		"GET /{proxy+}", "POST /{section}/new", "GET /{a}/{b}", "ANY /files/{path+}", "PATCH /users/me",
		"GET /users/{userId}", "GET /orders/special", "PUT /x/{y}/z"}
	api := routedAPI(t, routes...)
	// One API per method: routing in it is the comparison with that
	// method alone.
	single := make([]*apigw.API, len(routes))
	for i, r := range routes {
		single[i] = routedAPI(t, r)
	}
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
			got, n := api.RouteCount(verb, p)
			if n > len(routes) {
				t.Fatalf("%s %q: compared %d methods of %d", verb, p, n, len(routes))
			}
			// Every method that matches alone is either the one picked
			// or one it beats: the picked one matches alone too.
			if got != nil {
				if m := single[slices.Index(routes, got.Route())].Route(verb, p); m == nil {
					t.Fatalf("%s %q: picked %s, which does not match it alone", verb, p, got.Route())
				}
			} else {
				for i, s := range single {
					if s.Route(verb, p) != nil {
						t.Fatalf("%s %q: no method picked, but %s matches it", verb, p, routes[i])
					}
				}
			}
		}
	}
	if _, n := api.RouteCount("GET", "/users/me"); n != 2+5 {
		t.Errorf("GET /users/me compared %d methods, want the 2 beginning with users and the 5 that begin with a parameter or are the root", n)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	at := func(line int) apigw.Location {
		return apigw.Location{File: "api.yaml", Pos: policy.Pos{Line: line, Column: 3}, Path: "/x"}
	}
	cfg := apigw.APIConfig{
		Partition: apigw.Known("aws"), Region: apigw.Known("us-east-1"), Account: apigw.Unknown("AWS::AccountId"), ID: apigw.Known(""),
		Endpoint:    apigw.PrivateEndpoint,
		Stages:      []apigw.Stage{{Name: "prod", Origin: at(2)}, {Name: "prod", Origin: at(3)}, {Name: "a/b", Origin: at(4)}},
		Authorizers: []apigw.Authorizer{{AuthorizerConfig: apigw.AuthorizerConfig{Name: "tok", TTL: apigw.TTLSeconds(9000)}, Origin: at(5)}, {AuthorizerConfig: apigw.AuthorizerConfig{Name: "tok"}, Origin: at(6)}},
		Methods: []apigw.MethodConfig{
			{Verb: "GET", Path: "/a/{id}", Origin: at(7)},
			{Verb: "GET", Path: "/a/{name}", Origin: at(8)},
			{Verb: "FETCH", Path: "/b", Origin: at(9)},
			{Verb: "GET", Path: "/c", Auth: apigw.AuthCustom, Authorizer: "nope", Origin: at(10)},
			{Verb: "GET", Path: "/d", Auth: apigw.AuthCognito, Authorizer: "tok", Origin: at(11)},
			{Verb: "GET", Path: "/e", Auth: apigw.AuthIAM, Scopes: []string{"read"}, Origin: at(12)},
		},
		GatewayResponses: []apigw.GatewayResponse{{Type: "NOT_A_TYPE", Status: 42, Origin: at(13)}},
	}
	err := cfg.Validate()
	var list policy.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Validate: %v, want a policy.ErrorList", err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"API id is missing",
		"a PRIVATE API has no resource policy",
		"api.yaml:3:3: stage \"prod\" is defined twice (at /x)",
		"api.yaml:4:3: stage name \"a/b\" is not one",
		"api.yaml:5:3: authorizer \"tok\": TTL 9000 is out of range",
		"api.yaml:6:3: authorizer \"tok\" is defined twice",
		"api.yaml:8:3: method GET /a/{name} is defined twice",
		"api.yaml:9:3: \"FETCH\" is not an HTTP method",
		"api.yaml:10:3: method GET /c names authorizer \"nope\", which the API does not define",
		"api.yaml:11:3: method GET /d uses COGNITO_USER_POOLS authorization with authorizer \"tok\", a TOKEN authorizer",
		"api.yaml:12:3: method GET /e has authorization scopes",
		"api.yaml:13:3: \"NOT_A_TYPE\" is not a gateway response type",
		"api.yaml:13:3: status 42 is not an HTTP status code",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no problem says %q; got:\n%s", want, all)
		}
	}
	// A symbol is accepted by Validate, not by NewAPI, which names it.
	cfg = apigw.APIConfig{Partition: apigw.Known("aws"), Region: apigw.Known("us-east-1"), Account: apigw.Unknown("AWS::AccountId"), ID: apigw.Known("abc123")}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("Validate with a symbol account: %v", err)
	}
	if _, err := apigw.NewAPI(cfg); err == nil || !strings.Contains(err.Error(), "the account depends on AWS::AccountId") {
		t.Errorf("NewAPI with a symbol account: %v, want an error naming the symbol", err)
	}
}
