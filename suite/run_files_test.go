package suite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/suite"
)

const filesRP = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
  "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}`

// filesSuite is a suite named name whose resource policy is policy.
func filesSuite(name, policy string) string {
	return "name: " + name + "\napi: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nresourcePolicy: " + policy +
		"\ncases:\n  - {name: c, request: GET /prod/x, expect: allow}\n"
}

// RunFiles runs each file in order; a second suite of a name already
// taken does not run, and the files the suites read are listed.
func TestRunFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"rp.json":            filesRP,
		"a/one.iamgate.yaml": filesSuite("orders", "../rp.json"),
		"b/two.iamgate.yaml": filesSuite("orders", "../rp.json"),
	})
	found, err := suite.Walk([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, read := suite.RunFiles(found, suite.FilesOptions{Load: suite.LoadOptions{Now: now}})
	if len(rep.Files) != 2 {
		t.Fatalf("%d file reports, want 2", len(rep.Files))
	}
	if first := rep.Files[0]; first.Err != nil || len(first.Results) != 1 || !first.Results[0].Passed {
		t.Errorf("the first suite: %v, %+v", first.Err, first.Results)
	}
	want := `suite name "orders" is also the name of ` + filepath.Join(dir, "a", "one.iamgate.yaml") + ": give each suite its own name (the name key)"
	if second := rep.Files[1]; second.Err == nil || second.Err.Error() != want || second.Suite != nil || second.Results != nil {
		t.Errorf("the second suite: %v, want the error %q and no results", second.Err, want)
	}
	if tot := rep.Totals(); tot.Passed != 1 || tot.LoadErrors != 1 {
		t.Errorf("totals %+v", tot)
	}
	rp := filepath.Join(dir, "rp.json")
	wantRead := []string{found[0].File, rp, found[1].File, rp}
	for i := range read {
		read[i] = filepath.Clean(read[i])
	}
	if diff := cmp.Diff(wantRead, read); diff != "" {
		t.Errorf("files read (-want +got):\n%s", diff)
	}

	// Named by itself (no Root), the suite may not read its parent
	// folder's file.
	rep, _ = suite.RunFiles(found[:1:1], suite.FilesOptions{Load: suite.LoadOptions{Now: now}})
	rep2, _ := suite.RunFiles([]suite.Found{{File: found[0].File}}, suite.FilesOptions{Load: suite.LoadOptions{Now: now}})
	if rep.Files[0].Err != nil || rep2.Files[0].Err == nil {
		t.Errorf("found in %s: %v; named alone: %v, want an error", dir, rep.Files[0].Err, rep2.Files[0].Err)
	}
}

// With FailSkips, a request whose program is not installed fails and says
// why; once the context is cancelled, no file runs.
func TestRunFilesSkipsAndCancel(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"s.iamgate.yaml": `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
authorizers:
  fn: {type: TOKEN, command: [iamgate-no-such-interpreter, authorizer.js]}
auth: fn
defaults: {token: t}
cases:
  - {name: a, request: GET /prod/x, expect: allow}
`})
	found := []suite.Found{{File: filepath.Join(dir, "s.iamgate.yaml")}}
	rep, _ := suite.RunFiles(found, suite.FilesOptions{Load: suite.LoadOptions{Now: now}})
	if r := rep.Files[0].Results[0]; !r.Skipped {
		t.Errorf("without FailSkips: %+v, want skipped", r)
	}
	rep, _ = suite.RunFiles(found, suite.FilesOptions{Load: suite.LoadOptions{Now: now}, FailSkips: true})
	r := rep.Files[0].Results[0]
	if r.Skipped || r.Passed || r.Got != "not run (--no-skip)" || !strings.HasPrefix(r.Problem, "not run: ") || !strings.Contains(r.Problem, "not installed") {
		t.Errorf("with FailSkips: skipped=%v passed=%v got %q problem %q", r.Skipped, r.Passed, r.Got, r.Problem)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, _ = suite.RunFiles(found, suite.FilesOptions{Run: suite.RunOptions{Context: ctx}})
	if len(rep.Files) != 0 {
		t.Errorf("cancelled: %d file reports, want none", len(rep.Files))
	}
}
