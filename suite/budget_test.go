package suite_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/internal/suitegen"
	"github.com/iamgate/iamgate/suite"
)

// methodARNAttack writes suitegen.MethodARNAttack into a temporary folder
// and returns the suite's path.
func methodARNAttack(tb testing.TB, statements, cases int) string {
	tb.Helper()
	dir := tb.TempDir()
	s, resp := suitegen.MethodARNAttack(statements, cases)
	writeFiles(tb, dir, map[string]string{"a.iamgate.yaml": s, "response.json": resp})
	return filepath.Join(dir, "a.iamgate.yaml")
}

// methodARNAttackAsText is methodARNAttack with the placeholder in the
// output's context too: such an output is filled in as text and parsed
// for each method ARN, under the statement and filled-text limits.
func methodARNAttackAsText(tb testing.TB, statements, cases int) string {
	tb.Helper()
	dir := tb.TempDir()
	s, resp := suitegen.MethodARNAttack(statements, cases)
	resp = strings.Replace(resp, `"principalId": "u"`, `"principalId": "u", "context": {"m": "{{methodArn}}"}`, 1)
	writeFiles(tb, dir, map[string]string{"a.iamgate.yaml": s, "response.json": resp})
	return filepath.Join(dir, "a.iamgate.yaml")
}

// aliasAttack writes suitegen.AliasAttack and returns its path.
func aliasAttack(tb testing.TB, statements, aliases int) string {
	tb.Helper()
	dir := tb.TempDir()
	writeFiles(tb, dir, map[string]string{"b.iamgate.yaml": suitegen.AliasAttack(statements, aliases)})
	return filepath.Join(dir, "b.iamgate.yaml")
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// refusal loads file and returns its one problem, failing unless loading
// was refused with exactly one.
func refusal(t *testing.T, file string, opts suite.LoadOptions) string {
	t.Helper()
	_, err := suite.Load(file, opts)
	se, ok := suite.AsError(err)
	if !ok {
		t.Fatalf("Load: %v, want a *suite.Error", err)
	}
	if len(se.List) != 1 {
		t.Fatalf("Load reported %d problems, want 1: %v", len(se.List), se.List)
	}
	return se.List[0].Error()
}

// Issue 13's attacks, at their size: each is refused with one error that
// names the file and the limit, having allocated a bounded amount (the
// old loader took 3.9 GB, and 24 GB for the first).
func TestAttacksRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 0.3 MB suites")
	}
	tests := []struct {
		name, file, want string
		maxBytes         uint64
	}{
		{"methodArn in context 3000x2000", methodARNAttackAsText(t, 3000, 2000), "past the limit of 50000", 600 << 20},
		{"aliases 600x2000", aliasAttack(t, 600, 2000), "more than 1000000 YAML nodes, the limit", 64 << 20},
		{"aliases 600x20000", aliasAttack(t, 600, 20000), "more than 1000000 YAML nodes, the limit", 64 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var msg string
			n := allocated(func() { msg = refusal(t, tt.file, suite.LoadOptions{Now: now}) })
			if !strings.HasPrefix(msg, tt.file+":") || !strings.Contains(msg, tt.want) {
				t.Errorf("got %q, want it to begin with the file and contain %q", msg, tt.want)
			}
			if n > tt.maxBytes {
				t.Errorf("allocated %d MB, want at most %d MB", n>>20, tt.maxBytes>>20)
			}
		})
	}
}

