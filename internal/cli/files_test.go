package cli

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// planted is a secret planted where a suite may try to read it.
const planted = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIplanted"

const allowPolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}`

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// secretSuites lays out suites that name a planted secret in every way:
// outside their folder (.., an absolute path, a link), and inside it as a
// file that is not JSON text; and a suite file that is itself not text.
func secretSuites(t *testing.T) (root, dir string) {
	root = t.TempDir()
	dir = filepath.Join(root, "suites")
	head := "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\n"
	cases := "cases:\n  - {request: GET /prod/x, token: t, caller: c, expect: allow}\n"
	named := func(rel string) string {
		return head + "resourcePolicy: " + rel + "\n" + cases
	}
	writeFiles(t, root, map[string]string{
		".env":                              planted + "\n",
		"suites/.env":                       planted + "\n",
		"suites/environ":                    "{\"" + planted + "\x00\"}",
		"suites/up.iamgate.yaml":            named("../.env"),
		"suites/abs.iamgate.yaml":           named(filepath.Join(root, ".env")),
		"suites/in.iamgate.yaml":            named(".env"),
		"suites/nul.iamgate.yaml":           named("environ"),
		"suites/link.iamgate.yaml":          named("link.json"),
		"suites/response.iamgate.yaml":      head + "authorizers:\n  a: {type: TOKEN, response: .env}\nauth: a\n" + cases,
		"suites/identity.iamgate.yaml":      head + "auth: AWS_IAM\ncallers:\n  c: {arn: 'arn:aws:iam::123456789012:user/c', policies: [.env]}\n" + cases,
		"suites/not-text.iamgate.yaml":      head + "# " + planted + "\x00\n" + cases,
		"suites/walked-link/x.iamgate.yaml": named("rp.json"),
	})
	if err := os.Symlink(filepath.Join(root, ".env"), filepath.Join(dir, "link.json")); err != nil {
		t.Skip("symlinks:", err)
	}
	// Found by a walk: a suite name that leads outside the folder.
	os.Symlink(filepath.Join(root, ".env"), filepath.Join(dir, "evil.iamgate.yaml"))
	return root, dir
}

// TestSecretNeverShown: a secret a suite names, outside its tree or
// inside it as a file that is not JSON text, appears in no output format
// of test and lint (standard output, standard error, the -o file), nor of
// validate and eval given the file.
func TestSecretNeverShown(t *testing.T) {
	root, dir := secretSuites(t)
	out := filepath.Join(t.TempDir(), "report")
	check := func(t *testing.T, args []string, wantCode int) {
		t.Helper()
		os.Remove(out)
		code, stdout, stderr := run(t, "", args...)
		report, _ := os.ReadFile(out)
		for what, s := range map[string]string{"stdout": stdout, "stderr": stderr, "-o file": string(report)} {
			if strings.Contains(s, "wJalr") || strings.Contains(s, "AWS_SECRET") {
				t.Errorf("%q: the secret is in %s:\n%s", args, what, s)
			}
		}
		if code != wantCode {
			t.Errorf("%q: exit %d, want %d\n%s%s", args, code, wantCode, stdout, stderr)
		}
	}
	for _, format := range []string{"text", "json", "junit", "tap"} {
		check(t, []string{"test", "--format", format, dir}, ExitUsage)
		check(t, []string{"test", "--format", format, "-o", out, dir}, ExitUsage)
		check(t, []string{"test", "--format", format, "--allow-path", root, dir}, ExitUsage)
	}
	for _, format := range []string{"text", "json", "sarif"} {
		check(t, []string{"lint", "--format", format, dir}, ExitUsage)
		check(t, []string{"lint", "--format", format, "-o", out, dir}, ExitUsage)
		check(t, []string{"lint", "--format", format, "--allow-path", root, dir}, ExitUsage)
		check(t, []string{"lint", "--format", format, filepath.Join(dir, ".env"), filepath.Join(dir, "environ")}, ExitFailed)
	}
	for _, format := range []string{"text", "json"} {
		check(t, []string{"validate", "--format", format, filepath.Join(dir, ".env"), filepath.Join(dir, "environ")}, ExitFailed)
		for _, flag := range []string{"--resource-policy", "--identity-policy", "--authorizer-response"} {
			args := []string{"eval", "--format", format, "--api", "arn:aws:execute-api:us-east-1:123456789012:abc123defg", "--request", "GET /prod/x", flag, filepath.Join(dir, ".env")}
			if flag == "--identity-policy" {
				args = append(args, "--auth", "AWS_IAM", "--caller", "arn:aws:iam::123456789012:user/c")
			} else if flag == "--authorizer-response" {
				args = append(args, "--auth", "CUSTOM", "--authorizer-type", "TOKEN", "--token", "t")
			}
			want := ExitUsage
			if flag == "--authorizer-response" {
				want = ExitOK // the 500 API Gateway gives for output that is not JSON
			}
			check(t, args, want)
		}
	}
}

// TestWalkNotes: a walk skips a suite name or a .json file that is not a
// regular file, or leads outside the folder, with a note on standard
// error.
func TestWalkNotes(t *testing.T) {
	_, dir := secretSuites(t)
	if _, err := os.Stat("/dev/zero"); err == nil {
		os.Symlink("/dev/zero", filepath.Join(dir, "zero.iamgate.yaml"))
		os.Symlink("/dev/zero", filepath.Join(dir, "zero.json"))
	}
	os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "dangling.iamgate.yaml"))
	for _, cmd := range []string{"test", "lint"} {
		_, _, stderr := run(t, "", cmd, dir)
		if !strings.Contains(stderr, "iamgate: "+cmd+": skipped "+filepath.Join(dir, "dangling.iamgate.yaml")+": no such file or directory") {
			t.Errorf("%s: no note of the dangling link:\n%s", cmd, stderr)
		}
		if !strings.Contains(stderr, "iamgate: "+cmd+": skipped "+filepath.Join(dir, "evil.iamgate.yaml")+" is outside the folders that may be read") {
			t.Errorf("%s: no note of the link that leads outside:\n%s", cmd, stderr)
		}
		if _, err := os.Stat("/dev/zero"); err == nil && !strings.Contains(stderr, "zero.iamgate.yaml is not a regular file (a character device)") {
			t.Errorf("%s: no note of the device:\n%s", cmd, stderr)
		}
	}
	if _, stderr := run2(t, "lint", dir); !strings.Contains(stderr, "zero.json is not a regular file") {
		t.Errorf("lint: no note of the .json device:\n%s", stderr)
	}
}

func run2(t *testing.T, args ...string) (string, string) {
	_, stdout, stderr := run(t, "", args...)
	return stdout, stderr
}

// TestAllowPath: a suite's documents in a sibling folder are read once
// the folder is allowed, or when the suite is found in a folder walk of
// their common parent.
func TestAllowPath(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"policies/rp.json": allowPolicy,
		"suites/s.iamgate.yaml": "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nresourcePolicy: ../policies/rp.json\n" +
			"cases:\n  - {request: GET /prod/x, expect: allow}\n",
	})
	suiteFile := filepath.Join(root, "suites", "s.iamgate.yaml")
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"test", suiteFile}, ExitUsage},
		{[]string{"test", "--allow-path", filepath.Join(root, "policies"), suiteFile}, ExitOK},
		{[]string{"test", root}, ExitOK},
		{[]string{"lint", suiteFile}, ExitUsage},
		{[]string{"lint", "--allow-path", filepath.Join(root, "policies"), suiteFile}, ExitOK},
		{[]string{"test", "--allow-path", filepath.Join(root, "no-such-folder"), suiteFile}, ExitUsage},
		{[]string{"lint", "--allow-path", filepath.Join(root, "policies", "rp.json"), suiteFile}, ExitUsage},
	} {
		code, stdout, stderr := run(t, "", tc.args...)
		if code != tc.want {
			t.Errorf("%q: exit %d, want %d\n%s%s", tc.args, code, tc.want, stdout, stderr)
		}
	}
}

// TestSizeLimits: documents over --max-document-size (1 MiB by default),
// from a file or standard input, are refused with exit 2, naming the file,
// the limit and the flag.
func TestSizeLimits(t *testing.T) {
	root := t.TempDir()
	big := allowPolicy + strings.Repeat(" ", 1<<20)
	writeFiles(t, root, map[string]string{
		"big.json":       big,
		"s.iamgate.yaml": "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nresourcePolicy: big.json\ncases:\n  - {request: GET /prod/x, expect: allow}\n",
	})
	doc := filepath.Join(root, "big.json")
	suiteFile := filepath.Join(root, "s.iamgate.yaml")
	for _, tc := range []struct {
		args  []string
		stdin string
		want  int
		msg   string
	}{
		{[]string{"validate", doc}, "", ExitUsage, doc + " is larger than the limit of 1 MiB (raise it with --max-document-size)"},
		{[]string{"validate", "-"}, big, ExitUsage, "<stdin> is larger than the limit of 1 MiB (raise it with --max-document-size)"},
		{[]string{"validate", "--max-document-size", "2MiB", doc}, "", ExitOK, ""},
		{[]string{"validate", "--max-document-size", "lots", doc}, "", ExitUsage, `invalid value "lots" for flag --max-document-size: "lots" is not a size such as 4MiB`},
		{[]string{"eval", "--api", "arn:aws:execute-api:us-east-1:123456789012:abc123defg", "--request", "GET /prod/x", "--resource-policy", doc}, "", ExitUsage, "--resource-policy: " + doc + " is larger than the limit of 1 MiB (raise it with --max-document-size)"},
		{[]string{"eval", "--max-document-size", "2MiB", "--api", "arn:aws:execute-api:us-east-1:123456789012:abc123defg", "--request", "GET /prod/x", "--resource-policy", doc}, "", ExitOK, ""},
		{[]string{"lint", doc}, "", ExitUsage, doc + " is larger than the limit of 1 MiB (raise it with --max-document-size)"},
		{[]string{"test", suiteFile}, "", ExitUsage, "big.json is larger than the limit of 1 MiB for a document"},
		{[]string{"test", "--max-document-size", "2MiB", suiteFile}, "", ExitOK, ""},
		{[]string{"test", "--max-suite-size", "100", suiteFile}, "", ExitUsage, suiteFile + " is larger than the limit of 100 bytes"},
		{[]string{"lint", "--max-suite-size", "100", suiteFile}, "", ExitUsage, suiteFile + " is larger than the limit of 100 bytes (raise it with --max-suite-size)"},
	} {
		code, stdout, stderr := run(t, tc.stdin, tc.args...)
		if code != tc.want || !strings.Contains(stdout+stderr, tc.msg) {
			t.Errorf("%q: exit %d, want %d and %q\n%s%s", tc.args, code, tc.want, tc.msg, stdout, stderr)
		}
	}
}

func TestValidateStdinOnce(t *testing.T) {
	code, stdout, stderr := run(t, allowPolicy, "validate", "-", "-")
	if code != ExitUsage || stdout != "" || !strings.Contains(stderr, `iamgate: validate: "-" (standard input) is given 2 times: it can be read once`) {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if code, _, stderr := run(t, allowPolicy, "validate", "-"); code != ExitOK {
		t.Errorf("validate -: exit %d: %s", code, stderr)
	}
}

func sum(t *testing.T, name string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// TestOutputIsNotAnInput: -o naming an input (by any name: a link, a
// document a suite read, a file in a walked folder) is refused before
// anything is written.
func TestOutputIsNotAnInput(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"rp.json":        allowPolicy,
		"s.iamgate.yaml": "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nresourcePolicy: rp.json\ncases:\n  - {request: GET /prod/x, expect: allow}\n",
	})
	suiteFile := filepath.Join(root, "s.iamgate.yaml")
	doc := filepath.Join(root, "rp.json")
	if err := os.Symlink(suiteFile, filepath.Join(root, "link")); err != nil {
		t.Skip("symlinks:", err)
	}
	before := map[string][32]byte{suiteFile: sum(t, suiteFile), doc: sum(t, doc)}
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"test", "-o", suiteFile, suiteFile}, "-o: " + suiteFile + " is an input"},
		{[]string{"test", "-o", filepath.Join(root, "link"), suiteFile}, "is the input " + suiteFile},
		{[]string{"test", "-o", doc, suiteFile}, "-o: " + doc + " is an input"},
		{[]string{"test", "-o", suiteFile, root}, "-o: " + suiteFile + " is an input"},
		{[]string{"lint", "-o", doc, doc}, "-o: " + doc + " is an input"},
		{[]string{"lint", "-o", doc, suiteFile}, "-o: " + doc + " is an input"},
		{[]string{"lint", "--format", "sarif", "-o", doc, root}, "-o: " + doc + " is an input"},
		{[]string{"test", "-o", root, suiteFile}, "is a folder"},
	} {
		code, stdout, stderr := run(t, "", tc.args...)
		if code != ExitUsage || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%q: exit %d, want 2 and %q\n%s%s", tc.args, code, tc.msg, stdout, stderr)
		}
		for name, h := range before {
			if sum(t, name) != h {
				t.Fatalf("%q changed %s", tc.args, name)
			}
		}
	}
}

// TestOutputRenamedIntoPlace: the report replaces the file by a rename:
// a reader of the old file keeps reading it whole, the mode is kept, and
// no temporary file is left.
func TestOutputRenamedIntoPlace(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"s.iamgate.yaml": "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\ncases:\n  - {request: GET /prod/x, expect: allow}\n",
	})
	outDir := t.TempDir()
	out := filepath.Join(outDir, "report.xml")
	old := strings.Repeat("old report\n", 1000)
	os.WriteFile(out, []byte(old), 0o600)
	os.Chmod(out, 0o600)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if code, _, stderr := run(t, "", "test", "--format", "junit", "-o", out, filepath.Join(root, "s.iamgate.yaml")); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	kept := make([]byte, len(old)+1)
	n, _ := f.Read(kept)
	if string(kept[:n]) != old {
		t.Errorf("the old file was written over in place")
	}
	data, _ := os.ReadFile(out)
	if !strings.HasPrefix(string(data), "<?xml") {
		t.Errorf("report:\n%s", data)
	}
	if info, _ := os.Stat(out); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", info.Mode().Perm())
	}
	if entries, _ := os.ReadDir(outDir); len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
	// A folder that does not exist: an error, and nothing written.
	code, _, stderr := run(t, "", "test", "-o", filepath.Join(outDir, "no", "r.txt"), filepath.Join(root, "s.iamgate.yaml"))
	if code != ExitUsage || !strings.Contains(stderr, "-o: ") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
