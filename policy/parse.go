package policy

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/internal/jsontree"
)

// ParseOptions say how to read a document.
type ParseOptions struct {
	// File names the document in error messages.
	File string
	// Kind decides the rules for Principal and NotPrincipal.
	Kind Kind
	// Root, when set, is the JSON Pointer (RFC 6901) of the policy document
	// inside data, such as "/policyDocument" for a Lambda authorizer's
	// response. Positions and paths then refer to the whole of data.
	Root string
	// RootOffset, with Root, is the byte offset in data at which the
	// document starts, for a caller that has found it already: when a key
	// of Root repeats, the member whose value starts there is read, where
	// otherwise the repetition is an error. Zero means not given.
	RootOffset int
}

// Parse parses an IAM JSON policy document with AWS's tolerance (a
// Statement may be one object, single values may drop their array, Version
// may be absent) and AWS's strictness (element names are case-sensitive,
// keys may not repeat, exclusive elements may not be combined, required
// elements must be present, values must have the right JSON type; IAM-GRAMMAR).
//
// Every problem in the document is reported at once: the error is an
// ErrorList whose entries carry file, line, column and JSON path. On error
// the returned Document is nil.
func Parse(data []byte, opts ParseOptions) (*Document, error) {
	root, err := jsontree.Parse(data)
	if err != nil {
		return nil, ErrorList{syntaxError(opts.File, err)}
	}
	p := newParser(opts.File, opts.Kind, opts.Root)
	if opts.Root != "" {
		n, msg := resolvePointer(root, opts.Root, opts.RootOffset)
		if n == nil {
			return nil, ErrorList{{File: opts.File, Pos: Pos(root.Pos), Path: opts.Root, Msg: msg}}
		}
		root = n
	}
	doc := p.document(root)
	if len(p.errs) > 0 {
		p.errs.Sort()
		return nil, p.errs
	}
	return doc, nil
}

type parser struct {
	// miscased records, per object, the element names that were present
	// with the wrong case, so that they are not reported missing as well.
	miscased map[*jsontree.Node][]string

	file string
	kind Kind
	base string // JSON Pointer of the document inside the input
	errs ErrorList
}

// newParser returns a parser for one input. base is the JSON Pointer of
// the policy document inside the input: document reports paths under it.
func newParser(file string, kind Kind, base string) *parser {
	return &parser{file: file, kind: kind, base: base, miscased: map[*jsontree.Node][]string{}}
}

// syntaxError turns jsontree's error into an Error with its position.
func syntaxError(file string, err error) *Error {
	var se *jsontree.SyntaxError
	if errors.As(err, &se) {
		return &Error{File: file, Pos: Pos(se.Pos), Msg: "invalid JSON: " + se.Msg}
	}
	return &Error{File: file, Msg: "invalid JSON: " + err.Error()}
}

// resolvePointer finds the value at a JSON Pointer; on failure it returns
// nil and says why. A repeated member is an error unless one of the
// repetitions starts at byte offset at (when at > 0).
func resolvePointer(root *jsontree.Node, ptr string, at int) (*jsontree.Node, string) {
	if !strings.HasPrefix(ptr, "/") {
		return nil, fmt.Sprintf("invalid JSON Pointer %q: it must start with '/'", ptr)
	}
	n := root
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch n.Kind {
		case jsontree.Object:
			var next *jsontree.Node
			repeated := false
			for _, m := range n.Members {
				if m.Key != tok {
					continue
				}
				if at > 0 && m.Value.Pos.Offset == at {
					next, repeated = m.Value, false
					break
				}
				if next != nil {
					repeated = true
				}
				next = m.Value
			}
			if repeated {
				return nil, fmt.Sprintf("duplicate member %q: expected one policy document at %s", tok, ptr)
			}
			if next == nil {
				return nil, fmt.Sprintf("no member %q: expected a policy document at %s", tok, ptr)
			}
			n = next
		case jsontree.Array:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Items) {
				return nil, fmt.Sprintf("no element %q: expected a policy document at %s", tok, ptr)
			}
			n = n.Items[i]
		default:
			return nil, fmt.Sprintf("%s is not an object or array: expected a policy document at %s", n.Kind, ptr)
		}
	}
	return n, ""
}

