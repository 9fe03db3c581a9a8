package apigw_test

import (
	"testing"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/zerovalue"
)

// No exported function or method panics on zero values.
func TestZeroValues(t *testing.T) {
	zerovalue.Check(t, zerovalue.Table{
		Funcs: map[string]any{
			"PathParameters":          apigw.PathParameters,
			"TTLSeconds":              apigw.TTLSeconds,
			"NoSuchMethod":            apigw.NoSuchMethod,
			"ParseAuthType":           apigw.ParseAuthType,
			"AuthorizerError":         apigw.AuthorizerError,
			"NewAuthorizerOutput":     apigw.NewAuthorizerOutput,
			"ParseAuthorizerOutput":   apigw.ParseAuthorizerOutput,
			"ParseAuthorizerType":     apigw.ParseAuthorizerType,
			"ContextFor":              apigw.ContextFor,
			"NewGateway":              apigw.NewGateway,
			"ParseLayer":              apigw.ParseLayer,
			"ParseMessageStyle":       apigw.ParseMessageStyle,
			"UnshownOutput":           apigw.UnshownOutput,
			"BoundOutput":             apigw.BoundOutput,
			"ParseAuthorizerResponse": apigw.ParseAuthorizerResponse,
			"NewAPI":                  apigw.NewAPI,
			"Known":                   apigw.Known,
			"Unknown":                 apigw.Unknown,
			"ParseEndpointType":       apigw.ParseEndpointType,
			"ParseAPIKeySource":       apigw.ParseAPIKeySource,
			"MustNewGateway":          nil, // panics on an error, as documented
		},
		Types: []any{apigw.Answer{}, apigw.AuthType(0), apigw.AuthorizerCache{}, apigw.AuthorizerConfig{}, apigw.AuthorizerResult{}, apigw.AuthorizerType(0), apigw.CachedResult{}, apigw.Call{}, apigw.Config{}, apigw.Event{}, apigw.EventOptions{}, apigw.ExplainOptions{}, apigw.Gateway{}, apigw.Header{}, apigw.Layer(0), apigw.LayerReason{}, apigw.LayerResult{}, apigw.MessageStyle(0), apigw.Outcome{}, apigw.RequestInfo{}, apigw.ResponseType(0), apigw.Origin(0), apigw.Step{}, apigw.TTL{}, apigw.Trace{}, apigw.AuthorizerOptions{}, apigw.AuthorizerResponse{}, apigw.ContextEntry{},
			apigw.API{}, apigw.APIConfig{}, apigw.Method{}, apigw.MethodConfig{}, apigw.Authorizer{}, apigw.Stage{}, apigw.GatewayResponse{},
			apigw.Value{}, apigw.Location{}, apigw.EndpointType(0), apigw.Request{}, apigw.Prepared{}, apigw.TokenTwiceError{}, apigw.Unset{}, apigw.UnsetKind(0),
			apigw.Advice{}, apigw.RenderOptions{}, apigw.AnswerJSON{}, apigw.TableJSON{}, apigw.ReasonJSON{}, apigw.MatchJSON{}, apigw.ConditionJSON{}, apigw.ProblemJSON{}, apigw.ExpectJSON{}, apigw.ReferenceJSON{},
			apigw.APIKeySource(0), apigw.CustomResponse{}, apigw.CustomResponseJSON{}},
		// Their docs say the pointer must not be nil: a Gateway's *Call,
		// the response to compile.
		NonNil: []string{"Gateway.Explain", "NewAuthorizerOutput"},
	})
}
