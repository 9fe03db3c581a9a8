package lint

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/internal/wildcard"
	"github.com/iamgate/iamgate/policy"
)

// checkStatements finds statements of a resource policy that can never
// change a decision: a statement covered by another of the same effect
// (IG400), and an unconditional Deny that covers every Allow (IG401).
//
// Coverage is decided conservatively, so that a finding is always true
// (a missed finding is acceptable, a false one is not). A pattern T
// covers a value or pattern S when:
//
//   - T and S are the same string (Action values ignoring case);
//   - T is "*";
//   - T is P followed by one "*", P has no wildcard, and S starts with P:
//     every string S matches starts with P, and T matches every such
//     string (in a Resource a final "*" crosses "/" and ":", D13;
//     in an Action it matches any run);
//   - S has no wildcard and no policy variable, and T matches S as the
//     evaluator matches it.
//
// Resources in the execute-api:/ shorthand are expanded against the API
// when it is known. A value with a policy variable only covers, or is
// covered by, the same text or "*". Statements with NotAction,
// NotResource or NotPrincipal are not compared.
func checkStatements(f *finder, doc *policy.Document, cfg Config) {
	checkRedundant(f, doc, cfg)
	checkDenyEverything(f, doc, cfg)
}

// checkRedundant reports each statement S that another statement T of the
// same effect and without Condition covers: its principals, actions and
// resources. When S and T cover each other, the later one is reported.
func checkRedundant(f *finder, doc *policy.Document, cfg Config) {
	if len(doc.Statements) > maxPairwise {
		return // pairwise coverage is quadratic; see maxPairwise
	}
	for i := range doc.Statements {
		s := &doc.Statements[i]
		if !comparable(s) {
			continue
		}
		for j := range doc.Statements {
			t := &doc.Statements[j]
			if i == j || !comparable(t) || t.Effect != s.Effect || len(t.Conditions) > 0 || !covers(t, s, cfg) {
				continue
			}
			if j > i && len(s.Conditions) == 0 && covers(s, t, cfg) {
				continue // the same statement twice: report the later one
			}
			why := fmt.Sprintf("An Allow never narrows another Allow, so it grants nothing more: remove it, or, if its conditions were meant to restrict statement %d, move them there", t.Index)
			if s.Effect == policy.Deny {
				why = fmt.Sprintf("It denies nothing statement %d does not already deny: remove it, or narrow statement %d if it was meant to deny less", t.Index, t.Index)
			}
			cond := ""
			if len(s.Conditions) > 0 {
				cond = ", whatever its Condition says"
			}
			f.add("IG400", s.Pos, s.Path, "statement %d%s is redundant: statement %d%s has the same effect (%s), no Condition, and covers all its principals, actions and resources, so it applies to every request statement %d applies to%s. %s",
				s.Index, sid(s), t.Index, sid(t), s.Effect, s.Index, cond, why)
			break
		}
	}
}

// maxPairwise bounds the statements IG400 compares pairwise, so that a
// generated policy of thousands of statements is linted in reasonable
// time; larger documents are not checked for redundancy.
const maxPairwise = 500

// comparable reports whether a statement can take part in the coverage
// checks: no NotPrincipal, NotAction or NotResource. Statements without a
// Principal (authorizer and identity policies) apply to whoever holds the
// policy.
func comparable(st *policy.Statement) bool {
	return (st.Principal == nil || !st.Principal.Not) && !st.Action.Not && !st.Resource.Not
}

// covers reports whether t's principals, actions and resources cover s's.
func covers(t, s *policy.Statement, cfg Config) bool {
	return principalCovers(t.Principal, s.Principal) &&
		listCovers(t.Action.Values, s.Action.Values, wildcard.Action, func(v string) string { return strings.ToLower(v) }) &&
		listCovers(t.Resource.Values, s.Resource.Values, wildcard.ARN, func(v string) string { return expand(v, cfg) })
}