func (p *parser) errorf(pos jsontree.Pos, path, format string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Pos: Pos(pos), Path: path, Msg: fmt.Sprintf(format, args...)})
}

// pointer appends a reference token to a JSON Pointer (RFC 6901).
func pointer(base string, token string) string {
	token = strings.ReplaceAll(token, "~", "~0")
	token = strings.ReplaceAll(token, "/", "~1")
	return base + "/" + token
}

func indexPointer(base string, i int) string { return base + "/" + strconv.Itoa(i) }

// members checks an object's keys against the allowed element names: an
// unknown key is an error, a known key with the wrong case is an error that
// names the right spelling, and a repeated key is an error. It returns the
// members by canonical name.
func (p *parser) members(obj *jsontree.Node, path, what string, allowed []string) map[string]jsontree.Member {
	out := make(map[string]jsontree.Member, len(obj.Members))
	for _, m := range obj.Members {
		name := m.Key
		canonical := ""
		for _, a := range allowed {
			if a == name {
				canonical = a
				break
			}
		}
		mpath := pointer(path, m.Key)
		if canonical == "" {
			for _, a := range allowed {
				if strings.EqualFold(a, name) {
					p.errorf(m.KeyPos, mpath, "element %q must be spelled %q: IAM element names are case-sensitive", name, a)
					p.miscased[obj] = append(p.miscased[obj], a)
					canonical = "\x00" // reported; skip
					break
				}
			}
			if canonical == "" {
				p.errorf(m.KeyPos, mpath, "unknown element %q in %s: expected one of %s", name, what, strings.Join(allowed, ", "))
			}
			continue
		}
		if prev, dup := out[canonical]; dup {
			p.errorf(m.KeyPos, mpath, "duplicate element %q (first at %d:%d): an element may appear only once", name, prev.KeyPos.Line, prev.KeyPos.Column)
			continue
		}
		out[canonical] = m
	}
	return out
}

var documentElements = []string{"Version", "Id", "Statement"}

var statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}

func (p *parser) document(root *jsontree.Node) *Document {
	doc := &Document{File: p.file, Kind: p.kind, Pos: Pos(root.Pos)}
	if root.Kind != jsontree.Object {
		p.errorf(root.Pos, p.base, "a policy document must be a JSON object, not %s", root.Kind)
		return nil
	}
	m := p.members(root, p.base, "a policy document", documentElements)
	if v, ok := m["Version"]; ok {
		path := p.base + "/Version"
		if t, ok := p.str(v.Value, path, "Version"); ok {
			doc.VersionText = &t
			switch t.Value {
			case "2012-10-17":
				doc.Version = Version2012
			case "2008-10-17":
				doc.Version = Version2008
			default:
				p.errorf(v.Value.Pos, path, "invalid Version %q: expected \"2012-10-17\" or \"2008-10-17\"", t.Value)
			}
		}
	}
	if v, ok := m["Id"]; ok {
		if t, ok := p.str(v.Value, p.base+"/Id", "Id"); ok {
			doc.ID = &t
		}
	}
	st, ok := m["Statement"]
	if !ok && p.wasMiscased(root, "Statement") {
		return doc
	}
	if !ok {
		p.errorf(root.Pos, p.base, "missing Statement: a policy document needs at least one statement")
		return doc
	}
	stPath := p.base + "/Statement"
	switch st.Value.Kind {
	case jsontree.Object:
		doc.SingleStatement = true
		doc.Statements = append(doc.Statements, p.statement(st.Value, 0, stPath))
	case jsontree.Array:
		if len(st.Value.Items) == 0 {
			p.errorf(st.Value.Pos, stPath, "Statement is an empty array: a policy document needs at least one statement")
		}
		for i, item := range st.Value.Items {
			doc.Statements = append(doc.Statements, p.statement(item, i, indexPointer(stPath, i)))
		}
	default:
		p.errorf(st.Value.Pos, stPath, "Statement must be an object or an array of objects, not %s", st.Value.Kind)
	}
	return doc
}

