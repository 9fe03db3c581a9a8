package apigw_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
)

func TestPathParameters(t *testing.T) {
	for _, tc := range []struct {
		template, path string
		want           map[string]string
		ok             bool
	}{
		{"/orders/{id}", "/orders/42", map[string]string{"id": "42"}, true},
		{"/orders/{id}", "/orders/42/", map[string]string{"id": "42"}, true},
		{"/orders/{id}", "/orders", nil, false},
		{"/orders/{id}", "/orders/42/items", nil, false},
		{"/{proxy+}", "/a/b/c", map[string]string{"proxy": "a/b/c"}, true},
		{"/files/{path+}", "/files", nil, false},
		{"/a/{x}/b/{y}", "/a/1/b/2", map[string]string{"x": "1", "y": "2"}, true},
		{"/orders", "/orders", nil, true},
		{"/orders", "/other", nil, false},
		{"/", "/", nil, true},
		{"/{id}", "/%2F", map[string]string{"id": "%2F"}, true},
		{"/{proxy+}", "//a", nil, false},
		{"/{proxy+}/x", "/a/x", nil, false},
	} {
		got, ok := apigw.PathParameters(tc.template, tc.path)
		if ok != tc.ok || !cmp.Equal(got, tc.want) {
			t.Errorf("PathParameters(%q, %q) = %v, %v; want %v, %v", tc.template, tc.path, got, ok, tc.want, tc.ok)
		}
	}
}

func TestEventToken(t *testing.T) {
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123defg")
	g := apigw.MustNewGateway(apigw.Config{API: api, Auth: apigw.AuthCustom, Authorizer: apigw.AuthorizerConfig{IdentitySources: []string{"method.request.header.X-Token"}}})
	m, _ := api.Method("GET /prod/orders/42")
	c := &apigw.Call{Method: m, Headers: http.Header{"X-Token": {"Bearer  abc "}}}
	ev, err := g.Event(c, apigw.EventOptions{Resource: "/orders/{id}"})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(ev)
	// The whole header value, unmodified (API-AUTHORIZER).
	want := `{"type":"TOKEN","authorizationToken":"Bearer  abc ","methodArn":"arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/42"}`
	if string(data) != want {
		t.Errorf("got  %s\nwant %s", data, want)
	}
}

