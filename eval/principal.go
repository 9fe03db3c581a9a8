package eval

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/policy"
)

// principalMatcher is a compiled Principal or NotPrincipal element.
//
// A caller is a chain of identities: its account, then for an assumed-role
// session the role, then the caller's own ARN (user, session or federated
// user); the account root is just the account. Who matches (IAM-PRINCIPAL,
// IAM-PRINCIPAL):
//   - "*" and {"AWS": "*"} match everyone, the anonymous caller included.
//   - Principal matches a caller when any identity of its chain is listed:
//     an account ("123456789012" or arn:aws:iam::123456789012:root) covers
//     every IAM principal of the account, a role ARN covers the role's
//     sessions, a user or session ARN covers that caller.
//   - NotPrincipal exempts a caller only when every identity of its chain is
//     listed: IAM-NOTPRINCIPAL says AWS may check the account, then the role,
//     then the session, so a Deny whose NotPrincipal lists a role but not
//     its account still denies the role's sessions.
//   - Service, Federated and CanonicalUser principals never call an API
//     directly with their own identity, so they match no caller here.
type principalMatcher struct {
	present bool // false: the statement has no Principal element
	not     bool
	any     bool // "*" or {"AWS": "*"}
	entries []principalEntry
}

type principalEntry struct {
	text    string // as written, for explanations
	account string // an account: matches the account of the chain
	// accountPartition is the partition of an account given as a root ARN
	// ("" for a bare account ID, which names the account in any partition).
	accountPartition string
	arn              string // a user, session or federated-user ARN: matches exactly
	// a role: matches the role of a session's chain
	rolePartition, roleAccount, roleName string
}

func compilePrincipal(file string, p *policy.Principal) (principalMatcher, policy.ErrorList) {
	if p == nil {
		return principalMatcher{}, nil
	}
	m := principalMatcher{present: true, not: p.Not, any: p.Wildcard}
	var errs policy.ErrorList
	for _, e := range p.Entries {
		if e.Type != "AWS" {
			continue // never an API caller's identity
		}
		for _, v := range e.Values {
			pe, err := compileAWSPrincipal(v.Value)
			switch {
			case err != "":
				errs = append(errs, &policy.Error{File: file, Pos: v.Pos, Path: v.Path,
					Msg: fmt.Sprintf("invalid AWS principal %q: %s", v.Value, err)})
			case pe == nil:
				m.any = true
			default:
				m.entries = append(m.entries, *pe)
			}
		}
	}
	return m, errs
}

// compileAWSPrincipal reads one value of an "AWS" principal; nil means "*".
func compileAWSPrincipal(v string) (*principalEntry, string) {
	if v == "*" {
		return nil, ""
	}
	pe := &principalEntry{text: v}
	if isAccountID(v) {
		pe.account = v
		return pe, ""
	}
	a, err := arn.Parse(v)
	if err != nil || !isAccountID(a.Account) {
		return nil, "expected \"*\", a 12-digit account ID, or the ARN of an account root, IAM user, IAM role, assumed-role session or federated user"
	}
	switch {
	case a.Service == "iam" && a.Resource == "root":
		pe.account, pe.accountPartition = a.Account, a.Partition
	case a.Service == "iam" && strings.HasPrefix(a.Resource, "role/"):
		pe.rolePartition, pe.roleAccount = a.Partition, a.Account
		pe.roleName = a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]
	case a.Service == "iam" && strings.HasPrefix(a.Resource, "user/"),
		a.Service == "sts" && strings.HasPrefix(a.Resource, "assumed-role/"),
		a.Service == "sts" && strings.HasPrefix(a.Resource, "federated-user/"):
		pe.arn = v
	case a.Service == "iam" && strings.HasPrefix(a.Resource, "group/"):
		return nil, "an IAM group cannot be a principal: name its users, or use a condition on aws:PrincipalArn"
	default:
		return nil, "expected the ARN of an account root, IAM user, IAM role, assumed-role session or federated user"
	}
	if pe.roleName == "" && strings.HasSuffix(a.Resource, "/") {
		return nil, "the ARN has no name after its last '/'"
	}
	return pe, ""
}

