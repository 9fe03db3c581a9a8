package apigw

import (
	"fmt"
	"net/textproto"
	"sort"
	"strings"

	"github.com/iamgate/iamgate/policy"
)

// responseSet is an API's gateway responses compiled for answering: for
// each response type iamgate answers with, the override that applies, the
// type's own or its class's DEFAULT_4XX / DEFAULT_5XX (GW-TYPES).
type responseSet struct {
	byType [len(responseTypeNames)]*compiledResponse
}

// compiledResponse is one gateway-response override ready to apply.
type compiledResponse struct {
	typ         string
	status      int
	headers     []responseHeader // sorted by name
	template    string
	contentType string // "" when the override has no template
	origin      Location
}

// responseHeader is one header an override sets: static text, or a
// mapping expression read from the request (kind and name).
type responseHeader struct {
	name, value string
	kind        string // "" for static text
	key         string
}

// The mapping expressions a gateway response header can take its value
// from (GW-DEF).
var headerSources = []string{"method.request.header.", "method.request.querystring.", "method.request.path.", "stageVariables.", "context."}

// compileResponses compiles the overrides; two overrides of one type are an
// error (API Gateway keeps one per type).
func compileResponses(rs []GatewayResponse) (*responseSet, error) {
	byName := map[string]*compiledResponse{}
	var errs policy.ErrorList
	for i := range rs {
		r := &rs[i]
		if prev := byName[r.Type]; prev != nil {
			errs = append(errs, r.Origin.errorf("gateway response %s is defined twice: API Gateway keeps one per type", r.Type))
			continue
		}
		cr := &compiledResponse{typ: r.Type, status: r.Status, origin: r.Origin}
		for name, v := range r.Headers {
			h := responseHeader{name: name, value: v}
			if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
				h.value = v[1 : len(v)-1]
			} else {
				for _, p := range headerSources {
					if k, ok := strings.CutPrefix(v, p); ok && k != "" {
						h.kind, h.key = p, k
						break
					}
				}
			}
			cr.headers = append(cr.headers, h)
		}
		sort.Slice(cr.headers, func(i, j int) bool { return cr.headers[i].name < cr.headers[j].name })
		cr.contentType, cr.template = pickTemplate(r.Templates)
		byName[r.Type] = cr
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	s := &responseSet{}
	for t := range s.byType {
		name := ResponseType(t).String()
		if name == "" {
			continue // 200, and the 414, which has no gateway response type
		}
		if cr := byName[name]; cr != nil {
			s.byType[t] = cr
			continue
		}
		class := "DEFAULT_4XX"
		if defaultStatus[t] >= 500 {
			class = "DEFAULT_5XX"
		}
		s.byType[t] = byName[class]
	}
	return s, nil
}

// pickTemplate chooses the body template: application/json's, else the
// only one; none when there are several others.
func pickTemplate(ts map[string]string) (contentType, template string) {
	if t, ok := ts["application/json"]; ok {
		return "application/json", t
	}
	if len(ts) == 1 {
		for ct, t := range ts {
			return ct, t
		}
	}
	return "", ""
}

// forType returns the override for a response type, or nil. It does not
// allocate.
func (s *responseSet) forType(t ResponseType) *compiledResponse {
	if s == nil || int(t) >= len(s.byType) {
		return nil
	}
	return s.byType[t]
}

// CustomResponse says how the API's gateway-response override shaped an
// answer (Answer.Custom).
type CustomResponse struct {
	// Type is the response type the override is defined for: the
	// answer's own, or DEFAULT_4XX / DEFAULT_5XX standing for it.
	Type string
	// DefaultStatus is the status API Gateway gives without the override;
	// Status is the answer's status.
	DefaultStatus int
	// Headers are the names of the headers the override set, in order.
	Headers []string
	// ContentType is the content type of the body template the body was
	// rendered from; "" when the override has none and the body is API
	// Gateway's default.
	ContentType string
	// Unresolved are the template variables and header expressions iamgate
	// has no value for: a variable renders empty, a header is left out.
	Unresolved []string
	// Origin is where the override is defined.
	Origin Location
}

// apply shapes an answer with the override for its response type: the
// status (set by the flow already), the headers and the body.
func (s *responseSet) apply(a *Answer, c *Call, x *explainer) {
	r := s.forType(a.Response)
	if r == nil {
		return
	}
	cu := &CustomResponse{Type: r.typ, DefaultStatus: defaultStatus[a.Response], ContentType: r.contentType, Origin: r.origin}
	v := &templateValues{a: a, c: c}
	for _, h := range r.headers {
		val, ok := h.value, true
		if h.kind != "" {
			val, ok = v.source(h.kind, h.key)
		}
		if !ok {
			cu.Unresolved = append(cu.Unresolved, h.value)
			continue
		}
		a.Headers = setHeader(a.Headers, h.name, val)
		cu.Headers = append(cu.Headers, h.name)
	}
	if r.contentType != "" {
		a.Body = v.render(r.template, &cu.Unresolved)
		a.Headers = setHeader(a.Headers, "Content-Type", r.contentType)
	}
	a.Custom = cu
	if x != nil {
		x.step(a.DecidedBy, cu.describe(a))
	}
}

