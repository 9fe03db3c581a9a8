package suite

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/netip"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/safeio"
	"github.com/iamgate/iamgate/policy"
	yaml "go.yaml.in/yaml/v4"
)

// loader turns a suite file into a Suite.
type loader struct {
	*decoder
	fsys    files
	dir     string
	now     time.Time
	sources map[string][]byte
	roots   []string // the folders whose files the suite may name
	read    []string // the files read, the suite's first
	limit   int64    // the largest document read
	// docs, outputs and compiled hold each distinct document parsed and
	// compiled once (docText.key); texts and files what each node's and
	// each file's document text was.
	docs    map[string]*parsedDoc
	outputs map[string]*apigw.AuthorizerResult
	// templates: each output with MethodARNPlaceholder, compiled once.
	templates map[string]*outputTemplate
	compiled  map[*policy.Document]policy.ErrorList
	sets      map[string]*eval.PolicySet
	routeIx   *routeIndex
	reads     map[readsKey]readsResult
	texts     map[*yaml.Node]*docText
	files     map[string]*docText
	budget    budget

	s           *Suite
	broken      bool // a document the requests need did not compile
	rp          *policy.Document
	authorizers map[string]*authorizer
	choices     map[string]*authChoice
	apiAuth     *authChoice
	routes      []*route
	callers     map[string]*callerSpec
	defaults    *requestSpec
	names       map[string]int
}

// authChoice is one way a method can be authorized: NONE, AWS_IAM or a
// named authorizer, compiled into a gateway once.
type authChoice struct {
	name  string
	gw    *apigw.Gateway
	authz *authorizer
}

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

type tableEntry struct {
	values []string // the token, or the identity sources' values
	reply  reply
	line   int
}

type callerSpec struct {
	caller    eval.Caller
	policies  *eval.PolicySet
	docs      []*policy.Document
	orgID     string
	orgPaths  []string
	tags      map[string]string
	line      int
	principal string
}

// requestSpec is a request as written: a case, a step or the defaults.
type requestSpec struct {
	node field
	// fields are the keys written in the request, for positions.
	fields                                                  map[string]field
	name                                                    string
	request                                                 string
	token                                                   *string
	headers, query, stageVariables, requestContext, context map[string][]string
	// headerNames spells the headers' names as written.
	headerNames map[string]string

	sourceIP, vpce, vpc, userAgent, referer, caller string
	time                                            *time.Time
	expect                                          Expectation
	hasExpect                                       bool
	at                                              string
}

var topKeys = []string{"name", "api", "messages", "resourcePolicy", "auth", "authorizers", "routes", "callers", "defaults", "cases", "sequences"}

var requestKeys = []string{"token", "headers", "query", "stageVariables", "requestContext", "sourceIp", "vpce", "vpc", "userAgent", "referer", "time", "caller", "context"}

func (l *loader) suite() *Suite {
	root := l.parseRoot()
	if root == nil || !l.checkAliases(root) {
		return nil
	}
	top := l.fields(root, "", "a suite", topKeys...)
	if top == nil {
		return nil
	}
	l.s = &Suite{File: l.file, Name: suiteName(l.file)}
	if f, ok := top["name"]; ok {
		if s, ok := l.str(f, "name"); ok {
			l.s.Name = s
		}
	}
	f, ok := top["api"]
	if !ok {
		l.errorf(root, "", "the suite has no api: give the API's ARN, such as arn:aws:execute-api:us-east-1:123456789012:abc123defg")
		return nil
	}
	if !l.api(f) {
		return nil
	}
	if f, ok := top["messages"]; ok {
		if s, ok := l.str(f, "messages"); ok {
			m, err := apigw.ParseMessageStyle(s)
			if err != nil {
				l.errorf(f.val, f.path, "messages must be current or legacy, not %q", s)
			}
			l.s.Messages = m
		}
	}
	if f, ok := top["resourcePolicy"]; ok {
		l.rp = l.document(f, "the resource policy", policy.ResourceBased)
		if l.rp == nil {
			l.broken = true
		} else if !l.compiles(l.rp, f) {
			l.rp, l.broken = nil, true
		}
	}
	l.authorizers = map[string]*authorizer{}
	l.choices = map[string]*authChoice{}
	if f, ok := top["authorizers"]; ok {
		for _, e := range l.entries(f, "authorizers") {
			l.authorizer(e)
		}
	}
	l.apiAuth = l.choice(field{}, "NONE")
	if f, ok := top["auth"]; ok {
		if s, ok := l.str(f, "auth"); ok {
			l.apiAuth = l.choice(f, s)
		}
	}
	if f, ok := top["routes"]; ok {
		l.routeList(f)
	}
	l.callers = map[string]*callerSpec{}
	if f, ok := top["callers"]; ok {
		for _, e := range l.entries(f, "callers") {
			l.callerEntry(e)
		}
	}
	l.defaults = &requestSpec{}
	if f, ok := top["defaults"]; ok {
		before := len(l.errs)
		if d := l.requestSpec(f, "defaults", requestKeys); d != nil {
			l.defaults = d
		}
		if len(l.errs) > before {
			// Requests built on broken defaults would only repeat the
			// problem: report it once.
			l.broken = true
		}
	}
	l.names = map[string]int{}
	if f, ok := top["cases"]; ok {
		for i, c := range l.list(f, "cases") {
			before := len(l.errs)
			spec := l.requestSpec(c, "a case", append([]string{"name", "request", "expect"}, requestKeys...))
			if spec == nil || len(l.errs) > before {
				// A case with a malformed part is not built: building it
				// would report the same problem again in other words.
				continue
			}
			if spec.name == "" {
				spec.name = uniqueName(l.names, spec.request, i)
			}
			if spec.expect.HasCached && spec.expect.Cached {
				n, p := spec.where("expect")
				l.errorf(n, p, "cached: true can never hold for an independent case: each starts with an empty authorizer cache. Put the requests that share the cache in a sequence")
				continue
			}
			if l.claimName(l.names, spec.name, c) {
				if cs := l.buildCase(spec, l.timeOf(spec, l.now)); cs != nil {
					l.s.Cases = append(l.s.Cases, cs)
				}
			}
		}
	}
	if f, ok := top["sequences"]; ok {
		for _, sq := range l.list(f, "sequences") {
			l.sequence(sq)
		}
	}
	l.checkFullNames()
	if len(l.s.Cases) == 0 && len(l.s.Sequences) == 0 && len(l.errs) == 0 {
		l.errorf(root, "", "the suite has no cases and no sequences: add requests under cases or sequences")
	}
	for _, name := range slices.Sorted(maps.Keys(l.authorizers)) {
		if a := l.authorizers[name]; !a.used && len(l.errs) == 0 {
			l.errorf(a.key, a.path, "authorizer %q is not used: name it in auth (for the API) or in a route's auth", name)
		}
	}
	return l.s
}

