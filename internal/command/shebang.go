package command

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// startError explains why the program at path (relative to dir) could not
// be started. The system says "no such file or directory" for a script
// whose #! interpreter is missing, naming the script, which exists: then
// the interpreter is named instead.
func startError(path, dir string, err error) error {
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	full := path
	if !filepath.IsAbs(full) && dir != "" {
		full = filepath.Join(dir, full)
	}
	interp, ok := shebang(full)
	if !ok {
		return err
	}
	if _, statErr := os.Stat(interp); statErr == nil {
		// The interpreter is there: something else is missing (its own
		// interpreter, a library); say what the system said.
		return err
	}
	return fmt.Errorf("%s: its interpreter %s (the #! line) is not installed: %w", path, interp, err)
}

// shebang reads the interpreter a script names on its #! line; ok is false
// for a file that cannot be read or has no such line.
func shebang(path string) (interp string, ok bool) {
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() {
		return "", false
	}
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	// Linux reads at most 256 bytes of the line (BINPRM_BUF_SIZE).
	head := make([]byte, 256)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return "", false
	}
	head = head[:n]
	rest, found := bytes.CutPrefix(head, []byte("#!"))
	if !found {
		return "", false
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	fields := strings.Fields(string(line))
	if len(fields) == 0 {
		return "", false
	}
	return fields[0], true
}
