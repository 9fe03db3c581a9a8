package suite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/policy"
	yaml "go.yaml.in/yaml/v4"
)

// authorizer is an authorizer of the suite and what it answers.
type authorizer struct {
	name    string
	key     *yaml.Node
	path    string
	cognito bool
	cfg     apigw.AuthorizerConfig
	// any answers every identity the table does not list.
	any   *reply
	table []tableEntry
	// cmd is the program to run for each invocation, instead of answers
	// written in the suite.
	cmd  *commandAuthorizer
	used bool
	// noSourceIP: a request that runs this command authorizer without
	// the caller's address was reported.
	noSourceIP bool
	// broken: the authorizer's definition has problems (reported); the
	// requests that reach it are not built, so as not to report them
	// again.
	broken bool
}

// reply is what an authorizer answers one identity, and where the suite
// says so.
type reply struct {
	result *apigw.AuthorizerResult
	from   string // a file name, or SUITE:LINE for what the suite writes in place
	// template is the output's text when it contains MethodARNPlaceholder:
	// it is compiled once and bound to, or filled in and parsed for, each
	// method ARN of a request that invokes the authorizer (fill), with
	// file naming it.
	template []byte
	file     string
}

// FillMethodARN puts a method ARN in place of every MethodARNPlaceholder
// of an authorizer's output, escaped as a JSON string's content.
func FillMethodARN(output []byte, methodARN string) []byte {
	quoted, _ := json.Marshal(methodARN) // a string always marshals
	return bytes.ReplaceAll(output, []byte(MethodARNPlaceholder), quoted[1:len(quoted)-1])
}

// MethodARNPlaceholder, in an authorizer's response, stands for the method
// ARN of the request that invokes the authorizer (event.methodArn), for
// authorizers that build their policy from it.
const MethodARNPlaceholder = "{{methodArn}}"

// tableEntry is one entry of an authorizer's responses table.
type tableEntry struct {
	values []string // the token, or the identity sources' values
	reply  reply
	line   int
}

// output reads an authorizer's output. Output API Gateway cannot use is
// not an error here: it is what the authorizer returns, and the answer is
// a 500.
func (l *loader) output(f field, what string) *reply {
	t := l.text(f, what, true)
	if !t.ok {
		return nil
	}
	if t.unshown {
		// Not JSON text at all: the answer is still a 500, but the
		// file's content is never shown.
		return &reply{result: apigw.UnshownOutput(t.file), from: t.file}
	}
	data, file := t.data, t.file
	from := file
	if file == l.file {
		from = l.lineOf(f.val)
	}
	if bytes.Contains(data, []byte(MethodARNPlaceholder)) {
		return &reply{template: data, file: file, from: from}
	}
	key := t.key("output")
	if r, ok := l.outputs[key]; ok {
		return &reply{result: r, from: from}
	}
	r := apigw.ParseAuthorizerOutput(data, file)
	if !l.spend(statements(policyOf(r)), f, "authorizer output "+from) {
		return nil
	}
	l.outputs[key] = r
	return &reply{result: r, from: from}
}