// suiteName is the file name without folder and suite extension.
func suiteName(file string) string {
	base := path.Base(strings.ReplaceAll(file, "\\", "/"))
	for _, ext := range append(Extensions, ".yaml", ".yml", ".json") {
		if strings.HasSuffix(base, ext) && len(base) > len(ext) {
			return strings.TrimSuffix(base, ext)
		}
	}
	return base
}

func (l *loader) api(f field) bool {
	var text string
	if f.val != nil && f.val.Kind == yaml.MappingNode {
		parts := l.fields(f.val, f.path, "api", "partition", "region", "account", "id")
		if parts == nil {
			return false
		}
		complete := true
		get := func(k, def string) string {
			if g, ok := parts[k]; ok {
				s, good := l.str(g, "api "+k)
				complete = complete && good
				return s
			}
			if def == "" {
				l.errorf(f.val, f.path, "api has no %s", k)
				complete = false
			}
			return def
		}
		text = "arn:" + get("partition", "aws") + ":execute-api:" + get("region", "") + ":" + get("account", "") + ":" + get("id", "")
		if !complete {
			// The missing parts are reported: the ARN they would make
			// says nothing more.
			return false
		}
	} else {
		s, ok := l.str(f, "api")
		if !ok {
			return false
		}
		text = s
	}
	a, err := arn.ParseAPI(text)
	if err != nil {
		l.errorf(f.val, f.path, "api: %v", trimPkg(err))
		return false
	}
	l.s.API = a
	return true
}

// errorList returns every problem in err (a policy.ErrorList, a
// *policy.Error, or errors joined with errors.Join) with its own file and
// position; any other error becomes a problem of file without a position.
func errorList(err error, file string) policy.ErrorList {
	var out policy.ErrorList
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case policy.ErrorList:
			out = append(out, e...)
		case *policy.Error:
			out = append(out, e)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		default:
			if l := policy.AsList(err); l != nil {
				out = append(out, l...)
				return
			}
			out = append(out, &policy.Error{File: file, Msg: trimPkg(err)})
		}
	}
	walk(err)
	return out
}

