package suite

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
	yaml "go.yaml.in/yaml/v4"
)

// The limits below keep a small suite from making iamgate do work out of
// proportion to its size: YAML aliases (*name) repeat a part of the file
// without repeating its text, an authorizer's output with
// MethodARNPlaceholder outside its Resource values is a new policy for
// every method ARN it answers (one with the placeholder only there is
// compiled once: see outputTemplate), and routes that begin with a
// parameter are compared with every request.
// Loading stops with an error naming the limit as soon as one is passed,
// instead of taking minutes and gigabytes. LoadOptions raise them.
const (
	// DefaultMaxNodes is the most YAML nodes a suite that uses aliases
	// may expand to: each alias counts the nodes it names again. A suite
	// without aliases is bounded by its size alone.
	DefaultMaxNodes = 1_000_000
	// DefaultMaxExpandedBytes is the most text (keys and values) such a
	// suite may expand to.
	DefaultMaxExpandedBytes = 64 << 20
	// DefaultMaxStatements is the most policy statements loading may
	// compile, counted over every compilation: each distinct document
	// once, a caller's identity policies together, the resource policy
	// once for each authorization of the API, and an output with
	// MethodARNPlaceholder once, or, when it is filled in as text (the
	// placeholder outside its Resource values), once for each method ARN.
	DefaultMaxStatements = 50_000
	// DefaultMaxRouteChecks is the most comparisons of a request with a
	// route loading may make (only routes whose first segment is a
	// parameter, or the request's first segment, are compared).
	DefaultMaxRouteChecks = 10_000_000
	// DefaultMaxFilledBytes is the most text MethodARNPlaceholder outputs
	// filled in as text may make, over all the method ARNs they answer.
	DefaultMaxFilledBytes = 64 << 20
)

// budget counts what loading makes from the suite against its limits.
type budget struct {
	maxNodes, maxBytes, maxStatements, maxFilled, maxRouteChecks int
	statements, filled, routeChecks                              int
	// spent: a limit was passed and reported; nothing more is compiled.
	spent bool
}

func newBudget(opts LoadOptions) budget {
	pick := func(n, def int) int {
		if n > 0 {
			return n
		}
		return def
	}
	return budget{
		maxNodes:       pick(opts.MaxNodes, DefaultMaxNodes),
		maxBytes:       pick(opts.MaxExpandedBytes, DefaultMaxExpandedBytes),
		maxStatements:  pick(opts.MaxStatements, DefaultMaxStatements),
		maxFilled:      pick(opts.MaxFilledBytes, DefaultMaxFilledBytes),
		maxRouteChecks: pick(opts.MaxRouteChecks, DefaultMaxRouteChecks),
	}
}

// prepare sets up the limits and the tables that keep each document's
// work to once.
func (l *loader) prepare(opts LoadOptions) {
	l.budget = newBudget(opts)
	l.docs = map[string]*parsedDoc{}
	l.compiled = map[*policy.Document]policy.ErrorList{}
	l.sets = map[string]*eval.PolicySet{}
	l.reads = map[readsKey]readsResult{}
	l.texts = map[*yaml.Node]*docText{}
	l.files = map[string]*docText{}
	l.templates = map[string]*outputTemplate{}
}

// checkAliases reports a suite whose aliases expand it past the node
// limit. Each node's expanded size is counted once, so the check costs
// the size of the file, not of its expansion.
func (l *loader) checkAliases(root *yaml.Node) bool {
	if !hasAlias(root, 0) {
		return true
	}
	type size struct{ nodes, bytes int }
	maxNodes, maxBytes := l.budget.maxNodes, l.budget.maxBytes
	sizes := map[*yaml.Node]size{}
	var measure func(n *yaml.Node, depth int) size
	measure = func(n *yaml.Node, depth int) size {
		if n == nil || depth > 10_000 {
			return size{1, 0}
		}
		if s, ok := sizes[n]; ok {
			return s
		}
		sizes[n] = size{1, 0} // a cycle counts once
		total := size{1, len(n.Value)}
		add := func(c *yaml.Node) {
			s := measure(c, depth+1)
			total = size{min(total.nodes+s.nodes, maxNodes+1), min(total.bytes+s.bytes, maxBytes+1)}
		}
		if n.Kind == yaml.AliasNode {
			total.bytes = 0
			add(n.Alias)
		}
		for _, c := range n.Content {
			add(c)
		}
		sizes[n] = total
		return total
	}
	switch s := measure(root, 0); {
	case s.nodes > maxNodes:
		l.errs = append(l.errs, &policy.Error{File: l.file, Msg: fmt.Sprintf("the suite's aliases (*name) expand it to more than %d YAML nodes, the limit: write the repeated parts once (a caller's policies, a case) (Go programs can raise the limit with suite.LoadOptions.MaxNodes)", maxNodes)})
		return false
	case s.bytes > maxBytes:
		l.errs = append(l.errs, &policy.Error{File: l.file, Msg: fmt.Sprintf("the suite's aliases (*name) expand it to more than %d bytes of text, the limit: write the repeated parts once (Go programs can raise the limit with suite.LoadOptions.MaxExpandedBytes)", maxBytes)})
		return false
	}
	return true
}

