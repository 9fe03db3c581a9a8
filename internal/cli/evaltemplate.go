package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/iac"
	"github.com/iamgate/iamgate/policy"
)

// evalTemplateFlags are eval's flags that read the API from a template.
type evalTemplateFlags struct {
	path  string
	apiID string
	templateFlags
}

func defineEvalTemplateFlags(fs *flag.FlagSet, f *evalTemplateFlags) {
	fs.StringVar(&f.path, "template", "", "read the API from a CloudFormation template, cdk.out or .serverless folder (`PATH`): the request is routed to its method, whose authorization and authorizer it gives")
	fs.StringVar(&f.api, "api-name", "", "with --template: the logical `ID` of the API, when the template defines several")
	fs.StringVar(&f.apiID, "api-id", "", "with --template: the API's `ID` (a template never knows it; or give --api with the whole ARN)")
	fs.Var(&f.parameters, "parameter", "with --template: a template parameter's value, `NAME=VALUE`; repeatable")
	fs.StringVar(&f.region, "region", "", "with --template: the `REGION` of AWS::Region")
	fs.StringVar(&f.account, "account", "", "with --template: the account `ID` of AWS::AccountId")
	fs.StringVar(&f.partition, "partition", "", "with --template: the `PARTITION` of AWS::Partition (default: from --region)")
}

// templateMethod is what a template says about the request's method.
type templateMethod struct {
	// noMethod is true when the template's API has no method for the
	// request: API Gateway answers 403 Missing Authentication Token.
	noMethod bool
	// resource is the method's resource template.
	resource string
	// policy is the template's resource policy; nil when it has none or
	// --resource-policy replaces it.
	policy *policy.Document
	// notes are what the template's method has that eval does not check.
	notes []string
	// sources is true when the authorizer's identity sources came from
	// the template, not from --identity-source.
	sources bool
	// apiKeyRequired is the method's; apiKeySource and responses are the
	// API's; api is the compiled API, whose gateway responses shape the
	// answer when it has no method for the request.
	apiKeyRequired bool
	apiKeySource   apigw.APIKeySource
	responses      []apigw.GatewayResponse
	api            *apigw.API
}

func (tm *templateMethod) filledSources() bool { return tm != nil && tm.sources }

// applyTemplate reads the template --template names, routes --request to
// its method and fills the flags the user did not give from it: --api
// (the ARN), --auth and the authorizer's settings. Flags given explicitly
// win. It refuses, naming the symbol, when a part of the API's ARN is not
// known offline, and when the template's resource policy cannot be read.
func applyTemplate(f *evalFlags) (*templateMethod, error) {
	t := &f.template
	if f.methodARN != "" {
		return nil, usagef("--template routes --request: it does not go with --method-arn")
	}
	if f.request == "" {
		return nil, usagef("--template needs --request \"VERB /stage/path\"")
	}
	opts, err := t.options()
	if err != nil {
		return nil, usagef("%v", err)
	}
	res, err := iac.Load(t.path, opts)
	if err != nil {
		return nil, fmt.Errorf("--template: %s", strings.TrimPrefix(err.Error(), "iac: "))
	}
	api, err := pickAPI(res, t)
	if err != nil {
		return nil, err
	}
	def := api.Config
	if err := templateARN(f, &def); err != nil {
		return nil, err
	}
	tm := &templateMethod{}
	if f.resourcePolicy == "" && api.Policy != nil {
		if def.ResourcePolicy == nil {
			return nil, usagef("--template: the resource policy of %s cannot be read offline (%s): give the values it depends on (--parameter, --region, --account), or the policy itself with --resource-policy", api.ID, firstError(res))
		}
		tm.policy = def.ResourcePolicy
	}
	if f.resourcePolicy != "" {
		def.ResourcePolicy = nil
	}
	compiled, err := apigw.NewAPI(def)
	if err != nil {
		return nil, usagef("--template: the API %s: %v", api.ID, err)
	}
	tm.api, tm.apiKeySource, tm.responses = compiled, def.APIKeySource, def.GatewayResponses
	m, err := routeRequest(compiled, f.api, f.request)
	if err != nil || m == nil {
		tm.noMethod = err == nil
		return tm, err
	}
	fillFromMethod(f, m, tm)
	return tm, nil
}

// pickAPI is the API --api-name names, or the template's only one.
func pickAPI(res *iac.Result, t *evalTemplateFlags) (*iac.API, error) {
	if t.api != "" {
		if a := res.API(t.api); a != nil {
			return a, nil
		}
		return nil, usagef("--api-name: %s defines no API %q%s", t.path, t.api, apiIDs(res))
	}
	switch len(res.APIs) {
	case 0:
		return nil, fmt.Errorf("--template: %s defines no REST API (%s)", t.path, firstError(res))
	case 1:
		return &res.APIs[0], nil
	}
	return nil, usagef("--template: %s defines several APIs; say which with --api-name%s", t.path, apiIDs(res))
}

