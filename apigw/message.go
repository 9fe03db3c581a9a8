package apigw

import (
	"github.com/iamgate/iamgate/eval"
	"strings"
	"unicode/utf8"
)

// The messages API Gateway writes in its error bodies (KC-403;
// wording per D5).
const (
	msgUnauthorized    = "Unauthorized"
	msgMissingToken    = "Missing Authentication Token"
	msgURITooLong      = "Request URI too long"
	msgForbidden       = "Forbidden"
	msgAuthorizerDeny  = "User is not authorized to access this resource"
	msgExplicit        = " with an explicit deny"
	msgInIdentity      = " in an identity-based policy"
	msgInResource      = " in a resource-based policy"
	msgNoIdentityAllow = " because no identity-based policy allows the execute-api:Invoke action"
	msgNoResourceAllow = " because no resource-based policy allows the execute-api:Invoke action"
)

// message returns the message of an outcome, and false when the body
// carries null instead (the authorizer 500s, D3) or there is no
// body (200).
func message(o Outcome, c *Call, style MessageStyle) (string, bool) {
	switch o.Response {
	case Unauthorized:
		return msgUnauthorized, true
	case MissingAuthenticationToken:
		return msgMissingToken, true
	case RequestURITooLong:
		return msgURITooLong, true
	case InvalidAPIKey:
		return msgForbidden, true
	case AccessDenied:
	default:
		return "", false
	}
	explicit := o.Decision == eval.ExplicitDeny
	var b strings.Builder
	resourceLayer := o.DecidedBy == LayerResourcePolicy
	if o.DecidedBy == LayerAuthorizer {
		// The Lambda authorizer's policy (KC-403-LA).
		b.WriteString(msgAuthorizerDeny)
	} else {
		// "User: anonymous" for every caller that is not IAM-signed
		// (RP-CREATE); the resource's account is masked (KC-403).
		b.WriteString("User: ")
		b.WriteString(c.Caller.String())
		b.WriteString(" is not authorized to perform: execute-api:Invoke on resource: ")
		b.WriteString(c.Method.MaskedString())
	}
	switch {
	case explicit:
		b.WriteString(msgExplicit)
		if style == CurrentMessages {
			if resourceLayer {
				b.WriteString(msgInResource)
			} else {
				b.WriteString(msgInIdentity)
			}
		}
	case style == CurrentMessages:
		if resourceLayer {
			b.WriteString(msgNoResourceAllow)
		} else {
			b.WriteString(msgNoIdentityAllow)
		}
	}
	return b.String(), true
}

// msgNull is the authorizer 500's body (D3). It is often written with a
// space after the colon; a captured response (REPORT-LOIGE, 2023: 500,
// content-length 16, x-amzn-ErrorType AuthorizerConfigurationException)
// has none, and the capture wins.
const msgNull = `{"message":null}`

// body returns the response body exactly as API Gateway sends it: key
// casing per D4, null message per D3, "" for a call let through.
func body(o Outcome, msg string, ok bool) string {
	switch o.Response {
	case NoGatewayResponse:
		return ""
	case AuthorizerFailure, AuthorizerConfigurationError:
		return msgNull
	case AccessDenied:
		return `{"Message":` + jsonString(msg) + `}`
	}
	if !ok {
		return msgNull
	}
	return `{"message":` + jsonString(msg) + `}`
}

// Header is one response header.
type Header struct {
	Name, Value string
}

// headers returns the headers iamgate can predict: the content type and
// x-amzn-ErrorType (KC-403). Request ids and dates vary per call
// and are left out.
func headers(o Outcome) []Header {
	errType := ""
	switch o.Response {
	case NoGatewayResponse:
		return nil
	case AccessDenied:
		errType = "AccessDeniedException"
	case MissingAuthenticationToken:
		errType = "MissingAuthenticationTokenException"
	case Unauthorized:
		errType = "UnauthorizedException"
	case AuthorizerFailure, AuthorizerConfigurationError:
		errType = "AuthorizerConfigurationException"
	case InvalidAPIKey:
		errType = "ForbiddenException"
	}
	h := []Header{{"Content-Type", "application/json"}}
	if errType != "" {
		h = append(h, Header{"x-amzn-ErrorType", errType})
	}
	return h
}

// jsonString quotes s as a JSON string without escaping <, > and &, as a
// plain JSON encoder of API Gateway's kind would.
func jsonString(s string) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == utf8.RuneError && size == 1:
			if r == utf8.RuneError {
				b.WriteString(`\ufffd`)
			} else {
				b.WriteString(`\u00`)
				b.WriteByte(hex[r>>4])
				b.WriteByte(hex[r&0xf])
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}
