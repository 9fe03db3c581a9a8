package suite

import (
	"github.com/iamgate/iamgate/apigw"
	yaml "go.yaml.in/yaml/v4"
)

// expectation reads a case's expect: a word or status (ParseExpectation),
// or a mapping of status, decision, message, layer and cached. false when
// it has a problem (reported).
func (l *loader) expectation(f field) (Expectation, bool) {
	if f.val != nil && f.val.Kind == yaml.MappingNode {
		fs := l.fields(f.val, f.path, "expect", "status", "decision", "message", "layer", "cached")
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
		if g, has := fs["message"]; has {
			s, good := l.str(g, "message")
			e.Message, e.HasMessage, ok = s, good, ok && good
		}
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
			l.errorf(f.val, f.path, "expect is empty: give at least one of status, decision, message, layer and cached")
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