// matches reports whether the element lets the statement apply to the
// caller; it does not allocate.
func (m *principalMatcher) matches(c *Caller) bool {
	switch {
	case !m.present:
		return true
	case m.not:
		return !m.exempts(c)
	}
	return m.anyListed(c)
}

// anyListed reports whether some identity of the caller's chain is listed.
func (m *principalMatcher) anyListed(c *Caller) bool {
	if m.any {
		return true
	}
	if c.IsAnonymous() {
		return false
	}
	return m.accountListed(c) != "" || m.roleListed(c) != "" || m.arnListed(c) != ""
}

// exempts reports whether a NotPrincipal lists every identity of the
// caller's chain.
func (m *principalMatcher) exempts(c *Caller) bool {
	if m.any {
		return true
	}
	if c.IsAnonymous() || m.accountListed(c) == "" {
		return false
	}
	if c.roleName != "" && m.roleListed(c) == "" {
		return false
	}
	return c.root || m.arnListed(c) != ""
}

// accountListed, roleListed and arnListed return the entry that lists the
// caller's account, role (for a session) or own ARN, or "".
func (m *principalMatcher) accountListed(c *Caller) string {
	for i := range m.entries {
		if e := &m.entries[i]; e.account != "" && e.account == c.account &&
			(e.accountPartition == "" || e.accountPartition == c.partition) {
			return e.text
		}
	}
	return ""
}

func (m *principalMatcher) roleListed(c *Caller) string {
	if c.roleName == "" {
		return ""
	}
	for i := range m.entries {
		e := &m.entries[i]
		if e.roleName == c.roleName && e.roleAccount == c.account && e.rolePartition == c.partition {
			return e.text
		}
	}
	return ""
}

func (m *principalMatcher) arnListed(c *Caller) string {
	if c.root {
		return ""
	}
	for i := range m.entries {
		if e := &m.entries[i]; e.arn != "" && e.arn == c.arn {
			return e.text
		}
	}
	return ""
}

// explain says which principal matched, or why none did.
func (m *principalMatcher) explain(c *Caller, element string) MatchResult {
	r := MatchResult{Element: element, Not: m.not, Matched: m.matches(c)}
	switch {
	case !m.present:
		r.Why = "no Principal element: the policy applies to whoever it is attached to"
	case m.any:
		r.Value = "*"
		if m.not {
			r.Why = fmt.Sprintf("caller %s is exempted by NotPrincipal \"*\"", c)
		} else {
			r.Why = fmt.Sprintf("caller %s matches principal \"*\"", c)
		}
	case c.IsAnonymous() && m.not:
		r.Why = "the caller is anonymous, which NotPrincipal does not exempt (only \"*\" would), so the statement applies"
	case c.IsAnonymous():
		r.Why = "the caller is anonymous and the statement names only specific AWS principals (only \"*\" matches an anonymous caller)"
	case m.not && r.Matched:
		r.Why = fmt.Sprintf("caller %s is not exempted by NotPrincipal: %s", c, m.missing(c))
	case m.not:
		r.Value = m.arnListed(c) + m.roleListed(c) + m.accountListed(c)
		r.Why = fmt.Sprintf("caller %s is exempted by NotPrincipal: its account, role and ARN are all listed", c)
	case r.Matched:
		r.Value = firstNonEmpty(m.arnListed(c), m.roleListed(c), m.accountListed(c))
		r.Why = fmt.Sprintf("caller %s matches principal %q", c, r.Value)
	default:
		r.Why = fmt.Sprintf("caller %s matches none of the statement's principals", c)
	}
	return r
}

// missing names the identities of the caller's chain a NotPrincipal does
// not list.
func (m *principalMatcher) missing(c *Caller) string {
	var out []string
	if m.accountListed(c) == "" {
		out = append(out, "its account "+c.account)
	}
	if c.roleName != "" && m.roleListed(c) == "" {
		out = append(out, "its role "+c.roleName)
	}
	if !c.root && m.arnListed(c) == "" {
		out = append(out, "its ARN")
	}
	return strings.Join(out, ", ") + " not listed (IAM checks the account, the role and the session in turn)"
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
