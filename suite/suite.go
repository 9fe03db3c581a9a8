package suite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/internal/caret"
	"github.com/iamgate/iamgate/internal/safeio"
	"github.com/iamgate/iamgate/policy"
)

// Extensions are the file name endings that mark a suite when folders are
// walked: NAME.iamgate.yaml, NAME.iamgate.yml or NAME.iamgate.json. A file
// named explicitly is read whatever its name.
var Extensions = []string{".iamgate.yaml", ".iamgate.yml", ".iamgate.json"}

// IsSuiteFile reports whether a file name follows the suite naming
// convention (Extensions).
func IsSuiteFile(name string) bool {
	for _, ext := range Extensions {
		if strings.HasSuffix(name, ext) && len(name) > len(ext) {
			return true
		}
	}
	return false
}

// Suite is a compiled suite file: the API, its routes and their
// authorization, and the requests with the answers they must get. Loading
// parses and compiles every document and prepares every request, so Run
// only decides. A Suite is immutable; Run may be called many times, from
// any number of goroutines at once.
type Suite struct {
	// File is the suite's file name as it was given.
	File string
	// Name is the suite's name: its name key, or the file name without
	// its extension.
	Name string
	// API is the API the suite's requests go to.
	API arn.API
	// Messages is the 403 wording the suite expects (D5).
	Messages apigw.MessageStyle
	// Cases are independent requests: each starts with an empty
	// authorizer cache.
	Cases []*Case
	// Sequences are ordered requests sharing one authorizer cache and one
	// clock.
	Sequences []*Sequence

	sources map[string][]byte
	loaded  *loader    // what was read, for Documents
	model   *apigw.API // the API the requests go to
}

// Model returns the API model the suite's requests go to: its ARN,
// resource policy, authorizers and methods (the routes, or one
// authorization for every method when the suite lists none); nil for a
// Suite that was not loaded.
func (s *Suite) Model() *apigw.API { return s.model }

// Case is one request and the answer it must get.
type Case struct {
	// Name is the case's name, unique in its suite (or its sequence).
	Name string
	// Line is the line of the case in the suite file.
	Line int
	// Request is the request line, such as "GET /prod/orders/42".
	Request string
	// Route is the route the request was matched to ("GET /orders/{id}"),
	// "" when the suite declares no routes.
	Route string
	// Expect is the answer the request must get.
	Expect Expectation
	// Time is when the request is made.
	Time time.Time

	gateway *apigw.Gateway // nil: no such method
	method  arn.MethodARN
	call    apigw.Call
	// invoke is what the authorizer answers when it runs for this
	// request; from says where that answer is written.
	invoke *apigw.AuthorizerResult
	from   string
	// runner is the command authorizer the request reaches, run when no
	// cache entry answers; event says what its event needs besides the
	// call.
	runner *commandAuthorizer
	event  apigw.EventOptions
}

// Sequence is an ordered list of steps that share one authorizer cache
// and one clock.
type Sequence struct {
	Name  string
	Line  int
	Start time.Time
	Steps []*Step
}

// Step is one step of a sequence: a request, a flush of a stage's
// authorizer cache, or a wait.
type Step struct {
	Line int
	// Case is the request, or nil.
	Case *Case
	// Flush is the stage whose authorizer cache is emptied, or "".
	Flush string
	// Wait is how long the clock moves on, or 0.
	Wait time.Duration

	path string // JSON Pointer of the step in the suite
	pos  policy.Pos
	at   time.Time // when a flush happens
}

// LoadOptions adjust loading.
type LoadOptions struct {
	// Now is the time of requests that give none (defaults.time, a
	// sequence's time): the zero Time means time.Now, truncated to the
	// second. A time RFC 3339 cannot write (in UTC, before the year 0000 or
	// after 9999) is an error.
	Now time.Time
	// AllowPaths are folders whose files the suite may name besides its
	// own folder tree: documents, responses, and a command's folder and
	// program given as relative paths. A path is checked once its
	// symbolic links are followed.
	AllowPaths []string
	// MaxSuiteSize is the largest suite file read, in bytes; 0 means
	// DefaultMaxSuiteSize.
	MaxSuiteSize int64
	// MaxDocumentSize is the largest document (or response) file the
	// suite may name, in bytes; 0 means DefaultMaxDocumentSize.
	MaxDocumentSize int64
	// MaxNodes, MaxExpandedBytes, MaxStatements, MaxFilledBytes and
	// MaxRouteChecks raise (or lower) the limits on the work loading does
	// (DefaultMaxNodes and the others); 0 or less means the default.
	MaxNodes, MaxExpandedBytes, MaxStatements, MaxFilledBytes, MaxRouteChecks int
}

