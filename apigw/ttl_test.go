package apigw_test

import (
	"testing"

	"github.com/iamgate/iamgate/apigw"
)

// TestTTLZeroIsDefault pins the trap a TTL type must avoid: the zero TTL
// is AWS's default of 300 s, and only an explicit 0 turns the cache off.
func TestTTLZeroIsDefault(t *testing.T) {
	var unset apigw.TTL
	for _, tc := range []struct {
		name    string
		ttl     apigw.TTL
		set     bool
		seconds int
		str     string
	}{
		{"zero", unset, false, apigw.DefaultTTL, "default (300)"},
		{"explicit 0", apigw.TTLSeconds(0), true, 0, "0"},
		{"explicit 300", apigw.TTLSeconds(300), true, 300, "300"},
		{"max", apigw.TTLSeconds(apigw.MaxTTL), true, apigw.MaxTTL, "3600"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.ttl.IsSet(); got != tc.set {
				t.Errorf("IsSet() = %v, want %v", got, tc.set)
			}
			if got := tc.ttl.Seconds(); got != tc.seconds {
				t.Errorf("Seconds() = %d, want %d", got, tc.seconds)
			}
			if got := tc.ttl.String(); got != tc.str {
				t.Errorf("String() = %q, want %q", got, tc.str)
			}
		})
	}
	if unset == apigw.TTLSeconds(apigw.DefaultTTL) || unset == apigw.TTLSeconds(0) {
		t.Error("the zero TTL equals an explicit one")
	}

	// A REQUEST authorizer without identity sources is accepted only with
	// caching off: the zero TTL (caching on) must be refused.
	cfg := func(ttl apigw.TTL) apigw.Config {
		return apigw.Config{API: testAPI, Auth: apigw.AuthCustom, Authorizer: apigw.AuthorizerConfig{Type: apigw.RequestAuthorizer, TTL: ttl}}
	}
	if _, err := apigw.NewGateway(cfg(unset)); err == nil {
		t.Error("the zero TTL turned caching off: a REQUEST authorizer without identity sources was accepted")
	}
	if _, err := apigw.NewGateway(cfg(apigw.TTLSeconds(0))); err != nil {
		t.Errorf("TTLSeconds(0): %v", err)
	}
	for _, n := range []int{-1, apigw.MaxTTL + 1} {
		if _, err := apigw.NewGateway(cfg(apigw.TTLSeconds(n))); err == nil {
			t.Errorf("TTLSeconds(%d) was accepted", n)
		}
	}
}
