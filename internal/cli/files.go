package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/iamgate/iamgate/internal/safeio"
	"github.com/iamgate/iamgate/suite"
)

// readInput reads a file, or standard input for "-": only a regular file
// (a FIFO is refused without waiting on it, a device without reading it),
// and at most limit bytes (0: the default for a document).
func readInput(e *env, name string, limit int64) ([]byte, error) {
	if name == "-" {
		data, err := safeio.ReadAll(e.stdin, "<stdin>", limit)
		if errors.Is(err, errInterrupted) {
			return nil, errInterrupted
		}
		return data, err
	}
	return safeio.ReadFile(name, limit)
}

// readDocument is readInput for a JSON document, which is parsed and may be
// quoted in errors: a file that is not JSON text is refused, and none of
// its bytes are shown.
func readDocument(e *env, name string, limit int64) ([]byte, error) {
	src, err := readInput(e, name, limit)
	if err != nil {
		return nil, err
	}
	if err := safeio.CheckJSON(displayName(name), src); err != nil {
		return nil, err
	}
	return src, nil
}

// withSizeHint adds to a file's size error the flag that raises the
// limit; other errors are returned as they are.
func withSizeHint(err error, sizeFlag string) error {
	var large *safeio.TooLargeError
	if errors.As(err, &large) {
		return fmt.Errorf("%w (raise it with %s)", large, sizeFlag)
	}
	return err
}

// sizeFlag is a size in bytes written as 4MiB, 512KiB or 1048576.
type sizeFlag struct{ n int64 }

func (s *sizeFlag) String() string {
	if s == nil || s.n == 0 {
		return ""
	}
	return safeio.FormatSize(s.n)
}

func (s *sizeFlag) Set(v string) error {
	n, err := safeio.ParseSize(v)
	if err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "safeio: "))
	}
	s.n = n
	return nil
}

// loadFlags are the flags of the commands that load suites: the folders a
// suite may also read, and the size limits.
type loadFlags struct {
	allow        multiFlag
	maxDocument  sizeFlag
	maxSuiteFile sizeFlag
}

func (l *loadFlags) register(fs *flag.FlagSet) {
	fs.Var(&l.allow, "allow-path", "a `FOLDER` whose files a suite may name, besides its own folder tree (and the folder it was found in); repeatable")
	fs.Var(&l.maxDocument, "max-document-size", "the largest document a suite names or a path gives (`SIZE` such as 4MiB; default 1MiB)")
	fs.Var(&l.maxSuiteFile, "max-suite-size", "the largest suite file (`SIZE` such as 16MiB; default 8MiB)")
}

// check refuses an --allow-path that is not a folder: a typo would
// otherwise allow nothing, silently.
func (l *loadFlags) check() error {
	for _, dir := range l.allow {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			return fmt.Errorf("--allow-path: %s is not a folder", dir)
		}
	}
	return nil
}

// options are the load options for a suite found in the folder root (""
// for a suite named on the command line).
func (l *loadFlags) options(root string) suite.LoadOptions {
	opts := suite.LoadOptions{AllowPaths: slices.Clone(l.allow), MaxDocumentSize: l.maxDocument.n, MaxSuiteSize: l.maxSuiteFile.n}
	if root != "" {
		opts.AllowPaths = append(opts.AllowPaths, root)
	}
	return opts
}

// sameFile returns the input that out is (the same file, by identity, not
// by name), or "" when it is none of them or does not exist yet.
func sameFile(out string, inputs []string) string {
	oi, err := os.Stat(out)
	if err != nil {
		return ""
	}
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		if ii, err := os.Stat(in); err == nil && os.SameFile(oi, ii) {
			return in
		}
	}
	return ""
}

// checkOutput refuses an -o FILE that is one of the inputs: writing the
// report would destroy it.
func checkOutput(out string, inputs []string) error {
	if out == "" {
		return nil
	}
	if in := sameFile(out, inputs); in != "" {
		if in == out {
			return fmt.Errorf("-o: %s is an input: the report would replace it; write the report elsewhere", out)
		}
		return fmt.Errorf("-o: %s is the input %s: the report would replace it; write the report elsewhere", out, in)
	}
	if info, err := os.Stat(out); err == nil && info.IsDir() {
		return fmt.Errorf("-o: %s is a folder: give a file name", out)
	}
	return nil
}

// writeReport writes data to name through a temporary file in the same
// folder, renamed into place: an interrupted run leaves the old file whole
// (or none), never half a report. An existing file keeps its mode.
func writeReport(name string, data []byte) error {
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(name); err == nil && info.Mode().IsRegular() {
		mode = info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		os.Remove(tmp.Name())
		done = true
		return err
	}
	done = true
	return nil
}