// Default sizes: a document of a megabyte is already far beyond API
// Gateway's quotas (a resource policy holds 8,192 characters).
const (
	DefaultMaxSuiteSize    = safeio.SuiteLimit
	DefaultMaxDocumentSize = safeio.DocumentLimit
)

// Error is every problem found while loading a suite and the documents it
// names, each with its file, line, column and path.
type Error struct {
	List    policy.ErrorList
	sources map[string][]byte
}

func (e *Error) Error() string { return e.List.Error() }

// Unwrap returns the list, so errors.As finds a policy.ErrorList.
func (e *Error) Unwrap() error { return e.List }

// Detail returns the first policy.MaxDetail problems, each on its own
// line followed by the line of the file it is in and a caret under the
// column, then "and N more errors" when there are more. Each file's lines
// are indexed once.
func (e *Error) Detail() string {
	var b strings.Builder
	lines := map[string]*caret.Lines{}
	for i, p := range e.List {
		if i == policy.MaxDetail {
			b.WriteString(caret.More(len(e.List)-i, "error"))
			break
		}
		b.WriteString(p.Error())
		b.WriteByte('\n')
		src, ok := e.sources[p.File]
		if !ok || src == nil || !p.Pos.IsValid() {
			continue
		}
		l := lines[p.File]
		if l == nil {
			l = caret.NewLines(src)
			lines[p.File] = l
		}
		if line, col, ok := l.At(p.Pos.Line, p.Pos.Column); ok {
			fmt.Fprintf(&b, "\t%s\n\t%s^\n", line, caret.Indent(line, col))
		}
	}
	return b.String()
}

// Load reads and compiles a suite file. Paths in the suite are relative to
// its folder, and must lead inside its folder tree or one of
// opts.AllowPaths. Only regular files are read, each at most its size
// limit. Problems are reported as an *Error; a file that cannot be read is
// a plain error.
func Load(file string, opts LoadOptions) (*Suite, error) {
	return load(file, opts, osFiles{})
}

// LoadFS is Load for a file in fsys, such as the embedded fixtures. The
// folders a suite may read, its own and opts.AllowPaths, are paths of
// fsys.
func LoadFS(fsys fs.FS, file string, opts LoadOptions) (*Suite, error) {
	if fsys == nil {
		return nil, errNoFS
	}
	return load(file, opts, fsFiles{fsys})
}

// Parse compiles a suite from its text. file names it in errors; relative
// paths in it are read from the operating system's files, relative to
// file's folder, as Load reads them.
func Parse(data []byte, file string, opts LoadOptions) (*Suite, error) {
	return parse(data, file, opts, osFiles{})
}

var errNoFS = errors.New("suite: no file system (a nil fs.FS)")

type files interface {
	read(name string, limit int64) ([]byte, error)
	// inside checks that name leads inside one of roots.
	inside(name string, roots []string) error
	join(dir, rel string) string
	dir(name string) string
}

type osFiles struct{}

func (osFiles) read(name string, limit int64) ([]byte, error) { return safeio.ReadFile(name, limit) }
func (osFiles) dir(name string) string                        { return filepath.Dir(name) }
func (osFiles) inside(name string, roots []string) error {
	_, err := safeio.Resolve(name, roots)
	return err
}
func (osFiles) join(dir, rel string) string {
	if filepath.IsAbs(rel) {
		return filepath.Clean(rel)
	}
	return filepath.Join(dir, filepath.FromSlash(rel))
}

type fsFiles struct{ fsys fs.FS }

func (f fsFiles) read(name string, limit int64) ([]byte, error) {
	return safeio.ReadFS(f.fsys, name, limit)
}
func (fsFiles) dir(name string) string      { return path.Dir(name) }
func (fsFiles) join(dir, rel string) string { return path.Join(dir, rel) }

// inside compares the clean paths: an fs.FS has no symbolic links to
// follow (fs.ValidPath has no "..").
func (fsFiles) inside(name string, roots []string) error {
	for _, r := range roots {
		r = path.Clean(r)
		if r == "." || name == r || strings.HasPrefix(name, r+"/") {
			return nil
		}
	}
	return &safeio.OutsideError{Path: name, Resolved: name, Roots: roots}
}