// firstError is the first error diagnostic, or "no error reported".
func firstError(res *iac.Result) string {
	for _, d := range res.Diagnostics {
		if d.Severity == iac.Error {
			return d.String()
		}
	}
	return "no error reported"
}

// templateARN sets the API's ARN: --api when given, else the template's
// parts with --api-id; a part still unknown is refused, by its symbol.
func templateARN(f *evalFlags, def *apigw.APIConfig) error {
	if f.api != "" {
		id, err := arn.ParseAPI(f.api)
		if err != nil {
			return usagef("--api: %v%s", trimArn(err), apiHint(f.api))
		}
		def.SetARN(id)
		return nil
	}
	if f.template.apiID != "" {
		def.ID = apigw.Known(f.template.apiID)
	}
	parts := []struct {
		name, flag string
		v          apigw.Value
	}{{"partition", "--partition (or --region)", def.Partition}, {"region", "--region", def.Region},
		{"account", "--account", def.Account}, {"id", "--api-id", def.ID}}
	for _, p := range parts {
		if !p.v.IsKnown() || p.v.Text == "" {
			return usagef("--template: the API's %s is %s, which the template does not decide offline: give %s, or --api with the API's whole ARN", p.name, symbolOf(p.v), p.flag)
		}
	}
	text := "arn:" + def.Partition.Text + ":execute-api:" + def.Region.Text + ":" + def.Account.Text + ":" + def.ID.Text
	id, err := arn.ParseAPI(text)
	if err != nil {
		return usagef("--template: the API's ARN %s: %v", text, trimArn(err))
	}
	def.SetARN(id)
	f.api = id.String()
	return nil
}

func symbolOf(v apigw.Value) string {
	if v.IsKnown() {
		return "empty"
	}
	if strings.Contains(v.Symbol, "${") {
		return v.Symbol
	}
	return "${" + v.Symbol + "}"
}

// routeRequest routes the request line to the API's method; nil when the
// API has none for it.
func routeRequest(api *apigw.API, apiARN, request string) (*apigw.Method, error) {
	id, err := arn.ParseAPI(apiARN)
	if err != nil {
		return nil, usagef("--api: %v", trimArn(err))
	}
	m, err := id.Method(request)
	if err != nil {
		return nil, usagef("--request: %v%s", trimArn(err), requestHint(request))
	}
	if _, ok := api.Stage(m.Stage); !ok {
		return nil, usagef("--request: the template's API has no stage %q", m.Stage)
	}
	path, _, _ := strings.Cut(m.Path, "?")
	return api.Route(m.Verb, path), nil
}

// fillFromMethod fills the flags not given from the method and its
// authorizer. The authorizer's settings are filled only when the method's
// authorization is the one eval uses (--auth may override it).
func fillFromMethod(f *evalFlags, m *apigw.Method, tm *templateMethod) {
	cfg := m.Config()
	tm.resource = cfg.Path
	if f.auth == "" {
		f.auth = cfg.Auth.String()
	}
	tm.apiKeyRequired = cfg.APIKeyRequired
	if len(cfg.Scopes) > 0 {
		tm.notes = append(tm.notes, fmt.Sprintf("the template's %s asks for the scopes %s, which this answer does not check", cfg.Route(), strings.Join(cfg.Scopes, ", ")))
	}
	z := m.Authorizer()
	if z == nil || f.auth != cfg.Auth.String() {
		return
	}
	if !z.Cognito && !f.authorizerType.set {
		f.authorizerType = optionalString{value: z.Type.String(), set: true}
	}
	if len(f.identitySources) == 0 && len(z.IdentitySources) > 0 {
		f.identitySources = append(f.identitySources, z.IdentitySources...)
		tm.sources = true
	}
	if !f.ttl.set && z.TTL.IsSet() {
		f.ttl = optionalString{value: strconv.Itoa(z.TTL.Seconds()), set: true}
	}
	if f.tokenValidation == "" && !z.Cognito && z.Type == apigw.TokenAuthorizer {
		f.tokenValidation = z.ValidationExpression
	}
}

// noTemplateFlags refuses the flags that only mean something with
// --template.
func noTemplateFlags(fs *flag.FlagSet) error {
	var err error
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "api-name", "api-id", "parameter", "region", "account", "partition":
			if err == nil {
				err = usagef("--%s goes with --template", fl.Name)
			}
		}
	})
	return err
}
