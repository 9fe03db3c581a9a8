// Package arn parses and prints Amazon Resource Names (ARNs), in particular
// the execute-api ARNs with which Amazon API Gateway names an API and each
// request made to it.
//
// # Format
//
// An ARN is six fields separated by colons:
//
//	arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE
//
// The resource is everything after the fifth colon; it may contain further
// colons and slashes. Some services leave the region or the account empty,
// as in arn:aws:s3:::my-bucket. [Parse] splits any ARN into an [ARN].
//
// API Gateway uses the service name execute-api. An [API] names one REST or
// HTTP API:
//
//	arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5
//
// A [MethodARN] names one request: the ARN API Gateway builds before it
// calls a Lambda authorizer (the methodArn field of the authorizer's input)
// and evaluates resource policies against:
//
//	arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets/1
//	                                           API id     stage verb path
//
// The root resource of a stage has the path "/", so its method ARN ends in
// a slash: .../prod/GET/.
//
// # Building method ARNs
//
// [API.Method] turns a request line such as "GET /prod/pets/1?x=1" into its
// method ARN. The first path segment is the stage; the rest is the path,
// kept exactly as sent: percent-encoding is not decoded and double or
// trailing slashes are not collapsed (D15). The query
// string and fragment are dropped. The verb is the one the client sent,
// never ANY: ANY is a way of configuring a method, and the method ARN of a
// request to an ANY method carries the real verb.
//
// # Values
//
// ARN, API and MethodARN are small comparable values, in the manner of
// net/netip: compare them with ==, use them as map keys, copy them freely.
// They hold only strings, so a value never changes once made and any number
// of goroutines may use one at once. The zero value of each type is not a
// valid ARN; IsZero reports it and String returns "" for it. String of a
// parsed value returns the parser's input exactly. The fields are exported
// for reading; a value assembled by hand is printed as given and is not
// checked until it is used to build another value.
//
// # Patterns
//
// This package handles values, not patterns. [Parse] treats "*" and "?" as
// ordinary characters, so it can split ARN patterns taken from policies,
// but it does not match them; [ParseAPI] and [ParseMethodARN] reject them,
// since an API or a request is one concrete thing. Wildcard matching lives
// in another package. Note that IAM also matches patterns with fewer than
// five colons, such as arn:aws:execute-api:us-east-1:*, which Parse rejects:
// a matcher must not require patterns to pass Parse.
//
// Errors are [*ParseError] values that quote the input and give the byte
// offset of the problem.
package arn
