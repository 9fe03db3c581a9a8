package suite

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/iamgate/iamgate/eval"
	yaml "go.yaml.in/yaml/v4"
)

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
	l.checkCaller(fs, r.caller)
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
		if t, ok := l.timeValue(g); ok {
			r.time = &t
		}
	}
	if !l.complete(r, what, keys) {
		return nil
	}
	return r
}

// checkCaller reports a request's caller that is neither defined under
// callers nor an IAM principal ARN.
func (l *loader) checkCaller(fs map[string]field, caller string) {
	if _, known := l.callers[caller]; known || caller == "" {
		return
	}
	g := fs["caller"]
	if !strings.HasPrefix(caller, "arn:") {
		names := slices.Sorted(maps.Keys(l.callers))
		l.errorf(g.val, g.path, "caller %q is not defined under callers (%s) and is not an IAM principal ARN", caller, orNone(names))
	} else if _, err := eval.NewCaller(caller); err != nil {
		l.errorf(g.val, g.path, "%s", trimPkg(err))
	}
}

// complete reads r's expectation and says whether r has the request and
// expect its keys call for (a case and a step need both; the defaults
// take neither). A missing request and a bad expect are both reported.
func (l *loader) complete(r *requestSpec, what string, keys []string) bool {
	f, fs := r.node, r.fields
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
	return complete
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

// uniqueName names a case after its request, numbered when the request
// repeats.
func uniqueName(names map[string]int, request string, i int) string {
	name := request
	if _, taken := names[name]; taken {
		name = fmt.Sprintf("%s #%d", request, i+1)
	}
	return name
}

// claimName records name as used at f's line; false when it is already
// used (reported).
func (l *loader) claimName(names map[string]int, name string, f field) bool {
	if line, ok := names[name]; ok {
		l.errorf(f.val, f.path, "the name %q is already used at line %d: names must be unique, so that reports and --run can tell them apart", name, line)
		return false
	}
	names[name] = f.val.Line
	return true
}

// timeOf is when a case is sent: its time, the defaults', or def.
func (l *loader) timeOf(spec *requestSpec, def time.Time) time.Time {
	switch {
	case spec.time != nil:
		return *spec.time
	case l.defaults.time != nil:
		return *l.defaults.time
	}
	return def
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

// defaultRequest reads the defaults every case and step starts from.
func (l *loader) defaultRequest(top map[string]field) {
	l.defaults = &requestSpec{}
	f, ok := top["defaults"]
	if !ok {
		return
	}
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

// cases reads and builds the independent cases, each named after its
// request when it has no name.
func (l *loader) cases(f field) {
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
