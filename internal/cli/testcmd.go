package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/rfc3339"
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

func runTest(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var f testFlags
	fs.StringVar(&f.format, "format", "text", "report `FORMAT`: text, json, junit or tap")
	fs.StringVar(&f.run, "run", "", "run only the cases and sequences whose full name (SUITE/CASE, SUITE/SEQUENCE/STEP) matches `REGEXP`")
	fs.BoolVar(&f.verbose, "v", false, "report every request, not only failures, with what the authorizer cache did")
	fs.StringVar(&f.out, "o", "", "write the report to `FILE`")
	fs.BoolVar(&f.noSkip, "no-skip", false, "fail (exit 1) when a request is skipped because its authorizer's program is not installed")
	fs.StringVar(&f.at, "time", "", "the time of requests whose suite gives none (`RFC3339`; default now)")
	f.load.register(fs)
	fs.Var(&f.inheritEnv, "inherit-env", inheritEnvUsage)
	fs.Usage = func() {
		io.WriteString(fs.Output(), testUsage)
		fs.PrintDefaults()
	}
	paths, code, stop := parseInterspersed(e, fs, args)
	if stop {
		return code
	}
	fail := func(format string, args ...any) int {
		e.errorf("test: "+format, args...)
		return ExitUsage
	}
	reporter, err := suite.NewReporter(f.format, suite.ReporterOptions{Verbose: f.verbose})
	if err != nil {
		return fail("--format: %q is not text, json, junit or tap", f.format)
	}
	var opts suite.RunOptions
	if f.run != "" {
		re, err := regexp.Compile(f.run)
		if err != nil {
			return fail("--run: %v", err)
		}
		opts.Filter = re
	}
	opts.Explain = f.verbose
	opts.Context = ctx
	if err := f.load.check(); err != nil {
		return fail("%v", err)
	}
	if err := checkInheritEnv(f.inheritEnv); err != nil {
		return fail("%v", err)
	}
	opts.InheritEnv = f.inheritEnv
	var now time.Time
	if f.at != "" {
		t, err := time.Parse(time.RFC3339, f.at)
		if err != nil {
			return fail("--time: %q is not an RFC 3339 time such as 2026-01-02T15:04:05Z", f.at)
		}
		if err := rfc3339.CheckCache(t, apigw.MaxTTL*time.Second); err != nil {
			return fail("--time: %q %v", f.at, err)
		}
		now = t
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	if slices.Contains(paths, "-") {
		// A suite's paths (documents, command folders) are relative to
		// its file, so it is read from a file, never from standard input.
		return fail("- (standard input) is not a suite file: give the suite's file or folder (its paths are relative to it)")
	}
	found, err := suite.Walk(paths, func(name string, why error) {
		e.errorf("test: skipped %s", pathErrorText(withSizeHint(why, "--max-suite-size")))
	})
	if err != nil {
		return fail("%v", strings.TrimPrefix(err.Error(), "suite: "))
	}
	files := make([]string, len(found))
	for i, fd := range found {
		files[i] = fd.File
	}
	inputs := append(slices.Clone(paths), files...)
	if err := checkOutput(f.out, inputs); err != nil {
		return fail("%v", err)
	}
	if len(files) == 0 {
		return fail("no suite files under %s: suites are named NAME.iamgate.yaml, NAME.iamgate.yml or NAME.iamgate.json", strings.Join(paths, ", "))
	}

	rep := &suite.Report{}
	names := map[string]string{}
	notRun := 0
	for _, fd := range found {
		file := fd.File
		if ctx.Err() != nil {
			notRun++
			continue
		}
		start := time.Now()
		load := f.load.options(fd.Root)
		load.Now = now
		s, err := suite.Load(file, load)
		if s != nil {
			inputs = append(inputs, s.Files()...)
		}
		if err == nil {
			if other, taken := names[s.Name]; taken {
				// Reports and --run name results SUITE/CASE: two suites
				// of one name would mix up.
				s, err = nil, fmt.Errorf("suite name %q is also the name of %s: give each suite its own name (the name key)", s.Name, other)
			} else {
				names[s.Name] = file
			}
		}
		run := suite.FileReport{File: file, Suite: s, Err: err}
		if err == nil {
			run.Results = s.Run(opts)
			run.Interrupted = ctx.Err() != nil
			if f.noSkip {
				failSkips(run.Results)
			}
		}
		run.Elapsed = time.Since(start)
		rep.Files = append(rep.Files, run)
	}

	totals := rep.Totals()
	if ctx.Err() == nil && totals.LoadErrors == 0 && totals.Passed+totals.Failed+totals.Skipped == 0 {
		if f.run != "" {
			return fail("no case or sequence matches --run %q", f.run)
		}
		return fail("the suites hold no cases")
	}

	var report bytes.Buffer
	if err := reporter.Report(&report, rep); err != nil {
		return fail("%v", err)
	}
	if f.out != "" {
		if err := checkOutput(f.out, inputs); err != nil {
			return fail("%v", err)
		}
		if err := writeReport(f.out, report.Bytes()); err != nil {
			return fail("-o: %v", err)
		}
		if f.format == "text" {
			fmt.Fprintln(e.stdout, rep.Summary())
		} else {
			suite.TextReporter{Verbose: f.verbose}.Report(e.stdout, rep)
		}
	} else {
		e.stdout.Write(report.Bytes())
	}
	if ctx.Err() != nil {
		e.errorf("test: interrupted: the report stops before the request that was running; the rest of that suite and %d more suite files were not run", notRun)
		return ExitUsage
	}
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

// failSkips makes the skipped results failures (--no-skip): each says
// what was not run and why, in every report.
func failSkips(results []suite.Result) {
	for i := range results {
		r := &results[i]
		if r.Skipped {
			r.Skipped, r.Passed = false, false
			r.Got = "not run (--no-skip)"
			r.Problem = "not run: " + r.SkipReason
		}
	}
}
