package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/iamgate/iamgate/internal/safetext"
	"github.com/iamgate/iamgate/suite"
)

const testUsage = `Usage: iamgate test [flags] [path ...]

Runs suites of requests and the answers API Gateway must give them, with
the authorizer cache simulated across the requests of a sequence. A path is
a suite file, or a folder walked for suite files: NAME.iamgate.yaml,
NAME.iamgate.yml or NAME.iamgate.json (folders named .*, _*, testdata and
node_modules are skipped). With no path, the current folder is walked.

Output: each failure as FILE:LINE: NAME: want X, got Y, with the
explanation; a line per suite; and last the line "N passed, N failed".
With -o FILE the report in --format goes to FILE, and the text report (or,
for --format text, only its last line) to standard output. FILE may not be
an input; it is replaced by a rename, never left half-written.

A suite reads the files it names only inside its own folder tree (and the
tree of the folder it was found in), links followed: --allow-path adds a
folder. Only regular files are read, each at most its size limit.

An authorizer given as a command runs for each request that reaches it
(no cache hit): the event API Gateway would send on its standard input,
its response on standard output, with a minimal environment (see
--inherit-env). When the command's program is not installed, the
requests that run it are skipped and the skips are listed (on standard
error too); --no-skip makes them fail.

Exit codes: 0 every case passed (some may be skipped), 1 a case failed (or
was skipped, with --no-skip), 2 usage or input error (a suite that does
not load, or no case to run).

Flags:
`

type testFlags struct {
	format, run, out, at string
	verbose, noSkip      bool
	load                 loadFlags
	inheritEnv           multiFlag
}

func defineTestFlags(fs *flag.FlagSet, f *testFlags) {
	fs.StringVar(&f.format, "format", "text", "report `FORMAT`: text, json, junit or tap")
	fs.StringVar(&f.run, "run", "", "run only the cases and sequences whose full name (SUITE/CASE, SUITE/SEQUENCE/STEP) matches `REGEXP`")
	fs.BoolVar(&f.verbose, "v", false, "report every request, not only failures, with what the authorizer cache did")
	fs.StringVar(&f.out, "o", "", "write the report to `FILE`")
	fs.BoolVar(&f.noSkip, "no-skip", false, "fail (exit 1) when a request is skipped because its authorizer's program is not installed")
	fs.StringVar(&f.at, "time", "", "the time of requests whose suite gives none (`RFC3339`; default now)")
	f.load.register(fs)
	fs.Var(&f.inheritEnv, "inherit-env", inheritEnvUsage)
}

func runTest(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var f testFlags
	defineTestFlags(fs, &f)
	fs.Usage = func() {
		io.WriteString(fs.Output(), testUsage)
		printFlags(fs)
	}
	paths, code, stop := parseInterspersed(e, fs, args)
	if stop {
		return code
	}
	fail := func(err error) int {
		e.errorf("test: %v", err)
		return ExitUsage
	}
	a, err := parseTestArgs(&f, paths)
	if err != nil {
		return fail(err)
	}
	found, inputs, err := findSuites(e, a)
	if err != nil {
		return fail(err)
	}
	rep, read := suite.RunFiles(found, suite.FilesOptions{
		Load: a.load, FailSkips: a.noSkip,
		Run: suite.RunOptions{Filter: a.filter, Explain: a.verbose, Context: ctx, InheritEnv: a.inheritEnv},
	})
	inputs = append(inputs, read...)
	totals := rep.Totals()
	if ctx.Err() == nil && totals.LoadErrors == 0 && totals.Passed+totals.Failed+totals.Skipped == 0 {
		if a.run != "" {
			return fail(fmt.Errorf("no case or sequence matches --run %q", a.run))
		}
		return fail(fmt.Errorf("the suites hold no cases"))
	}
	if err := writeTestReport(e, a, rep, inputs); err != nil {
		return fail(err)
	}
	if ctx.Err() != nil {
		e.errorf("test: interrupted: the report stops before the request that was running; the rest of that suite and %d more suite files were not run", len(found)-len(rep.Files))
		return ExitUsage
	}
	return testExit(e, rep, totals)
}

// findSuites walks the paths for suite files, and returns them with the
// inputs an -o FILE may not be.
func findSuites(e *env, a *testArgs) (found []suite.Found, inputs []string, err error) {
	found, err = suite.Walk(a.paths, func(name string, why error) {
		e.errorf("test: skipped %s", pathErrorText(withSizeHint(why, "--max-suite-size")))
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%v", strings.TrimPrefix(err.Error(), "suite: "))
	}
	inputs = slices.Clone(a.paths)
	for _, fd := range found {
		inputs = append(inputs, fd.File)
	}
	if err := checkOutput(a.out, inputs); err != nil {
		return nil, nil, err
	}
	if len(found) == 0 {
		return nil, nil, fmt.Errorf("no suite files under %s: suites are named NAME.iamgate.yaml, NAME.iamgate.yml or NAME.iamgate.json", strings.Join(a.paths, ", "))
	}
	return found, inputs, nil
}

// writeTestReport writes the report in the format asked, to standard
// output or to -o FILE (then with the text report, or its last line, on
// standard output).
func writeTestReport(e *env, a *testArgs, rep *suite.Report, inputs []string) error {
	reporter, err := suite.NewReporter(a.format, suite.ReporterOptions{Verbose: a.verbose})
	if err != nil {
		return err
	}
	var report bytes.Buffer
	if err := reporter.Report(&report, rep); err != nil {
		return err
	}
	if a.out == "" {
		e.stdout.Write(report.Bytes())
		return nil
	}
	if err := checkOutput(a.out, inputs); err != nil {
		return err
	}
	if err := writeReport(a.out, report.Bytes()); err != nil {
		return fmt.Errorf("-o: %v", err)
	}
	if a.format == "text" {
		fmt.Fprintln(e.stdout, rep.Summary())
	} else {
		suite.TextReporter{Verbose: a.verbose}.Report(e.stdout, rep)
	}
	return nil
}

// testExit says on standard error what the report holds that must not go
// unseen (load errors, skips), and returns the exit code.
func testExit(e *env, rep *suite.Report, totals suite.Totals) int {
	if totals.LoadErrors > 0 {
		// Each load error is in the report; say it where people look.
		for _, r := range rep.Files {
			if r.Err != nil {
				e.errorf("test: %s", r.ErrorLine())
			}
		}
		return ExitUsage
	}
	if totals.Skipped > 0 {
		// Visible even when the report goes to a file or is JSON.
		for _, r := range rep.Files {
			for _, reason := range r.SkipReasons() {
				e.errorf("test: %s: %s", r.File, safetext.Clean(reason))
			}
		}
	}
	if totals.Failed > 0 {
		return ExitFailed
	}
	return ExitOK
}
