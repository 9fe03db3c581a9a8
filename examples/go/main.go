package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// main starts the Lambda runtime loop, or with the single argument "local"
// answers one event read from stdin, the way iamgate's `command`
// authorizers expect:
//
//	go run . local < event.json
//
// The response goes to stdout as JSON with exit status 0; an error as
// Lambda's error shape {"errorMessage", "errorType"} with exit status 1.
// Exit status 2 means the event on stdin is not JSON.
func main() {
	if len(os.Args) == 2 && os.Args[1] == "local" {
		// Only the answer goes to stdout: what the handler prints (Lambda
		// would send it to CloudWatch Logs) goes to stderr.
		answer := os.Stdout
		os.Stdout = os.Stderr
		os.Exit(local(os.Stdin, answer, os.Stderr))
	}
	lambda.Start(Handler)
}

// local answers one event from stdin and returns the exit status.
func local(stdin io.Reader, stdout, stderr io.Writer) int {
	var ev events.APIGatewayCustomAuthorizerRequestTypeRequest
	if err := json.NewDecoder(stdin).Decode(&ev); err != nil {
		fmt.Fprintf(stderr, "authorizer: the event on stdin is not JSON: %v\n", err)
		return 2
	}
	var answer any
	status := 0
	resp, err := Handler(context.Background(), ev)
	if err != nil {
		answer, status = lambdaError{Message: err.Error(), Type: errorType(err)}, 1
	} else {
		answer = resp
	}
	if err := json.NewEncoder(stdout).Encode(answer); err != nil {
		fmt.Fprintf(stderr, "authorizer: writing the answer: %v\n", err)
		return 1
	}
	return status
}

// lambdaError is the error shape of Lambda's Invoke response.
type lambdaError struct {
	Message string `json:"errorMessage"`
	Type    string `json:"errorType"`
}

// errorType names an error's type as aws-lambda-go does: the name of the
// type, or of the type pointed to (errors.New gives "errorString").
func errorType(err error) string {
	t := reflect.TypeOf(err)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}