// Issue 13's {{methodArn}} attack loads and runs: the output is compiled
// once and bound to each method ARN, within 300 MB (the old loader took 24
// GB; the text-filling one refused it).
func TestMethodARNAttackLoads(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a 0.3 MB suite")
	}
	file := methodARNAttack(t, 3000, 2000)
	n := allocated(func() {
		s, err := suite.Load(file, suite.LoadOptions{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if p, f := suite.Counts(s.Run(suite.RunOptions{})); p != 2000 || f != 0 {
			t.Errorf("%d passed, %d failed, want 2000 and 0", p, f)
		}
	})
	if n > 300<<20 {
		t.Errorf("allocated %d MB, want at most 300 MB", n>>20)
	}
}

// A {{methodArn}} output compiled once counts its statements once against
// the limit, at the first request that invokes the authorizer.
func TestMethodARNTemplateCountedOnce(t *testing.T) {
	file := methodARNAttack(t, 10, 30)
	s, err := suite.Load(file, suite.LoadOptions{Now: now, MaxStatements: 10})
	if err != nil {
		t.Fatal(err)
	}
	if p, f := suite.Counts(s.Run(suite.RunOptions{})); p != 30 || f != 0 {
		t.Errorf("%d passed, %d failed, want 30 and 0", p, f)
	}
	msg := refusal(t, file, suite.LoadOptions{Now: now, MaxStatements: 9})
	want := fmt.Sprintf("%s:7:5: compiling the authorizer output at %s would bring the policy statements compiled for this suite to 10, past the limit of 9", file, filepath.Join(filepath.Dir(file), "response.json"))
	if !strings.HasPrefix(msg, want) {
		t.Errorf("got  %q\nwant %q...", msg, want)
	}
}

// An output with {{methodArn}} outside its Resource values is filled in
// and compiled for each method ARN: past the statement limit, loading
// stops with an error at the case that would pass it.
func TestMethodARNStatementLimit(t *testing.T) {
	file := methodARNAttackAsText(t, 10, 30)
	msg := refusal(t, file, suite.LoadOptions{Now: now, MaxStatements: 200})
	want := fmt.Sprintf("%s:27:5: compiling the authorizer output at %s filled in with method ARN arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/20 would bring the policy statements compiled for this suite to 210, past the limit of 200", file, filepath.Join(filepath.Dir(file), "response.json"))
	if !strings.HasPrefix(msg, want) {
		t.Errorf("got  %q\nwant %q...", msg, want)
	}
	// Within the limit every request gets its own policy.
	s, err := suite.Load(file, suite.LoadOptions{Now: now, MaxStatements: 300})
	if err != nil {
		t.Fatal(err)
	}
	if p, f := suite.Counts(s.Run(suite.RunOptions{})); p != 30 || f != 0 {
		t.Errorf("%d passed, %d failed, want 30 and 0", p, f)
	}
}

// The statement limit counts a caller's policies and the resource policy,
// compiled on its own and once more for the API model, whatever the
// number of authorizations its methods use.
func TestStatementLimitCounts(t *testing.T) {
	dir := t.TempDir()
	stmt := `{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*"}`
	doc := `{"Version": "2012-10-17", "Statement": [` + strings.TrimSuffix(strings.Repeat(stmt+", ", 10), ", ") + "]}"
	writeFiles(t, dir, map[string]string{
		"rp.json": doc, "id.json": strings.ReplaceAll(doc, `"Principal": "*", `, ""),
		"s.iamgate.yaml": `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
resourcePolicy: rp.json
callers:
  alice: {arn: "arn:aws:iam::123456789012:user/alice", policies: [id.json, id.json, id.json]}
routes:
  - GET /a
  - {route: GET /b, auth: AWS_IAM}
cases:
  - {request: GET /prod/a, expect: allow}
  - {request: GET /prod/b, caller: alice, expect: allow}
`})
	file := filepath.Join(dir, "s.iamgate.yaml")
	// rp.json (10) once, and for the API model (10) once for NONE and
	// AWS_IAM together, id.json (10) once, alice's three together (30): 60.
	if _, err := suite.Load(file, suite.LoadOptions{Now: now, MaxStatements: 60}); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	msg := refusal(t, file, suite.LoadOptions{Now: now, MaxStatements: 59})
	if want := "compiling the resource policy for the API's methods would bring the policy statements compiled for this suite to 20, past the limit of 19"; !strings.Contains(refusal(t, file, suite.LoadOptions{Now: now, MaxStatements: 19}), want) {
		t.Errorf("with a limit of 19, want %q", want)
	}
	if want := "s.iamgate.yaml:4:66: compiling the identity policies of caller \"alice\" would bring the policy statements compiled for this suite to 60, past the limit of 59"; !strings.Contains(msg, want) {
		t.Errorf("got %q, want it to contain %q", msg, want)
	}
}

// A document named again through YAML aliases is parsed and compiled
// once: each further caller naming it costs a few allocations, not a
// parse and compile of its statements (the old loader did both for
// each alias, and compiled each caller's policies again).
func TestAliasedDocumentReadOnce(t *testing.T) {
	src := func(callers int) string {
		var b strings.Builder
		b.WriteString("api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nauth: AWS_IAM\ncallers:\n")
		b.WriteString("  c0: {arn: \"arn:aws:iam::123456789012:user/c0\", policies: &p {\"Version\": \"2012-10-17\", \"Statement\": [")
		for i := range 50 {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `{"Sid": "s%d", "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}`, i)
		}
		b.WriteString("]}}\n")
		for i := 1; i < callers; i++ {
			fmt.Fprintf(&b, "  c%d: {arn: \"arn:aws:iam::123456789012:user/c%d\", policies: *p}\n", i, i)
		}
		b.WriteString("cases:\n  - {request: GET /prod/a, caller: c0, expect: allow}\n")
		return b.String()
	}
	file := filepath.Join(t.TempDir(), "s.iamgate.yaml")
	allocs := func(callers int) float64 {
		data := []byte(src(callers))
		return testing.AllocsPerRun(3, func() {
			if _, err := suite.Parse(data, file, suite.LoadOptions{Now: now}); err != nil {
				t.Fatal(err)
			}
		})
	}
	one, many := allocs(1), allocs(201)
	if per := (many - one) / 200; per > 150 {
		t.Errorf("each caller naming the aliased policy costs %.0f allocations, want at most 150 (one caller: %.0f)", per, one)
	}
}