// principalCovers reports whether principal t includes every principal of
// s: t is everyone ("*" or {"AWS": "*"}), or each of s's values is one of
// t's, with the same type.
func principalCovers(t, s *policy.Principal) bool {
	if t == nil || s == nil {
		// No Principal: the policy's holder. Only the same holder covers.
		return t == nil && s == nil
	}
	if isEveryone(t) {
		return true
	}
	if s.Wildcard {
		return false
	}
	have := map[string]bool{}
	for _, e := range t.Entries {
		for _, v := range e.Values {
			have[e.Type+"\x00"+v.Value] = true
		}
	}
	for _, e := range s.Entries {
		for _, v := range e.Values {
			if !have[e.Type+"\x00"+v.Value] {
				return false
			}
		}
	}
	return true
}

// isEveryone reports whether a Principal element is "*" or {"AWS": "*"}:
// every caller, anonymous ones included.
func isEveryone(p *policy.Principal) bool {
	if p == nil || p.Not {
		return false
	}
	st := policy.Statement{Principal: p}
	return anonymousAllowed(&st)
}

// listCovers reports whether every value of s is covered by some value of
// t, after norm (lower-casing actions, expanding resource shorthand).
func listCovers(t, s []policy.Text, mode wildcard.Mode, norm func(string) string) bool {
	for _, sv := range s {
		covered := false
		for _, tv := range t {
			if patternCovers(norm(tv.Value), norm(sv.Value), mode) {
				covered = true
				break
			}
		}
		if !covered {
			return false
		}
	}
	return true
}

// patternCovers reports whether every string pattern s matches is matched
// by pattern t, by the rules of checkStatements.
func patternCovers(t, s string, mode wildcard.Mode) bool {
	switch {
	case t == s, t == "*":
		return true
	case strings.Contains(t, "${") || strings.Contains(s, "${"):
		return false
	}
	if p, ok := strings.CutSuffix(t, "*"); ok && !hasWildcard(p) && strings.HasPrefix(s, p) {
		return true
	}
	if hasWildcard(s) {
		return false
	}
	pt, err := wildcard.Compile(t, mode, false)
	return err == nil && pt.Match(s, nil)
}

// checkDenyEverything reports the first Deny statement without Condition,
// for every caller ("*"), covering execute-api:Invoke and every resource
// of every Allow that invokes: no request can get through (IG401). A
// policy without such an Allow is not reported: a Deny of the whole API
// may be meant as a switch that turns it off.
func checkDenyEverything(f *finder, doc *policy.Document, cfg Config) {
	var allows []*policy.Statement
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Effect == policy.Allow && invokes(st) {
			allows = append(allows, st)
		}
	}
	if len(allows) == 0 {
		return
	}
	for i := range doc.Statements {
		d := &doc.Statements[i]
		if d.Effect != policy.Deny || len(d.Conditions) > 0 || (d.Principal != nil && !isEveryone(d.Principal)) || !invokes(d) || d.Resource.Not {
			continue
		}
		all := true
		for _, a := range allows {
			if a.Resource.Not {
				all = all && listCovers(d.Resource.Values, []policy.Text{{Value: "*"}}, wildcard.ARN, func(v string) string { return expand(v, cfg) })
			} else {
				all = all && listCovers(d.Resource.Values, a.Resource.Values, wildcard.ARN, func(v string) string { return expand(v, cfg) })
			}
		}
		if !all {
			continue
		}
		idx := make([]string, len(allows))
		for k, a := range allows {
			idx[k] = fmt.Sprint(a.Index)
		}
		what := "the Allow statement " + idx[0]
		if len(idx) > 1 {
			what = "every Allow statement (" + strings.Join(idx, ", ") + ")"
		}
		who, fix := "every caller", "Add a Condition to the Deny (such as NotIpAddress on aws:SourceIp or StringNotEquals on aws:SourceVpce) or narrow its Resource to what must be blocked"
		if d.Principal == nil {
			who, fix = "the caller", "Narrow the Deny's Resource to what this caller may not call"
		}
		f.add("IG401", d.Pos, d.Path, "statement %d%s denies execute-api:Invoke to %s on %s with no Condition, and this covers %s: an explicit Deny beats every Allow, so no Allow of this policy can ever take effect. %s",
			d.Index, sid(d), who, listText(d.Resource.Values), what, fix)
		return
	}
}
