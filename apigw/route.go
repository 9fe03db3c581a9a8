package apigw

import (
	"errors"
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/resource"
)

// API is a compiled APIConfig: its ARN known, its resource policy
// compiled once, one Gateway per distinct authorization, and its methods
// indexed for routing. It is immutable and safe for concurrent use.
type API struct {
	cfg      APIConfig
	arn      arn.API
	methods  []*Method
	all      *Method // AllMethods, or nil
	byFirst  map[string][]int
	rest     []int
	gateways map[string]*Gateway
	// responses are the compiled gateway responses, shared by every
	// method's Gateway; nil when the API overrides none.
	responses *responseSet
}

// Method is one compiled method of an API: its definition, its resource
// template and the Gateway that authorizes its requests.
type Method struct {
	cfg        MethodConfig
	tpl        *resource.Template
	gateway    *Gateway
	authorizer *Authorizer
}

// Config returns the method's definition.
func (m *Method) Config() MethodConfig { return m.cfg }

// Gateway returns the compiled authorization of the method's requests.
func (m *Method) Gateway() *Gateway { return m.gateway }

// Authorizer returns the method's authorizer, or nil for NONE and AWS_IAM
// methods.
func (m *Method) Authorizer() *Authorizer { return m.authorizer }

// Route returns "VERB /path", such as "GET /orders/{id}", or "" for the
// method that stands for every method (APIConfig.AllMethods).
func (m *Method) Route() string {
	if m.cfg.Path == "" {
		return ""
	}
	return m.cfg.Route()
}

// Resource returns the resource path of the method that serves path: its
// template ("/orders/{id}"), or path itself for the method that stands for
// every method.
func (m *Method) Resource(path string) string {
	if m.cfg.Path == "" {
		return path
	}
	return m.cfg.Path
}

