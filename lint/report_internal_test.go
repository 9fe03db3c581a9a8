package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/internal/caret"
	"github.com/iamgate/iamgate/policy"
)

func TestArtifactLocation(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		want sarifArtifactLocation
	}{
		{"fixtures/policies/x.json", sarifArtifactLocation{URI: "fixtures/policies/x.json", URIBaseID: "%SRCROOT%"}},
		{"./a//b/../c.json", sarifArtifactLocation{URI: "a/c.json", URIBaseID: "%SRCROOT%"}},
		{"docs/a policy#1.json", sarifArtifactLocation{URI: "docs/a%20policy%231.json", URIBaseID: "%SRCROOT%"}},
		{"c:odd.json", sarifArtifactLocation{URI: "./c:odd.json", URIBaseID: "%SRCROOT%"}},
		{filepath.Join(wd, "in", "wd.json"), sarifArtifactLocation{URI: "in/wd.json", URIBaseID: "%SRCROOT%"}},
		{"-", sarifArtifactLocation{URI: "-", Description: &sarifText{"standard input"}}},
	} {
		if diff := cmp.Diff(tc.want, artifactLocation(tc.file)); diff != "" {
			t.Errorf("artifactLocation(%q) (-want +got):\n%s", tc.file, diff)
		}
	}
	// Outside the working folder: an absolute file: URI.
	got := artifactLocation(filepath.Join(wd, "..", "elsewhere.json"))
	if !strings.HasPrefix(got.URI, "file:///") || got.URIBaseID != "" || !strings.HasSuffix(got.URI, "/elsewhere.json") {
		t.Errorf("outside the working folder: %+v", got)
	}
}

func TestUTF16Column(t *testing.T) {
	src := []byte("{\"Sid\": \"Büro😀\", \"x\": 1}\n")
	for _, tc := range []struct{ col, want int }{
		{1, 1},
		{11, 11}, // ü
		{13, 12}, // r, after ü (2 bytes, 1 code unit)
		{19, 16}, // the quote after 😀 (4 bytes, 2 code units)
	} {
		p := policy.Pos{Offset: tc.col - 1, Line: 1, Column: tc.col}
		if got := utf16Column(caret.NewLines(src), p); got != tc.want {
			t.Errorf("byte column %d: utf16 column %d, want %d", tc.col, got, tc.want)
		}
	}
	if got := utf16Column(caret.NewLines(nil), policy.Pos{Line: 2, Column: 7}); got != 7 {
		t.Errorf("without the source: %d, want the byte column 7", got)
	}
}