func load(file string, opts LoadOptions, fsys files) (*Suite, error) {
	limit := opts.MaxSuiteSize
	if limit <= 0 {
		limit = DefaultMaxSuiteSize
	}
	data, err := fsys.read(file, limit)
	if err != nil {
		return nil, fmt.Errorf("suite: %w", err)
	}
	return parse(data, file, opts, fsys)
}

func parse(data []byte, file string, opts LoadOptions, fsys files) (*Suite, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now().Truncate(time.Second)
	}
	if err := timeInRange(opts.Now); err != nil {
		return nil, fmt.Errorf("suite: LoadOptions.Now %w", err)
	}
	l := &loader{
		decoder: newDecoder(file, data),
		fsys:    fsys,
		dir:     fsys.dir(file),
		now:     opts.Now,
		sources: map[string][]byte{},
		outputs: map[string]*apigw.AuthorizerResult{},
		roots:   append([]string{fsys.dir(file)}, opts.AllowPaths...),
		limit:   opts.MaxDocumentSize,
		read:    []string{file},
	}
	if l.limit <= 0 {
		l.limit = DefaultMaxDocumentSize
	}
	if safeio.IsText(data) {
		// Only text is quoted under its problems.
		l.sources[file] = data
	}
	l.prepare(opts)
	s := l.suite()
	if len(l.errs) > 0 {
		l.errs.Sort()
		return nil, &Error{List: l.errs, sources: l.sources}
	}
	s.sources = l.sources
	s.loaded = l
	return s, nil
}

// Find walks paths for suite files: a file is taken as it is, a folder is
// walked for files named by the convention (Extensions), skipping folders
// whose names begin with "." or "_", node_modules and testdata. The result
// is sorted and has no repeats. It is Walk without the folders, and
// without notes of what was skipped.
func Find(paths ...string) ([]string, error) {
	found, err := Walk(paths, nil)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(found))
	for i, f := range found {
		out[i] = f.File
	}
	return out, nil
}

// Found is a suite file found by Walk: File, and Root, the folder given to
// Walk that holds it ("" for a file given by name). A suite found in a
// folder may also read the files of that folder's tree (pass Root in
// LoadOptions.AllowPaths).
type Found struct {
	File, Root string
}

// Walk is Find, returning where each file was found. A file found in a
// folder that is not a regular file once its links are followed (a link
// to a device, a FIFO), or that leads outside the folder, is skipped, and
// skipped (when not nil) is told why.
func Walk(paths []string, skipped func(file string, why error)) ([]Found, error) {
	seen := map[string]bool{}
	var out []Found
	add := func(p, root string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, Found{File: p, Root: root})
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("suite: %w", err)
		}
		if !info.IsDir() {
			add(filepath.Clean(p), "")
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				base := d.Name()
				if name != p && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") || base == "node_modules" || base == "testdata") {
					return filepath.SkipDir
				}
				return nil
			}
			if !IsSuiteFile(d.Name()) {
				return nil
			}
			if why := walkedFileProblem(name, p); why != nil {
				if skipped != nil {
					skipped(name, why)
				}
				return nil
			}
			found = append(found, name)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("suite: %w", err)
		}
		sort.Strings(found)
		for _, f := range found {
			add(f, filepath.Clean(p))
		}
	}
	return out, nil
}

// walkedFileProblem says why a file found in the folder root is not read:
// it is not a regular file, or it leads outside root.
func walkedFileProblem(name, root string) error {
	regular, mode, err := safeio.IsRegular(name)
	switch {
	case err != nil:
		return err
	case !regular:
		return &safeio.NotRegularError{Path: name, Mode: mode}
	}
	_, err = safeio.Resolve(name, []string{root})
	return err
}

// FindFS is Find for the files of fsys under root.
func FindFS(fsys fs.FS, root string) ([]string, error) {
	if fsys == nil {
		return nil, errNoFS
	}
	var out []string
	err := fs.WalkDir(fsys, root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && IsSuiteFile(d.Name()) {
			out = append(out, name)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("suite: %w", err)
	}
	sort.Strings(out)
	return out, nil
}

// AsError returns err as a suite *Error, when it is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
