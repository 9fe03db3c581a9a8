package apigw

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/internal/jsontree"
	"github.com/iamgate/iamgate/policy"
)

// AuthorizerResponse is the output of a Lambda authorizer (LA-OUTPUT,
// LA-OUTPUT) as API Gateway (REST) reads it:
//
//	{"principalId": "user", "policyDocument": {...},
//	 "context": {"tenant": "acme", "tier": 2, "beta": true},
//	 "usageIdentifierKey": "api-key"}
//
// Every string keeps its position and JSON Pointer path in the response.
// An AuthorizerResponse is a plain value: build it with
// ParseAuthorizerResponse, which only returns outputs that API Gateway
// accepts.
type AuthorizerResponse struct {
	// File names the source in messages; it may be empty.
	File string
	// Raw is the body exactly as the authorizer returned it, the text
	// API Gateway logs as "Authorizer result body before parsing".
	Raw string
	// PrincipalID is the principalId member; nil when absent. It may be
	// "" (D9); a missing one is accepted too (see
	// ParseAuthorizerResponse).
	PrincipalID *policy.Text
	// Policy is the policyDocument member, parsed with Kind Authorizer;
	// its paths are rooted at "/policyDocument". Never nil.
	Policy *policy.Document
	// Context is the context member's entries in document order; nil
	// when the member is absent or empty.
	Context []ContextEntry
	// UsageIdentifierKey is the usageIdentifierKey member (the API key
	// for usage plans when the API's apiKeySource is AUTHORIZER), or nil.
	UsageIdentifierKey *policy.Text
	// Unknown are the top-level keys API Gateway does not read, in
	// document order: the key names with their positions. They are not
	// errors.
	Unknown []policy.Text
	// Pos is where the response's top-level object starts.
	Pos policy.Pos
}

// ContextEntry is one member of an authorizer's context: a key and a
// string, number or boolean value. API Gateway passes the value on to
// mapping templates ($context.authorizer.KEY) and to proxy integrations as
// a string.
type ContextEntry struct {
	// Key is the key name with its position and path, "/context/tenant".
	Key policy.Text
	// Value is the value as API Gateway passes it on: a string as is, a
	// number as its JSON text (1.50 stays "1.50"), a boolean as "true" or
	// "false".
	Value string
	// Kind is the JSON type the value was written as.
	Kind policy.ValueKind
	// Pos and Path locate the value.
	Pos  policy.Pos
	Path string
}

// AuthorizerOptions say how to read an authorizer's output.
type AuthorizerOptions struct {
	// File names the output in error messages.
	File string
}

// The members of an authorizer's output that API Gateway reads.
const (
	keyPrincipalID        = "principalId"
	keyPolicyDocument     = "policyDocument"
	keyContext            = "context"
	keyUsageIdentifierKey = "usageIdentifierKey"
)

var responseKeys = []string{keyPrincipalID, keyPolicyDocument, keyContext, keyUsageIdentifierKey}

// proxyKeys are the members of a Lambda proxy integration's response
// (an HTTP response), which an authorizer sometimes returns by mistake.
var proxyKeys = []string{"statusCode", "body", "headers", "multiValueHeaders", "isBase64Encoded"}

// rejected ends every message of ParseAuthorizerResponse: an invalid
// output is an authorizer configuration error (D3).
const rejected = "; API Gateway rejects the output with 500 AuthorizerConfigurationException"

// ParseAuthorizerResponse parses a Lambda authorizer's output and checks it
// the way API Gateway (REST) does before it evaluates the policy: the body
// must be a JSON object with an optional string "principalId" and a
// "policyDocument" that is a valid authorizer policy (as [policy.Parse] with
// Kind [policy.Authorizer] checks it: case-sensitive element names, Effect exactly
// "Allow" or "Deny" (D10), no Principal, no null Condition); an
// optional "context" must be an object of string, number or boolean
// values; an optional "usageIdentifierKey" must be a string. Keys are
// case-sensitive and may not repeat. Other top-level keys are ignored, as
// API Gateway ignores them, and listed in Unknown.
//
// API Gateway answers an invalid output with 500 and
// AuthorizerConfigurationException (LA-USE). Every problem is
// reported at once: the error is a [policy.ErrorList] whose entries carry file,
// line, column and the JSON path in the whole response, such as
// "/policyDocument/Statement/0/Effect". On error the returned response is
// nil.
func ParseAuthorizerResponse(data []byte, opts AuthorizerOptions) (*AuthorizerResponse, error) {
	root, err := jsontree.Parse(data)
	if err != nil {
		e := syntaxError(opts.File, err)
		if onlySpace(data) {
			e.Msg = fmt.Sprintf("the authorizer returned an empty body: expected a JSON object with %q and %q", keyPrincipalID, keyPolicyDocument)
		}
		e.Msg += rejected
		return nil, policy.ErrorList{e}
	}
	p := &responseParser{data: data, file: opts.File}
	r := p.authorizerResponse(root)
	if len(p.errs) > 0 {
		for _, e := range p.errs {
			e.Msg += rejected
		}
		p.errs.Sort()
		return nil, p.errs
	}
	r.File = opts.File
	r.Raw = string(data)
	return r, nil
}

