package suite

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/internal/resource"
)

// route is one method of the API: a verb (or ANY) on a resource path
// template such as /orders/{id} or /{proxy+}.
type route struct {
	text string
	verb string
	tpl  *resource.Template
	auth *authChoice
	line int
}

// parseRoute reads "VERB /path/template".
func parseRoute(s string) (*route, error) {
	verb, path, ok := strings.Cut(strings.TrimSpace(s), " ")
	path = strings.TrimSpace(path)
	if !ok || verb == "" || !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("route %q is not VERB /path, such as GET /orders/{id} or ANY /{proxy+}", s)
	}
	if !arn.IsRESTMethod(verb) && verb != "ANY" {
		return nil, fmt.Errorf("route %q: %q is not an HTTP method API Gateway defines (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS or ANY)", s, verb)
	}
	tpl, err := resource.Parse(path)
	if err != nil {
		return nil, fmt.Errorf("route %q: %v", s, err)
	}
	return &route{text: verb + " " + path, verb: verb, tpl: tpl}, nil
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
	var bestRank, buf resource.Rank
	parts := resource.Segments(path)
	for _, r := range routes {
		if r.verb != verb && r.verb != "ANY" {
			continue
		}
		rk, ok := r.tpl.MatchSegments(parts, buf[:0])
		if rk != nil {
			buf = rk[:0] // reused by the next template
		}
		if !ok {
			continue
		}
		switch {
		case best == nil || rk.Beats(bestRank):
			best, bestRank = r, append(bestRank[:0], rk...)
		case !bestRank.Beats(rk) && best.verb == "ANY" && r.verb == verb:
			// The same resource: its own verb before ANY.
			best = r
		}
	}
	return best
}

// routeIndex finds routes without comparing every request with every
// route: a route whose first segment is text is compared only with the
// requests whose first segment is that text.
type routeIndex struct {
	routes  []*route
	byFirst map[string][]int // routes by their literal first segment
	rest    []int            // the root and routes that begin with a parameter
}

func newRouteIndex(routes []*route) *routeIndex {
	ix := &routeIndex{routes: routes, byFirst: map[string][]int{}}
	for i, r := range routes {
		if lit, ok := r.tpl.FirstLiteral(); ok {
			ix.byFirst[lit] = append(ix.byFirst[lit], i)
		} else {
			ix.rest = append(ix.rest, i)
		}
	}
	return ix
}

// find is findRoute over the routes that can match the path, in file
// order; compared is how many those were.
func (ix *routeIndex) find(verb, path string) (r *route, compared int) {
	var lits []int
	if first, ok := resource.FirstSegment(path); ok {
		lits = ix.byFirst[first]
	}
	candidates := make([]*route, 0, len(lits)+len(ix.rest))
	i, j := 0, 0
	for i < len(lits) || j < len(ix.rest) {
		if j == len(ix.rest) || i < len(lits) && lits[i] < ix.rest[j] {
			candidates = append(candidates, ix.routes[lits[i]])
			i++
		} else {
			candidates = append(candidates, ix.routes[ix.rest[j]])
			j++
		}
	}
	return findRoute(candidates, verb, path), len(candidates)
}
