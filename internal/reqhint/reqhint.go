// Package reqhint says what a request line that is not one probably
// meant: a URL given where a path goes, a route's template given as a
// concrete path, a path whose stage is missing. The eval command and the
// suite loader word their errors and notes with it.
package reqhint

import (
	"net/url"
	"strings"
)

// URLLine returns the request line a line whose target is a whole URL
// ("GET https://HOST/prod/pets/1?x=1") stands for ("GET /prod/pets/1?x=1"),
// and false when the target is not an http or https URL with a path.
func URLLine(line string) (string, bool) {
	verb, target, _ := strings.Cut(strings.TrimSpace(line), " ")
	target = strings.TrimSpace(target)
	if !strings.HasPrefix(target, "http://") && !strings.HasPrefix(target, "https://") {
		return "", false
	}
	u, err := url.Parse(target)
	if err != nil || u.Path == "" || u.Path == "/" {
		return "", false
	}
	out := verb + " " + u.EscapedPath()
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	return out, true
}

// IsTemplate reports whether a concrete path holds a {parameter}, which
// only a route's template has.
func IsTemplate(path string) bool {
	i := strings.IndexByte(path, '{')
	return i >= 0 && strings.IndexByte(path[i:], '}') > 0
}