// Two files with the same text are two documents: an explanation names
// the file the statement was read from.
func TestSameTextTwoFiles(t *testing.T) {
	dir := t.TempDir()
	deny := `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "*"}]}`
	writeFiles(t, dir, map[string]string{"a.json": deny, "b.json": deny, "s.iamgate.yaml": `api: arn:aws:execute-api:us-east-1:123456789012:abc123defg
auth: AWS_IAM
callers:
  alice: {arn: "arn:aws:iam::123456789012:user/alice", policies: a.json}
  bob: {arn: "arn:aws:iam::123456789012:user/bob", policies: b.json}
cases:
  - {name: alice, request: GET /prod/a, caller: alice, expect: explicit-deny}
  - {name: bob, request: GET /prod/a, caller: bob, expect: explicit-deny}
`})
	s, err := suite.Load(filepath.Join(dir, "s.iamgate.yaml"), suite.LoadOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Run(suite.RunOptions{Explain: true}) {
		if !r.Passed || len(r.Answer.Reasons) != 1 {
			t.Fatalf("%s: passed %v, reasons %v", r.Name, r.Passed, r.Answer.Reasons)
		}
		want := filepath.Join(dir, map[string]string{"alice": "a.json", "bob": "b.json"}[r.Case.Name])
		if got := r.Answer.Reasons[0].Document; got != want {
			t.Errorf("%s: the deciding statement is in %s, want %s", r.Name, got, want)
		}
	}
}

// A suite that repeats parts with aliases below the node limit loads, and
// the limit counts what the aliases expand to.
func TestAliasNodeLimit(t *testing.T) {
	file := aliasAttack(t, 2, 30)
	if _, err := suite.Load(file, suite.LoadOptions{Now: now}); err != nil {
		t.Fatal(err)
	}
	msg := refusal(t, file, suite.LoadOptions{Now: now, MaxNodes: 300})
	if want := file + ": the suite's aliases (*name) expand it to more than 300 YAML nodes, the limit"; !strings.HasPrefix(msg, want) {
		t.Errorf("got %q, want it to begin %q", msg, want)
	}
}

// The text of outputs filled in with method ARNs is limited too: a large
// output that fails to parse would otherwise be read again for every path.
func TestFilledBytesLimit(t *testing.T) {
	file := methodARNAttackAsText(t, 10, 30)
	msg := refusal(t, file, suite.LoadOptions{Now: now, MaxFilledBytes: 5000})
	want := file + ":10:5: filling in {{methodArn}} for each method ARN would make more than 5000 bytes of authorizer output, the limit for a suite"
	if !strings.HasPrefix(msg, want) {
		t.Errorf("got  %q\nwant %q...", msg, want)
	}
}

// A file named by many keys (not aliases) is read, hashed, parsed and
// compiled once: each further caller naming it costs a little memory, not
// the file's size (the old loader read it, and compiled it, for each).
func TestFileNamedManyTimesReadOnce(t *testing.T) {
	dir := t.TempDir()
	var doc strings.Builder
	doc.WriteString(`{"Version": "2012-10-17", "Statement": [`)
	for i := range 1000 {
		if i > 0 {
			doc.WriteString(", ")
		}
		fmt.Fprintf(&doc, `{"Sid": "s%d", "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/p%d"}`, i, i)
	}
	doc.WriteString("]}")
	suiteText := func(callers int) string {
		var b strings.Builder
		b.WriteString("api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nauth: AWS_IAM\ncallers:\n")
		for i := range callers {
			fmt.Fprintf(&b, "  c%d: {arn: \"arn:aws:iam::123456789012:user/c%d\", policies: p.json}\n", i, i)
		}
		b.WriteString("cases:\n  - {request: GET /prod/p7, caller: c0, expect: allow}\n")
		return b.String()
	}
	writeFiles(t, dir, map[string]string{"p.json": doc.String(), "one.iamgate.yaml": suiteText(1), "many.iamgate.yaml": suiteText(101)})
	load := func(name string) uint64 {
		return allocated(func() {
			if _, err := suite.Load(filepath.Join(dir, name), suite.LoadOptions{Now: now}); err != nil {
				t.Fatal(err)
			}
		})
	}
	load("one.iamgate.yaml") // warm up
	one, many := load("one.iamgate.yaml"), load("many.iamgate.yaml")
	if per := (int64(many) - int64(one)) / 100; per > 20<<10 {
		t.Errorf("each caller naming p.json (%d KB) allocates %d KB, want at most 20 KB", doc.Len()>>10, per>>10)
	}
}

// Aliases of a long value count its text each time: a 1 MB value named
// 100,000 times (a few lines) would be read as 100 GB.
func TestAliasBytesLimit(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\ndefaults: {headers: {X-Long: &v %s}}\ncases:\n", strings.Repeat("v", 1000))
	for i := range 20 {
		fmt.Fprintf(&b, "  - {request: GET /prod/%d, headers: {X-Long: *v}, expect: allow}\n", i)
	}
	file := filepath.Join(t.TempDir(), "s.iamgate.yaml")
	writeFiles(t, filepath.Dir(file), map[string]string{"s.iamgate.yaml": b.String()})
	if _, err := suite.Load(file, suite.LoadOptions{Now: now}); err != nil {
		t.Fatal(err)
	}
	msg := refusal(t, file, suite.LoadOptions{Now: now, MaxExpandedBytes: 20_000})
	if want := file + ": the suite's aliases (*name) expand it to more than 20000 bytes of text, the limit"; !strings.HasPrefix(msg, want) {
		t.Errorf("got %q, want it to begin %q", msg, want)
	}
}

// Routes are indexed by their first segment: many routes and many requests
// do not make routes × requests comparisons, and routes that begin with a
// parameter (compared with every request) are limited.
func TestRouteChecks(t *testing.T) {
	src := func(routes, cases int, param bool) string {
		var b strings.Builder
		b.WriteString("api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nroutes:\n")
		for i := range routes {
			if param {
				fmt.Fprintf(&b, "  - GET /{p}/r%d\n", i)
			} else {
				fmt.Fprintf(&b, "  - GET /r%d\n", i)
			}
		}
		b.WriteString("cases:\n")
		for i := range cases {
			if param {
				fmt.Fprintf(&b, "  - {request: GET /prod/x/r%d, expect: allow}\n", i)
			} else {
				fmt.Fprintf(&b, "  - {request: GET /prod/r%d, expect: allow}\n", i)
			}
		}
		return b.String()
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"lit.iamgate.yaml": src(3000, 3000, false), "param.iamgate.yaml": src(300, 300, true)})
	opts := suite.LoadOptions{Now: now, MaxRouteChecks: 50_000}
	if _, err := suite.Load(filepath.Join(dir, "lit.iamgate.yaml"), opts); err != nil {
		t.Fatalf("3,000 routes with text first and 3,000 requests: %v", err)
	}
	file := filepath.Join(dir, "param.iamgate.yaml")
	msg := refusal(t, file, opts)
	if want := "matching the requests with the routes takes more than 50000 comparisons, the limit for a suite"; !strings.Contains(msg, want) {
		t.Errorf("got %q, want it to contain %q", msg, want)
	}
	if _, err := suite.Load(file, suite.LoadOptions{Now: now}); err != nil {
		t.Fatalf("within the default limit: %v", err)
	}
}

