package authztest_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

const api = "arn:aws:execute-api:us-east-1:123456789012:abc123defg"

// The types below have the JSON shape of aws-lambda-go's
// events.APIGatewayCustomAuthorizerRequest and
// events.APIGatewayCustomAuthorizerResponse, which the package must not
// import: the checks only see the marshalled JSON.

type tokenEvent struct {
	Type               string `json:"type"`
	AuthorizationToken string `json:"authorizationToken"`
	MethodArn          string `json:"methodArn"`
}

type authResponse struct {
	PrincipalID        string         `json:"principalId"`
	PolicyDocument     authPolicy     `json:"policyDocument"`
	Context            map[string]any `json:"context,omitempty"`
	UsageIdentifierKey string         `json:"usageIdentifierKey,omitempty"`
}

type authPolicy struct {
	Version   string          `json:"Version"`
	Statement []authStatement `json:"Statement"`
}

type authStatement struct {
	Action    []string                  `json:"Action"`
	Effect    string                    `json:"Effect"`
	Resource  []string                  `json:"Resource"`
	Condition map[string]map[string]any `json:"Condition,omitempty"`
}

// respond is a response whose policy has one statement.
func respond(principal, effect string, resources ...string) authResponse {
	return authResponse{
		PrincipalID: principal,
		PolicyDocument: authPolicy{Version: "2012-10-17", Statement: []authStatement{
			{Action: []string{"execute-api:Invoke"}, Effect: effect, Resource: resources},
		}},
	}
}

// stagePrefix is "arn:...:API_ID/STAGE" of a method ARN.
func stagePrefix(methodArn string) string {
	parts := strings.SplitN(methodArn, "/", 3)
	if len(parts) < 2 {
		return methodArn
	}
	return parts[0] + "/" + parts[1]
}

// ordersHandler is a well-behaved TOKEN authorizer: alice may read every
// order of the stage, bob is denied everything, an expired token is
// rejected with "Unauthorized".
func ordersHandler(_ context.Context, ev tokenEvent) (authResponse, error) {
	switch ev.AuthorizationToken {
	case "Bearer alice":
		return respond("alice", "Allow", stagePrefix(ev.MethodArn)+"/GET/orders/*"), nil
	case "Bearer bob":
		return respond("bob", "Deny", stagePrefix(ev.MethodArn)+"/*/*"), nil
	}
	return authResponse{}, errors.New("Unauthorized")
}

// methodArnHandler falls into the caching trap: its policy allows only
// the request it was invoked for.
func methodArnHandler(_ context.Context, ev tokenEvent) (authResponse, error) {
	return respond("alice", "Allow", ev.MethodArn), nil
}

// recorder is a testing.TB that records what the helpers report. Fatalf
// ends the goroutine as testing's does, so use it inside run. Any other
// TB method panics on the nil embedded TB.
type recorder struct {
	testing.TB
	mu      sync.Mutex
	helpers int
	errors  []string
	fatals  []string
}

func (r *recorder) Helper() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.helpers++
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.mu.Lock()
	r.fatals = append(r.fatals, fmt.Sprintf(format, args...))
	r.mu.Unlock()
	runtime.Goexit()
}

// run calls f in its own goroutine, so that a Fatalf ends f only.
func run(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}

// firstLine is the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
