package apigw

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/iamgate/iamgate/internal/resource"
)

// Event is the event API Gateway sends a Lambda authorizer for a request
// (LA-INPUT). Its JSON form (MarshalJSON) is what the
// function receives: for a TOKEN authorizer exactly type,
// authorizationToken and methodArn; for a REQUEST authorizer the request's
// resource, path, method, headers, query string, path parameters, stage
// variables and request context.
type Event struct {
	Type AuthorizerType
	// MethodARN is event.methodArn: the concrete verb and path.
	MethodARN string
	// Token is a TOKEN authorizer's authorizationToken: the token header's
	// whole value, unmodified (API-AUTHORIZER).
	Token string

	// The fields of a REQUEST event. Resource is the method's resource
	// template (/orders/{id}), Path the request's path without the stage
	// (/orders/42). The single-value maps keep a header's or parameter's
	// last value, the multi-value maps every value (REPORT:
	// https://github.com/dherault/serverless-offline/issues/510); a map
	// with no entry is null in the JSON form, as API Gateway sends it
	// (REPORT: https://github.com/floci-io/floci/issues/807).
	Resource          string
	Path              string
	HTTPMethod        string
	Headers           map[string]string
	MultiValueHeaders map[string][]string
	Query             map[string]string
	MultiValueQuery   map[string][]string
	PathParameters    map[string]string
	StageVariables    map[string]string
	// RequestContext is event.requestContext, nested: a flat key such as
	// "identity.sourceIp" is the member sourceIp of the object identity.
	RequestContext map[string]any
}

// EventOptions say what a Call does not: the method's resource and the
// request's identifiers.
type EventOptions struct {
	// Resource is the resource template of the method that serves the
	// request, such as "/orders/{id}" or "/{proxy+}": it gives
	// event.resource, requestContext.resourcePath and the path
	// parameters. Empty means the request's path itself (a resource
	// without parameters).
	Resource string
	// Time is when the request is made (requestContext.requestTime and
	// requestTimeEpoch); the zero Time leaves them out.
	Time time.Time
	// RequestID is requestContext.requestId; empty means one derived from
	// the method ARN and the time, so that the same request always gets
	// the same event.
	RequestID string
	// HeaderNames spells header names as the client sent them: the key is
	// the canonical name (http.CanonicalHeaderKey), the value the
	// spelling. API Gateway passes names on as sent, and handlers that
	// read event.headers.authorization depend on it. A name not in the
	// map is written in canonical form.
	HeaderNames map[string]string
}

// ErrNoLambdaAuthorizer is returned by Event for a gateway whose methods
// use no Lambda authorizer.
var ErrNoLambdaAuthorizer = errors.New("apigw: the method uses no Lambda authorizer, so API Gateway sends no authorizer event")

// ErrNoSourceIP is returned by Event for a REQUEST authorizer when the call
// does not say the caller's address (RequestContext "identity.sourceIp"):
// API Gateway always puts it in the event (requestContext.identity.sourceIp
// and X-Forwarded-For), so an event without it would be one AWS never
// sends.
var ErrNoSourceIP = errors.New("apigw: a REQUEST authorizer's event carries the caller's address (requestContext.identity.sourceIp, X-Forwarded-For): give it")

