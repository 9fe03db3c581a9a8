package suite

import (
	"fmt"
	"slices"
	"time"
)

// FilesOptions adjust RunFiles.
type FilesOptions struct {
	// Load loads each file. A file found in a folder (its Found.Root) may
	// also read that folder's tree, besides Load.AllowPaths.
	Load LoadOptions
	// Run runs each suite. Once Run.Context is cancelled, the suite
	// running then stops (its FileReport is Interrupted) and the files
	// after it are neither loaded nor reported.
	Run RunOptions
	// FailSkips makes every skipped request a failure that says what was
	// not run and why ("iamgate test --no-skip").
	FailSkips bool
}

// RunFiles loads and runs the suite files, in order, and reports each:
// its results, or why it did not load. A suite whose name another file
// already took does not run: reports and RunOptions.Filter name results
// SUITE/CASE, and two suites of one name would mix up. read lists the
// files the loaded suites read (see Suite.Files), for a caller that must
// not overwrite them.
func RunFiles(found []Found, o FilesOptions) (rep *Report, read []string) {
	rep = &Report{}
	names := map[string]string{}
	for _, fd := range found {
		if o.Run.Context != nil && o.Run.Context.Err() != nil {
			break
		}
		start := time.Now()
		load := o.Load
		if fd.Root != "" {
			load.AllowPaths = append(slices.Clone(load.AllowPaths), fd.Root)
		}
		s, err := Load(fd.File, load)
		if s != nil {
			read = append(read, s.Files()...)
		}
		if err == nil {
			if other, taken := names[s.Name]; taken {
				s, err = nil, fmt.Errorf("suite name %q is also the name of %s: give each suite its own name (the name key)", s.Name, other)
			} else {
				names[s.Name] = fd.File
			}
		}
		run := FileReport{File: fd.File, Suite: s, Err: err}
		if err == nil {
			run.Results = s.Run(o.Run)
			run.Interrupted = o.Run.Context != nil && o.Run.Context.Err() != nil
			if o.FailSkips {
				FailSkips(run.Results)
			}
		}
		run.Elapsed = time.Since(start)
		rep.Files = append(rep.Files, run)
	}
	return rep, read
}

// FailSkips makes the skipped results failures: each says what was not
// run and why, in every report.
func FailSkips(results []Result) {
	for i := range results {
		r := &results[i]
		if r.Skipped {
			r.Skipped, r.Passed = false, false
			r.Got = "not run (--no-skip)"
			r.Problem = "not run: " + r.SkipReason
		}
	}
}
