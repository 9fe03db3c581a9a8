// Package cite is the one table of the citation keys iamgate uses in its
// messages, trace, advice, lint rules and docs: each key with the public
// page a user can open and what that page establishes. docs/references.md
// shows the same table (a test keeps the two equal).
//
// AWS keys (LA-OUTPUT, KC-CACHE, ...) name AWS documentation pages or
// Knowledge Center articles; REPORT-... keys name public issues and posts
// that serve as evidence where AWS is silent; D1 to D19 name the decisions
// iamgate takes where AWS is silent or contradicts itself, each a section
// of docs/fidelity.md.
//
// The table is read-only; every function is safe for concurrent use.
package cite

import (
	"strconv"
	"strings"
)

// DocsURL is where iamgate's own docs are published. A decision key's URL
// is this followed by "fidelity.md#dN".
const DocsURL = "https://github.com/iamgate/iamgate/blob/main/docs/"

// PageURL is the public address of docs/references.md, for a message that
// cannot list the URLs itself.
const PageURL = DocsURL + "references.md"

// Ref is one citation key: Key as the text cites it, URL the page to open
// (for a decision, the section of docs/fidelity.md), What the one line on
// what the page establishes.
type Ref struct {
	Key  string
	URL  string
	What string
}

// Lookup returns the reference with a key.
func Lookup(key string) (Ref, bool) {
	if i, ok := index[key]; ok {
		return refs[i], true
	}
	return Ref{}, false
}

// All returns every reference, in the order docs/references.md lists
// them. The slice is a copy.
func All() []Ref {
	return append([]Ref(nil), refs...)
}

// Find returns the references whose keys occur in the texts, in table
// order, each once; nil when none does. A key counts only as a whole word:
// not inside a longer key, a path segment or an identifier.
func Find(texts ...string) []Ref {
	seen := make([]bool, len(refs))
	n := 0
	for _, t := range texts {
		for _, k := range Tokens(t) {
			if i, ok := index[k]; ok && !seen[i] {
				seen[i] = true
				n++
			}
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Ref, 0, n)
	for i, s := range seen {
		if s {
			out = append(out, refs[i])
		}
	}
	return out
}

// Tokens returns the words of s shaped like a citation key: the family
// prefixes AWS keys use (LA-, KC-, IAM-, ...), AUTHFLOW, REPORT-..., and
// D followed by digits. Whether a token is a key is Lookup's business:
// the repository's test uses Tokens to find keys the table lacks.
func Tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		if !isKeyByte(s[i]) || i > 0 && isWordByte(s[i-1]) {
			i++
			continue
		}
		j := i
		for j < len(s) && (isKeyByte(s[j]) || s[j] == '-' && j+1 < len(s) && isKeyByte(s[j+1])) {
			j++
		}
		if j == len(s) || !isWordByte(s[j]) {
			if w := s[i:j]; keyShaped(w) {
				out = append(out, w)
			}
		}
		i = j + 1
	}
	return out
}

// families are the prefixes of the keys of AWS pages and public reports.
var families = []string{"LA-", "KC-", "IAM-", "AA-", "RP-", "GW-", "SAR-", "VPCE-", "HTTP-", "API-", "ARN-", "INVOKE-", "REPORT-"}

// keyShaped reports whether w looks like a citation key.
func keyShaped(w string) bool {
	if w == "AUTHFLOW" {
		return true
	}
	if len(w) >= 2 && len(w) <= 4 && w[0] == 'D' {
		_, err := strconv.Atoi(w[1:])
		return err == nil && w[1] != '0'
	}
	for _, f := range families {
		if rest, ok := strings.CutPrefix(w, f); ok && rest != "" {
			// VPCE-1a2b... is an endpoint id, not a key; KC-403 is a key.
			return f == "KC-" || rest[0] >= 'A' && rest[0] <= 'Z'
		}
	}
	return false
}

func isKeyByte(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

// isWordByte is a byte that joins a token to its neighbours: letters,
// digits and the characters of paths, identifiers and ARNs.
func isWordByte(c byte) bool {
	return isKeyByte(c) || c >= 'a' && c <= 'z' || c == '_' || c == '-' || c == '/' || c == '$' || c == '{' || c == '}'
}

// Text renders refs as the "references:" section of a text output: one
// line per key, "  KEY  URL", keys padded to one width; "" for none.
func Text(refs []Ref) string {
	if len(refs) == 0 {
		return ""
	}
	w := 0
	for _, r := range refs {
		w = max(w, len(r.Key))
	}
	var b strings.Builder
	for _, r := range refs {
		b.WriteString("  ")
		b.WriteString(r.Key)
		b.WriteString(strings.Repeat(" ", w-len(r.Key)+2))
		b.WriteString(r.URL)
		b.WriteByte('\n')
	}
	return b.String()
}

// Inline returns "KEY: URL" for a key of the table, for a one-off error
// message; an unknown key is returned with a pointer to the references
// page instead.
func Inline(key string) string {
	if r, ok := Lookup(key); ok {
		return r.Key + ": " + r.URL
	}
	return key + ", see " + PageURL
}

var index = func() map[string]int {
	m := make(map[string]int, len(refs))
	for i, r := range refs {
		m[r.Key] = i
	}
	return m
}()
