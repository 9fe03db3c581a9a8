package suite

import (
	"path"
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
	model     *apigw.API
	routeOf   map[*apigw.Method]*route
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
	// templateRoutes are the methods of the template's API, when the
	// suite names a template (templateAt).
	templateRoutes []apigw.MethodConfig
	templateAt     field
	// templateAuthz are the template's authorizers, by logical id;
	// templateMissing its Lambda authorizers the suite gives no answers.
	templateAuthz   map[string]bool
	templateMissing []string
	templateStages  []apigw.Stage
	// templateKeySource and templateResponses are the template API's key
	// source and gateway responses; apiKeys the keys the suite declares
	// valid.
	templateKeySource apigw.APIKeySource
	templateResponses []apigw.GatewayResponse
	apiKeys           []string
}

// topKeys are the keys of a suite file.
var topKeys = []string{"name", "api", "template", "templateApi", "parameters", "apiKeys", "messages", "resourcePolicy", "auth", "authorizers", "routes", "callers", "defaults", "cases", "sequences"}

// requestKeys are the keys of a request, shared by the defaults, the
// cases and the steps.
var requestKeys = []string{"token", "headers", "query", "stageVariables", "requestContext", "sourceIp", "vpce", "vpc", "userAgent", "referer", "time", "caller", "context"}

// suite reads the whole file: the API and how its methods are authorized,
// then the callers, the defaults, the cases and the sequences. It returns
// nil when the file is not a suite at all, or names no API (reported).
func (l *loader) suite() *Suite {
	root := l.parseRoot()
	if root == nil || !l.checkAliases(root) {
		return nil
	}
	if what := documentShape(root); what != "" {
		l.errorf(root, "", "this is %s, not a suite: check it with iamgate lint or iamgate validate, or name it in a suite (resourcePolicy, a caller's policies, an authorizer's response)", what)
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
	l.messages(top)
	if f, ok := top["apiKeys"]; ok {
		l.apiKeys, _ = l.strs(f, "apiKeys")
	}
	if l.templateAPI(top) {
		l.templateAuthorization(top)
	} else {
		l.resourcePolicy(top)
		l.authorization(top)
	}
	l.callerList(top)
	l.defaultRequest(top)
	l.names = map[string]int{}
	if f, ok := top["cases"]; ok {
		l.cases(f)
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
	l.checkUnused()
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

// documentShape says what a file given as a suite is when it is a policy
// document or an authorizer's response instead ("" when it is neither):
// its top level has their keys, which a suite never has.
func documentShape(root *yaml.Node) string {
	if root.Kind != yaml.MappingNode || hasKey(root, "api") {
		return ""
	}
	switch {
	case hasKey(root, "Statement"):
		return "an IAM policy document (it has Statement)"
	case hasKey(root, "policyDocument"), hasKey(root, "principalId"):
		return "a Lambda authorizer's response (it has policyDocument or principalId)"
	}
	return ""
}
