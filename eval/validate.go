package eval

import (
	"strings"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/internal/safeio"
	"github.com/iamgate/iamgate/policy"
)

// ValidateOptions say how Validate reads a document.
type ValidateOptions struct {
	// File names the document in its errors.
	File string
	// Kind is the document's kind, unless DetectKind is set: then it is
	// told from the text (policy.DetectKind), and an authorizer's output
	// that holds no policy (an HTTP API's simple response) is read as a
	// bare identity-based document.
	Kind       policy.Kind
	DetectKind bool
	// API expands a resource policy's execute-api:/ shorthand; the zero
	// API leaves the shorthand a compile error.
	API arn.API
}

// Validation is what Validate found in a document.
type Validation struct {
	// Kind is the kind the document was read as.
	Kind policy.Kind
	// Document is the parsed document; nil when it does not parse.
	Document *policy.Document
	// Errors are every problem found, parsing then compiling; none for a
	// valid document.
	Errors policy.ErrorList
	// Unshown is set when the text is not JSON: its errors quote none of
	// its bytes (give Errors.Detail no source).
	Unshown bool
}

// Valid reports whether the document parsed and compiled.
func (v Validation) Valid() bool { return v.Document != nil && len(v.Errors) == 0 }

// Validate parses and compiles one document, as "iamgate validate" does:
// a Lambda authorizer's whole output is checked as the policy at its
// root, and text that is not JSON is one error that shows none of it.
func Validate(src []byte, o ValidateOptions) Validation {
	opts := policy.ParseOptions{File: o.File, Kind: o.Kind}
	if o.DetectKind {
		opts.Kind, opts.Root = policy.DetectKind(src)
		if opts.Kind == policy.Authorizer && opts.Root == "" {
			opts.Kind = policy.IdentityBased
		}
	} else if o.Kind == policy.Authorizer {
		_, opts.Root = policy.DetectKind(src)
	}
	v := Validation{Kind: opts.Kind}
	if err := safeio.CheckJSON(o.File, src); err != nil {
		v.Errors = policy.ErrorList{{File: o.File, Msg: strings.TrimPrefix(err.Error(), o.File+" is ")}}
		v.Unshown = true
		return v
	}
	doc, err := policy.Parse(src, opts)
	if err == nil {
		v.Document = doc
		_, err = Compile(CompileOptions{API: o.API}, doc)
	}
	if err == nil {
		return v
	}
	v.Errors = policy.AsList(err)
	if v.Errors == nil {
		v.Errors = policy.ErrorList{{File: o.File, Msg: err.Error()}}
	}
	return v
}
