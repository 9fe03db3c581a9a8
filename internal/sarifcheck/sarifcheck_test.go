package sarifcheck_test

import (
	"strings"
	"testing"

	"github.com/iamgate/iamgate/internal/sarifcheck"
)

// TestValidateSARIFCatches checks that the validator finds what it is
// meant to find, so that a passing structure test means something.
func TestValidateSARIFCatches(t *testing.T) {
	valid := `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "A"}]}}, "results": [
		{"ruleId": "A", "ruleIndex": 0, "level": "warning", "message": {"text": "m"},
		 "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a/b.json", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 1, "startColumn": 1}}}]}]}]}`
	if p := sarifcheck.Validate([]byte(valid)); len(p) > 0 {
		t.Fatalf("a valid log: %v", p)
	}
	for name, tc := range map[string]struct{ old, new string }{
		"unknown property":   {`"level": "warning"`, `"severity": "warning"`},
		"bad level":          {`"level": "warning"`, `"level": "security-warning"`},
		"no message":         {`"message": {"text": "m"},`, ``},
		"empty message":      {`"text": "m"`, `"text": ""`},
		"wrong rule index":   {`"ruleIndex": 0`, `"ruleIndex": 1`},
		"other rule id":      {`"ruleId": "A"`, `"ruleId": "B"`},
		"line 0":             {`"startLine": 1`, `"startLine": 0`},
		"column 0":           {`"startColumn": 1`, `"startColumn": 0`},
		"backslash":          {`a/b.json`, `a\\b.json`},
		"absolute path":      {`a/b.json`, `/a/b.json`},
		"no driver name":     {`"name": "x", `, ``},
		"wrong version":      {`"2.1.0"`, `"2.0.0"`},
		"no base":            {`, "uriBaseId": "%SRCROOT%"`, ``},
		"unknown top-level":  {`"version": "2.1.0"`, `"version": "2.1.0", "sarif": true`},
		"no results":         {`, "results": [`, `, "resultz": [`},
		"http uri":           {`a/b.json", "uriBaseId": "%SRCROOT%"`, `http://x/a.json"`},
		"region without one": {`"startLine": 1, "startColumn": 1`, `"endColumn": 3`},
	} {
		bad := strings.Replace(valid, tc.old, tc.new, 1)
		if bad == valid {
			t.Fatalf("%s: the replacement does not apply", name)
		}
		if p := sarifcheck.Validate([]byte(bad)); len(p) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
}
