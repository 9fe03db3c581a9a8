package authztest

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/iamgate/iamgate/apigw"
)

// outputFile names the handler's output in positions and reasons, as in
// "authorizer output:3:17: ..." and "authorizer output statement 0".
const outputFile = "authorizer output"

// Returned is what a handler gave back, in the form the checks take: err
// when it is not nil, resp otherwise. With it a handler's two results go
// straight into a check:
//
//	g.Allowed("GET /prod/orders/42", authztest.Returned(handler(ctx, event)))
func Returned(resp any, err error) any {
	if err != nil {
		return err
	}
	return resp
}

// result turns what the handler returned into the authorizer result API
// Gateway would get (see Gateway for the accepted kinds). Output API
// Gateway cannot use is a result too; the error is only for a value that
// has no JSON form.
func result(returned any) (*apigw.AuthorizerResult, error) {
	switch v := returned.(type) {
	case nil:
		// A Lambda function that returns nothing returns null.
		return apigw.ParseAuthorizerOutput([]byte("null"), outputFile), nil
	case error:
		return apigw.AuthorizerError(v.Error()), nil
	case []byte:
		return apigw.ParseAuthorizerOutput(v, outputFile), nil
	case json.RawMessage:
		return apigw.ParseAuthorizerOutput(v, outputFile), nil
	case string:
		return apigw.ParseAuthorizerOutput([]byte(v), outputFile), nil
	}
	// Indented, so that a problem's line and column point at one member
	// and its source line is short; API Gateway reads the same JSON.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(returned); err != nil {
		return nil, fmt.Errorf("the returned %T has no JSON form, so a Lambda runtime could not send it: %v", returned, err)
	}
	return apigw.ParseAuthorizerOutput(bytes.TrimSuffix(b.Bytes(), []byte("\n")), outputFile), nil
}
