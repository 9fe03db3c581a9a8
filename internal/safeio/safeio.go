// Package safeio reads the files iamgate is given without trusting them:
// only regular files (a FIFO would block the read forever, a device such
// as /dev/zero would never end), at most a given number of bytes, and,
// for files another file names, only inside the folders the user allows.
//
// Every failure is a typed error naming the file: [*NotRegularError],
// [*TooLargeError] and [*OutsideError].
package safeio

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Default limits, in bytes. API Gateway's resource policy quota is 8,192
// characters and an authorizer's output is of the same order: a megabyte
// is far beyond any real document. A suite holds many requests.
const (
	DocumentLimit int64 = 1 << 20
	SuiteLimit    int64 = 8 << 20
)

// NotRegularError says that a file is not a regular file: a folder, a
// FIFO, a device, a socket.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is not a regular file (%s): only regular files are read", e.Path, modeName(e.Mode))
}

func modeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "mode " + m.String()
}

// TooLargeError says that a file holds more than the limit allows.
type TooLargeError struct {
	Path  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than the limit of %s", e.Path, FormatSize(e.Limit))
}

// OutsideError says that a file another file names lies outside the
// folders it may read: Resolved is where Path leads once symbolic links
// are followed.
type OutsideError struct {
	Path     string
	Resolved string
	Roots    []string
}

func (e *OutsideError) Error() string {
	where := ""
	if e.Resolved != e.Path {
		where = " (it leads to " + e.Resolved + ")"
	}
	return fmt.Sprintf("%s is outside the folders that may be read%s: %s", e.Path, where, strings.Join(e.Roots, ", "))
}

// ReadFile reads the regular file name, refusing anything else, and at
// most limit bytes (a limit of 0 or less means DocumentLimit). It opens
// the file without blocking, so that a FIFO is refused rather than waited
// on.
func ReadFile(name string, limit int64) ([]byte, error) {
	f, err := open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &NotRegularError{Path: name, Mode: info.Mode()}
	}
	return ReadAll(f, name, limit)
}

// ReadAll reads r to its end, at most limit bytes (0 or less means
// DocumentLimit); name names it in the error.
func ReadAll(r io.Reader, name string, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DocumentLimit
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Path: name, Limit: limit}
	}
	return data, nil
}

// ReadFS is ReadFile for a file of fsys. fs.FS has no way to open without
// blocking, so the file is looked at with fs.Stat first.
func ReadFS(fsys fs.FS, name string, limit int64) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &NotRegularError{Path: name, Mode: info.Mode()}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, name, limit)
}

// IsRegular reports whether name, its symbolic links followed, is a
// regular file; err is set when it cannot be looked at.
func IsRegular(name string) (bool, fs.FileMode, error) {
	info, err := os.Stat(name)
	if err != nil {
		return false, 0, err
	}
	return info.Mode().IsRegular(), info.Mode(), nil
}

// Resolve returns the absolute path name leads to, its symbolic links
// followed, after checking that it lies inside one of roots (whose own
// links are followed too). A root that does not exist holds nothing.
func Resolve(name string, roots []string) (string, error) {
	resolved, err := filepath.EvalSymlinks(name)
	if err != nil {
		return "", err
	}
	if resolved, err = filepath.Abs(resolved); err != nil {
		return "", err
	}
	for _, root := range roots {
		r, err := filepath.EvalSymlinks(root)
		if err != nil {
			continue
		}
		if r, err = filepath.Abs(r); err != nil {
			continue
		}
		if Within(resolved, r) {
			return resolved, nil
		}
	}
	return "", &OutsideError{Path: name, Resolved: resolved, Roots: roots}
}

// Within reports whether the clean absolute path p is root or lies under
// it.
func Within(p, root string) bool {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// ParseSize reads a size such as 1048576, 512KiB, 4MiB, 1GiB (or KB, MB,
// GB, taken as the same powers of 1024, and K, M, G).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	upper := strings.ToUpper(t)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(upper, u.suffix) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, fmt.Errorf("%q is not a size such as 4MiB, 512KiB or 1048576 (bytes, from 1 to 1TiB)", s)
	}
	return n * mult, nil
}

// FormatSize writes n bytes as ParseSize reads them: 1 MiB, 512 KiB, or a
// number of bytes.
func FormatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + " GiB"
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// IsText reports whether data may be shown as a document's source: UTF-8
// without NUL bytes or other control characters than tab, newline and
// carriage return. A file that is not text is never quoted in messages.
func IsText(data []byte) bool {
	for len(data) > 0 {
		c := data[0]
		if c < 0x80 {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
				return false
			}
			data = data[1:]
			continue
		}
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return false
		}
		data = data[size:]
	}
	return true
}

// NotDocumentError says that a file is not a document that may be shown:
// it is not text, or not JSON. Its message holds none of the file's
// bytes, so that a file that is not what it was named as (an environment,
// a key) is never quoted in a report.
type NotDocumentError struct {
	Path string
	// Text is false when the file is not text at all.
	Text bool
}

func (e *NotDocumentError) Error() string {
	if !e.Text {
		return e.Path + " is not a JSON document: it is not text (it holds a NUL byte, a control character or bytes that are not UTF-8); its content is not shown"
	}
	msg := e.Path + " is not a JSON document: it does not begin with { or [; its content is not shown"
	if ext := strings.ToLower(filepath.Ext(e.Path)); ext == ".yaml" || ext == ".yml" {
		// AWS reads policies and authorizer output as JSON only.
		msg += " (policy documents and authorizer responses are JSON: convert the YAML, for example with yq -o=json)"
	}
	return msg
}

// CheckJSON returns a *NotDocumentError unless data is text whose first
// token (after a byte order mark and white space) is { or [: only such a
// file is parsed as a JSON document and quoted in its errors. Empty text
// passes (the parser says it is empty).
func CheckJSON(name string, data []byte) error {
	if !IsText(data) {
		return &NotDocumentError{Path: name}
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) > 0 && t[0] != '{' && t[0] != '[' {
		return &NotDocumentError{Path: name, Text: true}
	}
	return nil
}