func (p *parser) statement(n *jsontree.Node, index int, path string) Statement {
	s := Statement{Index: index, Path: path, Pos: Pos(n.Pos)}
	if n.Kind != jsontree.Object {
		p.errorf(n.Pos, path, "a statement must be a JSON object, not %s", n.Kind)
		return s
	}
	m := p.members(n, path, "a statement", statementElements)

	if v, ok := m["Sid"]; ok {
		if t, ok := p.str(v.Value, pointer(path, "Sid"), "Sid"); ok {
			s.Sid = &t
		}
	}

	if v, ok := m["Effect"]; ok {
		epath := pointer(path, "Effect")
		if t, ok := p.str(v.Value, epath, "Effect"); ok {
			s.EffectText = t
			switch t.Value {
			case "Allow":
				s.Effect = Allow
			case "Deny":
				s.Effect = Deny
			default:
				hint := ""
				if strings.EqualFold(t.Value, "allow") {
					hint = ` (did you mean "Allow"? Effect is case-sensitive)`
				} else if strings.EqualFold(t.Value, "deny") {
					hint = ` (did you mean "Deny"? Effect is case-sensitive)`
				}
				p.errorf(v.Value.Pos, epath, "invalid Effect %q: expected \"Allow\" or \"Deny\"%s", t.Value, hint)
			}
		}
	} else if !p.wasMiscased(n, "Effect") {
		p.errorf(n.Pos, path, "missing Effect: every statement needs \"Effect\": \"Allow\" or \"Deny\"")
	}

	s.Principal = p.principalElement(n, m, path)
	if s.Principal != nil && s.Principal.Not && s.Effect == Allow {
		// IAM-NOTPRINCIPAL: NotPrincipal must be used with "Effect":
		// "Deny"; with Allow it would grant access to everyone else,
		// anonymous callers included.
		p.errorf(jsontree.Pos(s.Principal.Pos), s.Principal.Path, "NotPrincipal with \"Effect\": \"Allow\" is not supported: it would allow everyone but the listed principals, anonymous callers included; use Principal, or NotPrincipal with Deny")
	}
	s.Action = p.listElement(n, m, path, "Action", "NotAction")
	s.Resource = p.listElement(n, m, path, "Resource", "NotResource")

	if v, ok := m["Condition"]; ok {
		s.ConditionPos = Pos(v.Value.Pos)
		s.Conditions = p.conditions(v.Value, pointer(path, "Condition"))
	}
	return s
}

// wasMiscased reports whether one of names was present in obj with the
// wrong case (already reported).
func (p *parser) wasMiscased(obj *jsontree.Node, names ...string) bool {
	for _, m := range p.miscased[obj] {
		for _, n := range names {
			if m == n {
				return true
			}
		}
	}
	return false
}

// str reads a string value; null or another type is an error.
func (p *parser) str(n *jsontree.Node, path, what string) (Text, bool) {
	if n.Kind != jsontree.String {
		p.errorf(n.Pos, path, "%s must be a string, not %s", what, n.Kind)
		return Text{}, false
	}
	return Text{Value: n.Str, Pos: Pos(n.Pos), Path: path}, true
}

// exclusive returns the member present among name and notName, reporting
// their combination or the absence of both (when required).
func (p *parser) exclusive(stmt *jsontree.Node, m map[string]jsontree.Member, path, name, notName string, required bool) (jsontree.Member, bool, bool) {
	a, hasA := m[name]
	b, hasB := m[notName]
	switch {
	case hasA && hasB:
		p.errorf(b.KeyPos, pointer(path, notName), "%s and %s cannot be combined in one statement: use one of them", name, notName)
		return jsontree.Member{}, false, false
	case hasA:
		return a, false, true
	case hasB:
		return b, true, true
	}
	if required && !p.wasMiscased(stmt, name, notName) {
		p.errorf(stmt.Pos, path, "missing %s: every statement needs %s or %s", name, name, notName)
	}
	return jsontree.Member{}, false, false
}

