package authztest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/httpfield"
)

// Input is what a request carries besides its request line, for Event.
type Input struct {
	// Token is a TOKEN authorizer's token, sent in its header (the
	// Config's identity source, Authorization by default), whole. Empty
	// means the token is the value Headers gives that header, if any.
	Token string
	// Headers, Query and StageVariables are the request's values (a
	// REQUEST event carries them). Header names are case-insensitive for
	// API Gateway, and the event spells them as written here.
	Headers        map[string]string
	Query          map[string]string
	StageVariables map[string]string
	// Resource is the method's resource template, such as /orders/{id}
	// or /{proxy+}: event.resource and the path parameters. Empty means
	// the request's path.
	Resource string
}

// Event returns, as JSON, the event API Gateway sends the authorizer for
// request (LA-INPUT): for a TOKEN authorizer type, authorizationToken
// and methodArn; for a REQUEST authorizer the resource, path, headers,
// query string, path parameters, stage variables and request context
// (with Config.SourceIP, which a REQUEST event needs, and Config.Time) and
// the headers API Gateway adds (Host, X-Forwarded-For, ...). Unmarshal it
// into the handler's
// event type, such as aws-lambda-go's
// events.APIGatewayCustomAuthorizerRequest or
// events.APIGatewayCustomAuthorizerRequestTypeRequest, or use
// UnmarshalEvent. A request line that is not one, or a resource that does
// not match its path, stops the test with tb.Fatalf.
func (g *Gateway) Event(request string, in Input) []byte {
	if g.tb == nil {
		return nil
	}
	g.tb.Helper()
	data, err := g.event(request, in)
	if err != nil {
		g.tb.Fatalf("%v", err)
		return nil
	}
	return data
}

// UnmarshalEvent stores in v, with encoding/json, the event API Gateway
// sends the authorizer for request (see Event).
func (g *Gateway) UnmarshalEvent(request string, in Input, v any) {
	if g.tb == nil {
		return
	}
	g.tb.Helper()
	data, err := g.event(request, in)
	if err == nil {
		err = json.Unmarshal(data, v)
	}
	if err != nil {
		g.tb.Fatalf("%v", err)
	}
}

func (g *Gateway) event(request string, in Input) ([]byte, error) {
	m, err := g.method(request)
	if err != nil {
		return nil, err
	}
	req := apigw.Request{Verb: m.Verb, Stage: m.Stage, Path: m.Path, Headers: http.Header{}, HeaderNames: map[string]string{},
		Query: url.Values{}, StageVariables: in.StageVariables, Resource: in.Resource,
		Info: apigw.RequestInfo{Time: g.now, SourceIP: g.addr}}
	// Header names and values are read as API Gateway receives them, as
	// iamgate eval and suites read them (internal/httpfield).
	for k, v := range in.Headers {
		if err := httpfield.CheckName(k); err != nil {
			return nil, fmt.Errorf("authztest: event for %s: %v", request, err)
		}
		v, err := httpfield.Value(v)
		if err != nil {
			return nil, fmt.Errorf("authztest: event for %s: header %s: %v", request, k, err)
		}
		req.Headers.Set(k, v)
		req.HeaderNames[http.CanonicalHeaderKey(k)] = k
	}
	for k, v := range in.Query {
		req.Query.Set(k, v)
	}
	if g.cfg.Type == apigw.TokenAuthorizer {
		name, _ := g.gw.TokenHeader()
		token, err := httpfield.Value(in.Token)
		if err != nil {
			return nil, fmt.Errorf("authztest: event for %s: the token: %v", request, err)
		}
		// The token replaces the value Headers gives its header.
		if token != "" || req.Headers.Get(name) == "" {
			req.Headers.Set(name, token)
		}
		if req.Headers.Get(name) == "" {
			return nil, fmt.Errorf("authztest: event for %s: the token is missing or empty: API Gateway answers 401 without invoking the authorizer", request)
		}
	}
	p, err := g.model.Prepare(req)
	if err != nil {
		return nil, fmt.Errorf("authztest: event for %s: %s", request, strings.TrimPrefix(err.Error(), "apigw: request: "))
	}
	c := p.Call
	ev, err := g.gw.Event(&c, p.Event)
	switch {
	case errors.Is(err, apigw.ErrNoSourceIP):
		return nil, fmt.Errorf("authztest: event for %s: a REQUEST authorizer's event carries the caller's address (requestContext.identity.sourceIp, X-Forwarded-For): give it in Config.SourceIP", request)
	case err != nil:
		return nil, fmt.Errorf("authztest: event for %s: %s", request, strings.TrimPrefix(err.Error(), "apigw: event: "))
	}
	return ev.JSON()
}