// authorizer reads an authorizer of the suite: its type, settings, and
// what it answers (a command to run, a response or error for every
// identity, a responses table). The name is registered even when the
// definition is broken, so that naming it in auth is not reported as
// well; a broken authorizer is marked, and the requests that reach it are
// not built.
func (l *loader) authorizer(e namedField) {
	switch e.name {
	case "NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS":
		l.errorf(e.key, e.path, "%q is an authorization type, not a name for an authorizer", e.name)
		return
	}
	a := &authorizer{name: e.name, key: e.key, path: e.path}
	a.cfg.Name = e.name
	l.authorizers[e.name] = a
	before := len(l.errs)
	defer func() { a.broken = len(l.errs) > before }()
	fs := l.fields(e.val, e.path, "authorizer "+strconv.Quote(e.name), append([]string{"type", "identitySource", "validationExpression", "ttl", "response", "error", "responses"}, commandKeys...)...)
	if fs == nil {
		return
	}
	// The settings below the type are read even when it is wrong; what
	// depends on it (the gateway, the answers) is not.
	typeOK := l.authorizerType(e, fs, a)
	l.authorizerSettings(fs, a)
	// The gateway checks the identity sources and the expression. Its
	// problems (and a wrong type) hide none of the command's or the
	// answers': only the responses table needs the gateway's identity
	// sources.
	var g *apigw.Gateway
	if typeOK {
		g = l.authorizerGateway(e, fs, a)
	}
	_, hasCommand := fs["command"]
	if !hasCommand {
		for _, k := range commandKeys[1:] {
			if f, ok := fs[k]; ok {
				l.errorf(f.key, f.path, "%s applies to an authorizer that runs a command: give command too, or remove %s", k, k)
			}
		}
	}
	if a.cognito {
		for _, k := range []string{"response", "error", "responses", "command"} {
			if f, ok := fs[k]; ok {
				l.errorf(f.key, f.path, "a Cognito authorizer has no %s: API Gateway checks the token itself (iamgate takes a present token as valid)", k)
			}
		}
	} else {
		l.authorizerAnswers(e, fs, a, g, typeOK)
	}
	l.authorizers[e.name] = a
}

// authorizerType reads an authorizer's type: TOKEN, REQUEST or
// COGNITO_USER_POOLS; false when it is missing or wrong (reported).
func (l *loader) authorizerType(e namedField, fs map[string]field, a *authorizer) bool {
	tf, ok := fs["type"]
	if !ok {
		l.errorf(e.key, e.path, "authorizer %q has no type: TOKEN, REQUEST or COGNITO_USER_POOLS", e.name)
		return false
	}
	typ, ok := l.str(tf, "type")
	if !ok {
		return false
	}
	switch typ {
	case "TOKEN":
		a.cfg.Type = apigw.TokenAuthorizer
	case "REQUEST":
		a.cfg.Type = apigw.RequestAuthorizer
	case "COGNITO_USER_POOLS":
		a.cognito = true
	default:
		l.errorf(tf.val, tf.path, "authorizer type must be TOKEN, REQUEST or COGNITO_USER_POOLS, not %q", typ)
		return false
	}
	return true
}

// authorizerSettings reads an authorizer's identity sources, validation
// expression and result TTL into its configuration.
func (l *loader) authorizerSettings(fs map[string]field, a *authorizer) {
	if f, ok := fs["identitySource"]; ok {
		if v, ok := l.strs(f, "identitySource"); ok {
			a.cfg.IdentitySources = v
		}
	}
	if f, ok := fs["validationExpression"]; ok {
		if v, ok := l.str(f, "validationExpression"); ok {
			a.cfg.ValidationExpression = v
		}
	}
	if f, ok := fs["ttl"]; ok {
		if n, ok := l.integer(f, "ttl"); ok {
			if n < 0 || n > apigw.MaxTTL {
				l.errorf(f.val, f.path, "ttl %d is out of range: API Gateway accepts 0 (caching off) to %d seconds", n, apigw.MaxTTL)
			} else {
				a.cfg.TTL = apigw.TTLSeconds(n)
			}
		}
	}
}

// authorizerGateway builds a gateway for the authorizer alone, which
// checks its identity sources and validation expression; nil when they
// have a problem, reported at the setting it is about.
func (l *loader) authorizerGateway(e namedField, fs map[string]field, a *authorizer) *apigw.Gateway {
	auth := apigw.AuthCustom
	if a.cognito {
		auth = apigw.AuthCognito
	}
	g, err := apigw.NewGateway(apigw.Config{API: l.s.API, Auth: auth, Authorizer: a.cfg})
	if err == nil {
		return g
	}
	at := field{key: e.key, val: e.key, path: e.path}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "validation expression"):
		if f, ok := fs["validationExpression"]; ok {
			at = f
		}
	case strings.Contains(msg, "identity source"), strings.Contains(msg, "reads its token from"):
		if f, ok := fs["identitySource"]; ok {
			at = f
		}
	}
	l.errorf(at.val, at.path, "authorizer %q: %s", e.name, strings.TrimPrefix(trimPkg(err), "authorizer: "))
	return g
}