// responseParser reads one authorizer output: data is the whole output,
// errs every problem found so far.
type responseParser struct {
	data []byte
	file string
	errs policy.ErrorList
}

func (p *responseParser) errorf(pos jsontree.Pos, path, format string, args ...any) {
	p.errs = append(p.errs, &policy.Error{File: p.file, Pos: policy.Pos(pos), Path: path, Msg: fmt.Sprintf(format, args...)})
}

// syntaxError turns jsontree's error into a policy.Error with its
// position, as policy.Parse reports invalid JSON.
func syntaxError(file string, err error) *policy.Error {
	var se *jsontree.SyntaxError
	if errors.As(err, &se) {
		return &policy.Error{File: file, Pos: policy.Pos(se.Pos), Msg: "invalid JSON: " + se.Msg}
	}
	return &policy.Error{File: file, Msg: "invalid JSON: " + err.Error()}
}

// pointer appends a reference token to a JSON Pointer (RFC 6901).
func pointer(base string, token string) string {
	token = strings.ReplaceAll(token, "~", "~0")
	token = strings.ReplaceAll(token, "/", "~1")
	return base + "/" + token
}

// onlySpace reports whether data holds nothing but JSON white space.
func onlySpace(data []byte) bool {
	for _, c := range data {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

func (p *responseParser) authorizerResponse(root *jsontree.Node) *AuthorizerResponse {
	switch root.Kind {
	case jsontree.Object:
	case jsontree.Null:
		p.errorf(root.Pos, "", "the authorizer returned null: expected a JSON object with %q and %q (API Gateway logs \"Could not parse policy\")", keyPrincipalID, keyPolicyDocument)
		return nil
	default:
		hint := ""
		if root.Kind == jsontree.String {
			hint = " (return the object itself, not a JSON-encoded string)"
		}
		p.errorf(root.Pos, "", "the authorizer returned a JSON %s: expected an object with %q and %q%s", root.Kind, keyPrincipalID, keyPolicyDocument, hint)
		return nil
	}

	r := &AuthorizerResponse{Pos: policy.Pos(root.Pos)}
	known := map[string]jsontree.Member{}
	seen := map[string]jsontree.Member{}
	var unknown []jsontree.Member
	for _, m := range root.Members {
		path := pointer("", m.Key)
		read := canonicalKey(m.Key) == m.Key
		if prev, dup := seen[m.Key]; dup {
			// A repeated key API Gateway reads is ambiguous: fail closed.
			// A repeated unknown key, like anything inside one, is
			// ignored with it.
			if read {
				p.errorf(m.KeyPos, path, "duplicate key %q (first at %d:%d): a key may appear only once", m.Key, prev.KeyPos.Line, prev.KeyPos.Column)
			}
			continue
		}
		seen[m.Key] = m
		if read {
			known[m.Key] = m
			continue
		}
		unknown = append(unknown, m)
	}

	// policyDocument in the wrong case means the real key is missing: say
	// so once, at the miscased key, instead of reporting it missing. The
	// optional keys in the wrong case are unknown keys, which API Gateway
	// does not read (the linter flags them).
	miscased := map[string]bool{}
	for _, m := range unknown {
		if k := canonicalKey(m.Key); k == keyPolicyDocument {
			if _, ok := known[k]; !ok {
				p.errorf(m.KeyPos, pointer("", m.Key), "%q is missing: found %q: keys are case-sensitive", k, m.Key)
				miscased[k] = true
				continue
			}
		}
		r.Unknown = append(r.Unknown, policy.Text{Value: m.Key, Pos: policy.Pos(m.KeyPos), Path: pointer("", m.Key)})
	}

	// A missing principalId is accepted: AWS documents it as required, but
	// a captured response shows API Gateway applying a Deny policy returned
	// without one (REPORT-LOIGE, 2023: 403 with the explicit-deny
	// message), hence D9; a principalId that is not a string is
	// still invalid.
	if m, ok := known[keyPrincipalID]; ok {
		if t, ok := p.responseString(m, ""); ok {
			r.PrincipalID = &t
		}
	}

	if m, ok := known[keyPolicyDocument]; ok {
		r.Policy = p.responsePolicy(m)
	} else if !miscased[keyPolicyDocument] {
		p.errorf(root.Pos, "", "%q is missing: the response must carry the policy that allows or denies the call%s", keyPolicyDocument, responseHint(root))
	}

	if m, ok := known[keyContext]; ok {
		r.Context = p.responseContext(m)
	}

	if m, ok := known[keyUsageIdentifierKey]; ok {
		if t, ok := p.responseString(m, " (an API key of the usage plan)"); ok {
			r.UsageIdentifierKey = &t
		}
	}
	return r
}

// canonicalKey returns the key API Gateway reads that key spells, in any
// case, or "".
func canonicalKey(key string) string {
	for _, k := range responseKeys {
		if strings.EqualFold(k, key) {
			return k
		}
	}
	return ""
}

// responseHint explains a missing policyDocument when the response has the
// shape of something else an authorizer might mistakenly return.
func responseHint(root *jsontree.Node) string {
	for _, m := range root.Members {
		for _, k := range proxyKeys {
			if m.Key == k {
				return fmt.Sprintf("; %q makes this look like a Lambda proxy integration response: an authorizer returns a policy, not an HTTP response", m.Key)
			}
		}
		if m.Key == "isAuthorized" {
			return "; \"isAuthorized\" is the simple response format of HTTP API authorizers: a REST API authorizer returns a policy"
		}
	}
	return ""
}

// responseString reads a top-level member that must be a string.
func (p *responseParser) responseString(m jsontree.Member, what string) (policy.Text, bool) {
	path := pointer("", m.Key)
	if m.Value.Kind != jsontree.String {
		hint := ""
		if m.Value.Kind == jsontree.Number {
			hint = fmt.Sprintf(" (quote it: \"%s\")", m.Value.Str)
		}
		p.errorf(m.Value.Pos, path, "%q must be a string%s, not %s%s", m.Key, what, m.Value.Kind, hint)
		return policy.Text{}, false
	}
	return policy.Text{Value: m.Value.Str, Pos: policy.Pos(m.Value.Pos), Path: path}, true
}

func (p *responseParser) responsePolicy(m jsontree.Member) *policy.Document {
	n := m.Value
	if n.Kind != jsontree.Object {
		hint := ""
		if n.Kind == jsontree.String {
			hint = " (return the document itself, not a JSON-encoded string)"
		}
		p.errorf(n.Pos, "/"+keyPolicyDocument, "%q must be a policy document object, not %s%s", m.Key, n.Kind, hint)
		return nil
	}
	// The document is read in place, so that its positions and paths are
	// the output's; RootOffset picks this member when the key repeats
	// (the repetition is reported above).
	doc, err := policy.Parse(p.data, policy.ParseOptions{File: p.file, Kind: policy.Authorizer, Root: "/" + keyPolicyDocument, RootOffset: n.Pos.Offset})
	if err != nil {
		p.errs = append(p.errs, policy.AsList(err)...)
		return nil
	}
	return doc
}

func (p *responseParser) responseContext(m jsontree.Member) []ContextEntry {
	n := m.Value
	path := pointer("", m.Key)
	if n.Kind != jsontree.Object {
		p.errorf(n.Pos, path, "%q must be an object of string, number or boolean values, not %s", m.Key, n.Kind)
		return nil
	}
	var out []ContextEntry
	seen := map[string]jsontree.Member{}
	for _, e := range n.Members {
		epath := pointer(path, e.Key)
		if prev, dup := seen[e.Key]; dup {
			p.errorf(e.KeyPos, epath, "duplicate context key %q (first at %d:%d): a key may appear only once", e.Key, prev.KeyPos.Line, prev.KeyPos.Column)
			continue
		}
		seen[e.Key] = e
		entry := ContextEntry{Key: policy.Text{Value: e.Key, Pos: policy.Pos(e.KeyPos), Path: epath}, Pos: policy.Pos(e.Value.Pos), Path: epath}
		switch e.Value.Kind {
		case jsontree.String:
			entry.Value, entry.Kind = e.Value.Str, policy.StringValue
		case jsontree.Number:
			entry.Value, entry.Kind = e.Value.Str, policy.NumberValue
		case jsontree.Bool:
			entry.Value, entry.Kind = strconv.FormatBool(e.Value.Bool), policy.BoolValue
		default:
			hint := ""
			if e.Value.Kind != jsontree.Null {
				hint = " (encode nested data as a string)"
			}
			p.errorf(e.Value.Pos, epath, "context value %q must be a string, number or boolean, not %s%s", e.Key, e.Value.Kind, hint)
			continue
		}
		out = append(out, entry)
	}
	return out
}
