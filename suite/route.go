package suite

import (
	"fmt"
	"strings"
)

// route is one method of the API: a verb (or ANY) on a resource path
// template such as /orders/{id} or /{proxy+}.
type route struct {
	text string
	verb string
	segs []segment
	auth *authChoice
	line int
}

type segment struct {
	lit    string
	param  bool // {name}: one non-empty segment
	greedy bool // {name+}: one or more segments, last in the path
}

// parseRoute reads "VERB /path/template".
func parseRoute(s string) (*route, error) {
	verb, path, ok := strings.Cut(strings.TrimSpace(s), " ")
	path = strings.TrimSpace(path)
	if !ok || verb == "" || !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("route %q is not VERB /path, such as GET /orders/{id} or ANY /{proxy+}", s)
	}
	switch verb {
	case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY":
	default:
		return nil, fmt.Errorf("route %q: %q is not an HTTP method API Gateway defines (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS or ANY)", s, verb)
	}
	r := &route{text: verb + " " + path, verb: verb}
	if path == "/" {
		return r, nil
	}
	parts := strings.Split(path[1:], "/")
	for i, p := range parts {
		switch {
		case p == "":
			return nil, fmt.Errorf("route %q has an empty path segment", s)
		case strings.HasPrefix(p, "{") && strings.HasSuffix(p, "+}") && len(p) > 3:
			if i != len(parts)-1 {
				return nil, fmt.Errorf("route %q: the greedy parameter %s must be the last segment", s, p)
			}
			r.segs = append(r.segs, segment{greedy: true, lit: p})
		case strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") && len(p) > 2:
			r.segs = append(r.segs, segment{param: true, lit: p})
		case strings.ContainsAny(p, "{}"):
			return nil, fmt.Errorf("route %q: segment %q mixes text and a {parameter}; API Gateway path parameters are whole segments", s, p)
		default:
			r.segs = append(r.segs, segment{lit: p})
		}
	}
	return r, nil
}

// rank says how specific a match is, segment by segment: literal text
// beats a parameter, which beats a greedy parameter.
type rank []uint8

// match reports whether the route's path matches a request path (after the
// stage), and how specifically.
func (r *route) match(path string) (rank, bool) {
	// REST APIs serve /orders/ as /orders: one trailing slash is not a
	// segment of its own (reported by aws-powertools/powertools-lambda-
	// python#1552 and aws/chalice#65). The method ARN keeps the path as
	// sent (decision D15).
	if len(path) > 1 && strings.HasSuffix(path, "/") && !strings.HasSuffix(path, "//") {
		path = strings.TrimSuffix(path, "/")
	}
	var parts []string
	if path != "/" {
		parts = strings.Split(strings.TrimPrefix(path, "/"), "/")
	}
	rk := make(rank, 0, len(r.segs))
	for i, s := range r.segs {
		switch {
		case s.greedy:
			if i >= len(parts) || parts[i] == "" {
				return nil, false
			}
			return append(rk, 1), true
		case i >= len(parts):
			return nil, false
		case s.param:
			if parts[i] == "" {
				return nil, false
			}
			rk = append(rk, 2)
		default:
			if parts[i] != s.lit {
				return nil, false
			}
			rk = append(rk, 3)
		}
	}
	return rk, len(parts) == len(r.segs)
}

func (a rank) beats(b rank) bool {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return len(a) > len(b)
}

// findRoute picks the method API Gateway runs for a request. Resolution is
// on the (resource, verb) pair (reference 1.5, measured on AWS): among the
// resources whose path matches and that declare the request's verb or ANY,
// the most specific one; on it, the verb itself before ANY. A more specific
// resource that does not declare the verb does not stop the search: a
// {param} or {proxy+} sibling that does serves the request. nil means no
// resource serves the verb at that path (403 Missing Authentication
// Token).
func findRoute(routes []*route, verb, path string) *route {
	var best *route
	var bestRank rank
	for _, r := range routes {
		if r.verb != verb && r.verb != "ANY" {
			continue
		}
		rk, ok := r.match(path)
		if !ok {
			continue
		}
		switch {
		case best == nil || rk.beats(bestRank):
			best, bestRank = r, rk
		case !bestRank.beats(rk) && best.verb == "ANY" && r.verb == verb:
			// The same resource: its own verb before ANY.
			best = r
		}
	}
	return best
}
