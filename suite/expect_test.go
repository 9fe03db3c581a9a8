package suite_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/suite"
)

func TestParseExpectation(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want suite.Expectation
	}{
		{"allow", suite.Expectation{Decision: "allow"}},
		{"deny", suite.Expectation{Decision: "deny"}},
		{"explicit-deny", suite.Expectation{Decision: "explicit-deny"}},
		{"implicit-deny", suite.Expectation{Decision: "implicit-deny"}},
		{"100", suite.Expectation{Status: 100}},
		{"200", suite.Expectation{Status: 200}},
		{"403", suite.Expectation{Status: 403}},
		{"599", suite.Expectation{Status: 599}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := suite.ParseExpectation(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseExpectation(%q) (-want +got):\n%s", tc.in, diff)
			}
			if got.IsZero() {
				t.Errorf("ParseExpectation(%q) is zero", tc.in)
			}
		})
	}
	for _, in := range []string{"", "Allow", "ALLOW", " allow", "allow ", "explicit_deny", "denied", "99", "600", "42", "-403", "403.0", "0x193", "cached"} {
		t.Run("invalid "+in, func(t *testing.T) {
			got, err := suite.ParseExpectation(in)
			if err == nil {
				t.Fatalf("ParseExpectation(%q) = %+v, want an error", in, got)
			}
			want := `"` + in + `" is not allow, deny, explicit-deny, implicit-deny or an HTTP status`
			if err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
			if !got.IsZero() {
				t.Errorf("a failed parse returned %+v, want the zero Expectation", got)
			}
		})
	}
}

// Outcomes as the gateway gives them.
var (
	allowByAuthorizer = apigw.Outcome{Status: 200, Decision: eval.Allow, Decided: true, DecidedBy: apigw.LayerAuthorizer, Table: eval.TableA}
	allowFromCache    = apigw.Outcome{Status: 200, Decision: eval.Allow, Decided: true, DecidedBy: apigw.LayerAuthorizer, Table: eval.TableA, FromCache: true}
	explicitByRP      = apigw.Outcome{Status: 403, Decision: eval.ExplicitDeny, Decided: true, DecidedBy: apigw.LayerResourcePolicy, Response: apigw.AccessDenied, Phase1: true}
	implicitByAuth    = apigw.Outcome{Status: 403, Decision: eval.ImplicitDeny, Decided: true, DecidedBy: apigw.LayerAuthorizer, Response: apigw.AccessDenied, Table: eval.TableA, FromCache: true}
	unauthorized      = apigw.Outcome{Status: 401, DecidedBy: apigw.LayerIdentityCheck, Response: apigw.Unauthorized}
	failure           = apigw.Outcome{Status: 500, DecidedBy: apigw.LayerAuthorizerFailure, Response: apigw.AuthorizerFailure, AuthorizerReached: true}
	noSuchMethod      = apigw.Outcome{Status: 403, DecidedBy: apigw.LayerRequest, Response: apigw.MissingAuthenticationToken}
	tooLong           = apigw.Outcome{Status: 414, DecidedBy: apigw.LayerRequest, Response: apigw.RequestURITooLong}
	needsAuthorizer   = apigw.Outcome{AuthorizerReached: true, NeedsAuthorizer: true}
)