func hasAlias(n *yaml.Node, depth int) bool {
	if n == nil || depth > 10_000 {
		return false
	}
	if n.Kind == yaml.AliasNode {
		return true
	}
	for _, c := range n.Content {
		if hasAlias(c, depth+1) {
			return true
		}
	}
	return false
}

// spend counts n statements about to be compiled for what, and reports
// (at f) the first time the total passes the limit.
func (l *loader) spend(n int, f field, what string) bool {
	if l.budget.spent {
		return false
	}
	if l.budget.statements+n <= l.budget.maxStatements {
		l.budget.statements += n
		return true
	}
	l.budget.spent, l.broken = true, true
	l.errorf(orKey(f), f.path, "compiling %s would bring the policy statements compiled for this suite to %d, past the limit of %d: a small file must not take minutes and gigabytes. Name each policy once (not several times for one caller), and for many paths return a policy that covers them rather than one filled in with {{methodArn}} for each (Go programs can raise the limit with suite.LoadOptions.MaxStatements)", what, l.budget.statements+n, l.budget.maxStatements)
	return false
}

// spendFilled counts the text of an output filled in with a method ARN.
func (l *loader) spendFilled(n int, f field) bool {
	if l.budget.spent {
		return false
	}
	if l.budget.filled+n <= l.budget.maxFilled {
		l.budget.filled += n
		return true
	}
	l.budget.spent, l.broken = true, true
	l.errorf(orKey(f), f.path, "filling in {{methodArn}} for each method ARN would make more than %d bytes of authorizer output, the limit for a suite: a small file must not take minutes and gigabytes. For many paths, return a policy that covers them (Go programs can raise the limit with suite.LoadOptions.MaxFilledBytes)", l.budget.maxFilled)
	return false
}

// statements counts the statements of documents.
func statements(docs ...*policy.Document) int {
	n := 0
	for _, d := range docs {
		if d != nil {
			n += len(d.Statements)
		}
	}
	return n
}

// parsedDoc is a document parsed once, or why it did not parse.
type parsedDoc struct {
	doc  *policy.Document
	errs policy.ErrorList
}

// docText is a document's text as documentText found it, kept for the
// node that names it (an alias names the node again) and for the file, so
// that a document named many times is read, hashed and parsed once.
type docText struct {
	data []byte
	file string
	ok   bool
	// unshown: the file is not JSON text, read as an authorizer's
	// output (data is nil; see documentText).
	unshown bool
	sum     string // hex SHA-256 of data, once asked for
}

// key names the document by what it is and what it says: the same text
// named twice (a YAML alias, two callers naming one file) is parsed and
// compiled once. The file name is part of the key, since positions in
// explanations name it.
func (t *docText) key(kind string) string {
	if t.sum == "" {
		sum := sha256.Sum256(t.data)
		t.sum = hex.EncodeToString(sum[:])
	}
	return kind + "\x00" + t.file + "\x00" + t.sum
}

// text is documentText, once per YAML node and once per file read.
func (l *loader) text(f field, what string, output bool) *docText {
	if f.val == nil {
		data, file, ok := l.documentText(f, what)
		return &docText{data: data, file: file, ok: ok}
	}
	if t, ok := l.texts[f.val]; ok && (output || !t.unshown) {
		return t
	}
	// A path (not a document written in place): the file it names may
	// have been read for another node.
	name := ""
	if n := f.val; n.Kind == yaml.ScalarNode && n.Tag != "!!null" && !strings.HasPrefix(strings.TrimSpace(n.Value), "{") {
		name = l.fsys.join(l.dir, n.Value)
		if t, ok := l.files[name]; ok && (output || !t.unshown) {
			l.texts[f.val] = t
			return t
		}
	}
	data, file, ok := l.documentText(f, what, output)
	t := &docText{data: data, file: file, ok: ok, unshown: ok && data == nil}
	l.texts[f.val] = t
	if ok && name != "" && file == name {
		l.files[name] = t
	}
	return t
}