// Event builds the event the gateway's Lambda authorizer receives for the
// call. For a REQUEST authorizer, the call's RequestContext values (flat
// keys such as "identity.sourceIp", which is required) are put in
// event.requestContext over the values API Gateway always sets: path,
// accountId, resourceId, stage, requestId, resourcePath, httpMethod,
// apiId, domainName, the request time and identity (apiKey and clientCert
// null); and the headers API Gateway adds to every request of a regional
// endpoint (Host, X-Forwarded-For, X-Forwarded-Port, X-Forwarded-Proto,
// X-Amzn-Trace-Id) are added to those the call does not send (REPORT: a
// captured REST REQUEST authorizer event,
// https://github.com/aws-powertools/powertools-lambda-typescript/issues/2624).
// The resource template must match the call's path.
func (g *Gateway) Event(c *Call, opts EventOptions) (Event, error) {
	if g == nil || !g.compiled || g.cfg.Auth != AuthCustom {
		return Event{}, ErrNoLambdaAuthorizer
	}
	m := c.Method
	e := Event{Type: g.cfg.Authorizer.Type, MethodARN: c.methodARN()}
	if e.Type == TokenAuthorizer {
		v, _ := c.sourceValue(&g.sources[0])
		e.Token = v
		return e, nil
	}
	sourceIP := c.RequestContext["identity.sourceIp"]
	if sourceIP == "" {
		return Event{}, ErrNoSourceIP
	}
	// Without a template the path is its own resource, taken literally
	// (even /a//b), with no parameters.
	resource, params := opts.Resource, map[string]string(nil)
	if resource == "" {
		resource = m.Path
	} else {
		var ok bool
		if params, ok = PathParameters(resource, m.Path); !ok {
			return Event{}, fmt.Errorf("apigw: event: the resource %q does not match the path %q", resource, m.Path)
		}
	}
	e.Resource, e.Path, e.HTTPMethod = resource, m.Path, m.Verb
	e.PathParameters = params
	domain := m.API.ID + ".execute-api." + m.API.Region + "." + dnsSuffix(m.API.Partition)
	headers := map[string][]string{}
	for k, vs := range c.Headers {
		name := k
		if n, ok := opts.HeaderNames[k]; ok && n != "" {
			name = n
		}
		headers[name] = vs
	}
	// sent returns the name under which the call sends a header (any
	// letter case), or "".
	sent := func(name string) string {
		for k := range headers {
			if strings.EqualFold(k, name) {
				return k
			}
		}
		return ""
	}
	for _, h := range [...][2]string{
		{"Host", domain},
		{"X-Amzn-Trace-Id", traceID(e.MethodARN, opts.Time)},
		{"X-Forwarded-Port", "443"},
		{"X-Forwarded-Proto", "https"},
	} {
		if sent(h[0]) == "" {
			headers[h[0]] = []string{h[1]}
		}
	}
	// A proxy appends the address it received the request from to
	// X-Forwarded-For, as HTTP proxies do (AWS does not document API
	// Gateway's own handling): a value
	// the client sent comes first.
	if k := sent("X-Forwarded-For"); k != "" {
		headers[k] = []string{strings.Join(headers[k], ", ") + ", " + sourceIP}
	} else {
		headers["X-Forwarded-For"] = []string{sourceIP}
	}
	e.Headers, e.MultiValueHeaders = lastAndAll(headers)
	e.Query, e.MultiValueQuery = lastAndAll(c.Query)
	if len(c.StageVariables) > 0 {
		e.StageVariables = maps.Clone(c.StageVariables)
	}
	rc := map[string]any{
		"accountId":    m.API.Account,
		"apiId":        m.API.ID,
		"domainName":   domain,
		"httpMethod":   m.Verb,
		"identity":     map[string]any{"apiKey": nil, "clientCert": nil},
		"path":         "/" + m.Stage + m.Path,
		"requestId":    opts.RequestID,
		"resourceId":   resourceID(m.API.ID, resource),
		"resourcePath": resource,
		"stage":        m.Stage,
	}
	if rc["requestId"] == "" {
		rc["requestId"] = requestID(e.MethodARN, opts.Time)
	}
	if !opts.Time.IsZero() {
		t := opts.Time.UTC()
		rc["requestTime"] = t.Format("02/Jan/2006:15:04:05 -0700")
		rc["requestTimeEpoch"] = t.UnixMilli()
	}
	for _, k := range slices.Sorted(maps.Keys(c.RequestContext)) {
		setPath(rc, strings.Split(k, "."), c.RequestContext[k])
	}
	e.RequestContext = rc
	return e, nil
}

