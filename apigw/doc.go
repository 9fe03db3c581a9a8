// Package apigw predicts how Amazon API Gateway (REST APIs) answers a
// request: which status, body and headers, which part of its authorization
// decided, and why. It puts together the policies that package eval
// evaluates the way API Gateway does, with the Lambda authorizer, the
// Cognito token, the IAM signature, the authorizer result cache and the
// gateway's messages around them.
//
// Three stages, three kinds of value:
//
//	def := apigw.APIConfig{Methods: ..., Authorizers: ..., ResourcePolicy: rp} // an API as defined → plain data
//	api, err := apigw.NewAPI(def)          // validated once (every problem, with positions), compiled, immutable
//	p, err := api.Prepare(apigw.Request{Verb: "GET", Stage: "prod", Path: "/orders/42", ...}) // route and build the Call
//	outcome := p.Method.Gateway().Decide(&p.Call)                     // status, decision, layer; no allocation
//	answer := p.Method.Gateway().Explain(&p.Call, apigw.ExplainOptions{}) // plus message, body, headers, reasons, trace, advice
//
// # The API model
//
// An [APIConfig] is one REST API as it is defined: its ARN's parts (each a
// [Value], known text or the symbol it depends on before deploy), its
// [EndpointType], [Stage]s, methods ([MethodConfig]: a verb or ANY on a
// resource path template, with its authorization), [Authorizer]s, resource
// policy and [GatewayResponse] overrides. Suites, the eval command,
// authztest and the template importers all produce one. [APIConfig.Validate]
// reports every problem at once, each at the [Location] it was written;
// [NewAPI] compiles the API: the resource policy once, one [Gateway] per
// distinct authorization, the methods indexed.
//
// [API.Route] picks the method API Gateway runs for a verb and path (the
// most specific resource that declares the verb or ANY). [API.Prepare] is
// the one request builder: from a [Request] (verb, stage, path, headers,
// query, token, the caller's address or VPC endpoint, IAM caller, time,
// extra condition keys and $context values) it builds the [Call], its
// condition context ([ContextFor] sets the keys API Gateway sets), the
// $context values API Gateway sets for every request and the options of
// the authorizer's [Event], so that every front end fills them alike.
// [Gateway.Unset] names a value AWS always sets that a request lacks.
//
// A [Config] describes one method alone (the API, its resource policy, the
// method's [AuthType] and its [AuthorizerConfig]); [NewGateway] compiles
// it, for callers that need no model of the API. A [Gateway] is immutable
// and safe for concurrent use. A Call also carries the [AuthorizerResult]
// the Lambda authorizer gave ([ParseAuthorizerOutput] reads its output,
// checked by [ParseAuthorizerResponse]).
//
// The flows: NONE (the resource policy alone); CUSTOM (identity check, the
// resource policy's explicit deny before the authorizer, the authorizer's
// error or output, then Table A); AWS_IAM (a signature, then Table A in the
// API's account and Table B across accounts); COGNITO_USER_POOLS (a token,
// then the resource policy alone). The outcome tables are eval's
// ([eval.Table.Cell]). Where AWS is silent the package makes a documented
// choice; docs/fidelity.md lists them (D1 to D19).
//
// Around the flows: [AuthorizerCache] keeps authorizer results per cache
// key and TTL, as API Gateway does between requests; [Gateway.Event] builds
// the event API Gateway sends a Lambda authorizer; an [Answer] carries its
// [Trace] and its [Advice], lists of typed items that the renderers print
// with their prefixes and list markers.
//
// An Answer renders itself, so that every front end says it the same way:
// [Answer.WriteText] as "iamgate eval" prints it, [Answer.JSON] as the JSON
// contract of "iamgate eval --format json" ([AnswerJSON]), [Answer.Summary]
// and [Answer.Explanation] as a test failure message says it.
// [RenderOptions] give what the answer does not hold: the text of the
// authorizer's output, for carets under its problems.
//
// # Where things go
//
// A new authorization type or authorizer kind: gateway_types.go (its
// name), gateway.go (its configuration, checked in NewGateway) and flow.go
// (its flow), with its messages in message.go. A new way to print an
// answer: render_text.go or render_json.go (the JSON form is a contract:
// fields are added, never renamed or removed). A new part of an API's
// definition: api.go (APIConfig and Validate). A new input format (a
// template, a definition file) produces an APIConfig; it does not build
// Gateways or Calls itself. A new API kind (HTTP APIs) gets its own model
// and flows beside the REST ones here, not branches through them, and not
// in package eval, which stays the IAM engine.
package apigw
