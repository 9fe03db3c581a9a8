package suite_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/iamgate/iamgate/internal/safeio"
	"github.com/iamgate/iamgate/suite"
)

// secret stands for what must never be shown: an environment, a key.
const secret = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI"

const policyJSON = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}`

// suiteNaming is a suite whose resource policy is the file rel.
func suiteNaming(rel string) string {
	return "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nresourcePolicy: " + rel + "\ncases:\n  - {request: GET /prod/x, expect: allow}\n"
}

// loadProblem loads src as dir/s.iamgate.yaml and returns its one
// problem, with the detail (source lines and carets) the CLI shows.
func loadProblem(t *testing.T, dir, src string, opts suite.LoadOptions) (msg, detail string) {
	t.Helper()
	file := filepath.Join(dir, "s.iamgate.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	opts.Now = now
	_, err := suite.Load(file, opts)
	se, ok := suite.AsError(err)
	if !ok {
		t.Fatalf("Load = %v, want a *suite.Error", err)
	}
	if len(se.List) != 1 {
		t.Fatalf("want one problem, got:\n%s", se.Detail())
	}
	return se.List[0].Msg, se.Detail()
}

// TestNamedFilesStayInside: a suite reads the files it names only inside
// its folder tree (links followed), unless AllowPaths widens it.
func TestNamedFilesStayInside(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "suites")
	other := filepath.Join(root, "policies")
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "rp.json"), []byte(policyJSON), 0o644)
	os.WriteFile(filepath.Join(other, "rp.json"), []byte(policyJSON), 0o644)
	os.WriteFile(filepath.Join(root, ".env"), []byte(secret+"\n"), 0o644)
	if err := os.Symlink(filepath.Join(root, ".env"), filepath.Join(dir, "link.json")); err != nil {
		t.Skip("symlinks:", err)
	}
	os.Symlink(other, filepath.Join(dir, "policies"))

	for _, tc := range []struct {
		name, rel string
		allow     []string
		want      string // "" loads
	}{
		{"inside", "sub/rp.json", nil, ""},
		{"dot-dot", "../.env", nil, "is outside the folders a suite may read"},
		{"absolute", filepath.Join(root, ".env"), nil, "is outside the folders a suite may read"},
		{"proc environ", "/proc/self/environ", nil, "is outside the folders a suite may read"},
		{"link to a file outside", "link.json", nil, "which leads to " + filepath.Join(root, ".env")},
		{"link to a folder outside", "policies/rp.json", nil, "is outside the folders a suite may read"},
		{"allowed folder", "../policies/rp.json", []string{other}, ""},
		{"allowed folder through a link", "policies/rp.json", []string{other}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(dir, "s.iamgate.yaml")
			os.WriteFile(file, []byte(suiteNaming(tc.rel)), 0o644)
			s, err := suite.Load(file, suite.LoadOptions{Now: now, AllowPaths: tc.allow})
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if files := s.Files(); len(files) != 2 || files[0] != file {
					t.Errorf("Files() = %q, want the suite and its document", files)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load = %v, want %q", err, tc.want)
			}
			if se, _ := suite.AsError(err); strings.Contains(se.Detail(), "wJalr") {
				t.Errorf("the secret is shown:\n%s", se.Detail())
			}
		})
	}
}

// TestNamedFileNotQuoted: a file inside the tree that is not a JSON
// document is refused without any of its bytes, in the message and in the
// detail.
func TestNamedFileNotQuoted(t *testing.T) {
	for name, content := range map[string]string{
		"env":          secret + "\n",
		"nul bytes":    "{\"a\": \"" + secret + "\x00\"}",
		"not UTF-8":    "{\"a\": \"" + secret + "\xff\"}",
		"escape codes": "{\"a\": \"" + secret + "\x1b[2J\"}",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "doc.json"), []byte(content), 0o644)
			src := "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nresourcePolicy: doc.json\ncases:\n  - {request: GET /prod/x, expect: allow}\n"
			msg, detail := loadProblem(t, dir, src, suite.LoadOptions{})
			if !strings.Contains(msg, "is not a JSON document") || strings.Contains(detail, "wJalr") || strings.Contains(detail, "AWS_") {
				t.Errorf("problem:\n%s", detail)
			}
			// An authorizer's output that is not JSON text is what the
			// authorizer returned: the answer is API Gateway's 500, and
			// none of the file's bytes are shown.
			file := filepath.Join(dir, "s.iamgate.yaml")
			src = "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nauthorizers:\n  a: {type: TOKEN, response: doc.json}\nauth: a\ncases:\n  - {request: GET /prod/x, token: t, expect: {status: 500}}\n"
			os.WriteFile(file, []byte(src), 0o644)
			st, err := suite.Load(file, suite.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			r := st.Run(suite.RunOptions{Explain: true})[0]
			if !r.Passed {
				t.Errorf("got %s, want a 500", r.Got)
			}
			if text := fmt.Sprintf("%+v", r.Answer); strings.Contains(text, "wJalr") || !strings.Contains(text, "not JSON text") {
				t.Errorf("answer:\n%s", text)
			}
		})
	}
}

// TestNamedFileLimits: only regular files, at most the limits.
func TestNamedFileLimits(t *testing.T) {
	dir := t.TempDir()
	big := policyJSON + strings.Repeat(" ", 2<<20)
	os.WriteFile(filepath.Join(dir, "big.json"), []byte(big), 0o644)
	msg, _ := loadProblem(t, dir, suiteNaming("big.json"), suite.LoadOptions{})
	if !strings.Contains(msg, "big.json is larger than the limit of 1 MiB for a document") {
		t.Errorf("problem: %s", msg)
	}
	// Raised, the document is read.
	if _, err := suite.Load(filepath.Join(dir, "s.iamgate.yaml"), suite.LoadOptions{Now: now, MaxDocumentSize: 4 << 20}); err != nil {
		t.Errorf("with the limit raised: %v", err)
	}

	if _, err := os.Stat("/dev/zero"); err == nil {
		msg, _ = loadProblem(t, dir, suiteNaming("/dev/zero"), suite.LoadOptions{AllowPaths: []string{"/dev"}})
		if !strings.Contains(msg, "/dev/zero is not a regular file (a character device)") {
			t.Errorf("problem: %s", msg)
		}
	}

	file := filepath.Join(dir, "s.iamgate.yaml")
	os.WriteFile(file, []byte(suiteNaming("x.json")+"# "+strings.Repeat("x", 100)+"\n"), 0o644)
	_, err := suite.Load(file, suite.LoadOptions{Now: now, MaxSuiteSize: 100})
	var large *safeio.TooLargeError
	if !errors.As(err, &large) || large.Limit != 100 {
		t.Errorf("Load of a suite over MaxSuiteSize = %v", err)
	}
}

// TestSuiteNotTextNotQuoted: a suite file that is not text (a link to an
// environment found by a walk, say) is reported without its lines.
func TestSuiteNotTextNotQuoted(t *testing.T) {
	file := filepath.Join(t.TempDir(), "s.iamgate.yaml")
	os.WriteFile(file, []byte("api: x\n"+secret+"\x00\n"), 0o644)
	_, err := suite.Load(file, suite.LoadOptions{Now: now})
	se, ok := suite.AsError(err)
	if !ok {
		t.Fatalf("Load = %v", err)
	}
	if strings.Contains(se.Detail(), "wJalr") || strings.Contains(se.Detail(), "api: x") {
		t.Errorf("the suite's bytes are shown:\n%s", se.Detail())
	}
}

func TestCommandDirStaysInside(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "suite")
	os.MkdirAll(dir, 0o755)
	src := "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nauthorizers:\n  fn: {type: TOKEN, command: [iamgate-no-such-program], dir: ..}\nauth: fn\ncases:\n  - {request: GET /prod/x, token: t, expect: allow}\n"
	msg, _ := loadProblem(t, dir, src, suite.LoadOptions{})
	if !strings.Contains(msg, "dir: ") || !strings.Contains(msg, "is outside the folders a suite may read") {
		t.Errorf("problem: %s", msg)
	}
	os.WriteFile(filepath.Join(root, "prog"), []byte("#!/bin/sh\n"), 0o755)
	src = strings.Replace(src, "command: [iamgate-no-such-program], dir: ..", "command: [../prog]", 1)
	msg, _ = loadProblem(t, dir, src, suite.LoadOptions{})
	if !strings.Contains(msg, "command: the folder of ../prog") {
		t.Errorf("problem: %s", msg)
	}
}

func TestLoadFSStaysInside(t *testing.T) {
	fsys := fstest.MapFS{
		"suites/s.iamgate.yaml": {Data: []byte(suiteNaming("../policies/rp.json"))},
		"policies/rp.json":      {Data: []byte(policyJSON)},
	}
	_, err := suite.LoadFS(fsys, "suites/s.iamgate.yaml", suite.LoadOptions{Now: now})
	if err == nil || !strings.Contains(err.Error(), "policies/rp.json is outside the folders a suite may read") {
		t.Fatalf("LoadFS = %v", err)
	}
	if _, err := suite.LoadFS(fsys, "suites/s.iamgate.yaml", suite.LoadOptions{Now: now, AllowPaths: []string{"policies"}}); err != nil {
		t.Fatalf("LoadFS with AllowPaths: %v", err)
	}
}

// TestWalkSkips: a walk skips a suite name that is not a regular file or
// leads outside the folder, and says so.
func TestWalkSkips(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "w")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "ok.iamgate.yaml"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(root, "out.iamgate.yaml"), []byte("x"), 0o644)
	if err := os.Symlink(filepath.Join(root, "out.iamgate.yaml"), filepath.Join(dir, "out.iamgate.yaml")); err != nil {
		t.Skip("symlinks:", err)
	}
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.iamgate.yaml"))
	os.Mkdir(filepath.Join(dir, "folder.iamgate.yaml"), 0o755)
	skipped := map[string]string{}
	found, err := suite.Walk([]string{dir}, func(name string, why error) { skipped[filepath.Base(name)] = why.Error() })
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].File != filepath.Join(dir, "ok.iamgate.yaml") || found[0].Root != dir {
		t.Errorf("found %+v", found)
	}
	if !strings.Contains(skipped["out.iamgate.yaml"], "is outside") || !strings.Contains(skipped["zero.iamgate.yaml"], "character device") {
		t.Errorf("skipped %q", skipped)
	}
	// Find keeps its answer.
	if files, err := suite.Find(dir); err != nil || len(files) != 1 {
		t.Errorf("Find = %q, %v", files, err)
	}
}

// FuzzLoadFSFiles loads a suite that names files of a small file system:
// a document beside it (the fuzzed bytes), and a secret outside its
// folder. Nothing may panic, and the secret is never shown, whatever the
// suite names and however the document is written.
func FuzzLoadFSFiles(f *testing.F) {
	head := "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\n"
	cases := "cases:\n  - {request: GET /prod/x, token: t, caller: c, expect: allow}\n"
	for _, s := range []string{
		head + "resourcePolicy: doc.json\n" + cases,
		head + "resourcePolicy: ../secret/.env\n" + cases,
		head + "resourcePolicy: /secret/.env\n" + cases,
		head + "resourcePolicy: ./../secret/.env\n" + cases,
		head + "resourcePolicy: sub/../../secret/.env\n" + cases,
		head + "authorizers:\n  a: {type: TOKEN, response: doc.json}\nauth: a\n" + cases,
		head + "authorizers:\n  a: {type: REQUEST, identitySource: method.request.header.A, responses: [{identity: [x], response: ../secret/.env}]}\nauth: a\n" + cases,
		head + "auth: AWS_IAM\ncallers:\n  c: {arn: 'arn:aws:iam::123456789012:user/c', policies: [doc.json, ../secret/.env]}\n" + cases,
	} {
		for _, doc := range []string{policyJSON, secret, "{\"a\": 1,}", "{\x00}", "", `{"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": []}}`} {
			f.Add([]byte(s), []byte(doc))
		}
	}
	f.Fuzz(func(t *testing.T, src, doc []byte) {
		fsys := fstest.MapFS{
			"suites/s.iamgate.yaml": {Data: src},
			"suites/doc.json":       {Data: doc},
			"secret/.env":           {Data: []byte("ZZSECRET" + secret)},
		}
		if bytes.Contains(src, []byte("ZZSECRET")) || bytes.Contains(doc, []byte("ZZSECRET")) {
			return
		}
		_, err := suite.LoadFS(fsys, "suites/s.iamgate.yaml", suite.LoadOptions{Now: now})
		if err == nil {
			return
		}
		se, ok := suite.AsError(err)
		if !ok {
			t.Fatalf("LoadFS error %T is not a *suite.Error: %v", err, err)
		}
		if strings.Contains(se.Detail(), "ZZSECRET") || strings.Contains(err.Error(), "ZZSECRET") {
			t.Fatalf("the secret is shown:\n%s", se.Detail())
		}
	})
}
