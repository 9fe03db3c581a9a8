package suite

import (
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
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