func (p *parser) listElement(stmt *jsontree.Node, m map[string]jsontree.Member, path, name, notName string) List {
	mem, not, ok := p.exclusive(stmt, m, path, name, notName, true)
	if !ok {
		return List{}
	}
	elem := name
	if not {
		elem = notName
	}
	epath := pointer(path, elem)
	l := List{Not: not, Name: elem, Pos: Pos(mem.Value.Pos), Path: epath}
	switch mem.Value.Kind {
	case jsontree.String:
		l.Single = true
		l.Values = []Text{{Value: mem.Value.Str, Pos: Pos(mem.Value.Pos), Path: epath}}
		if mem.Value.Str == "" {
			p.errorf(mem.Value.Pos, epath, "%s is an empty string", elem)
		} else {
			p.checkListValue(name, elem, l.Values[0])
		}
	case jsontree.Array:
		if len(mem.Value.Items) == 0 {
			p.errorf(mem.Value.Pos, epath, "%s is an empty array: it would match nothing; list at least one value", elem)
		}
		for i, it := range mem.Value.Items {
			ipath := indexPointer(epath, i)
			t, ok := p.str(it, ipath, elem+" value")
			if !ok {
				continue
			}
			if t.Value == "" {
				p.errorf(it.Pos, ipath, "%s value is an empty string", elem)
			} else {
				p.checkListValue(name, elem, t)
			}
			l.Values = append(l.Values, t)
		}
	default:
		p.errorf(mem.Value.Pos, epath, "%s must be a string or an array of strings, not %s", elem, mem.Value.Kind)
	}
	return l
}

// checkListValue rejects action and resource strings that IAM refuses to
// store: an action must be "*" or "service:action" (IAM-ACTION), a resource
// "*" or an ARN (IAM-RESOURCE). API Gateway resource policies may also use
// the shorthand "execute-api:/stage/VERB/path" (RP-EXAMPLES, RP-LANG),
// which it expands when the policy is saved.
func (p *parser) checkListValue(name, elem string, t Text) {
	v := t.Value
	if v == "*" {
		return
	}
	switch name {
	case "Action":
		service, action, ok := strings.Cut(v, ":")
		switch {
		case strings.Contains(v, "${"):
			p.errorf(jsontree.Pos(t.Pos), t.Path, "invalid %s %q: policy variables are not allowed in %s (only in Resource and Condition values)", elem, v, elem)
		case !ok:
			p.errorf(jsontree.Pos(t.Pos), t.Path, "invalid %s %q: expected \"*\" or \"service:action\" such as \"execute-api:Invoke\"", elem, v)
		case strings.Contains(action, ":"):
			p.errorf(jsontree.Pos(t.Pos), t.Path, "invalid %s %q: an action has exactly one ':' between service and action name", elem, v)
		case service == "" || action == "":
			p.errorf(jsontree.Pos(t.Pos), t.Path, "invalid %s %q: the service prefix and the action name must not be empty", elem, v)
		case strings.ContainsFunc(service, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '*' || r == '?')
		}):
			p.errorf(jsontree.Pos(t.Pos), t.Path, "invalid %s %q: the service prefix %q may hold only letters, digits and '-'", elem, v, service)
		}
	case "Resource":
		switch {
		case strings.HasPrefix(v, "arn:"):
			if msg := checkResourceARN(v); msg != "" {
				p.errorf(jsontree.Pos(t.Pos), t.Path, "invalid %s %q: %s", elem, v, msg)
			}
		case strings.HasPrefix(v, "execute-api:/"):
			if p.kind != ResourceBased && p.kind != Generic {
				p.errorf(jsontree.Pos(t.Pos), t.Path, "the shorthand %q is only expanded in API Gateway resource policies: write the full arn:aws:execute-api:... ARN", v)
			}
		default:
			p.errorf(jsontree.Pos(t.Pos), t.Path, "invalid %s %q: expected \"*\" or an ARN starting with \"arn:\"", elem, v)
		}
	}
}

// checkResourceARN checks the shape of a resource ARN pattern: six
// colon-separated fields (arn:partition:service:region:account:resource),
// or fewer when the last one written ends in a `*`, which then covers the
// rest (IAM-RESOURCE: "arn:aws:execute-api:us-east-1:*" is a documented
// form); no wildcard in the service field (IAM-RESOURCE: a wildcard cannot
// stand for the service). It returns what is wrong, or "".
func checkResourceARN(v string) string {
	fields := strings.SplitN(v, ":", 6)
	if len(fields) < 3 && strings.HasSuffix(v, "*") {
		return "an ARN needs a service field: IAM does not allow a wildcard to stand for the service"
	}
	if len(fields) < 6 && !strings.HasSuffix(v, "*") {
		return "an ARN has six fields, arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE (end a shorter pattern with * to cover the rest)"
	}
	if len(fields) > 2 && strings.ContainsAny(fields[2], "*?") {
		return "IAM does not allow a wildcard in the service field of an ARN"
	}
	if len(fields) > 1 && fields[1] == "" {
		return "the partition field is empty"
	}
	if len(fields) > 2 && fields[2] == "" {
		return "the service field is empty"
	}
	return ""
}

