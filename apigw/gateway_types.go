package apigw

import (
	"fmt"
	"strings"
)

// AuthType is a REST API method's authorization type (AUTHFLOW).
type AuthType uint8

const (
	// AuthNone: no authorization; only the resource policy decides.
	AuthNone AuthType = iota
	// AuthCustom: a Lambda authorizer (TOKEN or REQUEST).
	AuthCustom
	// AuthIAM: Signature Version 4 signed requests (AWS_IAM).
	AuthIAM
	// AuthCognito: an Amazon Cognito user pool authorizer.
	AuthCognito
)

var authTypeNames = [...]string{"NONE", "CUSTOM", "AWS_IAM", "COGNITO_USER_POOLS"}

// String returns the name API Gateway uses: "NONE", "CUSTOM", "AWS_IAM" or
// "COGNITO_USER_POOLS".
func (a AuthType) String() string {
	if int(a) < len(authTypeNames) {
		return authTypeNames[a]
	}
	return fmt.Sprintf("AuthType(%d)", uint8(a))
}

// ParseAuthType accepts the names API Gateway uses, exactly.
func ParseAuthType(s string) (AuthType, error) {
	for i, n := range authTypeNames {
		if s == n {
			return AuthType(i), nil
		}
	}
	return 0, fmt.Errorf("apigw: unknown authorization type %q: expected NONE, CUSTOM, AWS_IAM or COGNITO_USER_POOLS", s)
}

// MarshalText returns the type's name; it fails for an invalid value.
func (a AuthType) MarshalText() ([]byte, error) {
	if int(a) >= len(authTypeNames) {
		return nil, fmt.Errorf("apigw: invalid authorization type %d", uint8(a))
	}
	return []byte(a.String()), nil
}

// UnmarshalText is ParseAuthType.
func (a *AuthType) UnmarshalText(b []byte) error {
	v, err := ParseAuthType(string(b))
	if err == nil {
		*a = v
	}
	return err
}

// AuthorizerType is a Lambda authorizer's type (LA-USE, API-AUTHORIZER).
type AuthorizerType uint8

const (
	// TokenAuthorizer receives one header's value as authorizationToken.
	TokenAuthorizer AuthorizerType = iota
	// RequestAuthorizer receives headers, query string, stage variables
	// and the request context.
	RequestAuthorizer
)

// String returns "TOKEN" or "REQUEST".
func (t AuthorizerType) String() string {
	switch t {
	case TokenAuthorizer:
		return "TOKEN"
	case RequestAuthorizer:
		return "REQUEST"
	}
	return fmt.Sprintf("AuthorizerType(%d)", uint8(t))
}

// ParseAuthorizerType accepts "TOKEN" or "REQUEST", exactly.
func ParseAuthorizerType(s string) (AuthorizerType, error) {
	switch s {
	case "TOKEN":
		return TokenAuthorizer, nil
	case "REQUEST":
		return RequestAuthorizer, nil
	}
	return 0, fmt.Errorf("apigw: unknown authorizer type %q: expected TOKEN or REQUEST", s)
}

// Layer says which part of API Gateway's authorization produced an answer.
type Layer uint8

const (
	// LayerNone: nothing restricted the call (authorization NONE and no
	// resource policy attached).
	LayerNone Layer = iota
	// LayerIdentityCheck: the caller's identity was missing or malformed
	// before any policy was read: no token or identity source, a token
	// failing the validation expression (401), or an unsigned call to an
	// AWS_IAM method (403 Missing Authentication Token).
	LayerIdentityCheck
	// LayerResourcePolicy: the API's resource policy.
	LayerResourcePolicy
	// LayerAuthorizer: the Lambda authorizer (its policy, or its
	// "Unauthorized" error) or the Cognito user pool authorizer.
	LayerAuthorizer
	// LayerIdentityPolicy: the IAM caller's identity-based policies.
	LayerIdentityPolicy
	// LayerAuthorizerFailure: the Lambda authorizer failed or returned
	// output API Gateway could not use (500).
	LayerAuthorizerFailure
	// LayerRequest: the request itself, whose method ARN is longer than
	// API Gateway accepts (414).
	LayerRequest
	// LayerConfiguration: the gateway has no usable configuration (a
	// Gateway not made by NewGateway); iamgate answers 500 rather than
	// guess.
	LayerConfiguration
	// LayerAPIKey: the API key check of a method that requires one, made
	// once authorization let the call through (D19).
	LayerAPIKey
)

