package arn

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/iamgate/iamgate/internal/httpfield"
)

// Method returns the method ARN API Gateway builds for a request to a,
// given its request line "VERB /STAGE/PATH", such as "GET /prod/pets/1" or
// "POST /prod/orders?dry_run=1". The request line has exactly one space
// and no HTTP version.
//
// VERB is the HTTP method as sent: an HTTP token (RFC 9110) without
// lower-case letters, such as GET, POST, PUT, PATCH, DELETE, HEAD or
// OPTIONS. A lower-case or mixed-case method is rejected, since API Gateway
// methods are upper case, and the error names the upper-case form. ANY is
// rejected too: it configures a method for every verb and is never sent,
// and the method ARN of a request to an ANY method carries the verb the
// client used. "*" is rejected for the same reason.
//
// The request target must start with "/". Its first segment is the stage,
// which must not be empty; the rest, up to the first "?" or "#", is the
// path, kept exactly as given: no percent-decoding, no cleaning of "//" or
// of a trailing "/" (D15). The query string and the
// fragment are dropped. The root of a stage, "/prod" or "/prod/", gives the
// path "/" and the method ARN ".../prod/GET/". A "*" in the stage or path
// is rejected, because a method ARN is a value, not a pattern; so are
// spaces and control characters anywhere in the line.
//
// The stage is taken from the path as on the API's default execute-api
// endpoint; requests through a custom domain name need the stage put back
// in front of the path first.
//
// On success the method ARN re-parses with [ParseMethodARN] to an equal
// value, and Method does not allocate: the result's strings share memory
// with requestLine and a. Errors are *ParseError with offsets into
// requestLine; when a is not a valid API (see [ParseAPI]) the error says so
// instead.
func (a API) Method(requestLine string) (MethodARN, error) {
	if err := a.check(); err != nil {
		return MethodARN{}, err
	}
	sp := strings.IndexByte(requestLine, ' ')
	if sp < 0 {
		if strings.HasPrefix(requestLine, "/") {
			return MethodARN{}, errorf(requestLine, 0, "missing HTTP method (expected %q)", "VERB /STAGE/PATH")
		}
		if err := checkVerb(requestLine, 0, len(requestLine)); err != nil {
			return MethodARN{}, err
		}
		return MethodARN{}, errorf(requestLine, len(requestLine), "expected a space and the request path after the method (%q)", "VERB /STAGE/PATH")
	}
	if err := checkVerb(requestLine, 0, sp); err != nil {
		return MethodARN{}, err
	}
	return a.method(requestLine[:sp], requestLine, sp+1)
}

// MethodFor is Method with the verb and the request target given apart:
// a.MethodFor("GET", "/prod/pets/1") is a.Method("GET /prod/pets/1").
// requestPath may carry a query string and a fragment, which are dropped.
// Errors about the verb have offsets into verb, errors about the path
// offsets into requestPath.
func (a API) MethodFor(verb, requestPath string) (MethodARN, error) {
	if err := a.check(); err != nil {
		return MethodARN{}, err
	}
	if err := checkVerb(verb, 0, len(verb)); err != nil {
		return MethodARN{}, err
	}
	return a.method(verb, requestPath, 0)
}

// checkVerb checks the HTTP method input[start:end] of a request.
func checkVerb(input string, start, end int) error {
	v := input[start:end]
	if v == "" {
		return errorf(input, start, "missing HTTP method")
	}
	if v == "*" {
		return errorf(input, start, "%q is not an HTTP method: a method ARN carries the method the client sent, such as GET", v)
	}
	lower := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if 'a' <= c && c <= 'z' {
			lower = true
			continue
		}
		if c == '*' || !httpfield.IsTchar(c) {
			return errorf(input, start+i, "invalid character %q in HTTP method %q", v[i:i+1], v)
		}
	}
	upper := v
	if lower {
		upper = strings.ToUpper(v)
	}
	if upper == "ANY" {
		return errorf(input, start, "%q is not a request method: ANY configures a method for every verb, and the method ARN carries the verb the client sent, such as GET", v)
	}
	if lower {
		return errorf(input, start, "HTTP method %q must be upper case, as API Gateway methods are: use %q", v, upper)
	}
	return nil
}

// CheckRESTMethod returns an error saying so when verb is not an HTTP
// method a REST API serves (IsRESTMethod): what API Gateway answers to
// another method is not known, so tools refuse such a request.
func CheckRESTMethod(verb string) error {
	if IsRESTMethod(verb) {
		return nil
	}
	return fmt.Errorf("%q is not a method a REST API serves: GET, POST, PUT, DELETE, PATCH, HEAD or OPTIONS", verb)
}

// IsRESTMethod reports whether verb is an HTTP method a REST API's methods
// are defined for (besides ANY, which stands for all of them): GET, POST,
// PUT, DELETE, PATCH, HEAD or OPTIONS.
func IsRESTMethod(verb string) bool {
	switch verb {
	case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS":
		return true
	}
	return false
}

// method builds the method ARN for verb (already checked) and the request
// target input[start:].
func (a API) method(verb, input string, start int) (MethodARN, error) {
	t := input[start:]
	if t == "" {
		return MethodARN{}, errorf(input, start, "missing request path (expected %q)", "/STAGE/PATH")
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == ' ' {
			if strings.HasPrefix(t[i+1:], "HTTP/") {
				return MethodARN{}, errorf(input, start+i, "unexpected %q after the request path (give %q, without the HTTP version)", t[i:], "VERB /STAGE/PATH")
			}
			return MethodARN{}, errorf(input, start+i, "space in request path (send it as %q)", "%20")
		}
		if isCTL(c) {
			return MethodARN{}, controlError(input, start+i, "request path")
		}
	}
	if t[0] != '/' {
		return MethodARN{}, errorf(input, start, "request path must start with %q", "/")
	}
	p := t
	if end := strings.IndexAny(t, "?#"); end >= 0 {
		p = t[:end]
	}
	if i := strings.IndexByte(p, '*'); i >= 0 {
		return MethodARN{}, errorf(input, start+i, "wildcard %q in request path: a method ARN is a concrete value, not a pattern", "*")
	}
	rest := p[1:]
	i := strings.IndexByte(rest, '/')
	if i < 0 {
		i = len(rest)
	}
	if i == 0 {
		return MethodARN{}, errorf(input, start+1, "missing stage (expected %q)", "/STAGE/PATH")
	}
	path := rest[i:]
	if path == "" {
		path = "/"
	}
	return MethodARN{API: a, Stage: rest[:i], Verb: verb, Path: path}, nil
}

// RequestQuery returns the query parameters of a request line such as
// "GET /prod/pets?tenant=acme" (the part Method leaves out of the method
// ARN); a fragment is ignored. It fails when the query string is not
// URL-encoded properly.
func RequestQuery(requestLine string) (url.Values, error) {
	_, target, ok := strings.Cut(requestLine, " ")
	if !ok {
		return url.Values{}, nil
	}
	target, _, _ = strings.Cut(target, "#")
	_, q, ok := strings.Cut(target, "?")
	if !ok {
		return url.Values{}, nil
	}
	vals, err := url.ParseQuery(q)
	if err != nil {
		return nil, fmt.Errorf("query string %q: %v", q, err)
	}
	return vals, nil
}
