package lint

import (
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

// placeholderAPI stands in when the API is not known, so that the
// resource-policy shorthand execute-api:/... can still be compiled.
var placeholderAPI = arn.API{Partition: "aws", Region: "us-east-1", Account: "000000000000", ID: "placeholder"}

// Source lints the text of one document. kind says what it is: a resource
// policy (policy.ResourceBased), an identity policy (policy.IdentityBased),
// a Lambda authorizer's whole output (policy.Authorizer), or a generic
// policy. A document that does not parse or compile gives IG100 findings
// (IG200 to IG202 for an authorizer's output) and no others.
func Source(data []byte, file string, kind policy.Kind, cfg Config) []Finding {
	f := &finder{file: file}
	if kind == policy.Authorizer {
		resp, err := apigw.ParseAuthorizerResponse(data, apigw.AuthorizerOptions{File: file})
		if err != nil {
			f.outputProblems(policy.AsList(err), err)
			return f.out
		}
		if err := compileErr(resp.Policy, cfg); err != nil {
			f.outputProblems(policy.AsList(err), err)
			return f.out
		}
		return AuthorizerOutput(resp, cfg)
	}
	doc, err := policy.Parse(data, policy.ParseOptions{File: file, Kind: kind})
	if err == nil {
		err = compileErr(doc, cfg)
	}
	if err != nil {
		f.documentProblems(policy.AsList(err), err)
		return f.out
	}
	switch kind {
	case policy.ResourceBased:
		checkSize(f, doc, data)
		return append(ResourcePolicy(doc, cfg), f.out...)
	case policy.IdentityBased:
		return IdentityPolicy(doc, cfg)
	}
	return Document(doc, cfg)
}

func compileErr(doc *policy.Document, cfg Config) error {
	api := cfg.API
	if api.IsZero() {
		api = placeholderAPI
	}
	_, err := eval.Compile(eval.CompileOptions{API: api}, doc)
	return err
}

// documentProblems turns parse and compile errors into findings.
func (f *finder) documentProblems(list policy.ErrorList, err error) {
	if len(list) == 0 {
		f.add("IG100", policy.Pos{}, "", "%s", strings.TrimPrefix(err.Error(), "policy: "))
		return
	}
	for _, e := range list {
		code := "IG100"
		if strings.HasPrefix(e.Msg, "NotPrincipal with \"Effect\": \"Allow\"") {
			code = "IG105"
		}
		f.addAt(code, e, "%s", e.Msg)
	}
}

// outputProblems turns the problems of an authorizer's output into
// findings: each one makes API Gateway answer 500.
func (f *finder) outputProblems(list policy.ErrorList, err error) {
	if len(list) == 0 {
		f.add("IG200", policy.Pos{}, "", "%s", strings.TrimPrefix(err.Error(), "policy: "))
		return
	}
	for _, e := range list {
		code := "IG200"
		switch {
		case strings.HasPrefix(e.Path, "/context/") || e.Path == "/context":
			code = "IG201"
		case strings.HasSuffix(e.Path, "/Effect") && strings.HasPrefix(e.Msg, "invalid Effect"):
			code = "IG202"
		}
		f.addAt(code, e, "%s: API Gateway answers 500 to the request", strings.TrimSuffix(e.Msg, "; API Gateway rejects the output with 500 AuthorizerConfigurationException"))
	}
}

func (f *finder) addAt(code string, e *policy.Error, format string, args ...any) {
	file := f.file
	if e.File != "" {
		f.file = e.File
	}
	f.add(code, e.Pos, e.Path, format, args...)
	f.file = file
}

// Document lints a parsed document of any kind with the checks that do
// not depend on what it is attached to.
func Document(doc *policy.Document, cfg Config) []Finding {
	if doc == nil {
		return nil
	}
	f := &finder{file: doc.File}
	f.common(doc, cfg)
	return f.out
}

// common runs the checks every kind of document gets.
func (f *finder) common(doc *policy.Document, cfg Config) {
	checkDocument(f, doc, cfg)
	checkConditions(f, doc, cfg)
}

// ResourcePolicy lints an API's resource policy.
func ResourcePolicy(doc *policy.Document, cfg Config) []Finding {
	if doc == nil {
		return nil
	}
	f := &finder{file: doc.File}
	f.common(doc, cfg)
	checkResourcePolicy(f, doc, cfg)
	checkResources(f, doc, cfg)
	checkStatements(f, doc, cfg)
	checkSourceKeys(f, doc, cfg, doc)
	return f.out
}

// IdentityPolicy lints an IAM caller's identity policy. Its resources may
// name other APIs, so they are not compared with the API; but an
// execute-api resource of a statement that covers execute-api:Invoke must
// be able to match a method ARN (IG304, IG308).
func IdentityPolicy(doc *policy.Document, cfg Config) []Finding {
	if doc == nil {
		return nil
	}
	f := &finder{file: doc.File}
	f.common(doc, cfg)
	checkIdentityResources(f, doc)
	checkStatements(f, doc, cfg)
	checkSourceKeys(f, doc, cfg, nil)
	return f.out
}

// AuthorizerOutput lints a Lambda authorizer's output that API Gateway can
// use. A response without a policy (the zero AuthorizerResponse; one
// ParseAuthorizerResponse returned always has one) is an IG100 finding.
func AuthorizerOutput(resp *apigw.AuthorizerResponse, cfg Config) []Finding {
	if resp == nil {
		return nil
	}
	f := &finder{file: resp.File}
	if resp.Policy == nil {
		f.add("IG100", resp.Pos, "", "the authorizer's output has no policyDocument")
		return f.out
	}
	f.common(resp.Policy, cfg)
	checkAuthorizerOutput(f, resp, cfg)
	checkResources(f, resp.Policy, cfg)
	checkStatements(f, resp.Policy, cfg)
	checkSourceKeys(f, resp.Policy, cfg, nil)
	return f.out
}
