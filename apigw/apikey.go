package apigw

import "fmt"

// APIKeySource is where API Gateway reads the API key of a request to a
// method that requires one (apiKeySource, API-RESTAPI).
type APIKeySource uint8

const (
	// APIKeyFromHeader reads the x-api-key header; the default.
	APIKeyFromHeader APIKeySource = iota
	// APIKeyFromAuthorizer takes the Lambda authorizer's
	// usageIdentifierKey (LA-OUTPUT).
	APIKeyFromAuthorizer
)

var apiKeySourceNames = [...]string{"HEADER", "AUTHORIZER"}

// String returns "HEADER" or "AUTHORIZER".
func (s APIKeySource) String() string {
	if int(s) < len(apiKeySourceNames) {
		return apiKeySourceNames[s]
	}
	return fmt.Sprintf("APIKeySource(%d)", uint8(s))
}

// ParseAPIKeySource accepts "HEADER" or "AUTHORIZER", exactly.
func ParseAPIKeySource(s string) (APIKeySource, error) {
	for i, n := range apiKeySourceNames {
		if s == n {
			return APIKeySource(i), nil
		}
	}
	return 0, fmt.Errorf("apigw: unknown API key source %q: expected HEADER or AUTHORIZER", s)
}

// apiKeyHeader is the header API Gateway reads an API key from.
const apiKeyHeader = "X-Api-Key"

// apiKeyCheck is the check of a method that requires an API key, made
// once authorization has let the call through (D19): the key, from the
// x-api-key header or the authorizer's usageIdentifierKey, must be one of
// the call's APIKeys. It fails with 403 INVALID_API_KEY, "Forbidden"
// (KC-403). It does not allocate.
func (g *Gateway) apiKeyCheck(c *Call, o Outcome, x *explainer) Outcome {
	if !g.cfg.APIKeyRequired || o.Status != 200 {
		return o
	}
	key, from, ok := c.apiKey(g.cfg.APIKeySource)
	valid := false
	for _, k := range c.APIKeys {
		if ok && k == key {
			valid = true
			break
		}
	}
	if x != nil {
		switch {
		case !ok:
			x.step(LayerAPIKey, fmt.Sprintf("the method requires an API key and the request has none (%s): API Gateway answers 403 Forbidden (INVALID_API_KEY, KC-403, D19)", from))
		case !valid:
			x.step(LayerAPIKey, fmt.Sprintf("the method requires an API key and the key in %s is not one declared valid: API Gateway answers 403 Forbidden (INVALID_API_KEY, KC-403, D19)", from))
		default:
			x.step(LayerAPIKey, fmt.Sprintf("the method requires an API key: the key in %s is one declared valid (D19)", from))
		}
	}
	if valid {
		return o
	}
	o.Status, o.DecidedBy, o.Response = 403, LayerAPIKey, InvalidAPIKey
	return o
}

// apiKey returns the call's API key as the source gives it, where it was
// looked for, and whether there is one.
func (c *Call) apiKey(src APIKeySource) (key, from string, ok bool) {
	if src == APIKeyFromAuthorizer {
		from = "the authorizer's usageIdentifierKey"
		if a := c.Authorizer; a != nil && a.response != nil && a.response.UsageIdentifierKey != nil && a.response.UsageIdentifierKey.Value != "" {
			return a.response.UsageIdentifierKey.Value, from, true
		}
		return "", from, false
	}
	from = "the x-api-key header"
	if v := c.Headers[apiKeyHeader]; len(v) > 0 && v[0] != "" {
		return v[0], from, true
	}
	return "", from, false
}

// apiKeyAdvice says where the key of a method that requires one comes
// from.
func (g *Gateway) apiKeyAdvice() string {
	if g.cfg.APIKeySource == APIKeyFromAuthorizer {
		return "the API's key source is AUTHORIZER, so the Lambda authorizer returns it as usageIdentifierKey (LA-OUTPUT); declare the keys iamgate takes as valid with --api-key or a suite's apiKeys"
	}
	return "in the x-api-key header; declare the keys iamgate takes as valid with --api-key or a suite's apiKeys"
}