func TestExpectationMet(t *testing.T) {
	const msg = "User is not authorized to access this resource"
	for _, tc := range []struct {
		name    string
		expect  suite.Expectation
		outcome apigw.Outcome
		message string
		want    bool
	}{
		// decision
		{"allow: 200", suite.Expectation{Decision: "allow"}, allowByAuthorizer, "", true},
		{"allow: 403", suite.Expectation{Decision: "allow"}, explicitByRP, "", false},
		{"allow: 401", suite.Expectation{Decision: "allow"}, unauthorized, "", false},
		{"deny: 403", suite.Expectation{Decision: "deny"}, explicitByRP, "", true},
		{"deny: 401 (no policy decision)", suite.Expectation{Decision: "deny"}, unauthorized, "", true},
		{"deny: 500 is a failure, not a deny", suite.Expectation{Decision: "deny"}, failure, "", false},
		{"deny: a 401 a gateway response answers 418", suite.Expectation{Decision: "deny"}, apigw.Outcome{Status: 418, DecidedBy: apigw.LayerIdentityCheck, Response: apigw.Unauthorized}, "", true},
		{"allow: a 403 a gateway response answers 200 is not let through", suite.Expectation{Decision: "allow"}, apigw.Outcome{Status: 200, Decision: eval.ImplicitDeny, Decided: true, DecidedBy: apigw.LayerAuthorizer, Response: apigw.AccessDenied}, "", false},
		{"deny: a missing API key", suite.Expectation{Decision: "deny"}, apigw.Outcome{Status: 403, Decision: eval.Allow, Decided: true, DecidedBy: apigw.LayerAPIKey, Response: apigw.InvalidAPIKey}, "", true},
		{"allow: a missing API key after an Allow", suite.Expectation{Decision: "allow"}, apigw.Outcome{Status: 403, Decision: eval.Allow, Decided: true, DecidedBy: apigw.LayerAPIKey, Response: apigw.InvalidAPIKey}, "", false},
		{"allow: the authorizer not yet run", suite.Expectation{Decision: "allow"}, apigw.Outcome{NeedsAuthorizer: true, AuthorizerReached: true}, "", false},
		{"deny: 200", suite.Expectation{Decision: "deny"}, allowByAuthorizer, "", false},
		{"deny: not decided yet", suite.Expectation{Decision: "deny"}, needsAuthorizer, "", false},
		{"explicit-deny: explicit", suite.Expectation{Decision: "explicit-deny"}, explicitByRP, "", true},
		{"explicit-deny: implicit", suite.Expectation{Decision: "explicit-deny"}, implicitByAuth, "", false},
		{"explicit-deny: 401 is no policy decision", suite.Expectation{Decision: "explicit-deny"}, unauthorized, "", false},
		{"implicit-deny: implicit", suite.Expectation{Decision: "implicit-deny"}, implicitByAuth, "", true},
		{"implicit-deny: explicit", suite.Expectation{Decision: "implicit-deny"}, explicitByRP, "", false},
		// The zero Decision of an undecided outcome is ImplicitDeny: it
		// must not count as one.
		{"implicit-deny: 401 is no policy decision", suite.Expectation{Decision: "implicit-deny"}, unauthorized, "", false},
		{"implicit-deny: 403 Missing Authentication Token", suite.Expectation{Decision: "implicit-deny"}, noSuchMethod, "", false},
		{"implicit-deny: allow", suite.Expectation{Decision: "implicit-deny"}, allowByAuthorizer, "", false},
		// status
		{"status equal", suite.Expectation{Status: 401}, unauthorized, "", true},
		{"status different", suite.Expectation{Status: 403}, unauthorized, "", false},
		{"status 414", suite.Expectation{Status: 414}, tooLong, "", true},
		{"deny: not a route the API defines", suite.Expectation{Decision: "deny"}, noSuchMethod, "", false},
		{"deny: not a 414", suite.Expectation{Decision: "deny"}, tooLong, "", false},
		// layer
		{"layer equal", suite.Expectation{Layer: apigw.LayerResourcePolicy, HasLayer: true}, explicitByRP, "", true},
		{"layer different", suite.Expectation{Layer: apigw.LayerAuthorizer, HasLayer: true}, explicitByRP, "", false},
		{"layer none is a layer", suite.Expectation{Layer: apigw.LayerNone, HasLayer: true}, explicitByRP, "", false},
		{"layer not asked", suite.Expectation{Layer: apigw.LayerAuthorizer}, explicitByRP, "", true},
		// message
		{"message equal", suite.Expectation{Message: msg, HasMessage: true}, implicitByAuth, msg, true},
		{"message different", suite.Expectation{Message: msg, HasMessage: true}, implicitByAuth, msg + " with an explicit deny", false},
		{"message exact, not a prefix", suite.Expectation{Message: "User", HasMessage: true}, implicitByAuth, msg, false},
		{"empty message expected", suite.Expectation{HasMessage: true}, allowByAuthorizer, "", true},
		{"empty message expected, got one", suite.Expectation{HasMessage: true}, implicitByAuth, msg, false},
		{"message not asked", suite.Expectation{Message: msg}, implicitByAuth, "other", true},
		// cached
		{"cached: true", suite.Expectation{Cached: true, HasCached: true}, allowFromCache, "", true},
		{"cached: true, invoked", suite.Expectation{Cached: true, HasCached: true}, allowByAuthorizer, "", false},
		{"cached: false", suite.Expectation{Cached: false, HasCached: true}, allowByAuthorizer, "", true},
		{"cached: false, from the cache", suite.Expectation{Cached: false, HasCached: true}, allowFromCache, "", false},
		{"cached not asked", suite.Expectation{Cached: true}, allowByAuthorizer, "", true},
		// every part must hold
		{"all parts hold", suite.Expectation{Decision: "implicit-deny", Status: 403, Layer: apigw.LayerAuthorizer, HasLayer: true, Message: msg, HasMessage: true, Cached: true, HasCached: true}, implicitByAuth, msg, true},
		{"one part fails", suite.Expectation{Decision: "implicit-deny", Status: 403, Layer: apigw.LayerAuthorizer, HasLayer: true, Message: msg, HasMessage: true, Cached: false, HasCached: true}, implicitByAuth, msg, false},
		{"decision holds, status does not", suite.Expectation{Decision: "deny", Status: 403}, unauthorized, "", false},
		// the zero expectation expects nothing
		{"zero", suite.Expectation{}, failure, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.expect.Met(tc.outcome, tc.message); got != tc.want {
				t.Errorf("%+v.Met(%+v, %q) = %v, want %v", tc.expect, tc.outcome, tc.message, got, tc.want)
			}
		})
	}
}

