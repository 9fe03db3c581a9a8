package cli

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/rfc3339"
	"github.com/iamgate/iamgate/suite"
)

// testArgs is what the flags and paths of test say, typed and checked:
// parseTestArgs makes it, and runTest turns it into suite.Walk and
// suite.RunFiles, and a suite.Reporter.
type testArgs struct {
	// format names the report's suite.Reporter; verbose reports every
	// request.
	format  string
	verbose bool
	// filter picks the cases to run (nil: all); run is its text, as
	// given.
	filter *regexp.Regexp
	run    string
	// out is the file the report goes to ("": standard output).
	out    string
	noSkip bool
	// load are the suites' load options: the folders they may read, the
	// size limits, the time of requests that give none (zero: now).
	load       suite.LoadOptions
	inheritEnv []string
	// paths are the suite files and folders; "." when none is given.
	paths []string
}

// parseTestArgs checks the flags and paths and types their values. It
// reads no file; it checks that each --allow-path is a folder.
func parseTestArgs(f *testFlags, paths []string) (*testArgs, error) {
	a := &testArgs{format: f.format, verbose: f.verbose, run: f.run, out: f.out, noSkip: f.noSkip,
		inheritEnv: f.inheritEnv, paths: paths}
	if _, err := suite.NewReporter(f.format, suite.ReporterOptions{}); err != nil {
		return nil, fmt.Errorf("--format: %q is not text, json, junit or tap", f.format)
	}
	if f.run != "" {
		re, err := regexp.Compile(f.run)
		if err != nil {
			return nil, fmt.Errorf("--run: %v", err)
		}
		a.filter = re
	}
	if err := f.load.check(); err != nil {
		return nil, err
	}
	a.load = f.load.options("")
	if err := checkInheritEnv(f.inheritEnv); err != nil {
		return nil, err
	}
	if f.at != "" {
		t, err := time.Parse(time.RFC3339, f.at)
		if err != nil {
			return nil, fmt.Errorf("--time: %q is not an RFC 3339 time such as 2026-01-02T15:04:05Z", f.at)
		}
		if err := rfc3339.CheckCache(t, apigw.MaxTTL*time.Second); err != nil {
			return nil, fmt.Errorf("--time: %q %v", f.at, err)
		}
		a.load.Now = t
	}
	if len(a.paths) == 0 {
		a.paths = []string{"."}
	}
	if slices.Contains(a.paths, "-") {
		// A suite's paths (documents, command folders) are relative to
		// its file, so it is read from a file, never from standard input.
		return nil, errors.New("- (standard input) is not a suite file: give the suite's file or folder (its paths are relative to it)")
	}
	return a, nil
}