func trimPkg(err error) string {
	s := err.Error()
	for _, p := range []string{"apigw: ", "arn: ", "eval: ", "policy: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// document reads a policy document: a path relative to the suite, or
// inline JSON.
func (l *loader) document(f field, what string, kind policy.Kind) *policy.Document {
	t := l.text(f, what, false)
	if !t.ok {
		return nil
	}
	data, file, key := t.data, t.file, t.key(kind.String())
	p, ok := l.docs[key]
	if !ok {
		p = &parsedDoc{}
		d, err := policy.Parse(data, policy.ParseOptions{File: file, Kind: kind})
		if err != nil {
			p.errs = errorList(err, file)
		} else {
			p.doc = d
		}
		l.docs[key] = p
	}
	if p.errs != nil {
		prefix := ""
		if file == l.file || strings.HasPrefix(file, l.file+":") {
			// Written in place: paths from the suite's root.
			prefix = f.path
		}
		l.errs = append(l.errs, withPath(p.errs, prefix)...)
		return nil
	}
	return p.doc
}

// compiles reports the problems that compiling a document finds (a bad IP
// range, an unknown condition operator), which parsing does not, with
// their positions; a document written in the suite file gets paths from
// the suite's root, as in document.
func (l *loader) compiles(d *policy.Document, f field) bool {
	list, ok := l.compileOnce(d, f)
	if !ok {
		return false
	}
	if list == nil {
		return true
	}
	prefix := ""
	if d.File == l.file {
		prefix = f.path
	}
	l.errs = append(l.errs, withPath(list, prefix)...)
	return false
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

// lineOf says where a value is written in the suite, as SUITE:LINE:COLUMN
// (two documents may share a line in flow style), for Result.From and to
// tell documents written in place apart.
func (l *loader) lineOf(n *yaml.Node) string {
	p := l.pos(n)
	return fmt.Sprintf("%s:%d:%d", l.file, p.Line, p.Column)
}

// documentText returns a document's text and the file name its positions
// refer to.
//
// A named file that is not JSON text is refused, without quoting it, for
// a policy document; for an authorizer's output (unshown), it is returned
// with nil data, since such output is an answer (a 500), not an error.
func (l *loader) documentText(f field, what string, unshown ...bool) ([]byte, string, bool) {
	if f.val == nil {
		l.errorf(f.key, f.path, "%s is empty", what)
		return nil, "", false
	}
	text, exact, inline := l.inlineJSON(f, what)
	if inline {
		if text == nil {
			return nil, "", false
		}
		if exact {
			return text, l.file, true
		}
		name := fmt.Sprintf("%s (inline %s)", l.lineOf(f.val), f.key.Value)
		l.sources[name] = text
		return text, name, true
	}
	rel, ok := l.str(f, what)
	if !ok {
		return nil, "", false
	}
	file := l.fsys.join(l.dir, rel)
	data, err := l.readNamed(file)
	if err == nil {
		// A file that is not a JSON document is never parsed, and so
		// never quoted.
		err = safeio.CheckJSON(file, data)
		var notDoc *safeio.NotDocumentError
		if len(unshown) > 0 && unshown[0] && errors.As(err, &notDoc) {
			return nil, file, true
		}
	}
	if err != nil {
		l.errorf(f.val, f.path, "%s: %s", what, readProblem(file, err))
		return nil, "", false
	}
	l.sources[file] = data
	return data, file, true
}

// readNamed reads a file the suite names, when it leads inside the
// folders the suite may read.
func (l *loader) readNamed(file string) ([]byte, error) {
	if err := l.fsys.inside(file, l.roots); err != nil {
		return nil, err
	}
	data, err := l.fsys.read(file, l.limit)
	if err == nil && !slices.Contains(l.read, file) {
		l.read = append(l.read, file)
	}
	return data, err
}

// readProblem says why a file the suite names was not read.
func readProblem(file string, err error) string {
	var outside *safeio.OutsideError
	var large *safeio.TooLargeError
	var notDoc *safeio.NotDocumentError
	var notRegular *safeio.NotRegularError
	switch {
	case errors.As(err, &outside):
		return fmt.Sprintf("%s is outside the folders a suite may read (its own folder tree, and those allowed with --allow-path or LoadOptions.AllowPaths)", outsideName(outside))
	case errors.As(err, &large):
		return fmt.Sprintf("%s is larger than the limit of %s for a document (raise it with --max-document-size or LoadOptions.MaxDocumentSize)", file, safeio.FormatSize(large.Limit))
	case errors.As(err, &notDoc), errors.As(err, &notRegular):
		return err.Error()
	}
	return fmt.Sprintf("cannot read %s (paths are relative to the suite file): %v", file, unwrapPathError(err))
}

// outsideName is the path of a file outside the suite's folders, and
// where it leads when that is elsewhere.
func outsideName(e *safeio.OutsideError) string {
	if e.Resolved != e.Path {
		return fmt.Sprintf("%s (which leads to %s)", e.Path, e.Resolved)
	}
	return e.Path
}

func unwrapPathError(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok || u.Unwrap() == nil {
			return err
		}
		err = u.Unwrap()
	}
}

func (l *loader) authorizer(e namedField) {
	switch e.name {
	case "NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS":
		l.errorf(e.key, e.path, "%q is an authorization type, not a name for an authorizer", e.name)
		return
	}
	// The name is known even when the definition is broken, so that
	// naming it in auth is not reported as well.
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
	typeOK := false
	if tf, ok := fs["type"]; !ok {
		l.errorf(e.key, e.path, "authorizer %q has no type: TOKEN, REQUEST or COGNITO_USER_POOLS", e.name)
	} else if typ, ok := l.str(tf, "type"); ok {
		typeOK = true
		switch typ {
		case "TOKEN":
			a.cfg.Type = apigw.TokenAuthorizer
		case "REQUEST":
			a.cfg.Type = apigw.RequestAuthorizer
		case "COGNITO_USER_POOLS":
			a.cognito = true
		default:
			l.errorf(tf.val, tf.path, "authorizer type must be TOKEN, REQUEST or COGNITO_USER_POOLS, not %q", typ)
			typeOK = false
		}
	}
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
	// The gateway checks the identity sources and the expression. Its
	// problems (and a wrong type) hide none of the command's or the
	// answers': only the responses table needs the gateway's identity
	// sources.
	auth := apigw.AuthCustom
	if a.cognito {
		auth = apigw.AuthCognito
	}
	var g *apigw.Gateway
	var err error
	if typeOK {
		g, err = apigw.NewGateway(apigw.Config{API: l.s.API, Auth: auth, Authorizer: a.cfg})
	}
	if err != nil {
		// Point at the setting the problem is about.
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
			// (With a wrong type, it may be a Cognito authorizer, which
			// returns nothing.)
			l.errorf(e.key, e.path, "authorizer %q does not say what it returns: give command (the authorizer to run), response (a file or inline JSON), error (the error it fails with), or a responses table", e.name)
		}
		if hasTable && g != nil {
			a.table = l.table(fs["responses"], a, g)
		}
	}
	l.authorizers[e.name] = a
}

func (l *loader) table(f field, a *authorizer, g *apigw.Gateway) []tableEntry {
	sources := g.IdentitySources()
	var out []tableEntry
	for _, item := range l.list(f, "responses") {
		fs := l.fields(item.val, item.path, "a responses entry", "token", "identity", "response", "error")
		if fs == nil {
			continue
		}
		te := tableEntry{line: item.val.Line}
		tok, hasTok := fs["token"]
		id, hasID := fs["identity"]
		switch {
		case a.cfg.Type == apigw.TokenAuthorizer && hasID:
			l.errorf(id.key, id.path, "a TOKEN authorizer's responses are keyed by token, not identity")
			continue
		case a.cfg.Type == apigw.RequestAuthorizer && hasTok:
			l.errorf(tok.key, tok.path, "a REQUEST authorizer's responses are keyed by identity (the values of %s, in that order), not token", strings.Join(sources, ", "))
			continue
		case hasTok:
			s, ok := l.str(tok, "token")
			if !ok {
				continue
			}
			// Keyed as the request's token is read (without surrounding
			// spaces), so that the same text matches.
			if s, ok = l.headerValue(tok, s); !ok {
				continue
			}
			te.values = []string{s}
		case hasID:
			v, ok := l.strs(id, "identity")
			if !ok {
				continue
			}
			for i, src := range sources {
				if i < len(v) && strings.HasPrefix(src, "method.request.header.") {
					if v[i], ok = l.headerValue(id, v[i]); !ok {
						break
					}
				}
			}
			if !ok {
				continue
			}
			if len(v) != len(sources) {
				l.errorf(id.val, id.path, "identity has %s; the authorizer has %s (%s): give one value for each, in that order", count(len(v), "value"), count(len(sources), "identity source"), strings.Join(sources, ", "))
				continue
			}
			te.values = v
		default:
			what := "token: the token it answers"
			if a.cfg.Type == apigw.RequestAuthorizer {
				what = fmt.Sprintf("identity: the values of %s it answers, in that order", strings.Join(sources, ", "))
			}
			l.errorf(item.val, item.path, "a responses entry needs %s", what)
			continue
		}
		for _, prev := range out {
			if slices.Equal(prev.values, te.values) {
				l.errorf(item.val, item.path, "this entry repeats the identity of the entry at line %d", prev.line)
			}
		}
		resp, hasResp := fs["response"]
		errF, hasErr := fs["error"]
		switch {
		case hasResp == hasErr:
			l.errorf(item.val, item.path, "a responses entry needs exactly one of response (a file or inline JSON) and error (the error the authorizer fails with)")
			continue
		case hasResp:
			r := l.output(resp, "response")
			if r == nil {
				continue
			}
			te.reply = *r
		default:
			msg, ok := l.str(errF, "error")
			if !ok {
				continue
			}
			te.reply = reply{result: apigw.AuthorizerError(msg), from: l.lineOf(errF.val)}
		}
		out = append(out, te)
	}
	return out
}

// count writes n and a noun, plural unless n is 1: "1 value", "2 values".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// choice compiles (once) the gateway for an authorization: NONE, AWS_IAM
// or an authorizer's name.
func (l *loader) choice(f field, name string) *authChoice {
	if c, ok := l.choices[name]; ok {
		if c != nil && c.authz != nil {
			c.authz.used = true
		}
		return c
	}
	cfg := apigw.Config{API: l.s.API, ResourcePolicy: l.rp}
	var a *authorizer
	switch name {
	case "NONE":
	case "AWS_IAM":
		cfg.Auth = apigw.AuthIAM
	case "CUSTOM", "COGNITO_USER_POOLS":
		l.errorf(f.val, f.path, "auth %q: name the authorizer (defined under authorizers) instead of its type", name)
		return nil
	default:
		a = l.authorizers[name]
		if a == nil {
			names := slices.Sorted(maps.Keys(l.authorizers))
			l.errorf(f.val, f.path, "auth must be NONE, AWS_IAM or the name of an authorizer defined under authorizers (%s), not %q", strings.Join(append([]string{"NONE", "AWS_IAM"}, names...), ", "), name)
			return nil
		}
		a.used = true
		if a.broken {
			c := &authChoice{name: name, authz: a} // no gateway: no requests
			l.choices[name] = c
			return c
		}
		cfg.Auth = apigw.AuthCustom
		if a.cognito {
			cfg.Auth = apigw.AuthCognito
		}
		cfg.Authorizer = a.cfg
	}
	c := &authChoice{name: name, authz: a}
	if l.rp != nil && !l.broken {
		// The gateway compiles the resource policy again.
		l.spend(len(l.rp.Statements), f, "the resource policy for auth "+name)
	}
	if !l.broken {
		g, err := apigw.NewGateway(cfg)
		if err != nil {
			// The resource policy compiled on its own; what remains are
			// problems of the combination.
			l.errs = append(l.errs, errorList(err, l.file)...)
			l.broken = true
		}
		c.gw = g
	}
	l.choices[name] = c
	return c
}

func (l *loader) routeList(f field) {
	seen := map[string]int{}
	for _, item := range l.list(f, "routes") {
		var text string
		var authF field
		hasAuth := false
		if item.val != nil && item.val.Kind == yaml.MappingNode {
			fs := l.fields(item.val, item.path, "a route", "route", "auth")
			if fs == nil {
				continue
			}
			rf, ok := fs["route"]
			if !ok {
				l.errorf(item.val, item.path, "a route needs route: the verb and path template, such as GET /orders/{id}")
				continue
			}
			if text, ok = l.str(rf, "route"); !ok {
				continue
			}
			authF, hasAuth = fs["auth"]
		} else {
			s, ok := l.str(item, "a route")
			if !ok {
				continue
			}
			text = s
		}
		r, err := parseRoute(text)
		if err != nil {
			l.errorf(item.val, item.path, "%v", err)
			continue
		}
		if line, ok := seen[r.text]; ok {
			l.errorf(item.val, item.path, "route %s repeats the route at line %d", r.text, line)
			continue
		}
		seen[r.text] = item.val.Line
		r.line = item.val.Line
		r.auth = l.apiAuth
		if hasAuth {
			if s, ok := l.str(authF, "auth"); ok {
				r.auth = l.choice(authF, s)
			}
		}
		l.routes = append(l.routes, r)
	}
}

func (l *loader) callerEntry(e namedField) {
	// The name is known even when the entry is broken, so that requests
	// naming it do not report it again; no request is built then.
	l.callers[e.name] = nil
	before := len(l.errs)
	defer func() {
		if len(l.errs) > before {
			l.broken = true
		}
	}()
	fs := l.fields(e.val, e.path, "caller "+strconv.Quote(e.name), "arn", "policies", "orgId", "orgPaths", "tags")
	if fs == nil {
		return
	}
	cs := &callerSpec{line: e.key.Line}
	// The policies, organization and tags are read even when the arn is
	// wrong: their problems are its caller's too.
	arnOK := false
	if af, ok := fs["arn"]; !ok {
		l.errorf(e.key, e.path, "caller %q has no arn: the IAM principal that signs the request, such as arn:aws:iam::123456789012:user/alice", e.name)
	} else if s, ok := l.str(af, "arn"); ok {
		if c, err := eval.NewCaller(s); err != nil {
			l.errorf(af.val, af.path, "%s", trimPkg(err))
		} else {
			cs.caller, cs.principal, arnOK = c, s, true
		}
	}
	if f, ok := fs["policies"]; ok {
		items := []field{f}
		if f.val != nil && f.val.Kind == yaml.SequenceNode {
			items = l.list(f, "policies")
		}
		parsed := true
		for _, it := range items {
			if d := l.document(it, "an identity policy", policy.IdentityBased); d != nil && l.compiles(d, it) {
				cs.docs = append(cs.docs, d)
			} else {
				parsed, l.broken = false, true
			}
		}
		if len(cs.docs) > 0 && parsed {
			cs.policies = l.policySet(cs.docs, f, e.name)
		}
	}
	if f, ok := fs["orgId"]; ok {
		cs.orgID, _ = l.str(f, "orgId")
	}
	if f, ok := fs["orgPaths"]; ok {
		cs.orgPaths, _ = l.strs(f, "orgPaths")
	}
	if f, ok := fs["tags"]; ok {
		cs.tags = map[string]string{}
		for k, v := range l.singleValues(f, "tags") {
			cs.tags[k] = v[len(v)-1]
		}
	}
	if !arnOK {
		return // reported; requests naming the caller are not built
	}
	l.callers[e.name] = cs
}

// requestSpec reads a case, a step or the defaults.
func (l *loader) requestSpec(f field, what string, keys []string) *requestSpec {
	fs := l.fields(f.val, f.path, what, keys...)
	if fs == nil {
		return nil
	}
	r := &requestSpec{node: f, fields: fs}
	str := func(k string, dst *string) {
		if g, ok := fs[k]; ok {
			*dst, _ = l.str(g, k)
		}
	}
	vals := func(k string) map[string][]string {
		if g, ok := fs[k]; ok {
			return l.values(g, k)
		}
		return nil
	}
	str("name", &r.name)
	str("request", &r.request)
	str("sourceIp", &r.sourceIP)
	str("vpce", &r.vpce)
	str("vpc", &r.vpc)
	str("userAgent", &r.userAgent)
	str("referer", &r.referer)
	l.checkHeaderText(fs, "userAgent", r.userAgent)
	l.checkHeaderText(fs, "referer", r.referer)
	str("caller", &r.caller)
	str("at", &r.at)
	if g, ok := fs["token"]; ok {
		if s, ok := l.str(g, "token"); ok {
			if v, ok := l.headerValue(g, s); ok {
				r.token = &v
			}
		}
	}
	if g, ok := fs["sourceIp"]; ok && r.sourceIP != "" {
		if _, err := netip.ParseAddr(r.sourceIP); err != nil {
			l.errorf(g.val, g.path, "sourceIp %q is not an IP address", r.sourceIP)
		}
	}
	if _, known := l.callers[r.caller]; !known && r.caller != "" {
		g := fs["caller"]
		if !strings.HasPrefix(r.caller, "arn:") {
			names := slices.Sorted(maps.Keys(l.callers))
			l.errorf(g.val, g.path, "caller %q is not defined under callers (%s) and is not an IAM principal ARN", r.caller, orNone(names))
		} else if _, err := eval.NewCaller(r.caller); err != nil {
			l.errorf(g.val, g.path, "%s", trimPkg(err))
		}
	}
	if g, ok := fs["headers"]; ok {
		r.headers, r.headerNames = l.headerValues(g, "headers")
	}
	r.query = vals("query")
	for k, dst := range map[string]*map[string][]string{"stageVariables": &r.stageVariables, "requestContext": &r.requestContext} {
		if g, ok := fs[k]; ok {
			*dst = l.singleValues(g, k)
		}
	}
	r.context = vals("context")
	if g, ok := fs["time"]; ok {
		if s, ok := l.str(g, "time"); ok {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				l.errorf(g.val, g.path, "time %q is not an RFC 3339 time such as 2026-01-02T15:04:05Z", s)
			} else if err := timeInRange(t); err != nil {
				l.errorf(g.val, g.path, "time %q %v", s, err)
			} else {
				r.time = &t
			}
		}
	}
	// A missing request and a bad expect are both reported.
	complete := true
	if slices.Contains(keys, "request") {
		if _, ok := fs["request"]; !ok {
			l.errorf(f.val, f.path, "%s needs request: the verb and path with the stage, such as GET /prod/orders/42", what)
			complete = false
		}
	}
	if slices.Contains(keys, "expect") {
		if g, ok := fs["expect"]; !ok {
			l.errorf(f.val, f.path, "%s needs expect: allow, deny, explicit-deny, implicit-deny, a status, or a mapping of status, decision, message, layer and cached", what)
			complete = false
		} else if r.expect, r.hasExpect = l.expectation(g); !r.hasExpect {
			complete = false
		}
	}
	if !complete {
		return nil
	}
	return r
}

