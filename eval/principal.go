package eval

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/policy"
)

// principalMatcher is a compiled Principal or NotPrincipal element.
//
// Who can match, for API Gateway (IAM-PRINCIPAL, reference 6.2):
//   - "*" and {"AWS": "*"} match everyone, the anonymous caller included.
//   - An account ("123456789012" or "arn:aws:iam::123456789012:root")
//     matches every IAM principal of that account, never the anonymous one.
//   - A user or role ARN matches that principal; a role ARN also matches
//     the role's STS sessions (arn:aws:sts::ACCOUNT:assumed-role/NAME/...).
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
	account string // account principal: matches every caller of the account
	arn     string // exact principal ARN
	// role session matching: partition, account and role name of a role ARN
	rolePartition, roleAccount, roleName string
	never                                bool // Service, Federated, CanonicalUser
	kind                                 string
}

func compilePrincipal(file string, p *policy.Principal) (principalMatcher, policy.ErrorList) {
	if p == nil {
		return principalMatcher{}, nil
	}
	m := principalMatcher{present: true, not: p.Not, any: p.Wildcard}
	var errs policy.ErrorList
	for _, e := range p.Entries {
		for _, v := range e.Values {
			pe := principalEntry{text: v.Value, kind: e.Type}
			switch {
			case e.Type != "AWS":
				pe.never = true
			case v.Value == "*":
				m.any = true
				continue
			case isAccountID(v.Value):
				pe.account = v.Value
			default:
				a, err := arn.Parse(v.Value)
				if err != nil || (a.Service != "iam" && a.Service != "sts") || !isAccountID(a.Account) {
					errs = append(errs, &policy.Error{File: file, Pos: v.Pos, Path: v.Path,
						Msg: fmt.Sprintf("invalid AWS principal %q: expected \"*\", a 12-digit account ID, or an IAM/STS principal ARN such as \"arn:aws:iam::123456789012:role/NAME\"", v.Value)})
					continue
				}
				switch {
				case a.Service == "iam" && a.Resource == "root":
					pe.account = a.Account
				case a.Service == "iam" && strings.HasPrefix(a.Resource, "role/"):
					pe.arn = v.Value
					name := a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]
					pe.rolePartition, pe.roleAccount, pe.roleName = a.Partition, a.Account, name
				default:
					pe.arn = v.Value
				}
			}
			m.entries = append(m.entries, pe)
		}
	}
	return m, errs
}

// matches reports whether the element applies to the caller; it does not
// allocate.
func (m *principalMatcher) matches(c *Caller) bool {
	if !m.present {
		return true
	}
	return m.listed(c) != m.not
}

// listed reports whether the caller is one of the principals named.
func (m *principalMatcher) listed(c *Caller) bool {
	if m.any {
		return true
	}
	for i := range m.entries {
		if m.entries[i].matches(c) {
			return true
		}
	}
	return false
}

func (e *principalEntry) matches(c *Caller) bool {
	switch {
	case e.never || c.ARN == "":
		return false
	case e.account != "":
		return c.Account == e.account
	case c.ARN == e.arn:
		return true
	case e.roleName != "":
		return isSessionOf(c.ARN, e.rolePartition, e.roleAccount, e.roleName)
	}
	return false
}

// isSessionOf reports whether callerARN is
// arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION. It slices, never
// allocates.
func isSessionOf(callerARN, partition, account, name string) bool {
	rest, ok := strings.CutPrefix(callerARN, "arn:")
	if !ok {
		return false
	}
	if rest, ok = strings.CutPrefix(rest, partition); !ok {
		return false
	}
	if rest, ok = strings.CutPrefix(rest, ":sts::"); !ok {
		return false
	}
	if rest, ok = strings.CutPrefix(rest, account); !ok {
		return false
	}
	if rest, ok = strings.CutPrefix(rest, ":assumed-role/"); !ok {
		return false
	}
	if rest, ok = strings.CutPrefix(rest, name); !ok {
		return false
	}
	return len(rest) > 1 && rest[0] == '/'
}

// explain says which principal matched, or why none did.
func (m *principalMatcher) explain(c *Caller) MatchResult {
	r := MatchResult{Element: "Principal", Not: m.not}
	if m.not {
		r.Element = "NotPrincipal"
	}
	if !m.present {
		r.Matched = true
		r.Why = "no Principal element: the policy applies to whoever it is attached to"
		return r
	}
	listed := ""
	switch {
	case m.any:
		listed = "*"
	default:
		for i := range m.entries {
			if m.entries[i].matches(c) {
				listed = m.entries[i].text
				break
			}
		}
	}
	r.Matched = (listed != "") != m.not
	r.Value = listed
	switch {
	case listed != "" && !m.not:
		r.Why = fmt.Sprintf("caller %s matches principal %q", c, listed)
	case listed != "" && m.not:
		r.Why = fmt.Sprintf("caller %s is excluded by NotPrincipal %q", c, listed)
	case m.not:
		r.Why = fmt.Sprintf("caller %s is not listed in NotPrincipal, so the statement applies", c)
	case c.IsAnonymous():
		r.Why = "the caller is anonymous and the statement names only specific AWS principals (only \"*\" matches an anonymous caller)"
	default:
		r.Why = fmt.Sprintf("caller %s matches none of the statement's principals", c)
	}
	return r
}