// authorizerAnswers reads what a Lambda authorizer answers: the command
// to run, or a response or error for every identity, and a responses
// table (which needs the gateway g's identity sources). With a wrong
// type (typeOK false), it may be a Cognito authorizer, which returns
// nothing, so saying nothing is not reported.
func (l *loader) authorizerAnswers(e namedField, fs map[string]field, a *authorizer, g *apigw.Gateway, typeOK bool) {
	_, hasCommand := fs["command"]
	_, hasResp := fs["response"]
	_, hasErr := fs["error"]
	_, hasTable := fs["responses"]
	switch {
	case hasCommand && (hasResp || hasErr || hasTable):
		l.errorf(e.key, e.path, "authorizer %q has both command and a written answer (response, error or responses): the command's output is the answer, so give one or the other", e.name)
	case hasCommand:
		a.cmd = l.command(a, fs)
	case hasResp && hasErr:
		l.errorf(e.key, e.path, "authorizer %q has both response and error: give one (the answer for every identity the responses table does not list)", e.name)
	case hasResp:
		a.any = l.output(fs["response"], "response")
	case hasErr:
		if msg, ok := l.str(fs["error"], "error"); ok {
			a.any = &reply{result: apigw.AuthorizerError(msg), from: l.lineOf(fs["error"].val)}
		}
	case !hasTable && typeOK:
		l.errorf(e.key, e.path, "authorizer %q does not say what it returns: give command (the authorizer to run), response (a file or inline JSON), error (the error it fails with), or a responses table", e.name)
	}
	if hasTable && g != nil {
		a.table = l.table(fs["responses"], a, g)
	}
}

// table reads an authorizer's responses table: for each token (TOKEN) or
// identity (REQUEST: the identity sources' values, in order), a response
// or an error.
func (l *loader) table(f field, a *authorizer, g *apigw.Gateway) []tableEntry {
	sources := g.IdentitySources()
	var out []tableEntry
	for _, item := range l.list(f, "responses") {
		fs := l.fields(item.val, item.path, "a responses entry", "token", "identity", "response", "error")
		if fs == nil {
			continue
		}
		values, ok := l.entryValues(item, fs, a, sources)
		if !ok {
			continue
		}
		te := tableEntry{values: values, line: item.val.Line}
		for _, prev := range out {
			if slices.Equal(prev.values, te.values) {
				l.errorf(item.val, item.path, "this entry repeats the identity of the entry at line %d", prev.line)
			}
		}
		if te.reply, ok = l.entryReply(item, fs); !ok {
			continue
		}
		out = append(out, te)
	}
	return out
}

// entryValues reads the key of a responses entry: its token, read as the
// request's token is (without surrounding spaces), or its identity, one
// value per identity source, header values read as headers are.
func (l *loader) entryValues(item field, fs map[string]field, a *authorizer, sources []string) ([]string, bool) {
	tok, hasTok := fs["token"]
	id, hasID := fs["identity"]
	switch {
	case a.cfg.Type == apigw.TokenAuthorizer && hasID:
		l.errorf(id.key, id.path, "a TOKEN authorizer's responses are keyed by token, not identity")
		return nil, false
	case a.cfg.Type == apigw.RequestAuthorizer && hasTok:
		l.errorf(tok.key, tok.path, "a REQUEST authorizer's responses are keyed by identity (the values of %s, in that order), not token", strings.Join(sources, ", "))
		return nil, false
	case hasTok:
		s, ok := l.str(tok, "token")
		if !ok {
			return nil, false
		}
		if s, ok = l.headerValue(tok, s); !ok {
			return nil, false
		}
		return []string{s}, true
	case hasID:
		v, ok := l.strs(id, "identity")
		if !ok {
			return nil, false
		}
		for i, src := range sources {
			if i < len(v) && strings.HasPrefix(src, "method.request.header.") {
				if v[i], ok = l.headerValue(id, v[i]); !ok {
					return nil, false
				}
			}
		}
		if len(v) != len(sources) {
			l.errorf(id.val, id.path, "identity has %s; the authorizer has %s (%s): give one value for each, in that order", count(len(v), "value"), count(len(sources), "identity source"), strings.Join(sources, ", "))
			return nil, false
		}
		return v, true
	}
	what := "token: the token it answers"
	if a.cfg.Type == apigw.RequestAuthorizer {
		what = fmt.Sprintf("identity: the values of %s it answers, in that order", strings.Join(sources, ", "))
	}
	l.errorf(item.val, item.path, "a responses entry needs %s", what)
	return nil, false
}