// PathParameters matches a request path to a resource template and returns
// the template's parameters: {name} takes one non-empty segment, {name+}
// (the last segment only) the rest of the path. The values are the path's
// text as sent (D15). The map is nil when the template has no
// parameters; ok is false when the template is not one or the path does
// not match it. Routing in suites matches with the same rules.
func PathParameters(template, path string) (map[string]string, bool) {
	t, err := resource.Parse(template)
	if err != nil {
		return nil, false
	}
	return t.Params(path)
}

// lastAndAll splits multi-valued parameters into the last value of each
// and all of them; both nil when there are none.
func lastAndAll(in map[string][]string) (map[string]string, map[string][]string) {
	if len(in) == 0 {
		return nil, nil
	}
	last, all := map[string]string{}, map[string][]string{}
	for k, vs := range in {
		if len(vs) == 0 {
			continue
		}
		last[k] = vs[len(vs)-1]
		all[k] = slices.Clone(vs)
	}
	if len(last) == 0 {
		return nil, nil
	}
	return last, all
}

// setPath sets a dotted key in nested maps; a value already set at a
// prefix that is not an object is replaced.
func setPath(m map[string]any, keys []string, v string) {
	for _, k := range keys[:len(keys)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	m[keys[len(keys)-1]] = v
}

func dnsSuffix(partition string) string {
	if partition == "aws-cn" {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

// resourceID stands for the id API Gateway gives a resource: six lower
// case letters and digits (05c7jb in AWS's example), the same for the
// same API and resource.
func resourceID(api, resource string) string {
	h := fnv.New64a()
	h.Write([]byte(api + "\x00" + resource))
	s := strconv.FormatUint(h.Sum64(), 36)
	return (s + "000000")[:6]
}

// traceID stands for the X-Amzn-Trace-Id API Gateway adds: Root=1-, the
// time in hexadecimal seconds, and 24 hexadecimal digits from the
// request.
func traceID(methodARN string, t time.Time) string {
	sum := sha256.Sum256([]byte("trace\x00" + methodARN + "\x00" + t.UTC().Format(time.RFC3339Nano)))
	return fmt.Sprintf("Root=1-%08x-%x", uint32(t.Unix()), sum[:12])
}

// requestID stands for a request id: a UUID made from the method ARN and
// the time.
func requestID(methodARN string, t time.Time) string {
	sum := sha256.Sum256([]byte(methodARN + "\x00" + t.UTC().Format(time.RFC3339Nano)))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// MarshalJSON writes the event as API Gateway sends it: the top-level keys
// in the order of AWS's documentation, the keys of maps sorted. Like every
// json.Marshaler's output, encoding/json then escapes <, > and & in it,
// unless the Encoder's SetEscapeHTML is off: JSON gives the event without
// those escapes.
func (e Event) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	field := func(first bool, k string, v any) error {
		if !first {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(k))
		b.WriteByte(':')
		var data bytes.Buffer
		enc := json.NewEncoder(&data)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return err
		}
		b.Write(bytes.TrimSuffix(data.Bytes(), []byte("\n")))
		return nil
	}
	b.WriteByte('{')
	if err := field(true, "type", e.Type.String()); err != nil {
		return nil, err
	}
	if e.Type == TokenAuthorizer {
		field(false, "authorizationToken", e.Token)
		field(false, "methodArn", e.MethodARN)
		b.WriteByte('}')
		return b.Bytes(), nil
	}
	for _, f := range []struct {
		k string
		v any
	}{
		{"methodArn", e.MethodARN},
		{"resource", e.Resource},
		{"path", e.Path},
		{"httpMethod", e.HTTPMethod},
		{"headers", e.Headers},
		{"multiValueHeaders", e.MultiValueHeaders},
		{"queryStringParameters", e.Query},
		{"multiValueQueryStringParameters", e.MultiValueQuery},
		{"pathParameters", e.PathParameters},
		{"stageVariables", e.StageVariables},
		{"requestContext", e.RequestContext},
	} {
		if err := field(false, f.k, f.v); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// JSON returns the event as its function receives it: compact, and with
// <, > and & as they are (not escaped for HTML).
func (e Event) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
