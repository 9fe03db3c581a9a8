package value

import (
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
	"github.com/iamgate/iamgate/policy"
)

// Policy reads a resource policy written as an object or as a JSON string
// (an empty string, as Serverless writes, is no policy). data is the
// document as written, symbols kept as "${SYMBOL}" (nil when there is
// none); doc is nil when the document cannot be read, and every problem is
// reported at its place in the file.
//
// The document is parsed from data, but its positions are the template's:
// each one is where the value it stands for was written (a key at its key,
// a value resolved from an intrinsic function at the function), so that
// the linter and explanations point into the file the user edits. A policy
// written as a JSON string is one value of the template: every position in
// it is the string's.
func (r *Reporter) Policy(p *Value) (data []byte, doc *policy.Document) {
	if p == nil || p.Kind == Null {
		return nil, nil
	}
	var from origins
	switch {
	case p.Kind == Map:
		data, from = p.jsonOrigins()
	case p.Kind == String:
		s, _ := p.Text()
		if strings.TrimSpace(s) == "" {
			return nil, nil
		}
		data = []byte(s)
	default:
		r.Report(diag.Error, "unresolved", p.Node, "the resource policy is not a JSON object or a string known offline (%s): the API is read without one; give the values it depends on", ArgText(p))
		return nil, nil
	}
	doc, err := policy.Parse(data, policy.ParseOptions{File: r.File, Kind: policy.ResourceBased})
	if err != nil && len(p.Symbols()) > 0 {
		r.Report(diag.Error, "unresolved", p.Node, "the resource policy cannot be read while it depends on %s (%s): the API is read WITHOUT its resource policy, so answers about it are wrong until these are given (the region, account and partition options, or the parameters)", SymbolList(p), policyErrors(err))
		return data, nil
	}
	if err != nil {
		if list, ok := err.(policy.ErrorList); ok {
			for _, e := range list {
				r.policyError(p, e.Path, e.Msg)
			}
		} else {
			r.Report(diag.Error, "policy", p.Node, "the resource policy: %v", err)
		}
		return data, nil
	}
	if p.Kind == Map {
		relocate(doc, func(q policy.Pos) (tree.Pos, bool) { return from.at(q.Offset) })
	} else {
		at := nodePos(p)
		relocate(doc, func(policy.Pos) (tree.Pos, bool) { return at, at.Line > 0 })
	}
	if p.Kind == Map {
		r.reportPolicySymbols(p, "")
	} else if syms := p.Symbols(); len(syms) > 0 {
		r.Report(diag.Warning, "unresolved", p.Node, "the resource policy depends on values not known offline (%s): statements that use them cannot be decided until they are given", SymbolList(p))
	}
	return data, doc
}

// policyError reports a policy parse error at the node its path leads to.
func (r *Reporter) policyError(p *Value, path, msg string) {
	at := p
	if p.Kind == Map && path != "" {
		for _, seg := range strings.Split(strings.TrimPrefix(path, "/"), "/") {
			next := at.Get(seg)
			if next == nil && at.Kind == List {
				if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(at.Items) {
					next = at.Items[i]
				}
			}
			if next == nil {
				break
			}
			at = next
		}
	}
	r.Report(diag.Error, "policy", at.Node, "the resource policy (at %s): %s", orRoot(path), msg)
}

// reportPolicySymbols reports each policy value that holds a symbol.
func (r *Reporter) reportPolicySymbols(v *Value, path string) {
	switch v.Kind {
	case Map:
		for _, m := range v.Members {
			r.reportPolicySymbols(m.Value, path+"/"+m.Key)
		}
	case List:
		for i, it := range v.Items {
			r.reportPolicySymbols(it, path+"/"+strconv.Itoa(i))
		}
	default:
		if syms := v.Symbols(); len(syms) > 0 {
			r.Report(diag.Warning, "unresolved", v.Node, "the resource policy's %s depends on %s, not known offline: a statement that uses it cannot be decided until it is given", path, SymbolList(v))
		}
	}
}

func orRoot(p string) string {
	if p == "" {
		return "the document"
	}
	return p
}

// policyErrors writes a policy parse error without the positions, which
// refer to the rendered document rather than the file.
func policyErrors(err error) string {
	list, ok := err.(policy.ErrorList)
	if !ok {
		return err.Error()
	}
	msgs := make([]string, len(list))
	for i, e := range list {
		msgs[i] = "at " + orRoot(e.Path) + ": " + e.Msg
	}
	return strings.Join(msgs, "; ")
}
