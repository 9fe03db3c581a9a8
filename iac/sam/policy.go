package sam

import (
	"regexp"
	"strings"

	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
)

// statements is the resource policy SAM builds in the Body's
// x-amazon-apigateway-policy.
type statements struct {
	list []*tree.Node
	// single is set while the only statement came from a CustomStatements
	// map, which SAM writes as a single object.
	single bool
	at     *tree.Node
}

// add appends statements; with dedupe, only those not present yet.
func (s *statements) add(dedupe bool, ns ...*tree.Node) {
	for _, n := range ns {
		if dedupe && s.has(n) {
			continue
		}
		s.list = append(s.list, n)
		s.single = false
	}
}

func (s *statements) has(n *tree.Node) bool {
	k := canonical(n)
	for _, o := range s.list {
		if canonical(o) == k {
			return true
		}
	}
	return false
}

// custom appends CustomStatements verbatim, leaving out exact duplicates.
func (s *statements) custom(cs *tree.Node) {
	if s.at == nil {
		s.at = cs
	}
	if len(s.list) == 0 && cs.Kind == tree.Map {
		s.list = []*tree.Node{cs}
		s.single = true
		return
	}
	items := cs.Items
	if cs.Kind != tree.List {
		items = []*tree.Node{cs}
	}
	s.add(true, items...)
}

// The path parameters SAM replaces with * in a policy's resources.
var pathParam = regexp.MustCompile(`{([a-zA-Z0-9._-]+|[a-zA-Z0-9._-]+\+|proxy\+)}`)

// resources is R(P): one execute-api resource per method of the path,
// "execute-api:/${__Stage__}/VERB/PATH" with the stage as __Stage__.
func (a *api) resources(it *pathItem, at *tree.Node) *tree.Node {
	p := pathParam.ReplaceAllString(it.path, "*")
	out := list(at)
	for _, op := range it.ops {
		verb := strings.ToUpper(op.key)
		if op.key == anyMethod {
			verb = "*"
		}
		out.Items = append(out.Items, mapNode(at, "Fn::Sub", list(at,
			str("execute-api:/${__Stage__}/"+verb+p, at), mapNode(at, "__Stage__", a.stage))))
	}
	return out
}

// resourcePolicy appends the statements of the ResourcePolicy shortcuts
// for one path, in SAM's order.
func (e *expander) resourcePolicy(a *api, rp *tree.Node, it *pathItem) {
	if rp.Kind != tree.Map {
		e.report(diag.Error, "invalid", rp, "ResourcePolicy must be a map of SAM's shortcuts (AwsAccountWhitelist, IpRangeWhitelist, CustomStatements, ...)")
		return
	}
	if a.policy.at == nil {
		a.policy.at = rp
	}
	res := a.resources(it, rp)
	for _, acct := range []struct{ key, effect string }{{"AwsAccountWhitelist", "Allow"}, {"AwsAccountBlacklist", "Deny"}} {
		if v := rp.Get(acct.key); v != nil && !empty(v) {
			a.policy.add(false, mapNode(v, "Effect", str(acct.effect, v), "Action", str("execute-api:Invoke", v),
				"Resource", res, "Principal", mapNode(v, "AWS", asList(v))))
		}
	}
	for _, ip := range []struct{ key, op string }{{"IpRangeWhitelist", "NotIpAddress"}, {"IpRangeBlacklist", "IpAddress"}} {
		if v := rp.Get(ip.key); v != nil && !empty(v) {
			a.policy.allowDeny(res, v, mapNode(v, ip.op, mapNode(v, "aws:SourceIp", asList(v))))
		}
	}
	e.vpcPolicy(a, rp, res, "Blacklist", "StringEquals")
	e.vpcPolicy(a, rp, res, "Whitelist", "StringNotEquals")
}