// describe says what the override changed, for the trace.
func (cu *CustomResponse) describe(a *Answer) string {
	var b strings.Builder
	fmt.Fprintf(&b, "the API's gateway response %s", cu.Type)
	if o := cu.Origin; o.File != "" {
		fmt.Fprintf(&b, " (%s:%d:%d)", o.File, o.Pos.Line, o.Pos.Column)
	}
	fmt.Fprintf(&b, " applies to %s:", a.Response)
	if a.Status != cu.DefaultStatus {
		fmt.Fprintf(&b, " status %d instead of %d;", a.Status, cu.DefaultStatus)
	}
	if len(cu.Headers) > 0 {
		fmt.Fprintf(&b, " headers %s;", strings.Join(cu.Headers, ", "))
	}
	if cu.ContentType != "" {
		fmt.Fprintf(&b, " body from its %s template;", cu.ContentType)
	} else {
		b.WriteString(" the default body;")
	}
	if len(cu.Unresolved) > 0 {
		fmt.Fprintf(&b, " no value here for %s (a variable renders empty, a header is left out)", strings.Join(cu.Unresolved, ", "))
	}
	return strings.TrimSuffix(b.String(), ";") + " (GW-DEF)"
}

// setHeader sets a header, replacing one of the same name (compared
// case-insensitively).
func setHeader(hs []Header, name, value string) []Header {
	for i := range hs {
		if strings.EqualFold(hs[i].Name, name) {
			hs[i].Value = value
			return hs
		}
	}
	return append(hs, Header{Name: name, Value: value})
}

// templateValues gives the values of a gateway response's variables.
type templateValues struct {
	a *Answer
	c *Call
}

// source returns the value of a header's mapping expression.
func (v *templateValues) source(kind, key string) (string, bool) {
	c := v.c
	switch kind {
	case "method.request.header.":
		if vs := c.Headers[textproto.CanonicalMIMEHeaderKey(key)]; len(vs) > 0 {
			return vs[0], true
		}
	case "method.request.querystring.":
		if vs := c.Query[key]; len(vs) > 0 {
			return vs[0], true
		}
	case "stageVariables.":
		s, ok := c.StageVariables[key]
		return s, ok
	case "context.":
		return v.context(key)
	}
	return "", false
}

// context returns the value of $context.NAME (GW-VARS): the error's, the
// authorizer's, or the request context's.
func (v *templateValues) context(name string) (string, bool) {
	a, c := v.a, v.c
	switch name {
	case "error.message":
		return a.Message, true
	case "error.messageString":
		if !a.HasMessage {
			return "null", true
		}
		return jsonString(a.Message), true
	case "error.responseType":
		return a.Response.String(), true
	case "identity.apiKey":
		if vs := c.Headers[apiKeyHeader]; len(vs) > 0 {
			return vs[0], true
		}
		return "", false
	}
	if key, ok := strings.CutPrefix(name, "authorizer."); ok {
		if ar := c.Authorizer; ar != nil && ar.response != nil {
			r := ar.response
			if key == "principalId" && r.PrincipalID != nil {
				return r.PrincipalID.Value, true
			}
			for _, e := range r.Context {
				if e.Key.Value == key {
					return e.Value, true
				}
			}
		}
		return "", false
	}
	s, ok := c.RequestContext[name]
	return s, ok
}

// render substitutes $context.NAME, $stageVariables.NAME and their
// ${...} forms in a template: gateway response templates are not run by
// the VTL engine, only substituted (GW-DEF). Other text, and a $ not
// followed by one of these, is kept as written.
func (v *templateValues) render(t string, unresolved *[]string) string {
	var b strings.Builder
	for i := 0; i < len(t); {
		if t[i] != '$' {
			b.WriteByte(t[i])
			i++
			continue
		}
		name, n := templateVariable(t[i:])
		if n == 0 {
			b.WriteByte('$')
			i++
			continue
		}
		var val string
		var ok bool
		if k, isStage := strings.CutPrefix(name, "stageVariables."); isStage {
			val, ok = v.c.StageVariables[k]
		} else {
			val, ok = v.context(strings.TrimPrefix(name, "context."))
		}
		if !ok {
			*unresolved = append(*unresolved, "$"+name)
		}
		b.WriteString(val)
		i += n
	}
	return b.String()
}

// templateVariable reads a variable at the start of s ("$context.a.b" or
// "${context.a.b}"): its name without the $ and braces, and the bytes it
// takes; n is 0 when s does not start with one.
func templateVariable(s string) (name string, n int) {
	braced := len(s) > 1 && s[1] == '{'
	start := 1
	if braced {
		start = 2
	}
	end := start
	for end < len(s) && (isIdent(s[end]) || s[end] == '.' && end+1 < len(s) && isIdent(s[end+1])) {
		end++
	}
	name = s[start:end]
	if !strings.HasPrefix(name, "context.") && !strings.HasPrefix(name, "stageVariables.") {
		return "", 0
	}
	if braced {
		if end >= len(s) || s[end] != '}' {
			return "", 0
		}
		end++
	}
	return name, end
}

func isIdent(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// NoSuchMethod is the package's NoSuchMethod for a request to this API,
// with the API's gateway response for MISSING_AUTHENTICATION_TOKEN (or
// DEFAULT_4XX) applied: its status, headers and body. The call gives the
// method ARN and the values its headers and template read; nil stands for
// a call with none.
func (a *API) NoSuchMethod(c *Call, opts ExplainOptions) Answer {
	if c == nil {
		c = &Call{}
	}
	ans := NoSuchMethod(c.Method, opts)
	if a == nil || a.responses == nil {
		return ans
	}
	if r := a.responses.forType(ans.Response); r != nil && r.status != 0 {
		ans.Status = r.status
	}
	x := &explainer{trace: ans.Trace[:1:1]}
	a.responses.apply(&ans, c, x)
	x.step(LayerRequest, fmt.Sprintf("API Gateway answers %d (gateway response %s)", ans.Status, ans.Response))
	ans.Trace = x.trace
	return ans
}