func TestEventRequest(t *testing.T) {
	api := arn.MustParseAPI("arn:aws:execute-api:eu-west-1:123456789012:abc123defg")
	g := apigw.MustNewGateway(apigw.Config{API: api, Auth: apigw.AuthCustom, Authorizer: apigw.AuthorizerConfig{Type: apigw.RequestAuthorizer, IdentitySources: []string{"method.request.header.X-Api-Key"}}})
	m, _ := api.Method("GET /prod/orders/42")
	c := &apigw.Call{
		Method:         m,
		Headers:        http.Header{"X-Api-Key": {"k1"}, "Accept": {"a", "b"}, "Host": {"api.example.com"}, "X-Forwarded-For": {"10.9.8.7"}},
		Query:          url.Values{"page": {"1", "2"}},
		StageVariables: map[string]string{"env": "prod"},
		RequestContext: map[string]string{"identity.sourceIp": "192.0.2.7", "stage": "prod"},
	}
	at := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	ev, err := g.Event(c, apigw.EventOptions{Resource: "/orders/{id}", Time: at, RequestID: "req-1", HeaderNames: map[string]string{"X-Api-Key": "x-api-key"}})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := ev.JSON()
	var got map[string]any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	rc := got["requestContext"].(map[string]any)
	if id, _ := rc["resourceId"].(string); len(id) != 6 {
		t.Errorf("resourceId %q", id)
	}
	delete(rc, "resourceId")
	// Trace ids are made up; their form is AWS's.
	h := got["headers"].(map[string]any)
	if id, _ := h["X-Amzn-Trace-Id"].(string); !traceID.MatchString(id) {
		t.Errorf("X-Amzn-Trace-Id %q", id)
	}
	delete(h, "X-Amzn-Trace-Id")
	delete(got["multiValueHeaders"].(map[string]any), "X-Amzn-Trace-Id")
	want := map[string]any{
		"type":       "REQUEST",
		"methodArn":  "arn:aws:execute-api:eu-west-1:123456789012:abc123defg/prod/GET/orders/42",
		"resource":   "/orders/{id}",
		"path":       "/orders/42",
		"httpMethod": "GET",
		// Names as sent; the headers API Gateway adds, except one the
		// client sent; the caller's address after a sent X-Forwarded-For.
		"headers": map[string]any{"x-api-key": "k1", "Accept": "b", "Host": "api.example.com",
			"X-Forwarded-For": "10.9.8.7, 192.0.2.7", "X-Forwarded-Port": "443", "X-Forwarded-Proto": "https"},
		"multiValueHeaders": map[string]any{"x-api-key": []any{"k1"}, "Accept": []any{"a", "b"}, "Host": []any{"api.example.com"},
			"X-Forwarded-For": []any{"10.9.8.7, 192.0.2.7"}, "X-Forwarded-Port": []any{"443"}, "X-Forwarded-Proto": []any{"https"}},
		"queryStringParameters":           map[string]any{"page": "2"},
		"multiValueQueryStringParameters": map[string]any{"page": []any{"1", "2"}},
		"pathParameters":                  map[string]any{"id": "42"},
		"stageVariables":                  map[string]any{"env": "prod"},
		"requestContext": map[string]any{
			"accountId":        "123456789012",
			"apiId":            "abc123defg",
			"domainName":       "abc123defg.execute-api.eu-west-1.amazonaws.com",
			"httpMethod":       "GET",
			"identity":         map[string]any{"sourceIp": "192.0.2.7", "apiKey": nil, "clientCert": nil},
			"path":             "/prod/orders/42",
			"requestId":        "req-1",
			"requestTime":      "02/Dec/2026:10:00:00 +0000",
			"requestTimeEpoch": float64(at.UnixMilli()),
			"resourcePath":     "/orders/{id}",
			"stage":            "prod",
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("event (-want +got)\n%s", diff)
	}
	// Keys in the documented order, the type first.
	if !bytes.HasPrefix(data, []byte(`{"type":"REQUEST","methodArn":`)) {
		t.Errorf("key order: %s", data)
	}
}

var traceID = regexp.MustCompile(`^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$`)

func TestEventRequestEmptyMapsAreNull(t *testing.T) {
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123defg")
	g := apigw.MustNewGateway(apigw.Config{API: api, Auth: apigw.AuthCustom, Authorizer: apigw.AuthorizerConfig{Type: apigw.RequestAuthorizer, TTL: apigw.TTLSeconds(0)}})
	m, _ := api.Method("GET /prod/")
	c := &apigw.Call{Method: m, RequestContext: map[string]string{"identity.sourceIp": "192.0.2.7"}}
	ev, err := g.Event(c, apigw.EventOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := ev.JSON()
	for _, k := range []string{"queryStringParameters", "multiValueQueryStringParameters", "pathParameters", "stageVariables"} {
		if !bytes.Contains(data, []byte(`"`+k+`":null`)) {
			t.Errorf("%s is not null: %s", k, data)
		}
	}
	// API Gateway's own headers are always there.
	if !bytes.Contains(data, []byte(`"Host":"abc123defg.execute-api.us-east-1.amazonaws.com"`)) {
		t.Errorf("no Host header: %s", data)
	}
	// The same request gets the same id.
	ev2, _ := g.Event(c, apigw.EventOptions{})
	if ev.RequestContext["requestId"] != ev2.RequestContext["requestId"] {
		t.Error("request ids differ for the same request")
	}
}

// A path that is no template (an empty segment, a trailing slash) is its
// own resource when none is given.
func TestEventLiteralPath(t *testing.T) {
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123defg")
	g := apigw.MustNewGateway(apigw.Config{API: api, Auth: apigw.AuthCustom, Authorizer: apigw.AuthorizerConfig{Type: apigw.RequestAuthorizer, TTL: apigw.TTLSeconds(0)}})
	for _, path := range []string{"/a//b", "/orders/", "/{x}"} {
		m, _ := api.Method("GET /prod" + path)
		ev, err := g.Event(&apigw.Call{Method: m, RequestContext: map[string]string{"identity.sourceIp": "192.0.2.7"}}, apigw.EventOptions{})
		if err != nil || ev.Resource != path || ev.Path != path || ev.PathParameters != nil {
			t.Errorf("%s: resource %q, path %q, parameters %v, %v", path, ev.Resource, ev.Path, ev.PathParameters, err)
		}
	}
}

func TestEventErrors(t *testing.T) {
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123defg")
	m, _ := api.Method("GET /prod/orders/42")
	none := apigw.MustNewGateway(apigw.Config{API: api})
	if _, err := none.Event(&apigw.Call{Method: m}, apigw.EventOptions{}); !errors.Is(err, apigw.ErrNoLambdaAuthorizer) {
		t.Errorf("NONE: %v", err)
	}
	var zero apigw.Gateway
	if _, err := zero.Event(&apigw.Call{Method: m}, apigw.EventOptions{}); !errors.Is(err, apigw.ErrNoLambdaAuthorizer) {
		t.Errorf("zero gateway: %v", err)
	}
	g := apigw.MustNewGateway(apigw.Config{API: api, Auth: apigw.AuthCustom, Authorizer: apigw.AuthorizerConfig{Type: apigw.RequestAuthorizer, TTL: apigw.TTLSeconds(0)}})
	withIP := &apigw.Call{Method: m, RequestContext: map[string]string{"identity.sourceIp": "192.0.2.7"}}
	if _, err := g.Event(withIP, apigw.EventOptions{Resource: "/users/{id}"}); err == nil {
		t.Error("a resource that does not match the path was accepted")
	}
	if _, err := g.Event(&apigw.Call{Method: m}, apigw.EventOptions{}); !errors.Is(err, apigw.ErrNoSourceIP) {
		t.Errorf("no source IP: %v", err)
	}
}

func TestEventJSONDoesNotEscapeHTML(t *testing.T) {
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123defg")
	g := apigw.MustNewGateway(apigw.Config{API: api, Auth: apigw.AuthCustom})
	m, _ := api.Method("GET /prod/x")
	ev, err := g.Event(&apigw.Call{Method: m, Headers: http.Header{"Authorization": {"<a>&b"}}}, apigw.EventOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := ev.JSON()
	if !bytes.Contains(data, []byte(`"authorizationToken":"<a>&b"`)) {
		t.Errorf("%s", data)
	}
}
