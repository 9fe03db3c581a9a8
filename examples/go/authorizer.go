// Command authorizer is a REQUEST Lambda authorizer for the orders API: it
// reads the caller's API key from the X-Api-Key header and allows the
// caller's client every GET method of the stage.
//
// Keys are looked up in a small in-file table: this is a demo, not a key
// store. Keys in parentheses, such as (KC-CACHE), cite the pages listed in
// iamgate's docs/references.md.
package main

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// client is what an API key identifies.
type client struct {
	name    string
	revoked bool
}

// demoKeys maps each demo API key to its client.
var demoKeys = map[string]client{
	"key-live-4f2a91": {name: "billing-service"},
	"key-live-8c03d7": {name: "reporting-job"},
	"key-old-1b5e60":  {name: "legacy-export", revoked: true},
}

// errUnauthorized is the one error API Gateway answers with 401; any other
// error is a 500 (LA-USE).
var errUnauthorized = errors.New("Unauthorized")

// Handler answers API Gateway's REQUEST authorizer event.
func Handler(ctx context.Context, ev events.APIGatewayCustomAuthorizerRequestTypeRequest) (events.APIGatewayCustomAuthorizerResponse, error) {
	c, ok := demoKeys[header(ev.Headers, "X-Api-Key")]
	if !ok {
		return events.APIGatewayCustomAuthorizerResponse{}, errUnauthorized
	}
	stage := stageARN(ev.MethodArn)
	resp := events.APIGatewayCustomAuthorizerResponse{
		PrincipalID: c.name,
		// Context values must be strings, numbers or booleans (LA-OUTPUT).
		Context: map[string]any{"client": c.name},
	}
	// The policy covers every GET method of the stage, not only
	// ev.MethodArn: API Gateway caches this answer under the key and reuses
	// it for the client's next requests to other routes (KC-CACHE).
	if c.revoked {
		// A known but revoked key is denied explicitly rather than refused
		// with a 401, so the client learns that the key itself is valid.
		resp.PolicyDocument = policy("Deny", stage+"/*/*")
	} else {
		resp.PolicyDocument = policy("Allow", stage+"/GET/*")
	}
	return resp, nil
}

// header returns a header's value, its name matched whatever its case:
// API Gateway passes header names on as the client sent them.
func header(headers map[string]string, name string) string {
	for k, v := range headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// stageARN cuts a method ARN,
// arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/VERB/PATH, after its stage.
func stageARN(methodARN string) string {
	api, rest, _ := strings.Cut(methodARN, "/")
	stage, _, _ := strings.Cut(rest, "/")
	return api + "/" + stage
}

func policy(effect, resource string) events.APIGatewayCustomAuthorizerPolicy {
	return events.APIGatewayCustomAuthorizerPolicy{
		Version: "2012-10-17",
		Statement: []events.IAMPolicyStatement{{
			Action:   []string{"execute-api:Invoke"},
			Effect:   effect,
			Resource: []string{resource},
		}},
	}
}