func TestExpectationDescribe(t *testing.T) {
	const msg = "User is not authorized to access this resource"
	for _, tc := range []struct {
		name    string
		expect  suite.Expectation
		outcome apigw.Outcome
		message string
		want    string
	}{
		{"allow", suite.Expectation{Decision: "allow"}, allowByAuthorizer, "", "200 allow (authorizer)"},
		{"explicit deny", suite.Expectation{Status: 200}, explicitByRP, "", "403 explicit-deny (resource-policy)"},
		{"implicit deny from the cache", suite.Expectation{Decision: "allow"}, implicitByAuth, "", "403 implicit-deny (authorizer) from the authorizer cache"},
		{"a gateway response without a decision", suite.Expectation{Decision: "allow"}, unauthorized, "", "401 UNAUTHORIZED (identity-check)"},
		{"a 500", suite.Expectation{Status: 200}, failure, "", "500 AUTHORIZER_FAILURE (authorizer-failure)"},
		{"no such method", suite.Expectation{Status: 200}, noSuchMethod, "", "403 MISSING_AUTHENTICATION_TOKEN (request)"},
		{"no response type and no decision", suite.Expectation{Status: 200}, tooLong, "", "414 no decision (request)"},
		{"an API key refused after an Allow", suite.Expectation{Decision: "allow"}, apigw.Outcome{Status: 403, Decision: eval.Allow, Decided: true, DecidedBy: apigw.LayerAPIKey, Response: apigw.InvalidAPIKey}, "", "403 INVALID_API_KEY (api-key)"},
		{"the message when asked", suite.Expectation{Message: "x", HasMessage: true}, implicitByAuth, msg, `403 implicit-deny (authorizer) "User is not authorized to access this resource" from the authorizer cache`},
		{"an empty message when asked", suite.Expectation{Message: "x", HasMessage: true}, allowByAuthorizer, "", "200 allow (authorizer) with no message"},
		{"the message only when asked", suite.Expectation{Status: 200}, implicitByAuth, msg, "403 implicit-deny (authorizer) from the authorizer cache"},
		{"not from the cache when asked", suite.Expectation{Cached: true, HasCached: true}, allowByAuthorizer, "", "200 allow (authorizer) not from the authorizer cache"},
		{"from the cache when asked", suite.Expectation{HasCached: true}, allowFromCache, "", "200 allow (authorizer) from the authorizer cache"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.expect.Describe(tc.outcome, tc.message)); diff != "" {
				t.Errorf("Describe (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExpectationString(t *testing.T) {
	for _, tc := range []struct {
		expect suite.Expectation
		want   string
	}{
		{suite.Expectation{}, ""},
		{suite.Expectation{Decision: "allow"}, "allow"},
		{suite.Expectation{Status: 401}, "401"},
		{suite.Expectation{Status: 403, Decision: "implicit-deny", Layer: apigw.LayerAuthorizer, HasLayer: true, Message: "User is not authorized", HasMessage: true, Cached: true, HasCached: true},
			`403 implicit-deny (authorizer) "User is not authorized" from the authorizer cache`},
		{suite.Expectation{Cached: false, HasCached: true}, "not from the authorizer cache"},
		{suite.Expectation{HasMessage: true}, `""`},
		{suite.Expectation{Layer: apigw.LayerNone, HasLayer: true}, "(none)"},
	} {
		if got := tc.expect.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.expect, got, tc.want)
		}
	}
}

func TestExpectationIsZero(t *testing.T) {
	for _, tc := range []struct {
		expect suite.Expectation
		want   bool
	}{
		{suite.Expectation{}, true},
		{suite.Expectation{Message: "x", Layer: apigw.LayerAuthorizer, Cached: true}, true}, // values without their Has flags
		{suite.Expectation{HasMessage: true}, false},
		{suite.Expectation{HasLayer: true}, false},
		{suite.Expectation{HasCached: true}, false},
		{suite.Expectation{Status: 200}, false},
		{suite.Expectation{Decision: "deny"}, false},
	} {
		if got := tc.expect.IsZero(); got != tc.want {
			t.Errorf("%+v.IsZero() = %v, want %v", tc.expect, got, tc.want)
		}
	}
	if (suite.Expectation{Status: 403}).NeedsMessage() {
		t.Error("NeedsMessage without a message")
	}
	if !(suite.Expectation{HasMessage: true}).NeedsMessage() {
		t.Error("NeedsMessage is false with an expected (empty) message")
	}
}