// entryReply reads the answer of a responses entry: exactly one of
// response (a file or inline JSON) and error.
func (l *loader) entryReply(item field, fs map[string]field) (reply, bool) {
	resp, hasResp := fs["response"]
	errF, hasErr := fs["error"]
	switch {
	case hasResp == hasErr:
		l.errorf(item.val, item.path, "a responses entry needs exactly one of response (a file or inline JSON) and error (the error the authorizer fails with)")
		return reply{}, false
	case hasResp:
		r := l.output(resp, "response")
		if r == nil {
			return reply{}, false
		}
		return *r, true
	}
	msg, ok := l.str(errF, "error")
	if !ok {
		return reply{}, false
	}
	return reply{result: apigw.AuthorizerError(msg), from: l.lineOf(errF.val)}, true
}

// count writes n and a noun, plural unless n is 1: "1 value", "2 values".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// identityText writes the call's identity, as the authorizer's identity
// sources read it, for a message.
func identityText(g *apigw.Gateway, c *apigw.Call) string {
	var parts []string
	for i, s := range g.IdentitySources() {
		v, ok := g.IdentityValue(c, i)
		if !ok {
			parts = append(parts, s+" (missing)")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s=%q", s, v))
	}
	return strings.Join(parts, ", ")
}

// fill makes a templated output the authorizer's answer to one request:
// MethodARNPlaceholder becomes the request's method ARN. An output whose
// placeholders begin Resource values is compiled once and bound to each
// method ARN (outputTemplate); any other is filled in as text and parsed
// once per file and method ARN.
func (l *loader) fill(rep *reply, m arn.MethodARN, f field) *apigw.AuthorizerResult {
	arnText := m.String()
	key := rep.from + "\x00" + arnText
	if r, ok := l.outputs[key]; ok {
		return r
	}
	t, ok := l.template(rep, f)
	if !ok {
		return nil
	}
	if r := t.bind(rep.template, arnText); r != nil {
		l.outputs[key] = r
		return r
	}
	text := FillMethodARN(rep.template, arnText)
	if !l.spendFilled(len(text), f) {
		return nil
	}
	r := apigw.ParseAuthorizerOutput(text, rep.file)
	if !l.spend(statements(policyOf(r)), f, fmt.Sprintf("the authorizer output at %s filled in with method ARN %s", rep.from, arnText)) {
		return nil
	}
	l.outputs[key] = r
	return r
}

// lookupReply finds what the authorizer answers for the call's identity.
func (l *loader) lookupReply(a *authorizer, g *apigw.Gateway, c *apigw.Call) *reply {
	if a == nil {
		return nil
	}
	n := len(g.IdentitySources())
	values := make([]string, n)
	for i := range n {
		values[i], _ = g.IdentityValue(c, i)
	}
	for i := range a.table {
		if slices.Equal(a.table[i].values, values) {
			r := a.table[i].reply
			if r.from == "" {
				r.from = fmt.Sprintf("%s:%d", l.file, a.table[i].line)
			}
			return &r
		}
	}
	return a.any
}

// policyOf is the policy of an authorizer's answer, nil when it has none.
func policyOf(r *apigw.AuthorizerResult) *policy.Document {
	if resp := r.Response(); resp != nil {
		return resp.Policy
	}
	return nil
}

// checkUnused reports each authorizer no auth names, when the suite has
// no other problem.
func (l *loader) checkUnused() {
	for _, name := range slices.Sorted(maps.Keys(l.authorizers)) {
		if a := l.authorizers[name]; !a.used && len(l.errs) == 0 {
			l.errorf(a.key, a.path, "authorizer %q is not used: name it in auth (for the API) or in a route's auth", name)
		}
	}
}
