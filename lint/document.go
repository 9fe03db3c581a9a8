package lint

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/iamgate/iamgate/policy"
)

// checkDocument finds the problems of a document as a whole: no Version
// (IG101), Sids used twice (IG102) and Sids with characters IAM rejects
// (IG103).
func checkDocument(f *finder, doc *policy.Document, cfg Config) {
	checkVersion(f, doc)
	checkSids(f, doc)
}

// checkVersion reports a document without a Version element (IG101), as
// Access Analyzer's "Missing version" does, for every kind of document.
// Without Version, policy variables are literal text (D18): the
// message says whether the document has any, which is when it matters.
func checkVersion(f *finder, doc *policy.Document) {
	if doc.Version == policy.Version2008 {
		if v, ok := firstVariable(doc); ok {
			f.add("IG101", doc.VersionText.Pos, doc.VersionText.Path, "the document's Version is \"2008-10-17\", in which policy variables are literal text (D18): %q at %s matches only those exact characters, never the caller's value. Use \"Version\": \"2012-10-17\"", v.Value, v.Pos)
		}
		return
	}
	if doc.VersionText != nil {
		return
	}
	if v, ok := firstVariable(doc); ok {
		f.add("IG101", doc.Pos, documentPath(doc), "the document has no Version element, so its policy variables are literal text (D18): %q at %s matches only those exact characters, never the caller's value. Add \"Version\": \"2012-10-17\"", v.Value, v.Pos)
		return
	}
	f.add("IG101", doc.Pos, documentPath(doc), "the document has no Version element: it uses no policy variable, so it works as written, but a policy variable such as ${aws:username} added later would be literal text (D18). Add \"Version\": \"2012-10-17\"")
}

// documentPath is the JSON Pointer of the document's object: "" for a
// document on its own, "/policyDocument" inside an authorizer's output.
func documentPath(doc *policy.Document) string {
	for _, st := range doc.Statements {
		if i := strings.LastIndex(st.Path, "/Statement"); i >= 0 {
			return st.Path[:i]
		}
	}
	return ""
}

// firstVariable returns the first value of the document, in document
// order, that contains "${", the start of a policy variable.
func firstVariable(doc *policy.Document) (policy.Text, bool) {
	var found policy.Text
	ok := false
	consider := func(t policy.Text) {
		if strings.Contains(t.Value, "${") && (!ok || t.Pos.Offset < found.Pos.Offset) {
			found, ok = t, true
		}
	}
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Principal != nil {
			for _, e := range st.Principal.Entries {
				for _, v := range e.Values {
					consider(v)
				}
			}
		}
		for _, v := range st.Action.Values {
			consider(v)
		}
		for _, v := range st.Resource.Values {
			consider(v)
		}
		for _, c := range st.Conditions {
			for _, v := range c.Values {
				consider(v.Text)
			}
		}
	}
	return found, ok
}

// checkSids reports a Sid already used by an earlier statement (IG102) and
// a Sid with characters other than ASCII letters and digits (IG103). Sids
// are compared exactly, as written; an empty Sid is neither.
func checkSids(f *finder, doc *policy.Document) {
	first := map[string]*policy.Statement{}
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Sid == nil || st.Sid.Value == "" {
			continue
		}
		sid := st.Sid
		if prev, dup := first[sid.Value]; dup {
			f.add("IG102", sid.Pos, sid.Path, "statement %d has Sid %q, already the Sid of statement %d at %s: explanations, logs and this linter name statements by Sid, so the two cannot be told apart. Give each statement its own Sid", st.Index, sid.Value, prev.Index, prev.Sid.Pos)
		} else {
			first[sid.Value] = st
		}
		if bad := badSidChars(sid.Value); bad != "" {
			f.add("IG103", sid.Pos, sid.Path, "statement %d has Sid %q, with %s: IAM accepts only ASCII letters and digits (A-Z, a-z, 0-9) in a Sid, and Access Analyzer reports others as \"Unsupported Sid\" (IAM-GRAMMAR, AA-CHECKS). Use a Sid such as %q", st.Index, sid.Value, bad, suggestSid(sid.Value))
		}
	}
}

func isSidChar(r rune) bool {
	return 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9'
}

// badSidChars describes the characters of a Sid IAM does not accept, such
// as `the characters "-" and " "`, or "" when there are none.
func badSidChars(sid string) string {
	var bad []string
	seen := map[rune]bool{}
	for _, r := range sid {
		if !isSidChar(r) && !seen[r] {
			seen[r] = true
			bad = append(bad, fmt.Sprintf("%q", string(r)))
		}
	}
	switch len(bad) {
	case 0:
		return ""
	case 1:
		return "the character " + bad[0]
	}
	return "the characters " + strings.Join(bad, ", ")
}

// suggestSid turns a Sid into one IAM accepts: the words between the
// characters it rejects, each starting with a capital letter
// ("allow-office ips" becomes "AllowOfficeIps").
func suggestSid(sid string) string {
	var b strings.Builder
	upper := true
	for _, r := range sid {
		switch {
		case !isSidChar(r):
			// A separator starts a new word; a letter such as ü is
			// dropped without breaking the word ("Büro" → "Bro").
			upper = upper || r == ' ' || r == '-' || r == '_' || r == '.' || r == '/' || r == ':'
			if r > 127 && unicode.IsLetter(r) {
				upper = false
			}
		case upper && 'a' <= r && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
			upper = false
		default:
			b.WriteRune(r)
			upper = false
		}
	}
	if b.Len() == 0 {
		return "Statement1"
	}
	return b.String()
}