// orNone lists names, or says there are none.
func orNone(names []string) string {
	if len(names) == 0 {
		return "there are none"
	}
	return strings.Join(names, ", ")
}

// where returns where a request's key is written, for an error about it: its
// value in the case or step, or the case itself when the value comes from
// the defaults.
func (spec *requestSpec) where(key string) (*yaml.Node, string) {
	if g, ok := spec.fields[key]; ok {
		return orKey(g), g.path
	}
	return spec.node.val, spec.node.path
}

func (l *loader) expectation(f field) (Expectation, bool) {
	if f.val != nil && f.val.Kind == yaml.MappingNode {
		fs := l.fields(f.val, f.path, "expect", "status", "decision", "message", "layer", "cached")
		if fs == nil {
			return Expectation{}, false
		}
		var e Expectation
		ok := true
		if g, has := fs["status"]; has {
			n, good := l.integer(g, "status")
			if good && (n < 100 || n > 599) {
				l.errorf(g.val, g.path, "status %d is not an HTTP status", n)
				good = false
			}
			e.Status, ok = n, ok && good
		}
		if g, has := fs["decision"]; has {
			s, good := l.str(g, "decision")
			if good {
				switch s {
				case "allow", "deny", "explicit-deny", "implicit-deny":
					e.Decision = s
				default:
					l.errorf(g.val, g.path, "decision must be allow, deny, explicit-deny or implicit-deny, not %q", s)
					good = false
				}
			}
			ok = ok && good
		}
		if g, has := fs["message"]; has {
			s, good := l.str(g, "message")
			e.Message, e.HasMessage, ok = s, good, ok && good
		}
		if g, has := fs["layer"]; has {
			if s, good := l.str(g, "layer"); good {
				layer, err := apigw.ParseLayer(s)
				if err != nil {
					l.errorf(g.val, g.path, "%s", trimPkg(err))
					ok = false
				}
				e.Layer, e.HasLayer = layer, err == nil
			} else {
				ok = false
			}
		}
		if g, has := fs["cached"]; has {
			b, good := l.boolean(g, "cached")
			e.Cached, e.HasCached, ok = b, good, ok && good
		}
		if ok && e.IsZero() {
			l.errorf(f.val, f.path, "expect is empty: give at least one of status, decision, message, layer and cached")
			ok = false
		}
		return e, ok
	}
	s, ok := l.str(f, "expect")
	if !ok {
		return Expectation{}, false
	}
	e, err := ParseExpectation(s)
	if err != nil {
		l.errorf(f.val, f.path, "expect: %v", err)
		return Expectation{}, false
	}
	return e, true
}