var principalTypes = []string{"AWS", "Service", "Federated", "CanonicalUser"}

func (p *parser) principalElement(stmt *jsontree.Node, m map[string]jsontree.Member, path string) *Principal {
	mem, not, ok := p.exclusive(stmt, m, path, "Principal", "NotPrincipal", false)
	if !ok {
		if p.kind == ResourceBased && !p.wasMiscased(stmt, "Principal", "NotPrincipal") {
			if _, a := m["Principal"]; !a {
				if _, b := m["NotPrincipal"]; !b {
					p.errorf(stmt.Pos, path, "missing Principal: every statement of a resource policy needs Principal or NotPrincipal (use \"Principal\": \"*\" for everyone)")
				}
			}
		}
		return nil
	}
	elem := "Principal"
	if not {
		elem = "NotPrincipal"
	}
	epath := pointer(path, elem)
	if p.kind == IdentityBased || p.kind == Authorizer {
		p.errorf(mem.KeyPos, epath, "%s is not allowed in an %s: the principal is whoever the policy is attached to", elem, p.kind)
		return nil
	}
	pr := &Principal{Not: not, Pos: Pos(mem.Value.Pos), Path: epath}
	switch mem.Value.Kind {
	case jsontree.String:
		if mem.Value.Str != "*" {
			p.errorf(mem.Value.Pos, epath, "%s string must be \"*\", not %q: name principals in a map such as {\"AWS\": \"arn:aws:iam::123456789012:root\"}", elem, mem.Value.Str)
			return nil
		}
		pr.Wildcard = true
	case jsontree.Object:
		if len(mem.Value.Members) == 0 {
			p.errorf(mem.Value.Pos, epath, "%s is an empty object: name at least one principal", elem)
		}
		seen := map[string]jsontree.Member{}
		for _, e := range mem.Value.Members {
			tpath := pointer(epath, e.Key)
			known := ""
			for _, t := range principalTypes {
				if t == e.Key {
					known = t
				}
			}
			if known == "" {
				hint := ""
				for _, t := range principalTypes {
					if strings.EqualFold(t, e.Key) {
						hint = fmt.Sprintf(" (did you mean %q? principal types are case-sensitive)", t)
					}
				}
				p.errorf(e.KeyPos, tpath, "unknown principal type %q: expected one of AWS, Service, Federated, CanonicalUser%s", e.Key, hint)
				continue
			}
			if prev, dup := seen[known]; dup {
				p.errorf(e.KeyPos, tpath, "duplicate principal type %q (first at %d:%d)", known, prev.KeyPos.Line, prev.KeyPos.Column)
				continue
			}
			seen[known] = e
			entry := PrincipalEntry{Type: known, TypePos: Pos(e.KeyPos)}
			switch e.Value.Kind {
			case jsontree.String:
				entry.Single = true
				entry.Values = []Text{p.principalValue(e.Value, tpath)}
			case jsontree.Array:
				if len(e.Value.Items) == 0 {
					p.errorf(e.Value.Pos, tpath, "%s principal list is empty", known)
				}
				for i, it := range e.Value.Items {
					ipath := indexPointer(tpath, i)
					if it.Kind != jsontree.String {
						p.errorf(it.Pos, ipath, "principal must be a string, not %s", it.Kind)
						continue
					}
					entry.Values = append(entry.Values, p.principalValue(it, ipath))
				}
			default:
				p.errorf(e.Value.Pos, tpath, "%s principal must be a string or an array of strings, not %s", known, e.Value.Kind)
			}
			pr.Entries = append(pr.Entries, entry)
		}
	default:
		p.errorf(mem.Value.Pos, epath, "%s must be \"*\" or an object such as {\"AWS\": [...]}, not %s", elem, mem.Value.Kind)
		return nil
	}
	return pr
}

