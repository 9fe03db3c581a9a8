// Package apigw predicts how Amazon API Gateway (REST APIs) answers a
// request: which status, body and headers, which part of its authorization
// decided, and why. It puts together the policies that package eval
// evaluates the way API Gateway does, with the Lambda authorizer, the
// Cognito token, the IAM signature, the authorizer result cache and the
// gateway's messages around them.
//
// Three stages, three kinds of value:
//
//	rp, err := policy.Parse(data, policy.ParseOptions{Kind: policy.ResourceBased}) // bytes → model
//	gw, err := apigw.NewGateway(apigw.Config{API: api, ResourcePolicy: rp, ...})  // model → immutable Gateway
//	outcome := gw.Decide(call)                  // status, decision, layer, table cell; no allocation
//	answer := gw.Explain(call, apigw.ExplainOptions{}) // plus message, body, headers, reasons, trace, advice
//
// A [Config] describes one method: the API, its resource policy, the
// method's [AuthType] and its [AuthorizerConfig]. [NewGateway] checks and
// compiles it once; a [Gateway] is immutable and safe for concurrent use.
// For each request build a [Call]: the method ARN, the headers and other
// identity sources, the IAM caller and identity policies, the condition
// context ([ContextFor] sets the keys API Gateway sets), and the
// [AuthorizerResult] the Lambda authorizer gave ([ParseAuthorizerOutput]
// reads its output, checked by [ParseAuthorizerResponse]).
//
// The flows: NONE (the resource policy alone); CUSTOM (identity check, the
// resource policy's explicit deny before the authorizer, the authorizer's
// error or output, then Table A); AWS_IAM (a signature, then Table A in the
// API's account and Table B across accounts); COGNITO_USER_POOLS (a token,
// then the resource policy alone). The outcome tables are eval's
// ([eval.Table.Cell]). Where AWS is silent the package makes a documented
// choice; the README's fidelity notes list them.
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
// fields are added, never renamed or removed). A new API kind (HTTP APIs)
// belongs beside the REST model here, not in package eval, which stays the
// IAM engine.
package apigw
