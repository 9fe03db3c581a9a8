package suite

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
)

// Expectation is the answer a request must get. Every part that is set
// must hold; the zero Expectation expects nothing and is not valid in a
// suite.
type Expectation struct {
	// Decision is "allow" (status 200), "deny" (authorization refused
	// the request: a 401 or a 403, but not the 403 for a resource or
	// method the API does not define), "explicit-deny" or "implicit-deny"
	// (policy decisions), or "". A 500 or a 414 is not a deny: the request
	// failed; expect its status to mean it.
	Decision string
	// Status is the HTTP status, or 0.
	Status int
	// Message is the exact error message, when HasMessage.
	Message    string
	HasMessage bool
	// MessageContains is text the message must contain, when
	// HasMessageContains: the gist of a message, whatever the wording
	// around it (current or legacy).
	MessageContains    string
	HasMessageContains bool
	// MessageMatches is a regular expression (RE2 syntax) that must match
	// somewhere in the message, when not nil; anchor it with ^ and $ to
	// match the whole message.
	MessageMatches *regexp.Regexp
	// Layer is the layer that decided, when HasLayer.
	Layer    apigw.Layer
	HasLayer bool
	// Cached says whether the authorizer's result must (true) or must not
	// (false) have come from the authorizer cache, when HasCached.
	Cached    bool
	HasCached bool
}

// ParseExpectation reads the short form of an expectation: allow, deny,
// explicit-deny, implicit-deny, or an HTTP status such as 403.
func ParseExpectation(s string) (Expectation, error) {
	switch s {
	case "allow", "deny", "explicit-deny", "implicit-deny":
		return Expectation{Decision: s}, nil
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 100 && n <= 599 {
		return Expectation{Status: n}, nil
	}
	return Expectation{}, fmt.Errorf("%q is not allow, deny, explicit-deny, implicit-deny or an HTTP status", s)
}

// IsZero reports whether the expectation expects nothing.
func (e Expectation) IsZero() bool {
	return e.Decision == "" && e.Status == 0 && !e.NeedsMessage() && !e.HasLayer && !e.HasCached
}

// String writes the expectation as a report shows it, such as
// `403 implicit-deny (authorizer) "User is not authorized ..."`.
func (e Expectation) String() string {
	var parts []string
	if e.Status != 0 {
		parts = append(parts, strconv.Itoa(e.Status))
	}
	if e.Decision != "" {
		parts = append(parts, e.Decision)
	}
	if e.HasLayer {
		parts = append(parts, "("+e.Layer.String()+")")
	}
	if e.HasMessage {
		parts = append(parts, strconv.Quote(e.Message))
	}
	if e.HasMessageContains {
		parts = append(parts, "message containing "+strconv.Quote(e.MessageContains))
	}
	if e.MessageMatches != nil {
		parts = append(parts, "message matching /"+e.MessageMatches.String()+"/")
	}
	if e.HasCached {
		parts = append(parts, cachedWord(e.Cached))
	}
	return strings.Join(parts, " ")
}

func cachedWord(cached bool) string {
	if cached {
		return "from the authorizer cache"
	}
	return "not from the authorizer cache"
}

// NeedsMessage reports whether checking needs the answer's message, which
// only Explain computes.
func (e Expectation) NeedsMessage() bool {
	return e.HasMessage || e.HasMessageContains || e.MessageMatches != nil
}

// Met reports whether an answer meets the expectation. message is the
// answer's message ("" when it has none); it is read only when the
// expectation has one.
func (e Expectation) Met(o apigw.Outcome, message string) bool {
	switch e.Decision {
	case "allow":
		// Let through to the integration, whatever status a gateway
		// response sets for the refusals.
		if o.Response != apigw.NoGatewayResponse || o.NeedsAuthorizer {
			return false
		}
	case "deny":
		// A refusal (401 or 403 unless a gateway response changes the
		// status): not a 500, a 414 or a missing route.
		switch o.Response {
		case apigw.AccessDenied, apigw.Unauthorized, apigw.InvalidAPIKey:
		case apigw.MissingAuthenticationToken:
			if o.DecidedBy == apigw.LayerRequest {
				return false
			}
		default:
			return false
		}
	case "explicit-deny":
		if !o.Decided || o.Decision != eval.ExplicitDeny {
			return false
		}
	case "implicit-deny":
		if !o.Decided || o.Decision != eval.ImplicitDeny {
			return false
		}
	}
	if e.Status != 0 && o.Status != e.Status {
		return false
	}
	if e.HasLayer && o.DecidedBy != e.Layer {
		return false
	}
	if e.HasMessage && message != e.Message {
		return false
	}
	if e.HasMessageContains && !strings.Contains(message, e.MessageContains) {
		return false
	}
	if e.MessageMatches != nil && !e.MessageMatches.MatchString(message) {
		return false
	}
	if e.HasCached && o.FromCache != e.Cached {
		return false
	}
	return true
}

// Describe writes an answer in the terms of the expectation, for "want X,
// got Y": the status, what decided, and the parts the expectation asks
// about (message, cache).
func (e Expectation) Describe(o apigw.Outcome, message string) string {
	var what string
	switch {
	case (!o.Decided || o.Response == apigw.InvalidAPIKey) && o.Response.String() != "":
		// An API-key refusal keeps the Allow that let it through
		// authorization: its response type says what the client got.
		what = o.Response.String()
	case !o.Decided:
		what = "no decision"
	case o.Decision == eval.Allow:
		what = "allow"
	case o.Decision == eval.ExplicitDeny:
		what = "explicit-deny"
	default:
		what = "implicit-deny"
	}
	s := fmt.Sprintf("%d %s (%s)", o.Status, what, o.DecidedBy)
	switch {
	case e.NeedsMessage() && message == "":
		s += " with no message"
	case e.NeedsMessage():
		s += " " + strconv.Quote(message)
	}
	if e.HasCached || o.FromCache {
		s += " " + cachedWord(o.FromCache)
	}
	return s
}