// NewAPI validates and compiles cfg. It returns every problem at once:
// those of Validate, an ARN part that is still a symbol (an API whose
// account or id is not known cannot be called), and the resource policy's,
// as a policy.ErrorList (joined with errors.Join when they come from
// several stages).
func NewAPI(cfg APIConfig) (*API, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	id, err := cfg.arn()
	if err != nil {
		return nil, err
	}
	a := &API{cfg: cfg, arn: id, byFirst: map[string][]int{}, gateways: map[string]*Gateway{}}
	var rp *eval.PolicySet
	if cfg.ResourcePolicy != nil {
		if rp, err = eval.Compile(eval.CompileOptions{API: id}, cfg.ResourcePolicy); err != nil {
			return nil, err
		}
	}
	if len(cfg.GatewayResponses) > 0 {
		if a.responses, err = compileResponses(cfg.GatewayResponses); err != nil {
			return nil, err
		}
	}
	var errs []error
	if cfg.AllMethods != nil {
		m, err := a.compileMethod(*cfg.AllMethods, rp)
		errs = append(errs, err)
		a.all = m
	}
	for i, mc := range cfg.Methods {
		m, err := a.compileMethod(mc, rp)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if lit, ok := m.tpl.FirstLiteral(); ok {
			a.byFirst[lit] = append(a.byFirst[lit], i)
		} else {
			a.rest = append(a.rest, i)
		}
		a.methods = append(a.methods, m)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return a, nil
}

// arn returns the API's ARN, or an error naming each part that is a
// symbol.
func (c *APIConfig) arn() (arn.API, error) {
	var unknown []string
	for _, p := range [...]struct {
		what string
		v    Value
	}{{"partition", c.Partition}, {"region", c.Region}, {"account", c.Account}, {"API id", c.ID}} {
		if !p.v.IsKnown() {
			unknown = append(unknown, fmt.Sprintf("the %s depends on %s", p.what, p.v.Symbol))
		}
	}
	if len(unknown) > 0 {
		return arn.API{}, c.Origin.errorf("the API's ARN is not known: %s; give the values it takes once deployed", strings.Join(unknown, ", "))
	}
	text := "arn:" + c.Partition.Text + ":execute-api:" + c.Region.Text + ":" + c.Account.Text + ":" + c.ID.Text
	id, err := arn.ParseAPI(text)
	if err != nil {
		return arn.API{}, c.Origin.errorf("the API's ARN %s: %v", text, err)
	}
	return id, nil
}

// compileMethod prepares one method, sharing one Gateway among the methods
// with the same authorization.
func (a *API) compileMethod(mc MethodConfig, rp *eval.PolicySet) (*Method, error) {
	m := &Method{cfg: mc, tpl: &resource.Template{}}
	if mc.Path != "" {
		tpl, err := resource.Parse(mc.Path)
		if err != nil {
			return nil, mc.Origin.errorf("%v", err) // Validate checked it
		}
		m.tpl = tpl
	}
	key := mc.Auth.String() + " " + mc.Authorizer
	if mc.APIKeyRequired {
		key += " api-key"
	}
	if g := a.gateways[key]; g != nil {
		m.gateway = g
		m.authorizer = a.authorizer(mc.Authorizer)
		return m, nil
	}
	cfg := Config{API: a.arn, ResourcePolicy: a.cfg.ResourcePolicy, Auth: mc.Auth,
		APIKeyRequired: mc.APIKeyRequired, APIKeySource: a.cfg.APIKeySource, GatewayResponses: a.cfg.GatewayResponses}
	if az := a.authorizer(mc.Authorizer); az != nil {
		cfg.Authorizer = az.AuthorizerConfig
		m.authorizer = az
	}
	g, err := newGateway(cfg, rp, a.responses)
	if err != nil {
		return nil, err
	}
	a.gateways[key] = g
	m.gateway = g
	return m, nil
}

func (a *API) authorizer(name string) *Authorizer {
	if name == "" {
		return nil
	}
	for i := range a.cfg.Authorizers {
		if a.cfg.Authorizers[i].Name == name {
			return &a.cfg.Authorizers[i]
		}
	}
	return nil
}

// ARN returns the API's ARN.
func (a *API) ARN() arn.API { return a.arn }

// Config returns the definition the API was compiled from. Its slices and
// maps are the API's own: do not change them.
func (a *API) Config() APIConfig { return a.cfg }

// Methods returns the API's methods in the order they were defined; nil
// when the API lists none.
func (a *API) Methods() []*Method { return a.methods }

// Stage returns the stage of that name; ok is false when the API lists
// stages and none has the name. An API that lists no stages takes any
// name: the returned Stage then has only the name.
func (a *API) Stage(name string) (s Stage, ok bool) {
	if len(a.cfg.Stages) == 0 {
		return Stage{Name: name}, true
	}
	for _, s := range a.cfg.Stages {
		if s.Name == name {
			return s, true
		}
	}
	return Stage{}, false
}

// Route returns the method API Gateway runs for a request of verb to path
// (the resource path, after the stage: "/orders/42"), or nil when no
// method serves it: API Gateway then answers 403 Missing Authentication
// Token before any authorization (NoSuchMethod).
//
// Resolution is on the (resource, verb) pair, as measured on AWS
// (REPORT-MINISTACK-1423): among
// the resources whose template matches the path and that declare the verb
// or ANY, the most specific one, literal segments before {param} before
// {proxy+}; on it, the verb itself before ANY. A more specific resource
// that does not declare the verb does not stop the search: a {param} or
// {proxy+} sibling that does serves the request. A trailing slash is an
// empty last segment, which no template matches except the root's.
//
// An API that lists no methods routes every request to its AllMethods
// method (nil when it has none).
func (a *API) Route(verb, path string) *Method {
	m, _ := a.RouteCount(verb, path)
	return m
}

// RouteCount is Route, also returning how many methods were compared:
// only those whose first segment is the path's, and those that begin with
// a parameter (so a caller can bound the work of many requests on many
// methods).
func (a *API) RouteCount(verb, path string) (m *Method, compared int) {
	if len(a.methods) == 0 {
		return a.all, 0
	}
	var lits []int
	if first, ok := resource.FirstSegment(path); ok {
		lits = a.byFirst[first]
	}
	var best *Method
	var bestRank, buf resource.Rank
	parts := resource.Segments(path)
	// The candidates in definition order: the literal ones and the rest
	// merged by index.
	i, j := 0, 0
	for i < len(lits) || j < len(a.rest) {
		var c *Method
		if j == len(a.rest) || i < len(lits) && lits[i] < a.rest[j] {
			c = a.methods[lits[i]]
			i++
		} else {
			c = a.methods[a.rest[j]]
			j++
		}
		compared++
		if c.cfg.Verb != verb && c.cfg.Verb != "ANY" {
			continue
		}
		rk, ok := c.tpl.MatchSegments(parts, buf[:0])
		if rk != nil {
			buf = rk[:0] // reused by the next template
		}
		if !ok {
			continue
		}
		switch {
		case best == nil || rk.Beats(bestRank):
			best, bestRank = c, append(bestRank[:0], rk...)
		case !bestRank.Beats(rk) && best.cfg.Verb == "ANY" && c.cfg.Verb == verb:
			best = c // the same resource: its own verb before ANY
		}
	}
	return best, compared
}

// checkRoute checks a method's verb and resource path template.
func checkRoute(verb, path string) error {
	if !restVerbs[verb] {
		return fmt.Errorf("%q is not an HTTP method API Gateway defines (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS or ANY)", verb)
	}
	if _, err := resource.Parse(path); err != nil {
		return fmt.Errorf("resource %q: %v", path, err)
	}
	return nil
}

// canonicalTemplate writes a template with its parameters unnamed, so that
// /orders/{id} and /orders/{name} are the same resource.
func canonicalTemplate(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, "{") {
			if strings.HasSuffix(p, "+}") {
				parts[i] = "{+}"
			} else {
				parts[i] = "{}"
			}
		}
	}
	return strings.Join(parts, "/")
}