// uniqueName names a case after its request, numbered when the request
// repeats.
func uniqueName(names map[string]int, request string, i int) string {
	name := request
	if _, taken := names[name]; taken {
		name = fmt.Sprintf("%s #%d", request, i+1)
	}
	return name
}

func (l *loader) claimName(names map[string]int, name string, f field) bool {
	if line, ok := names[name]; ok {
		l.errorf(f.val, f.path, "the name %q is already used at line %d: names must be unique, so that reports and --run can tell them apart", name, line)
		return false
	}
	names[name] = f.val.Line
	return true
}

func (l *loader) timeOf(spec *requestSpec, def time.Time) time.Time {
	switch {
	case spec.time != nil:
		return *spec.time
	case l.defaults.time != nil:
		return *l.defaults.time
	}
	return def
}

func (l *loader) sequence(f field) {
	if l.budget.spent {
		return // past a limit (reported): its steps would only add noise
	}
	fs := l.fields(f.val, f.path, "a sequence", "name", "time", "steps")
	if fs == nil {
		return
	}
	sq := &Sequence{Line: f.val.Line, Start: l.now}
	if l.defaults.time != nil {
		sq.Start = *l.defaults.time
	}
	if g, ok := fs["name"]; ok {
		sq.Name, _ = l.str(g, "name")
	}
	if sq.Name == "" {
		sq.Name = fmt.Sprintf("sequence at line %d", sq.Line)
	}
	if !l.claimName(l.names, sq.Name, f) {
		return
	}
	if g, ok := fs["time"]; ok {
		if s, ok := l.str(g, "time"); ok {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				l.errorf(g.val, g.path, "time %q is not an RFC 3339 time such as 2026-01-02T15:04:05Z", s)
			} else if err := timeInRange(t); err != nil {
				l.errorf(g.val, g.path, "time %q %v", s, err)
			} else {
				sq.Start = t
			}
		}
	}
	if _, given := fs["time"]; !given && l.defaults.time == nil {
		// No start time: a sequence whose steps give absolute times
		// starts at the first of them, not at "now" (which would make it
		// fail once that time has passed).
		if steps, ok := fs["steps"]; ok && steps.val != nil && steps.val.Kind == yaml.SequenceNode {
			for _, st := range steps.val.Content {
				st = deref(st)
				if st == nil || st.Kind != yaml.MappingNode {
					continue
				}
				for i := 0; i+1 < len(st.Content); i += 2 {
					if st.Content[i].Value != "at" {
						continue
					}
					if t, err := time.Parse(time.RFC3339, deref(st.Content[i+1]).Value); err == nil {
						sq.Start = t
					}
					break
				}
				if !sq.Start.Equal(l.now) {
					break
				}
			}
		}
	}
	g, ok := fs["steps"]
	if !ok {
		l.errorf(f.val, f.path, "sequence %q has no steps", sq.Name)
		return
	}
	clock := sq.Start
	seqErrs := len(l.errs)
	names := map[string]int{}
	requests := 0
	for i, st := range l.list(g, "steps") {
		step := &Step{Line: st.val.Line, path: st.path, pos: l.pos(st.val)}
		if st.val.Kind == yaml.MappingNode && hasKey(st.val, "flush") {
			sf := l.fields(st.val, st.path, "a flush step", "flush")
			if sf == nil {
				continue
			}
			stage, ok := l.str(sf["flush"], "flush")
			if !ok {
				continue
			}
			if strings.Contains(stage, "/") {
				l.errorf(sf["flush"].val, sf["flush"].path, "flush names a stage, such as prod, not %q", stage)
				continue
			}
			step.Flush, step.at = stage, clock
		} else if st.val.Kind == yaml.MappingNode && hasKey(st.val, "wait") {
			sf := l.fields(st.val, st.path, "a wait step", "wait")
			if sf == nil {
				continue
			}
			s, ok := l.str(sf["wait"], "wait")
			if !ok {
				continue
			}
			d, err := time.ParseDuration(s)
			if err != nil || d <= 0 {
				l.errorf(sf["wait"].val, sf["wait"].path, "wait must be a positive duration such as 30s, 5m or 1h, not %q", s)
				continue
			}
			if err := timeInRange(clock.Add(d)); err != nil {
				l.errorf(sf["wait"].val, sf["wait"].path, "wait %q takes the sequence's clock to a time that %v", s, err)
				continue
			}
			step.Wait = d
			clock = clock.Add(d)
		} else {
			keys := append([]string{"name", "request", "expect", "at"}, requestKeys...)
			before := len(l.errs)
			spec := l.requestSpec(st, "a step", keys)
			if spec == nil || len(l.errs) > before {
				continue
			}
			if spec.time != nil {
				n, p := spec.where("time")
				l.errorf(n, p, "a step's time is given with at: +DURATION from the sequence's start (such as +30s) or an RFC 3339 time; the sequence's own time is its start")
				continue
			}
			if spec.at != "" {
				atNode, atPath := spec.where("at")
				t, ok := l.stepTime(field{key: atNode, val: atNode, path: strings.TrimSuffix(atPath, "/at")}, spec.at, sq.Start, clock)
				if !ok {
					continue
				}
				clock = t
			}
			if spec.name == "" {
				spec.name = uniqueName(names, spec.request, i)
			}
			if !l.claimName(names, spec.name, st) {
				continue
			}
			cs := l.buildCase(spec, clock)
			if cs == nil {
				continue
			}
			step.Case = cs
			requests++
		}
		sq.Steps = append(sq.Steps, step)
	}
	if requests == 0 && len(l.errs) == seqErrs && !l.broken {
		l.errorf(f.val, f.path, "sequence %q has no requests", sq.Name)
		return
	}
	if len(l.errs) == seqErrs {
		l.checkSteps(sq)
	}
	l.s.Sequences = append(l.s.Sequences, sq)
}

