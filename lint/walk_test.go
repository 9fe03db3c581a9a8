package lint_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/fixtures"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/suite"
)

const walkRP = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
  "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}`

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"api/rp.json":               walkRP,
		"api/orders.iamgate.yaml":   "cases: []\n",
		"api/package.json":          `{"name": "x", "dependencies": {}}`,
		"api/bucket.json":           `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`,
		"api/testdata/rp.json":      walkRP,
		"api/_drafts/rp.json":       walkRP,
		"api/big.json":              `{"Statement": "execute-api` + strings.Repeat(" ", lint.MaxWalkedFile) + `"}`,
		"api/notes.txt":             "execute-api",
		"named/package.json":        `{"name": "x"}`,
		"named/second.iamgate.json": "{}",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "nowhere.iamgate.yaml"), filepath.Join(dir, "api", "gone.iamgate.yaml")); err != nil {
		t.Fatal(err)
	}
	api := filepath.Join(dir, "api")
	var skipped []string
	paths := []string{api, filepath.Join(dir, "named", "package.json"), "-", filepath.Join(dir, "named", "second.iamgate.json"),
		filepath.Join(dir, "missing.json"), "-", filepath.Join(api, "rp.json")}
	targets, problems := lint.Walk(paths, func(name string, why error) { skipped = append(skipped, filepath.Base(name)) })
	want := []lint.Target{
		{Name: filepath.Join(api, "orders.iamgate.yaml"), Suite: true, Root: api},
		{Name: filepath.Join(api, "rp.json"), Root: api},
		{Name: filepath.Join(dir, "named", "package.json")},
		{Name: "-"},
		{Name: filepath.Join(dir, "named", "second.iamgate.json"), Suite: true},
	}
	if d := cmp.Diff(want, targets); d != "" {
		t.Errorf("targets (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"gone.iamgate.yaml"}, skipped); d != "" {
		t.Errorf("skipped (-want +got):\n%s", d)
	}
	if len(problems) != 1 || problems[0].Path != filepath.Join(dir, "missing.json") || !os.IsNotExist(problems[0].Err) {
		t.Errorf("problems %+v, want missing.json not found", problems)
	}
	// Without a callback, a skipped file is still left out.
	if targets, _ := lint.Walk([]string{api}, nil); len(targets) != 2 {
		t.Errorf("without skipped: %+v", targets)
	}
}

func TestIsDocument(t *testing.T) {
	for src, want := range map[string]bool{
		walkRP: true,
		`{"principalId": "u", "policyDocument": {}}`:                      true,
		`{"principalId": "u"}`:                                            true,
		`{"Statement": [{"Action": "s3:GetObject"}]}`:                     false,
		`{"name": "execute-api-client"}`:                                  false,
		`["execute-api", {"Statement": []}]`:                              false,
		`{"Statement": [{"Action": "execute-api:Invoke",}]}`:              true,
		`{"Version": "2012-10-17", "Action": "execute-api:Invoke", oops}`: false,
	} {
		if got := lint.IsDocument([]byte(src)); got != want {
			t.Errorf("IsDocument(%s) = %v, want %v", src, got, want)
		}
	}
}

func TestReportAddFile(t *testing.T) {
	rep := &lint.Report{}
	rep.AddFile("rp.json", []byte(walkRP), lint.FileOptions{DetectKind: true})
	rep.AddFile("bin.json", []byte("\x00\x01"), lint.FileOptions{})
	rep.AddFile("as-identity.json", []byte(walkRP), lint.FileOptions{Kind: policy.IdentityBased})
	if d := cmp.Diff([]string{"rp.json", "bin.json", "as-identity.json"}, rep.Files); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	if _, ok := rep.Sources["bin.json"]; ok || string(rep.Sources["rp.json"]) != walkRP {
		t.Errorf("sources: %q", rep.Sources)
	}
	codes := map[string][]string{}
	for _, f := range rep.Findings {
		codes[f.File] = append(codes[f.File], f.Rule.Code)
	}
	if got := codes["bin.json"]; len(got) != 1 || got[0] != "IG100" {
		t.Errorf("text that is not JSON: %q, want one IG100", got)
	}
	// Detected as a resource policy, the document is fine as written; as
	// an identity policy, its Principal is a mistake.
	if len(codes["rp.json"]) == len(codes["as-identity.json"]) {
		t.Errorf("the kind made no difference: %q and %q", codes["rp.json"], codes["as-identity.json"])
	}
}

func TestReportAddSuite(t *testing.T) {
	const file = "suites/caching.iamgate.yaml"
	s, err := suite.LoadFS(fixtures.FS, file, suite.LoadOptions{AllowPaths: []string{"."}})
	if err != nil {
		t.Fatal(err)
	}
	rep := &lint.Report{}
	docs := rep.AddSuite(file, s)
	if len(rep.Files) != 1 || rep.Files[0] != file || rep.Sources[file] == nil {
		t.Errorf("files %q, source kept: %v", rep.Files, rep.Sources[file] != nil)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Rule.Code != "IG210" {
		t.Errorf("findings %v, want the fixture's IG210", rep.Findings)
	}
	if len(docs) == 0 {
		t.Error("no documents named, want the suite's")
	}
	if rep.AddSuite("nil", nil) != nil || len(rep.Files) != 1 {
		t.Error("a nil suite added something")
	}
}

func TestReportTidy(t *testing.T) {
	ig100, _ := lint.RuleFor("IG100")
	ig210, _ := lint.RuleFor("IG210")
	f := func(r lint.Rule, file string, line int) lint.Finding {
		return lint.Finding{Rule: r, File: file, Pos: policy.Pos{Line: line, Column: 1}, Message: "m"}
	}
	rep := &lint.Report{Findings: []lint.Finding{f(ig210, "b", 1), f(ig100, "a", 2), f(ig210, "b", 1), f(ig100, "a", 1)}}
	rep.Tidy()
	var got []string
	for _, fi := range rep.Findings {
		got = append(got, fi.File+":"+fi.Pos.String()+" "+fi.Rule.Code)
	}
	if d := cmp.Diff([]string{"a:1:1 IG100", "a:2:1 IG100", "b:1:1 IG210"}, got); d != "" {
		t.Errorf("tidied (-want +got):\n%s", d)
	}
	rep.Tidy("IG100")
	if len(rep.Findings) != 1 || rep.Findings[0].Rule.Code != "IG210" {
		t.Errorf("ignoring IG100: %v", rep.Findings)
	}
}