func (p *parser) principalValue(n *jsontree.Node, path string) Text {
	t := Text{Value: n.Str, Pos: Pos(n.Pos), Path: path}
	switch {
	case n.Str == "":
		p.errorf(n.Pos, path, "principal is an empty string")
	case n.Str != "*" && strings.ContainsAny(n.Str, "*?"):
		// IAM-PRINCIPAL: "*" cannot be a partial wildcard in a principal.
		p.errorf(n.Pos, path, "principal %q has a partial wildcard: only \"*\" alone is allowed in a principal (use a condition such as ArnLike aws:PrincipalArn instead)", n.Str)
	}
	return t
}

func (p *parser) conditions(n *jsontree.Node, path string) []Condition {
	if n.Kind != jsontree.Object {
		p.errorf(n.Pos, path, "Condition must be an object mapping operators to {key: values}, not %s", n.Kind)
		return nil
	}
	var out []Condition
	seenOp := map[string]jsontree.Member{}
	for _, op := range n.Members {
		opath := pointer(path, op.Key)
		if prev, dup := seenOp[op.Key]; dup {
			p.errorf(op.KeyPos, opath, "duplicate condition operator %q (first at %d:%d)", op.Key, prev.KeyPos.Line, prev.KeyPos.Column)
			continue
		}
		seenOp[op.Key] = op
		if op.Key == "" {
			p.errorf(op.KeyPos, opath, "empty condition operator")
			continue
		}
		if op.Value.Kind != jsontree.Object {
			p.errorf(op.Value.Pos, opath, "condition operator %q must map to an object of {key: values}, not %s", op.Key, op.Value.Kind)
			continue
		}
		if len(op.Value.Members) == 0 {
			p.errorf(op.Value.Pos, opath, "condition operator %q has no keys", op.Key)
		}
		seenKey := map[string]jsontree.Member{}
		for _, k := range op.Value.Members {
			kpath := pointer(opath, k.Key)
			lower := strings.ToLower(k.Key)
			if prev, dup := seenKey[lower]; dup {
				// IAM-CONDITION: key names are case-insensitive, so the same
				// key twice, in any case, is a duplicate (Access Analyzer:
				// "Duplicate keys with different case").
				p.errorf(k.KeyPos, kpath, "duplicate condition key %q under %q (first as %q at %d:%d): key names are case-insensitive", k.Key, op.Key, prev.Key, prev.KeyPos.Line, prev.KeyPos.Column)
				continue
			}
			seenKey[lower] = k
			if k.Key == "" {
				p.errorf(k.KeyPos, kpath, "empty condition key under %q", op.Key)
				continue
			}
			c := Condition{
				Operator: Text{Value: op.Key, Pos: Pos(op.KeyPos), Path: opath},
				Key:      Text{Value: k.Key, Pos: Pos(k.KeyPos), Path: kpath},
			}
			switch k.Value.Kind {
			case jsontree.Array:
				for i, it := range k.Value.Items {
					if v, ok := p.conditionValue(it, indexPointer(kpath, i)); ok {
						c.Values = append(c.Values, v)
					}
				}
			default:
				c.Single = true
				if v, ok := p.conditionValue(k.Value, kpath); ok {
					c.Values = append(c.Values, v)
				}
			}
			out = append(out, c)
		}
	}
	return out
}

func (p *parser) conditionValue(n *jsontree.Node, path string) (ConditionValue, bool) {
	t := Text{Value: n.Str, Pos: Pos(n.Pos), Path: path}
	switch n.Kind {
	case jsontree.String:
		return ConditionValue{Text: t, Kind: StringValue}, true
	case jsontree.Number:
		return ConditionValue{Text: t, Kind: NumberValue}, true
	case jsontree.Bool:
		t.Value = strconv.FormatBool(n.Bool)
		return ConditionValue{Text: t, Kind: BoolValue}, true
	case jsontree.Null:
		// A null condition value is rejected (REPORT-RUST-863: "Condition":
		// null broke an authorizer's output).
		p.errorf(n.Pos, path, "condition value is null: expected a string, number or boolean")
	default:
		p.errorf(n.Pos, path, "condition value must be a string, number or boolean, not %s", n.Kind)
	}
	return ConditionValue{}, false
}