// checkFullNames rejects a case whose name is also a sequence's step's
// full name (a case "s/one" and step "one" of sequence "s"): reports and
// --run could not tell them apart.
func (l *loader) checkFullNames() {
	cases := map[string]*Case{}
	for _, c := range l.s.Cases {
		cases[c.Name] = c
	}
	for _, sq := range l.s.Sequences {
		for _, st := range sq.Steps {
			if st.Case == nil {
				continue
			}
			if c := cases[sq.Name+"/"+st.Case.Name]; c != nil {
				l.errs = append(l.errs, &policy.Error{File: l.file, Pos: st.pos, Path: st.path, Msg: fmt.Sprintf("step %q of sequence %q has the full name of the case at line %d: rename one, so that reports and --run can tell them apart", st.Case.Name, sq.Name, c.Line)})
			}
		}
	}
}

// checkSteps rejects steps that cannot do anything: a flush of a stage no
// request of the sequence uses (a typo such as Prod for prod would
// otherwise drop nothing, silently), and a flush or wait after the last
// request.
func (l *loader) checkSteps(sq *Sequence) {
	stages := map[string]bool{}
	var names []string
	last := -1
	for i, st := range sq.Steps {
		if st.Case != nil {
			if !stages[st.Case.method.Stage] {
				names = append(names, st.Case.method.Stage)
			}
			stages[st.Case.method.Stage] = true
			last = i
		}
	}
	for i, st := range sq.Steps {
		switch {
		case st.Case != nil:
		case i > last:
			l.errs = append(l.errs, &policy.Error{File: l.file, Pos: st.pos, Path: st.path, Msg: "this step comes after the sequence's last request, so it changes nothing: remove it, or add the request it prepares"})
		case st.Flush != "" && !stages[st.Flush]:
			l.errs = append(l.errs, &policy.Error{File: l.file, Pos: st.pos, Path: st.path + "/flush", Msg: fmt.Sprintf("flush names stage %q, which no request of the sequence uses (stages are case-sensitive; the requests use %s)", st.Flush, strings.Join(names, ", "))})
		}
	}
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// stepTime reads a step's at: an RFC 3339 time, or +DURATION from the
// sequence's start. Time may not go backwards.
func (l *loader) stepTime(f field, at string, start, clock time.Time) (time.Time, bool) {
	var t time.Time
	if rest, ok := strings.CutPrefix(at, "+"); ok {
		d, err := time.ParseDuration(rest)
		if err != nil || d < 0 {
			l.errorf(f.val, f.path+"/at", "at %q is not +DURATION (such as +301s, from the sequence's start) or an RFC 3339 time", at)
			return t, false
		}
		t = start.Add(d)
		if err := timeInRange(t); err != nil {
			l.errorf(f.val, f.path+"/at", "at %q puts the step at a time that %v", at, err)
			return t, false
		}
	} else {
		var err error
		t, err = time.Parse(time.RFC3339, at)
		if err != nil {
			l.errorf(f.val, f.path+"/at", "at %q is not +DURATION (such as +301s, from the sequence's start) or an RFC 3339 time", at)
			return t, false
		}
		if err := timeInRange(t); err != nil {
			l.errorf(f.val, f.path+"/at", "at %q %v", at, err)
			return t, false
		}
	}
	if t.Before(clock) {
		l.errorf(f.val, f.path+"/at", "at %q is before the previous step (%s): a sequence's clock only moves forward", at, clock.UTC().Format(time.RFC3339))
		return t, false
	}
	return t, true
}

// merged returns the request with the defaults filled in.
func (l *loader) merged(r *requestSpec) *requestSpec {
	d := l.defaults
	out := *r
	pick := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	out.sourceIP, out.vpce, out.vpc = pick(r.sourceIP, d.sourceIP), pick(r.vpce, d.vpce), pick(r.vpc, d.vpc)
	out.userAgent, out.referer, out.caller = pick(r.userAgent, d.userAgent), pick(r.referer, d.referer), pick(r.caller, d.caller)
	if out.token == nil {
		out.token = d.token
	}
	merge := func(a, b map[string][]string) map[string][]string {
		m := map[string][]string{}
		for k, v := range b {
			m[k] = v
		}
		for k, v := range a {
			m[k] = v
		}
		return m
	}
	out.headers, out.query = merge(r.headers, d.headers), merge(r.query, d.query)
	out.headerNames = map[string]string{}
	maps.Copy(out.headerNames, d.headerNames)
	maps.Copy(out.headerNames, r.headerNames)
	out.stageVariables, out.requestContext = merge(r.stageVariables, d.stageVariables), merge(r.requestContext, d.requestContext)
	out.context = merge(r.context, d.context)
	return &out
}

// buildCase prepares a request: its method ARN, route, gateway, call,
// condition context and what the authorizer answers for it.
func (l *loader) buildCase(spec *requestSpec, at time.Time) *Case {
	if l.budget.spent {
		return nil // past a limit (reported): building more is the work it stops
	}
	r := l.merged(spec)
	f := spec.node
	cs := &Case{Name: spec.name, Line: f.val.Line, Request: r.request, Expect: r.expect, Time: at}
	m, err := l.s.API.Method(r.request)
	if err != nil {
		n, p := spec.where("request")
		l.errorf(n, p, "request: %s", trimPkg(err))
		return nil
	}
	if err := arn.CheckRESTMethod(m.Verb); err != nil {
		n, p := spec.where("request")
		l.errorf(n, p, "request: %v", err)
		return nil
	}
	cs.method = m
	query, err := arn.RequestQuery(r.request)
	if err != nil {
		n, p := spec.where("request")
		l.errorf(n, p, "request: %v", err)
		return nil
	}
	for k, v := range r.query {
		query[k] = append(query[k], v...)
	}
	choice := l.apiAuth
	if len(l.routes) > 0 {
		rt, ok := l.findRoute(m.Verb, m.Path, f)
		if !ok {
			return nil // past a limit (reported)
		}
		if rt == nil {
			// No such method: 403 Missing Authentication Token, before
			// any authorization. A typo in a path would pass "deny" or
			// "403" unnoticed, so the expectation must say it.
			e := r.expect
			if !(e.HasLayer && e.Layer == apigw.LayerRequest) {
				n, p := spec.where("request")
				l.errorf(n, p, "request %s matches none of the suite's routes: API Gateway answers 403 Missing Authentication Token before any authorization. Fix the path (with the stage first) or add the route; if the request is meant to miss, expect {layer: request}", r.request)
				return nil
			}
			if e.HasCached && e.Cached {
				n, p := spec.where("expect")
				l.errorf(n, p, "cached: true can never hold here: the request matches no route, so no authorizer is reached")
				return nil
			}
			return cs
		}
		cs.Route, choice = rt.text, rt.auth
	}
	if choice == nil || choice.gw == nil || l.broken {
		// Reported where the authorization was named. A case left out
		// without any error would make the suite pass with fewer
		// requests: fail closed if that ever happens.
		if len(l.errs) == 0 {
			l.errorf(f.val, f.path, "%s: the method's authorization could not be prepared", cs.Name)
		}
		return nil
	}
	g := choice.gw
	cs.gateway = g
	if e := r.expect; e.HasCached && e.Cached {
		if _, cached := g.CacheKey(&apigw.Call{Method: m}); !cached {
			n, p := spec.where("expect")
			l.errorf(n, p, "cached: true can never hold here: %s uses %s, whose results are not cached (only a Lambda authorizer with a TTL above 0 has a result cache)", describeRoute(cs), choice.name)
			return nil
		}
	}
	c := apigw.Call{Method: m, Query: query, Headers: http.Header{}, StageVariables: map[string]string{}}
	for k, vs := range r.headers {
		c.Headers[http.CanonicalHeaderKey(k)] = vs
	}
	for k, v := range r.stageVariables {
		c.StageVariables[k] = v[len(v)-1]
	}
	takesToken := choice.authz != nil && (choice.authz.cfg.Type == apigw.TokenAuthorizer || choice.authz.cognito)
	if spec.token != nil && !takesToken {
		n, p := spec.where("token")
		l.errorf(n, p, "token is for methods with a TOKEN or Cognito authorizer; %s uses %s: send the values it reads with headers, query, stageVariables or requestContext", describeRoute(cs), choice.name)
		return nil
	}
	// A default token goes only to the methods that read one.
	if r.token != nil && takesToken {
		name := http.CanonicalHeaderKey(strings.TrimPrefix(g.IdentitySources()[0], "method.request.header."))
		inCase := false
		for k := range spec.headers {
			inCase = inCase || http.CanonicalHeaderKey(k) == name
		}
		switch {
		case spec.token != nil && inCase:
			n, p := spec.where("token")
			l.errorf(n, p, "the token is given twice, with token and with headers %s: give one", name)
			return nil
		case spec.token != nil || !inCase:
			// The case's token, or the default token unless the case
			// sends the header itself.
			c.Headers.Set(name, *r.token)
		}
	}
	info := apigw.RequestInfo{Time: at, VPCEndpoint: r.vpce, VPC: r.vpc, UserAgent: r.userAgent, Referer: r.referer}
	if info.UserAgent == "" {
		info.UserAgent = c.Headers.Get("User-Agent")
	}
	if info.Referer == "" {
		info.Referer = c.Headers.Get("Referer")
	}
	if r.sourceIP != "" {
		ip, err := netip.ParseAddr(r.sourceIP)
		if err != nil {
			return nil // reported where it is written
		}
		info.SourceIP = ip
	}
	var cs2 *callerSpec
	isIAM := g.Config().Auth == apigw.AuthIAM
	if spec.caller != "" && !isIAM {
		n, p := spec.where("caller")
		l.errorf(n, p, "caller is for AWS_IAM methods; %s uses %s, whose callers are anonymous", describeRoute(cs), choice.name)
		return nil
	}
	// A default caller signs only the requests to AWS_IAM methods.
	if r.caller != "" && isIAM {
		cs2 = l.callers[r.caller]
		if cs2 == nil {
			cl, err := eval.NewCaller(r.caller)
			if err != nil {
				return nil // reported where it is written
			}
			cs2 = &callerSpec{caller: cl, principal: r.caller}
		}
		c.Caller, c.IdentityPolicies = cs2.caller, cs2.policies
		info.Caller, info.PrincipalOrgID, info.PrincipalOrgPaths, info.PrincipalTags = cs2.caller, cs2.orgID, cs2.orgPaths, cs2.tags
	}
	for _, k := range slices.Sorted(maps.Keys(r.context)) {
		if !strings.Contains(k, ":") {
			n, p := spec.where("context")
			l.errorf(n, p, "context: %q is not a condition key: keys have a service prefix, such as aws:SourceIp (for a context.NAME identity source, use requestContext)", k)
			return nil
		}
	}
	if len(r.context) > 0 {
		info.Extra = r.context
	}
	ctx, err := apigw.ContextFor(info)
	if err != nil {
		l.errorf(f.val, f.path, "%s", strings.TrimPrefix(trimPkg(err), "request: "))
		return nil
	}
	c.Context = ctx
	// The $context values API Gateway always sets; resourcePath is the
	// route's template, or, without routes, the request's path.
	c.RequestContext = map[string]string{
		"stage": m.Stage, "httpMethod": m.Verb, "path": "/" + m.Stage + m.Path,
		"resourcePath": m.Path, "apiId": m.API.ID, "accountId": m.API.Account,
	}
	if cs.Route != "" {
		c.RequestContext["resourcePath"] = strings.TrimPrefix(cs.Route, strings.SplitN(cs.Route, " ", 2)[0]+" ")
	}
	if info.SourceIP.IsValid() {
		c.RequestContext["identity.sourceIp"] = info.SourceIP.String()
	}
	if info.UserAgent != "" {
		c.RequestContext["identity.userAgent"] = info.UserAgent
	}
	for k, v := range r.requestContext {
		c.RequestContext[k] = v[len(v)-1]
	}
	if !l.checkSourceIP(f, cs, r, &c, choice, nil) {
		return nil
	}
	c.Prepare()
	if o := g.Decide(&c); o.NeedsAuthorizer && choice.authz != nil && choice.authz.cmd != nil {
		if a := choice.authz; a.cfg.Type == apigw.RequestAuthorizer && c.RequestContext["identity.sourceIp"] == "" {
			// Once per authorizer: the fix is usually one line of
			// defaults.
			if !a.noSourceIP {
				n, p := spec.where("sourceIp")
				l.errorf(n, p, "%s runs authorizer %q, a REQUEST authorizer whose event carries the caller's address (requestContext.identity.sourceIp, X-Forwarded-For): give sourceIp, here or in defaults (the other requests that run it without one are not reported)", describeRoute(cs), a.name)
				a.noSourceIP = true
			}
			return nil
		}
		cs.runner = choice.authz.cmd
		cs.headerNames = r.headerNames
		if cs.Route != "" {
			cs.resource = c.RequestContext["resourcePath"]
		}
	} else if o.NeedsAuthorizer {
		rep := l.lookupReply(choice.authz, g, &c)
		if rep == nil {
			l.errorf(f.val, f.path, "%s reaches authorizer %q, whose responses have no entry for %s and which has no response or error for other identities: add one", describeRoute(cs), choice.authz.name, identityText(g, &c))
			return nil
		}
		cs.invoke, cs.from = rep.result, rep.from
		if rep.template != nil {
			if cs.invoke = l.fill(rep, m, f); cs.invoke == nil {
				return nil // past a limit (reported)
			}
		}
		// The answer this request gets, filled in, is a policy too.
		if p := policyOf(cs.invoke); p != nil && !l.checkSourceIP(f, cs, r, &c, choice, &labeled{fmt.Sprintf("the answer of authorizer %q", choice.authz.name), p}) {
			return nil
		}
	}
	cs.call = c
	return cs
}

func describeRoute(cs *Case) string {
	if cs.Route != "" {
		return "route " + cs.Route
	}
	return "the API"
}

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

// labeled is a policy document and what it is, for messages.
type labeled struct {
	what string
	doc  *policy.Document
}

// checkSourceIP refuses a request whose answer depends on the caller's
// address when none is given: API Gateway always knows it (decision D17).
// With answer nil it checks the resource policy, the caller's identity
// policies and the identity sources; otherwise only the authorizer's
// answer to this request.
//
// It also refuses a request of an IAM caller whose answer depends on a key
// AWS sets for the caller but that its ARN does not tell
// (eval.Caller.UnknownKeys) when the request's context does not give it.
func (l *loader) checkSourceIP(f field, cs *Case, r *requestSpec, c *apigw.Call, choice *authChoice, answer *labeled) bool {
	if answer == nil {
		a, found := l.readsMissing(c.Context, c.Caller.UnknownKeys(), l.rp, nil)
		if !found {
			a, found = l.readsMissing(c.Context, c.Caller.UnknownKeys(), nil, c.IdentityPolicies)
		}
		if found {
			l.errorf(f.val, f.path, "%s: statement %d of %s:%d:%d reads %s, which AWS sets for every request of caller %q but which its ARN does not tell: give its value with context (%s: VALUE)", cs.Name, a.Statement.Index, a.Document.File, a.Pos.Line, a.Pos.Column, a.Key, r.caller, a.Key)
			return false
		}
	}
	if r.sourceIP != "" {
		return true
	}
	address := []string{eval.AddressKey(c.Context)}
	var a eval.KeyRead
	found, what := false, ""
	if answer != nil {
		a, found = l.readsMissing(c.Context, address, answer.doc, nil)
		what = answer.what
	} else if a, found = l.readsMissing(c.Context, address, l.rp, nil); found {
		what = "the resource policy"
	} else if a, found = l.readsMissing(c.Context, address, nil, c.IdentityPolicies); found {
		what = fmt.Sprintf("an identity policy of caller %q", r.caller)
	}
	if found {
		l.errorf(f.val, f.path, "%s: %s reads %s (statement %d, %s:%d:%d), which API Gateway always sets: give sourceIp (here or in defaults)", cs.Name, what, a.Key, a.Statement.Index, a.Document.File, a.Pos.Line, a.Pos.Column)
		return false
	}
	if answer != nil {
		return true
	}
	for i, s := range choice.sourcesOrNil() {
		if s == "context.identity.sourceIp" {
			if _, ok := choice.gw.IdentityValue(c, i); !ok {
				l.errorf(f.val, f.path, "%s: the identity source context.identity.sourceIp is the caller's address: give sourceIp (here or in defaults)", cs.Name)
				return false
			}
		}
	}
	return true
}

func (c *authChoice) sourcesOrNil() []string {
	if c.gw == nil {
		return nil
	}
	return c.gw.IdentitySources()
}

func policyOf(r *apigw.AuthorizerResult) *policy.Document {
	if resp := r.Response(); resp != nil {
		return resp.Policy
	}
	return nil
}