// Whether a request's policies read a key its context lacks is worked out
// once for each policy and each list of missing keys, not for every
// request: the old loader scanned every statement (cloning its resources)
// for each request, 235 s for a 1.4 MB policy and 50,000 requests.
func TestMissingKeyScanOnce(t *testing.T) {
	dir := t.TempDir()
	var doc strings.Builder
	doc.WriteString(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}`)
	for i := range 1000 {
		fmt.Fprintf(&doc, `, {"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/zz%d"}`, i)
	}
	doc.WriteString("]}")
	writeFiles(t, dir, map[string]string{"id.json": doc.String(), "rp.json": strings.ReplaceAll(strings.ReplaceAll(doc.String(), `"Effect": "Allow", `, `"Effect": "Allow", "Principal": "*", `), `"Effect": "Deny", `, `"Effect": "Deny", "Principal": "*", `)})
	src := func(cases int) []byte {
		var b strings.Builder
		b.WriteString("api: arn:aws:execute-api:us-east-1:123456789012:abc123defg\nauth: AWS_IAM\nresourcePolicy: rp.json\ncallers:\n  c: {arn: \"arn:aws:iam::123456789012:user/c\", policies: id.json}\ndefaults: {caller: c}\ncases:\n")
		for i := range cases {
			fmt.Fprintf(&b, "  - {request: GET /prod/r%d, expect: allow}\n", i)
		}
		return []byte(b.String())
	}
	file := filepath.Join(dir, "s.iamgate.yaml")
	allocs := func(cases int) float64 {
		data := src(cases)
		return testing.AllocsPerRun(2, func() {
			if _, err := suite.Parse(data, file, suite.LoadOptions{Now: now}); err != nil {
				t.Fatal(err)
			}
		})
	}
	few, many := allocs(10), allocs(110)
	if per := (many - few) / 100; per > 300 {
		t.Errorf("each request costs %.0f allocations, want at most 300", per)
	}
}

// Past a limit, the sequences after it are not read: the refusal is the
// one problem reported, not steps that seem to follow no request.
func TestLimitStopsSequences(t *testing.T) {
	file := methodARNAttack(t, 10, 30)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, "sequences:\n  - steps:\n      - {request: GET /prod/seq, expect: allow}\n      - {wait: 5s}\n"...)
	writeFiles(t, filepath.Dir(file), map[string]string{filepath.Base(file): string(data)})
	refusal(t, file, suite.LoadOptions{Now: now, MaxStatements: 200})
}
