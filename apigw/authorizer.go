package apigw

import (
	"errors"

	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

// AuthorizerResult is what API Gateway got back from a Lambda authorizer:
// a usable output (principal, policy, context), an error the function
// raised, or output API Gateway cannot use. It is immutable and safe for
// concurrent use; its policy is compiled once, so a cached result is
// re-evaluated for every request without parsing anything (KC-CACHE).
// A nil *AuthorizerResult means the authorizer was not invoked; its methods
// then return zero values.
type AuthorizerResult struct {
	raw      string
	response *AuthorizerResponse
	set      *eval.PolicySet
	// failed is true for an error raised by the function (errText) or
	// for an invocation that did not complete, such as a timeout.
	failed  bool
	errText string
	// problems says why the output is unusable; nil for a usable one.
	problems policy.ErrorList
	// unshown is true for output that is not JSON text, whose content
	// iamgate never shows (UnshownOutput).
	unshown bool
	// rawText, when set, makes raw when asked for (BoundOutput).
	rawText func() string
	// setup, when set, says why the program that gave this result never
	// ran the handler (WithSetupProblem).
	setup string
}

// ParseAuthorizerOutput reads the body a Lambda authorizer returned, as
// API Gateway does (LA-OUTPUT). It never fails: output API Gateway cannot
// use is itself an answer (500, LA-OUTPUT, D9 and D10), so
// the problems are kept in the result, each with file, line, column and
// JSON path. file names the output in those messages.
func ParseAuthorizerOutput(data []byte, file string) *AuthorizerResult {
	r := &AuthorizerResult{raw: string(data)}
	resp, err := ParseAuthorizerResponse(data, AuthorizerOptions{File: file})
	if err != nil {
		r.problems = asErrorList(err, file)
		return r
	}
	return authorizerOutput(r, resp)
}

// UnshownOutput is output API Gateway cannot use because it is not JSON
// text at all (an HTML page, binary data), read from a file whose content
// iamgate does not quote: the answer is the 500 of any unusable output, and
// the problem names the file without showing any of its bytes.
func UnshownOutput(file string) *AuthorizerResult {
	return &AuthorizerResult{unshown: true, problems: policy.ErrorList{{
		File: file,
		Msg:  "the output is not a JSON object (it is not JSON text; its content is not shown)",
	}}}
}

// NewAuthorizerOutput compiles an authorizer response parsed elsewhere;
// resp must not be nil.
// A policy that parses but does not compile (a malformed condition value,
// say) makes the output unusable, as it would for API Gateway.
func NewAuthorizerOutput(resp *AuthorizerResponse) *AuthorizerResult {
	return authorizerOutput(&AuthorizerResult{raw: resp.Raw}, resp)
}

func authorizerOutput(r *AuthorizerResult, resp *AuthorizerResponse) *AuthorizerResult {
	set, err := eval.Compile(eval.CompileOptions{}, resp.Policy)
	if err != nil {
		r.problems = asErrorList(err, resp.File)
		return r
	}
	r.response, r.set = resp, set
	return r
}

func asErrorList(err error, file string) policy.ErrorList {
	var list policy.ErrorList
	if errors.As(err, &list) {
		return list
	}
	return policy.ErrorList{{File: file, Msg: err.Error()}}
}

// AuthorizerError is the result of an authorizer function that raised an
// error (or did not complete, such as a timeout) with the given message.
// Only the exact message "Unauthorized" makes API Gateway answer 401; any
// other is a 500 (LA-USE).
func AuthorizerError(message string) *AuthorizerResult {
	return &AuthorizerResult{failed: true, errText: message}
}

// Usable reports whether API Gateway can use the output: it parsed, and
// its policy compiled.
func (r *AuthorizerResult) Usable() bool { return r != nil && r.set != nil }

// Response returns the parsed output, or nil when the result is an error or
// unusable output.
func (r *AuthorizerResult) Response() *AuthorizerResponse {
	if r == nil {
		return nil
	}
	return r.response
}

// Policy returns the compiled policy of a usable output, or nil.
func (r *AuthorizerResult) Policy() *eval.PolicySet {
	if r == nil {
		return nil
	}
	return r.set
}

// Err returns the function's error message and true when the authorizer
// raised an error.
func (r *AuthorizerResult) Err() (string, bool) {
	if r == nil {
		return "", false
	}
	return r.errText, r.failed
}

// Problems says why the output is unusable; nil when it is usable or when
// the authorizer raised an error.
func (r *AuthorizerResult) Problems() policy.ErrorList {
	if r == nil {
		return nil
	}
	return r.problems
}

// Raw returns the output exactly as the authorizer returned it ("" for an
// error).
func (r *AuthorizerResult) Raw() string {
	if r == nil {
		return ""
	}
	if r.rawText != nil {
		return r.rawText()
	}
	return r.raw
}

// BoundOutput is a usable output whose response and compiled policy are
// given (a template's, bound with PolicySet.Bind) and whose body raw makes
// only when asked for.
func BoundOutput(resp *AuthorizerResponse, set *eval.PolicySet, raw func() string) *AuthorizerResult {
	return &AuthorizerResult{response: resp, set: set, rawText: raw}
}

// unauthorized reports whether the authorizer's error is exactly
// "Unauthorized", the one error API Gateway answers with 401.
func (r *AuthorizerResult) unauthorized() bool { return r.failed && r.errText == "Unauthorized" }

// WithSetupProblem returns a copy of r that says the program which gave it
// never ran the handler: problem says so in a few words, such as "wrote
// nothing to standard output" or "failed to load the handler
// (Runtime.ImportModuleError: ...)", naming the runner and the handler when
// they are known. The answer does not change (a function that cannot run
// its handler is a 500, LA-USE), but Gateway.Explain then advises a fix of
// the program or of how it is started instead of one of its output. An
// empty problem returns r itself; a nil r returns nil.
func (r *AuthorizerResult) WithSetupProblem(problem string) *AuthorizerResult {
	if r == nil || problem == "" {
		return r
	}
	c := *r
	c.setup = problem
	return &c
}

// SetupProblem says why the program that gave the result never ran the
// handler (see WithSetupProblem); "" when it is not known to have failed
// that way.
func (r *AuthorizerResult) SetupProblem() string {
	if r == nil {
		return ""
	}
	return r.setup
}
