package suite

import (
	"regexp"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	yaml "go.yaml.in/yaml/v4"
)

// expectation reads a case's expect: a word or status (ParseExpectation),
// or a mapping of status, decision, message, layer and cached. false when
// it has a problem (reported).
func (l *loader) expectation(f field) (Expectation, bool) {
	if f.val != nil && f.val.Kind == yaml.MappingNode {
		fs := l.fields(f.val, f.path, "expect", "status", "decision", "message", "messageContains", "messageMatches", "layer", "cached")
		if fs == nil {
			return Expectation{}, false
		}
		var e Expectation
		ok := true
		if g, has := fs["status"]; has {
			n, good := l.integer(g, "status")
			if good && (n < 100 || n > 599) {
				l.errorf(g.val, g.path, "status %d is not an HTTP status", n)
				good = false
			}
			e.Status, ok = n, ok && good
		}
		if g, has := fs["decision"]; has {
			s, good := l.str(g, "decision")
			if good {
				switch s {
				case "allow", "deny", "explicit-deny", "implicit-deny":
					e.Decision = s
				default:
					l.errorf(g.val, g.path, "decision must be allow, deny, explicit-deny or implicit-deny, not %q", s)
					good = false
				}
			}
			ok = ok && good
		}
		ok = l.messageExpectation(fs, &e) && ok
		if g, has := fs["layer"]; has {
			if s, good := l.str(g, "layer"); good {
				layer, err := apigw.ParseLayer(s)
				if err != nil {
					l.errorf(g.val, g.path, "%s", trimPkg(err))
					ok = false
				}
				e.Layer, e.HasLayer = layer, err == nil
			} else {
				ok = false
			}
		}
		if g, has := fs["cached"]; has {
			b, good := l.boolean(g, "cached")
			e.Cached, e.HasCached, ok = b, good, ok && good
		}
		if ok && e.IsZero() {
			l.errorf(f.val, f.path, "expect is empty: give at least one of status, decision, message (or messageContains, messageMatches), layer and cached")
			ok = false
		}
		return e, ok
	}
	s, ok := l.str(f, "expect")
	if !ok {
		return Expectation{}, false
	}
	e, err := ParseExpectation(s)
	if err != nil {
		l.errorf(f.val, f.path, "expect: %v", err)
		return Expectation{}, false
	}
	return e, true
}

// messageExpectation reads what the message must be: exactly message, or
// contain messageContains, or match messageMatches (RE2, anywhere in the
// message). One of the three at most: together they would say the same
// thing twice, or contradict each other. false when there is a problem
// (reported).
func (l *loader) messageExpectation(fs map[string]field, e *Expectation) bool {
	var given []field
	for _, k := range []string{"message", "messageContains", "messageMatches"} {
		if g, has := fs[k]; has {
			given = append(given, g)
		}
	}
	if len(given) > 1 {
		g := given[1]
		l.errorf(orKey(g), g.path, "give one of message (the exact text), messageContains or messageMatches, not several")
		return false
	}
	ok := true
	if g, has := fs["message"]; has {
		s, good := l.str(g, "message")
		e.Message, e.HasMessage, ok = s, good, good
	}
	if g, has := fs["messageContains"]; has {
		s, good := l.str(g, "messageContains")
		if good && s == "" {
			l.errorf(g.val, g.path, "messageContains is empty, which every message contains: give the text the message must contain")
			good = false
		}
		e.MessageContains, e.HasMessageContains, ok = s, good, good
	}
	if g, has := fs["messageMatches"]; has {
		s, good := l.str(g, "messageMatches")
		if good {
			re, err := regexp.Compile(s)
			if err != nil {
				l.errorf(g.val, g.path, "messageMatches %q is not a regular expression (RE2 syntax): %v", s, unwrapRegexp(err))
				return false
			}
			e.MessageMatches = re
		}
		ok = good
	}
	return ok
}

// unwrapRegexp is a regexp error without the package's prefix.
func unwrapRegexp(err error) string {
	return strings.TrimPrefix(err.Error(), "error parsing regexp: ")
}
