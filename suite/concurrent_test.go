package suite_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/iamgate/iamgate/fixtures"
	"github.com/iamgate/iamgate/suite"
)

// outcomes are what a run of a suite gave, as text to compare.
func outcomes(results []suite.Result) []string {
	var out []string
	for _, r := range results {
		var auth string
		if r.Authorizer != nil {
			auth = r.Authorizer.Raw()
		}
		out = append(out, fmt.Sprintf("%s passed=%v got=%s outcome=%+v invoked=%v cached=%v stored=%v authorizer=%q message=%q",
			r.Name, r.Passed, r.Got, r.Outcome, r.Invoked, r.Cached != nil, r.Stored != nil, auth, r.Answer.Message))
	}
	return out
}

// A Suite is shared by concurrent runs: each has its own caches and
// copies of the requests, and gets what a run alone gets (go test -race
// finds the writes to the suite's requests that runs used to make).
func TestRunConcurrently(t *testing.T) {
	files, err := suite.FindFS(fixtures.FS, "suites")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		s, err := suite.LoadFS(fixtures.FS, file, suite.LoadOptions{Now: now, AllowPaths: []string{"."}})
		if err != nil {
			t.Fatal(err)
		}
		want := outcomes(s.Run(suite.RunOptions{Explain: true}))
		var wg sync.WaitGroup
		got := make([][]string, 8)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i] = outcomes(s.Run(suite.RunOptions{Explain: i%2 == 0}))
			}()
		}
		wg.Wait()
		for i, g := range got {
			if i%2 != 0 {
				// Without Explain, a passing request has no message.
				continue
			}
			if len(g) != len(want) {
				t.Fatalf("%s: run %d gave %d results, want %d", file, i, len(g), len(want))
			}
			for j := range g {
				if g[j] != want[j] {
					t.Errorf("%s: run %d:\n got %s\nwant %s", file, i, g[j], want[j])
				}
			}
		}
	}
}

// Runs of a suite whose authorizer is a program, at once.
func TestRunCommandConcurrently(t *testing.T) {
	s, _ := commandSuite(t, "stage", "", `cases:
  - {name: a, request: GET /prod/orders/1, expect: allow}
  - {name: b, request: DELETE /prod/orders/2, expect: allow}
sequences:
  - name: cached
    steps:
      - {name: first, request: GET /prod/orders/1, expect: allow}
      - {name: second, request: GET /prod/orders/1, expect: allow}
`)
	want := outcomes(s.Run(suite.RunOptions{Explain: true}))
	var wg sync.WaitGroup
	got := make([][]string, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = outcomes(s.Run(suite.RunOptions{Explain: true}))
		}()
	}
	wg.Wait()
	for i, g := range got {
		if fmt.Sprint(g) != fmt.Sprint(want) {
			t.Errorf("run %d:\n got %q\nwant %q", i, g, want)
		}
	}
}
