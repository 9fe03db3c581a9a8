package suite

import (
	"maps"
	"slices"
	"strings"

	"github.com/iamgate/iamgate/apigw"
)

// buildModel turns what the suite says about its API (its ARN, resource
// policy, authorizers, routes and their auth) into the API model and
// compiles it once: the resource policy, one gateway per authorization,
// the routes indexed. Each auth choice then decides with the gateway of
// its methods. When the authorization has a problem (reported), the model
// only routes: the requests are still checked against the routes, but
// none is built.
func (l *loader) buildModel(f field) {
	def, usable := l.modelConfig()
	if usable && !l.broken {
		if l.rp != nil {
			l.spend(len(l.rp.Statements), f, "the resource policy for the API's methods")
		}
		api, err := apigw.NewAPI(def)
		if err == nil {
			l.useModel(api)
			return
		}
		// The resource policy and each authorizer were checked on their
		// own; what remains are problems of the combination.
		l.errs = append(l.errs, errorList(err, l.file)...)
		l.broken = true
	}
	l.routingModel(def)
}

// modelConfig is the suite's API as an apigw.APIConfig; usable is false
// when an authorization it names has a problem (reported).
func (l *loader) modelConfig() (def apigw.APIConfig, usable bool) {
	def.SetARN(l.s.API)
	def.ResourcePolicy = l.rp
	def.Stages = l.templateStages
	def.APIKeySource, def.GatewayResponses = l.templateKeySource, l.templateResponses
	usable = true
	for _, name := range slices.Sorted(maps.Keys(l.authorizers)) {
		if a := l.authorizers[name]; !a.broken {
			def.Authorizers = append(def.Authorizers, apigw.Authorizer{AuthorizerConfig: a.cfg, Cognito: a.cognito})
		}
	}
	method := func(verb, path string, c *authChoice) apigw.MethodConfig {
		m := apigw.MethodConfig{Verb: verb, Path: path}
		if c == nil || c.authz != nil && c.authz.broken {
			usable = false
			return m
		}
		m.Auth, m.Authorizer = c.auth()
		return m
	}
	if len(l.routes) == 0 {
		m := method("", "", l.apiAuth)
		def.AllMethods = &m
		return def, usable
	}
	for _, r := range l.routes {
		verb, path, _ := strings.Cut(r.text, " ")
		m := method(verb, path, r.auth)
		m.APIKeyRequired = r.apiKeyRequired
		def.Methods = append(def.Methods, m)
	}
	return def, usable
}

// routingModel compiles the routes alone, every method without
// authorization, so that requests are checked against them.
func (l *loader) routingModel(def apigw.APIConfig) {
	def.ResourcePolicy, def.Authorizers = nil, nil
	if def.AllMethods != nil {
		def.AllMethods = &apigw.MethodConfig{}
	}
	for i := range def.Methods {
		def.Methods[i].Auth, def.Methods[i].Authorizer = apigw.AuthNone, ""
	}
	api, err := apigw.NewAPI(def)
	if err != nil {
		// The routes were each checked; fail closed if they cannot be
		// compiled together.
		l.errs = append(l.errs, errorList(err, l.file)...)
		l.broken = true
		return
	}
	l.model = api
	l.routeOf = l.routesOf(api)
}

// useModel takes the compiled API: each route's choice decides with its
// method's gateway.
func (l *loader) useModel(api *apigw.API) {
	l.model, l.s.model = api, api
	l.routeOf = l.routesOf(api)
	if len(l.routes) == 0 {
		l.apiAuth.gw = api.Route("GET", "/").Gateway()
		return
	}
	for m, r := range l.routeOf {
		r.gw = m.Gateway()
		if r.auth.gw == nil || !r.apiKeyRequired {
			r.auth.gw = r.gw
		}
	}
}

// routesOf maps each method of api to the route it was made from.
func (l *loader) routesOf(api *apigw.API) map[*apigw.Method]*route {
	out := make(map[*apigw.Method]*route, len(l.routes))
	for i, m := range api.Methods() {
		out[m] = l.routes[i]
	}
	return out
}

// auth is the authorization of the methods that use the choice.
func (c *authChoice) auth() (apigw.AuthType, string) {
	switch {
	case c.name == "NONE":
		return apigw.AuthNone, ""
	case c.name == "AWS_IAM":
		return apigw.AuthIAM, ""
	case c.authz.cognito:
		return apigw.AuthCognito, c.name
	}
	return apigw.AuthCustom, c.name
}
