// Package resource is API Gateway's resource path templates, such as
// /orders/{id} or /{proxy+}: parsed once, then matched against request
// paths, for routing (the most specific match wins) and for the path
// parameters of an authorizer's event.
package resource

import (
	"errors"
	"fmt"
	"strings"
)

// Template is a parsed resource path. Its zero value is the root, /.
type Template struct {
	segs []segment
}

type segment struct {
	lit    string // the segment as written: "orders", "{id}", "{proxy+}"
	param  bool   // {name}: one non-empty segment
	greedy bool   // {name+}: one or more segments, last in the path
}

// name is a parameter's name: lit without its braces and plus.
func (s segment) name() string {
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(s.lit, "{"), "}"), "+")
}

// Parse reads a resource path: "/" and segments that are text, {name} or,
// last, {name+}.
func Parse(path string) (*Template, error) {
	if !strings.HasPrefix(path, "/") {
		return nil, errors.New("a resource path begins with /")
	}
	t := &Template{}
	if path == "/" {
		return t, nil
	}
	parts := strings.Split(path[1:], "/")
	for i, p := range parts {
		switch {
		case p == "":
			return nil, errors.New("the path has an empty segment")
		case strings.HasPrefix(p, "{") && strings.HasSuffix(p, "+}") && len(p) > 3:
			if i != len(parts)-1 {
				return nil, fmt.Errorf("the greedy parameter %s must be the last segment", p)
			}
			t.segs = append(t.segs, segment{greedy: true, lit: p})
		case strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") && len(p) > 2:
			if strings.Contains(p, "+") {
				return nil, fmt.Errorf("segment %q is not a parameter: {name}, or {name+} for the rest of the path", p)
			}
			t.segs = append(t.segs, segment{param: true, lit: p})
		case strings.ContainsAny(p, "{}"):
			return nil, fmt.Errorf("segment %q mixes text and a {parameter}; API Gateway path parameters are whole segments", p)
		default:
			t.segs = append(t.segs, segment{lit: p})
		}
	}
	return t, nil
}

// Rank says how specifically a template matches a path, segment by
// segment: literal text beats a parameter, which beats a greedy
// parameter.
type Rank []uint8

// Beats reports whether a is the more specific match.
func (a Rank) Beats(b Rank) bool {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return len(a) > len(b)
}

// Match reports whether the template matches a request path (after the
// stage), and how specifically.
func (t *Template) Match(path string) (Rank, bool) {
	return t.MatchSegments(split(path), make(Rank, 0, len(t.segs)))
}

// Segments cuts a request path into the segments MatchSegments takes.
func Segments(path string) []string { return split(path) }

// MatchSegments is Match for a path cut with Segments, appending the rank
// to rk (which may be reused between calls: a path is cut once for many
// templates).
func (t *Template) MatchSegments(parts []string, rk Rank) (Rank, bool) {
	for i, s := range t.segs {
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
	return rk, len(parts) == len(t.segs)
}

// Params returns the template's parameters in a path it matches: {name}
// is its segment, {name+} the rest of the path, as sent (no decoding,
// D15). The map is nil for a template without parameters; ok is
// false when the path does not match.
func (t *Template) Params(path string) (params map[string]string, ok bool) {
	if _, ok := t.Match(path); !ok {
		return nil, false
	}
	parts := split(path)
	for i, s := range t.segs {
		if !s.param && !s.greedy {
			continue
		}
		if params == nil {
			params = map[string]string{}
		}
		if s.greedy {
			params[s.name()] = strings.Join(parts[i:], "/")
			break
		}
		params[s.name()] = parts[i]
	}
	return params, true
}

// split cuts a request path into segments. REST APIs serve /orders/ as
// /orders: one trailing slash is not a segment of its own (reported by
// aws-powertools/powertools-lambda-python#1552 and aws/chalice#65).
func split(path string) []string {
	if len(path) > 1 && strings.HasSuffix(path, "/") && !strings.HasSuffix(path, "//") {
		path = strings.TrimSuffix(path, "/")
	}
	if path == "/" || path == "" {
		return nil
	}
	return strings.Split(strings.TrimPrefix(path, "/"), "/")
}

// FirstLiteral returns the template's first segment when it is text (not
// a parameter, and not the root): only paths whose first segment is that
// text can match.
func (t *Template) FirstLiteral() (string, bool) {
	if len(t.segs) == 0 || t.segs[0].param || t.segs[0].greedy {
		return "", false
	}
	return t.segs[0].lit, true
}

// FirstSegment returns a request path's first segment as Match reads it;
// false for the root.
func FirstSegment(path string) (string, bool) {
	parts := split(path)
	if len(parts) == 0 {
		return "", false
	}
	return parts[0], true
}