var layerNames = [...]string{"none", "identity-check", "resource-policy", "authorizer", "identity-policy", "authorizer-failure", "request", "configuration", "api-key"}

// String returns the layer's name as used in the CLI's JSON output, such as
// "resource-policy".
func (l Layer) String() string {
	if int(l) < len(layerNames) {
		return layerNames[l]
	}
	return fmt.Sprintf("Layer(%d)", uint8(l))
}

// MarshalText returns the layer's name; it fails for an invalid value.
func (l Layer) MarshalText() ([]byte, error) {
	if int(l) >= len(layerNames) {
		return nil, fmt.Errorf("apigw: invalid layer %d", uint8(l))
	}
	return []byte(l.String()), nil
}

// ParseLayer accepts a layer's name, exactly.
func ParseLayer(s string) (Layer, error) {
	for i, n := range layerNames {
		if s == n {
			return Layer(i), nil
		}
	}
	return 0, fmt.Errorf("apigw: unknown layer %q: expected one of %s", s, strings.Join(layerNames[:], ", "))
}

// ResponseType is an API Gateway gateway response type (GW-TYPES,
// GW-TYPES). The zero value, NoGatewayResponse, means the call was let
// through to the integration.
type ResponseType uint8

const (
	NoGatewayResponse ResponseType = iota
	AccessDenied
	Unauthorized
	AuthorizerFailure
	AuthorizerConfigurationError
	MissingAuthenticationToken
	// RequestURITooLong is the 414 of a method ARN over 1,600 bytes. AWS's
	// list of gateway response types has no type for it: its String is "".
	RequestURITooLong
	// APIConfigurationError is API_CONFIGURATION_ERROR; iamgate gives it
	// only for a Gateway that was not compiled.
	APIConfigurationError
	// InvalidAPIKey is INVALID_API_KEY: a method that requires an API key
	// got none, or one not declared valid.
	InvalidAPIKey
)

var responseTypeNames = [...]string{"", "ACCESS_DENIED", "UNAUTHORIZED", "AUTHORIZER_FAILURE", "AUTHORIZER_CONFIGURATION_ERROR", "MISSING_AUTHENTICATION_TOKEN", "", "API_CONFIGURATION_ERROR", "INVALID_API_KEY"}

// defaultStatus is each response type's status when the API does not
// change it (GW-TYPES; 414 for RequestURITooLong, LA-OUTPUT).
var defaultStatus = [...]int{200, 403, 401, 500, 500, 403, 414, 500, 403}

// String returns the type's name as API Gateway spells it, such as
// "ACCESS_DENIED", or "" for NoGatewayResponse and RequestURITooLong.
func (r ResponseType) String() string {
	if int(r) < len(responseTypeNames) {
		return responseTypeNames[r]
	}
	return fmt.Sprintf("ResponseType(%d)", uint8(r))
}

// MessageStyle chooses the wording of the 403 messages (D5).
type MessageStyle uint8

const (
	// CurrentMessages is the wording AWS uses today, which says which kind
	// of policy denied: "... with an explicit deny in an identity-based
	// policy", "... because no resource-based policy allows the
	// execute-api:Invoke action".
	CurrentMessages MessageStyle = iota
	// LegacyMessages is the older wording of the AWS troubleshooting
	// article: "... with an explicit deny", and no reason for an implicit
	// deny.
	LegacyMessages
)

// ParseMessageStyle accepts "current" or "legacy".
func ParseMessageStyle(s string) (MessageStyle, error) {
	switch s {
	case "current":
		return CurrentMessages, nil
	case "legacy":
		return LegacyMessages, nil
	}
	return 0, fmt.Errorf("apigw: unknown message style %q: expected current or legacy", s)
}

// String returns "current" or "legacy".
func (m MessageStyle) String() string {
	if m == LegacyMessages {
		return "legacy"
	}
	return "current"
}
