// Package suite reads and runs iamgate's test suites: YAML (or strict
// JSON) files that describe an API Gateway REST API and the requests it
// must answer, each with the answer expected.
//
// Three stages, as in the rest of iamgate:
//
//   - [Find], [Walk] and [FindFS] find suite files ([Extensions]).
//   - [Load], [LoadFS] and [Parse] read a file into a [Suite], reporting
//     every problem at once as an [*Error] with positions.
//   - [Suite.Run] sends each [Case] and each [Sequence] through the
//     gateway and returns one [Result] per request.
//
// The loader is split by concern, one file each, under the load prefix:
//
//   - load.go: the loader and its entry point, the keys of a suite file.
//   - load_model.go: what the suite says about its API becomes an
//     apigw.APIConfig, compiled once by apigw.NewAPI (Suite.Model): the
//     routing and the gateways every request uses.
//   - load_api.go: the API, its resource policy, how its methods are
//     authorized (auth, routes) and the callers that sign AWS_IAM requests.
//   - load_authorizer.go: authorizers, their responses tables and what
//     they answer a request; command.go: authorizers that run a command.
//   - load_document.go: policy documents, and the text of documents and
//     authorizer outputs, written in place or in files the suite names.
//   - load_request.go: requests as written (cases, steps, defaults).
//   - load_case.go: a case built from a request: route, authorization and
//     the authorizer's answer; load_call.go: the apigw.Call it sends,
//     built by apigw.API.Prepare as every front end of iamgate builds it.
//   - load_sequence.go: sequences and their steps (requests, flush, wait).
//   - load_expect.go: expectations.
//
// node.go and node_values.go read the YAML node tree strictly, with
// positions; budget.go holds the limits that keep a small file from
// asking for a large amount of work, and the caches that parse and
// compile each document once.
//
// To add a key to the suite schema, read it in the file of its concern
// and add it to the keys its mapping allows (topKeys, requestKeys, or
// the list given to fields where the mapping is read): any other key is
// an error.
package suite