// withPath returns list with prefix before each path, as copies: a
// document written in the suite gets paths from the suite's root, and the
// same document named twice is reported at both places.
func withPath(list policy.ErrorList, prefix string) policy.ErrorList {
	out := make(policy.ErrorList, len(list))
	for i, e := range list {
		c := *e
		c.Path = prefix + c.Path
		out[i] = &c
	}
	return out
}

// compileOnce compiles a document once for the suite's API and returns
// the problems compiling finds (nil when it compiles).
func (l *loader) compileOnce(d *policy.Document, f field) (policy.ErrorList, bool) {
	if errs, ok := l.compiled[d]; ok {
		return errs, true
	}
	if !l.spend(len(d.Statements), f, "document "+d.File) {
		return nil, false
	}
	var errs policy.ErrorList
	if _, err := eval.Compile(eval.CompileOptions{API: l.s.API}, d); err != nil {
		errs = errorList(err, d.File)
	}
	l.compiled[d] = errs
	return errs, true
}

// policySet compiles a caller's identity policies, once for each list of
// documents: callers naming the same policies share the compiled set
// (immutable, safe to share).
func (l *loader) policySet(docs []*policy.Document, f field, caller string) *eval.PolicySet {
	var key strings.Builder
	for _, d := range docs {
		fmt.Fprintf(&key, "%p,", d)
	}
	if set, ok := l.sets[key.String()]; ok {
		return set
	}
	if !l.spend(statements(docs...), f, fmt.Sprintf("the identity policies of caller %q", caller)) {
		return nil
	}
	set, err := eval.Compile(eval.CompileOptions{API: l.s.API}, docs...)
	if err != nil {
		l.errs = append(l.errs, errorList(err, l.file)...)
		l.broken = true
		return nil
	}
	l.sets[key.String()] = set
	return set
}

// findRoute finds the request's route with the index, counting the routes
// compared; false (reported at f) past the limit.
func (l *loader) findRoute(verb, path string, f field) (*route, bool) {
	if l.model == nil {
		return nil, false // the routes could not be compiled (reported)
	}
	m, n := l.model.RouteCount(verb, path)
	if l.budget.routeChecks += n; l.budget.routeChecks <= l.budget.maxRouteChecks {
		return l.routeOf[m], true
	}
	l.budget.spent, l.broken = true, true
	l.errorf(orKey(f), f.path, "matching the requests with the routes takes more than %d comparisons, the limit for a suite: each request is compared with the routes that begin with its first segment and with every route that begins with a {parameter}. Declare fewer routes (Go programs can raise the limit with suite.LoadOptions.MaxRouteChecks)", l.budget.maxRouteChecks)
	return nil, false
}

type readsKey struct {
	doc     *policy.Document
	set     *eval.PolicySet
	missing string
}

type readsResult struct {
	read  eval.KeyRead
	found bool
}

// readsMissing is eval.ReadsMissingKey for one document (doc) or for the
// documents of a set in order, computed once for each of them and each
// list of keys the context lacks (all the answer depends on): requests
// share their policies, and scanning every statement for each request
// made loading take minutes.
func (l *loader) readsMissing(ctx *eval.Context, keys []string, doc *policy.Document, set *eval.PolicySet) (eval.KeyRead, bool) {
	var missing []string
	for _, k := range keys {
		if _, given := ctx.Get(k); !given {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 || doc == nil && set == nil {
		return eval.KeyRead{}, false
	}
	k := readsKey{doc, set, strings.Join(missing, "\x00")}
	if r, ok := l.reads[k]; ok {
		return r.read, r.found
	}
	var r readsResult
	if set != nil {
		for _, d := range set.Documents() {
			if r.read, r.found = eval.ReadsMissingKey(ctx, missing, d); r.found {
				break
			}
		}
	} else {
		r.read, r.found = eval.ReadsMissingKey(ctx, missing, doc)
	}
	l.reads[k] = r
	return r.read, r.found
}
