package authztest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/iamgate/iamgate/eval"
)

// Input is what a request carries besides its request line, for Event.
type Input struct {
	// Token is a TOKEN authorizer's token, sent in its header (the
	// Config's identity source, Authorization by default), whole.
	Token string
	// Headers, Query and StageVariables are the request's values (a
	// REQUEST event carries them). Header names are case-insensitive.
	Headers        map[string]string
	Query          map[string]string
	StageVariables map[string]string
	// Resource is the method's resource template, such as /orders/{id}
	// or /{proxy+}: event.resource and the path parameters. Empty means
	// the request's path.
	Resource string
}

// Event returns, as JSON, the event API Gateway sends the authorizer for
// request (reference 3.3): for a TOKEN authorizer type, authorizationToken
// and methodArn; for a REQUEST authorizer the resource, path, headers,
// query string, path parameters, stage variables and request context
// (with Config.SourceIP and Config.Time). Unmarshal it into the handler's
// event type, such as aws-lambda-go's
// events.APIGatewayCustomAuthorizerRequest or
// events.APIGatewayCustomAuthorizerRequestTypeRequest, or use
// UnmarshalEvent. A request line that is not one, or a resource that does
// not match its path, stops the test with tb.Fatalf.
func (g *Gateway) Event(request string, in Input) []byte {
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
	g.tb.Helper()
	data, err := g.event(request, in)
	if err == nil {
		err = json.Unmarshal(data, v)
	}
	if err != nil {
		g.tb.Fatalf("authztest: event for %s: %v", request, err)
	}
}

func (g *Gateway) event(request string, in Input) ([]byte, error) {
	m, err := g.method(request)
	if err != nil {
		return nil, err
	}
	c := eval.Call{Method: m, Headers: http.Header{}, Query: url.Values{}, StageVariables: in.StageVariables,
		RequestContext: map[string]string{}}
	for k, v := range in.Headers {
		c.Headers.Set(k, v)
	}
	for k, v := range in.Query {
		c.Query.Set(k, v)
	}
	if g.cfg.Type == eval.TokenAuthorizer {
		src := g.gw.IdentitySources()[0]
		c.Headers.Set(src[len("method.request.header."):], in.Token)
	}
	if g.cfg.SourceIP != "" {
		c.RequestContext["identity.sourceIp"] = g.cfg.SourceIP
	}
	ev, err := g.gw.Event(&c, eval.EventOptions{Resource: in.Resource, Time: g.now})
	if err != nil {
		return nil, fmt.Errorf("authztest: event for %s: %v", request, err)
	}
	return json.Marshal(ev)
}