// vpcPolicy appends the statements of SourceVpc<kind>,
// IntrinsicVpc<kind> and IntrinsicVpce<kind>.
func (e *expander) vpcPolicy(a *api, rp, res *tree.Node, kind, op string) {
	at := rp
	var vpc, vpce []*tree.Node
	if v := rp.Get("SourceVpc" + kind); v != nil {
		at = v
		for _, it := range items(asList(v)) {
			it = e.parameterValue(it)
			switch {
			case isIntrinsic(it) || it.Kind != tree.String:
				e.report(diag.Error, "invalid", it, "SourceVpc%s must be a list of strings: SAM rejects intrinsic functions there (use IntrinsicVpc%s or IntrinsicVpce%s)", kind, kind, kind)
			case strings.HasPrefix(it.Str, "vpce-"):
				vpce = append(vpce, it)
			case strings.HasPrefix(it.Str, "vpc-"):
				vpc = append(vpc, it)
			default:
				e.report(diag.Warning, "ignored", it, "SourceVpc%s entry %q starts with neither vpc- nor vpce-: SAM leaves it out of the resource policy", kind, it.Str)
			}
		}
	}
	if v := rp.Get("IntrinsicVpc" + kind); v != nil {
		vpc = append(vpc, asList(v).Items...)
	}
	if v := rp.Get("IntrinsicVpce" + kind); v != nil {
		vpce = append(vpce, asList(v).Items...)
	}
	if len(vpc) == 0 && len(vpce) == 0 {
		return
	}
	cond := mapNode(at)
	if len(vpc) > 0 {
		add(cond, "aws:SourceVpc", list(at, vpc...))
	}
	if len(vpce) > 0 {
		add(cond, "aws:SourceVpce", list(at, vpce...))
	}
	a.policy.allowDeny(res, at, mapNode(at, op, cond))
}

// allowDeny appends SAM's pair: Allow for everyone, Deny under the
// condition, each unless an equal statement is present.
func (s *statements) allowDeny(res, at, cond *tree.Node) {
	allow := mapNode(at, "Effect", str("Allow", at), "Action", str("execute-api:Invoke", at), "Resource", res, "Principal", str("*", at))
	deny := mapNode(at, "Effect", str("Deny", at), "Action", str("execute-api:Invoke", at), "Resource", res, "Principal", str("*", at), "Condition", cond)
	s.add(true, allow, deny)
}

// document is the policy document, or nil when there is no statement.
func (s *statements) document() *tree.Node {
	if len(s.list) == 0 {
		return nil
	}
	var st *tree.Node
	if s.single {
		st = s.list[0]
	} else {
		st = list(s.at, s.list...)
	}
	return mapNode(s.at, "Version", str("2012-10-17", s.at), "Statement", st)
}

func empty(v *tree.Node) bool {
	return v.Kind == tree.List && len(v.Items) == 0 || v.Kind == tree.Null
}

// parameterValue returns a Ref to a template parameter as the parameter's
// value (given, else its default), as SAM resolves it before expanding;
// any other value as it is.
func (e *expander) parameterValue(n *tree.Node) *tree.Node {
	name, ok := refTo(n)
	if !ok {
		return n
	}
	if v, ok := e.params[name]; ok {
		return str(v, n)
	}
	if d := e.root.Get("Parameters").Get(name).Get("Default"); d != nil && d.IsScalar() && !strings.HasPrefix(orText(e.root.Get("Parameters").Get(name).Get("Type"), ""), "AWS::SSM::") {
		return str(d.Str, n)
	}
	return n
}

// resolveParams returns n with every Ref to a template parameter that has
// a value replaced by that value, as SAM does to an API's Auth before it
// expands it; pseudo parameters and parameters without a value stay Refs.
func (e *expander) resolveParams(n *tree.Node) *tree.Node {
	if n == nil {
		return nil
	}
	if _, ok := refTo(n); ok {
		return e.parameterValue(n)
	}
	switch n.Kind {
	case tree.List:
		out := *n
		out.Items = make([]*tree.Node, len(n.Items))
		for i, it := range n.Items {
			out.Items[i] = e.resolveParams(it)
		}
		return &out
	case tree.Map:
		out := *n
		out.Members = make([]tree.Member, len(n.Members))
		for i, m := range n.Members {
			out.Members[i] = tree.Member{Key: m.Key, KeyPos: m.KeyPos, Value: e.resolveParams(m.Value)}
		}
		return &out
	}
	return n
}
