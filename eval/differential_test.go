package eval_test

// This file checks Decide and Evaluate against a naive evaluator written
// directly from IAM's rules (IAM-GRAMMAR, IAM-PRINCIPAL, IAM-RESOURCE,
// IAM-CONDITION) and the decisions of docs/fidelity.md (D13, D18), on random policy sets that mix Principal and NotPrincipal, Action
// and NotAction, Resource and NotResource with several values, wildcards in
// every ARN segment, policy variables with defaults and ${$}, multibyte
// characters and the three Version values; wildcards before a variable, in
// resources and in StringLike values, take the automaton path of the
// matcher. Decide takes shortcuts (shared prefix, byte-pair filter, Invoke
// lists) that the other two do not.
//
// By default it runs a fixed number of random sets from a fixed seed, so
// it is deterministic; IAMGATE_DIFF_SECONDS=N runs for N seconds from a
// random seed instead.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/policy"
)

// ---------- naive semantics ----------

type tok struct {
	wild  byte
	ch    string
	cross bool
}

var varRE = regexp.MustCompile(`^\$\{[ \t\n\r]*([^,}]*?)[ \t\n\r]*(?:,[ \t\n\r]*'((?:[^']|'')*)'[ \t\n\r]*)?\}`)

// naiveTokens expands a resource pattern (mode: 'A' ARN resource, 'L' like, 'C' action lower-case)
func naiveTokens(pat string, segmented bool, vars bool, lookup func(string) (string, bool)) ([]tok, bool) {
	var out []tok
	colons := 0
	for i := 0; i < len(pat); {
		rest := pat[i:]
		if vars && strings.HasPrefix(rest, "${") {
			m := varRE.FindStringSubmatch(rest)
			if m == nil {
				panic("bad var in generator: " + rest)
			}
			i += len(m[0])
			name := m[1]
			if name == "*" || name == "?" || name == "$" {
				out = append(out, tok{ch: name})
				continue
			}
			v, ok := lookup(strings.ToLower(name))
			if !ok && strings.Contains(m[0], "'") {
				v, ok = strings.ReplaceAll(m[2], "''", "'"), true
			}
			if !ok {
				return nil, false
			}
			for _, r := range v {
				out = append(out, tok{ch: string(r)})
			}
			continue
		}
		if rest[0] == '*' || rest[0] == '?' {
			t := tok{wild: rest[0], cross: !segmented || colons >= 5}
			if segmented && rest[0] == '*' && (len(rest) == 1 || rest[1] == ':') {
				t.cross = true
			}
			out = append(out, t)
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(rest)
		if r == ':' {
			colons++
		}
		out = append(out, tok{ch: string(r)})
		i += w
	}
	return out, true
}

func naiveMatch(toks []tok, s string) bool {
	var chars []string
	for i := 0; i < len(s); {
		_, w := utf8.DecodeRuneInString(s[i:])
		chars = append(chars, s[i:i+w])
		i += w
	}
	// DP
	prev := make([]bool, len(chars)+1) // prev[c]: toks[t:] matches chars[c:]
	prev[len(chars)] = true
	for t := len(toks) - 1; t >= 0; t-- {
		cur := make([]bool, len(chars)+1)
		tk := toks[t]
		for c := len(chars); c >= 0; c-- {
			fits := c < len(chars) && (tk.cross || chars[c] != ":")
			switch tk.wild {
			case 0:
				cur[c] = c < len(chars) && chars[c] == tk.ch && prev[c+1]
			case '?':
				cur[c] = fits && prev[c+1]
			case '*':
				cur[c] = prev[c] || (fits && cur[c+1])
			}
		}
		prev = cur
	}
	return prev[0]
}

type gStmt struct {
	Effect      string
	Principal   any // nil, "*", []string AWS
	NotPrinc    bool
	Actions     []string
	NotAction   bool
	Resources   []string
	NotResource bool
	UserCond    []string // StringLike aws:username values, nil = none
}

type gDoc struct {
	Version string
	Stmts   []gStmt
}

type gReq struct {
	action   string // "" = zero
	resource string
	caller   string // "" anonymous
	username []string
	userSet  bool
}

func (d gDoc) JSON() []byte {
	m := map[string]any{}
	if d.Version != "" {
		m["Version"] = d.Version
	}
	var sts []any
	for _, s := range d.Stmts {
		o := map[string]any{"Effect": s.Effect}
		if s.Principal != nil {
			k := "Principal"
			if s.NotPrinc {
				k = "NotPrincipal"
			}
			switch p := s.Principal.(type) {
			case string:
				o[k] = p
			case []string:
				o[k] = map[string]any{"AWS": p}
			}
		}
		if s.NotAction {
			o["NotAction"] = s.Actions
		} else {
			o["Action"] = s.Actions
		}
		if s.NotResource {
			o["NotResource"] = s.Resources
		} else {
			o["Resource"] = s.Resources
		}
		if s.UserCond != nil {
			o["Condition"] = map[string]any{"StringLike": map[string]any{"aws:username": s.UserCond}}
		}
		sts = append(sts, o)
	}
	m["Statement"] = sts
	b, _ := json.Marshal(m)
	return b
}

func lookupFn(r gReq) func(string) (string, bool) {
	return func(n string) (string, bool) {
		if n == "aws:username" && r.userSet && len(r.username) == 1 {
			return r.username[0], true
		}
		return "", false
	}
}

// chain identities
type caller struct {
	anon          bool
	account, role string
	arn           string
	root          bool
}

func parseCaller(a string) caller {
	if a == "" {
		return caller{anon: true}
	}
	parts := strings.SplitN(a, ":", 6)
	c := caller{account: parts[4], arn: a}
	res := parts[5]
	if res == "root" {
		c.root = true
	}
	if strings.HasPrefix(res, "assumed-role/") {
		c.role = strings.Split(res, "/")[1]
	}
	return c
}

func listed(entries []string, c caller) (acct, role, self bool) {
	for _, e := range entries {
		if e == c.account || e == "arn:aws:iam::"+c.account+":root" {
			acct = true
		}
		if c.role != "" && strings.HasPrefix(e, "arn:aws:iam::"+c.account+":role/") && e[strings.LastIndexByte(e, '/')+1:] == c.role {
			role = true
		}
		if !c.root && e == c.arn {
			self = true
		}
	}
	return
}

func naivePrincipal(s gStmt, cs string) bool {
	if s.Principal == nil {
		return true
	}
	c := parseCaller(cs)
	star := false
	var entries []string
	switch p := s.Principal.(type) {
	case string:
		star = true
	case []string:
		for _, e := range p {
			if e == "*" {
				star = true
			} else {
				entries = append(entries, e)
			}
		}
	}
	if !s.NotPrinc {
		if star {
			return true
		}
		if c.anon {
			return false
		}
		a, r, me := listed(entries, c)
		return a || r || me
	}
	if star {
		return false
	}
	if c.anon {
		return true
	}
	a, r, me := listed(entries, c)
	exempt := a && (c.role == "" || r) && (c.root || me)
	return !exempt
}

func naiveApplies(d gDoc, s gStmt, r gReq) bool {
	act := r.action
	if act == "" {
		act = "execute-api:Invoke"
	}
	act = strings.ToLower(act)
	am := false
	for _, a := range s.Actions {
		toks, _ := naiveTokens(strings.ToLower(a), false, false, nil)
		if naiveMatch(toks, act) {
			am = true
		}
	}
	if am == s.NotAction {
		return false
	}
	rm := false
	for _, p := range s.Resources {
		toks, ok := naiveTokens(p, true, d.Version == "2012-10-17", lookupFn(r))
		if ok && naiveMatch(toks, r.resource) {
			rm = true
		}
	}
	if rm == s.NotResource {
		return false
	}
	if !naivePrincipal(s, r.caller) {
		return false
	}
	if s.UserCond != nil {
		if !r.userSet || len(r.username) == 0 {
			return false
		}
		// single-valued StringLike: any request value matches any policy value (no set op: key multivalued?)
		ok := false
		for _, v := range r.username {
			for _, pv := range s.UserCond {
				toks, tok := naiveTokens(pv, false, d.Version == "2012-10-17", lookupFn(r))
				if tok && naiveMatch(toks, v) {
					ok = true
				}
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func naiveDecide(docs []gDoc, r gReq) eval.Decision {
	allow := false
	for _, d := range docs {
		for _, s := range d.Stmts {
			if naiveApplies(d, s, r) {
				if s.Effect == "Deny" {
					return eval.ExplicitDeny
				}
				allow = true
			}
		}
	}
	if allow {
		return eval.Allow
	}
	return eval.ImplicitDeny
}

// ---------- generators ----------

const base = "arn:aws:execute-api:us-east-1:111122223333:"

var tailAtoms = []string{"api", "api", "api/", "/prod", "/GET", "/POST", "/pets", "/*", "*", "*", "?", "?", "é", "è", "ü", "€", "/", ":", "x", "${aws:username}", "${aws:username, 'dflt'}", "${$}", "${*}", "${?}", "{$}", "$", "{", "}", "${missing}", "apj", "a", "*?", "?*", "*?*?"}
var headPats = []string{base, base, base, base, base + "api/prod/", base + "api/prod/GET/", "arn:aws:execute-api:us-east-1:*:", "arn:aws:execute-api:*:", "arn:aws:execute-api:us-*-1:111122223333:", "arn:aws:execute-api:us-east-1:1111?2223333:", "", "*", "arn:aws:execute-api:us-east-1:111122223333:api/prod/GET/pets/é"}
var actions = []string{"execute-api:Invoke", "execute-api:*", "*", "EXECUTE-API:invoke", "s3:GetObject", "execute-api:Inv?ke", "execute-api:ManageConnections", "execute-api:*Connections", "execute-api:I*"}
var principals = []any{nil, nil, "*", []string{"*"}, []string{"111122223333"}, []string{"arn:aws:iam::111122223333:root"}, []string{"arn:aws:iam::111122223333:role/R"}, []string{"111122223333", "arn:aws:iam::111122223333:role/R"}, []string{"111122223333", "arn:aws:iam::111122223333:role/R", "arn:aws:sts::111122223333:assumed-role/R/s"}, []string{"111122223333", "arn:aws:iam::111122223333:user/bob"}, []string{"arn:aws:iam::111122223333:user/bob"}, []string{"444455556666"}, []string{"arn:aws:iam::111122223333:role/path/R"}}
var callers = []string{"", "", "arn:aws:iam::111122223333:user/bob", "arn:aws:iam::111122223333:root", "arn:aws:sts::111122223333:assumed-role/R/s", "arn:aws:sts::111122223333:assumed-role/R/t", "arn:aws:iam::444455556666:user/bob", "arn:aws:sts::111122223333:federated-user/f"}
var usernames = []string{"alice", "bob", "dflt", "é", "a:b", "*", "$", "", "api", "prod"}
var reqAtoms = []string{"api", "api/", "/prod", "/GET", "/POST", "/pets", "/", ":", "x", "é", "è", "ü", "€", "$", "{", "}", "*", "?", "alice", "dflt", "apj", "a", "\xc3", "\xa9", "\xff", "${$}", "{$}"}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

func genPattern(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString(pick(rng, headPats))
	n := rng.IntN(7)
	for i := 0; i < n; i++ {
		b.WriteString(pick(rng, tailAtoms))
	}
	return b.String()
}

func genDocs(rng *rand.Rand) []gDoc {
	nd := 1 + rng.IntN(3)
	var docs []gDoc
	for i := 0; i < nd; i++ {
		d := gDoc{Version: pick(rng, []string{"2012-10-17", "2012-10-17", "2008-10-17", ""})}
		ns := 1 + rng.IntN(4)
		for j := 0; j < ns; j++ {
			s := gStmt{Effect: pick(rng, []string{"Allow", "Allow", "Deny"})}
			s.Principal = pick(rng, principals)
			s.NotPrinc = s.Principal != nil && rng.IntN(4) == 0
			na := 1 + rng.IntN(2)
			for k := 0; k < na; k++ {
				s.Actions = append(s.Actions, pick(rng, actions))
			}
			s.NotAction = rng.IntN(6) == 0
			nr := 1 + rng.IntN(3)
			for k := 0; k < nr; k++ {
				s.Resources = append(s.Resources, genPattern(rng))
			}
			s.NotResource = rng.IntN(5) == 0
			if rng.IntN(5) == 0 {
				s.UserCond = []string{pick(rng, []string{"a*", "alice", "${aws:username}", "*", "b?b", "*${aws:username}*", "?*${aws:username}", "*?*?${aws:username}?", "*a*${aws:username, 'dflt'}*"})}
			}
			d.Stmts = append(d.Stmts, s)
		}
		docs = append(docs, d)
	}
	return docs
}

// instance fills a pattern's wildcards/variables to produce a likely-matching resource.
func instance(rng *rand.Rand, pat string, user string) string {
	var b strings.Builder
	for i := 0; i < len(pat); {
		rest := pat[i:]
		if strings.HasPrefix(rest, "${") {
			if m := varRE.FindStringSubmatch(rest); m != nil {
				i += len(m[0])
				switch m[1] {
				case "*", "?", "$":
					b.WriteString(m[1])
				case "aws:username":
					if rng.IntN(3) == 0 {
						b.WriteString(m[2])
					} else {
						b.WriteString(user)
					}
				default:
					b.WriteString(m[0])
				}
				continue
			}
		}
		switch rest[0] {
		case '*':
			for k := rng.IntN(3); k > 0; k-- {
				b.WriteString(pick(rng, reqAtoms))
			}
		case '?':
			b.WriteString(pick(rng, []string{"a", "é", ":", "/", "\xff"}))
		default:
			b.WriteByte(rest[0])
		}
		i++
	}
	return b.String()
}

func genReq(rng *rand.Rand, docs []gDoc) gReq {
	r := gReq{caller: pick(rng, callers)}
	switch rng.IntN(6) {
	case 0:
		r.action = "execute-api:Invoke"
	case 1:
		r.action = pick(rng, []string{"execute-api:ManageConnections", "s3:getobject", "EXECUTE-API:INVOKE", "execute-api:invokex"})
	}
	switch rng.IntN(5) {
	case 0:
	case 1:
		r.userSet = true
		r.username = []string{pick(rng, usernames), pick(rng, usernames)}
	default:
		r.userSet = true
		r.username = []string{pick(rng, usernames)}
	}
	u := ""
	if len(r.username) > 0 {
		u = r.username[0]
	}
	if rng.IntN(4) != 0 {
		d := pick(rng, docs)
		s := pick(rng, d.Stmts)
		r.resource = instance(rng, pick(rng, s.Resources), u)
	} else {
		var b strings.Builder
		b.WriteString(pick(rng, []string{base, base, "arn:aws:execute-api:us-east-1:111122223333:api/prod/GET/", "arn:aws:execute-api:eu-west-1:111122223333:", ""}))
		for k := rng.IntN(6); k > 0; k-- {
			b.WriteString(pick(rng, reqAtoms))
		}
		r.resource = b.String()
	}
	return r
}

func TestDifferential(t *testing.T) {
	var (
		seed  uint64 = 20261122
		sets0        = 150
		end   time.Time
	)
	if s := os.Getenv("IAMGATE_DIFF_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("IAMGATE_DIFF_SECONDS=%q: %v", s, err)
		}
		seed, end = uint64(time.Now().UnixNano()), time.Now().Add(time.Duration(n)*time.Second)
	}
	more := func(sets int) bool {
		if end.IsZero() {
			return sets < sets0
		}
		return time.Now().Before(end)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	sets, reqs := 0, 0
	fails := map[string]int{}
	for tries := 0; more(sets) && (!end.IsZero() || tries < 100*sets0); tries++ {
		docs := genDocs(rng)
		var pdocs []*policy.Document
		bad := false
		for _, d := range docs {
			pd, err := policy.Parse(d.JSON(), policy.ParseOptions{Kind: policy.Generic})
			if err != nil {
				bad = true
				break
			}
			pdocs = append(pdocs, pd)
		}
		if bad {
			continue
		}
		set, err := eval.Compile(eval.CompileOptions{}, pdocs...)
		if err != nil {
			fails["compile error"]++
			continue
		}
		sets++
		for k := 0; k < 30; k++ {
			r := genReq(rng, docs)
			reqs++
			req := &eval.Request{Resource: r.resource}
			if r.action != "" {
				req.Action = eval.NewAction(r.action)
			}
			if r.caller != "" {
				req.Caller = eval.MustNewCaller(r.caller)
			}
			if r.userSet {
				req.Context = eval.NewContext().Set("aws:username", r.username...)
			}
			dd := set.Decide(req)
			ev := set.Evaluate(req).Decision
			nv := naiveDecide(docs, r)
			if dd != ev || ev != nv {
				key := fmt.Sprintf("decide=%v evaluate=%v naive=%v", dd, ev, nv)
				fails[key]++
				if fails[key] <= 3 {
					var js []string
					for _, d := range docs {
						js = append(js, string(d.JSON()))
					}
					t.Errorf("%s\nreq=%+v\ndocs:\n%s", key, r, strings.Join(js, "\n"))
				}
			}
		}
	}
	t.Logf("seed %d: %d sets, %d requests, failures %v", seed, sets, reqs, fails)
}
