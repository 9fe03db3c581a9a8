package suite

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/iamgate/iamgate/internal/safeio"
	"github.com/iamgate/iamgate/policy"
	yaml "go.yaml.in/yaml/v4"
)

// errorList returns every problem in err (a policy.ErrorList, a
// *policy.Error, or errors joined with errors.Join) with its own file and
// position; any other error becomes a problem of file without a position.
func errorList(err error, file string) policy.ErrorList {
	var out policy.ErrorList
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case policy.ErrorList:
			out = append(out, e...)
		case *policy.Error:
			out = append(out, e)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		default:
			if l := policy.AsList(err); l != nil {
				out = append(out, l...)
				return
			}
			out = append(out, &policy.Error{File: file, Msg: trimPkg(err)})
		}
	}
	walk(err)
	return out
}

// trimPkg is an error's text without the prefix of the package that
// returned it.
func trimPkg(err error) string {
	s := err.Error()
	for _, p := range []string{"apigw: ", "arn: ", "eval: ", "policy: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// document reads a policy document: a path relative to the suite, or
// inline JSON.
func (l *loader) document(f field, what string, kind policy.Kind) *policy.Document {
	t := l.text(f, what, false)
	if !t.ok {
		return nil
	}
	data, file, key := t.data, t.file, t.key(kind.String())
	p, ok := l.docs[key]
	if !ok {
		p = &parsedDoc{}
		d, err := policy.Parse(data, policy.ParseOptions{File: file, Kind: kind})
		if err != nil {
			p.errs = errorList(err, file)
		} else {
			p.doc = d
		}
		l.docs[key] = p
	}
	if p.errs != nil {
		prefix := ""
		if file == l.file || strings.HasPrefix(file, l.file+":") {
			// Written in place: paths from the suite's root.
			prefix = f.path
		}
		l.errs = append(l.errs, withPath(p.errs, prefix)...)
		return nil
	}
	return p.doc
}

// compiles reports the problems that compiling a document finds (a bad IP
// range, an unknown condition operator), which parsing does not, with
// their positions; a document written in the suite file gets paths from
// the suite's root, as in document.
func (l *loader) compiles(d *policy.Document, f field) bool {
	list, ok := l.compileOnce(d, f)
	if !ok {
		return false
	}
	if list == nil {
		return true
	}
	prefix := ""
	if d.File == l.file {
		prefix = f.path
	}
	l.errs = append(l.errs, withPath(list, prefix)...)
	return false
}

// lineOf says where a value is written in the suite, as SUITE:LINE:COLUMN
// (two documents may share a line in flow style), for Result.From and to
// tell documents written in place apart.
func (l *loader) lineOf(n *yaml.Node) string {
	p := l.pos(n)
	return fmt.Sprintf("%s:%d:%d", l.file, p.Line, p.Column)
}

// documentText returns a document's text and the file name its positions
// refer to.
//
// A named file that is not JSON text is refused, without quoting it, for
// a policy document; for an authorizer's output (unshown), it is returned
// with nil data, since such output is an answer (a 500), not an error.
func (l *loader) documentText(f field, what string, unshown ...bool) ([]byte, string, bool) {
	if f.val == nil {
		l.errorf(f.key, f.path, "%s is empty", what)
		return nil, "", false
	}
	text, exact, inline := l.inlineJSON(f, what)
	if inline {
		if text == nil {
			return nil, "", false
		}
		if exact {
			return text, l.file, true
		}
		name := fmt.Sprintf("%s (inline %s)", l.lineOf(f.val), f.key.Value)
		l.sources[name] = text
		return text, name, true
	}
	rel, ok := l.str(f, what)
	if !ok {
		return nil, "", false
	}
	file := l.fsys.join(l.dir, rel)
	data, err := l.readNamed(file)
	if err == nil {
		// A file that is not a JSON document is never parsed, and so
		// never quoted.
		err = safeio.CheckJSON(file, data)
		var notDoc *safeio.NotDocumentError
		if len(unshown) > 0 && unshown[0] && errors.As(err, &notDoc) {
			return nil, file, true
		}
	}
	if err != nil {
		l.errorf(f.val, f.path, "%s: %s", what, readProblem(file, err))
		return nil, "", false
	}
	l.sources[file] = data
	return data, file, true
}

// readNamed reads a file the suite names, when it leads inside the
// folders the suite may read.
func (l *loader) readNamed(file string) ([]byte, error) {
	if err := l.fsys.inside(file, l.roots); err != nil {
		return nil, err
	}
	data, err := l.fsys.read(file, l.limit)
	if err == nil && !slices.Contains(l.read, file) {
		l.read = append(l.read, file)
	}
	return data, err
}

// readProblem says why a file the suite names was not read.
func readProblem(file string, err error) string {
	var outside *safeio.OutsideError
	var large *safeio.TooLargeError
	var notDoc *safeio.NotDocumentError
	var notRegular *safeio.NotRegularError
	switch {
	case errors.As(err, &outside):
		return fmt.Sprintf("%s is outside the folders a suite may read (its own folder tree, and those allowed with --allow-path or LoadOptions.AllowPaths)", outsideName(outside))
	case errors.As(err, &large):
		return fmt.Sprintf("%s is larger than the limit of %s for a document (raise it with --max-document-size or LoadOptions.MaxDocumentSize)", file, safeio.FormatSize(large.Limit))
	case errors.As(err, &notDoc), errors.As(err, &notRegular):
		return err.Error()
	}
	return fmt.Sprintf("cannot read %s (paths are relative to the suite file): %v", file, unwrapPathError(err))
}

// outsideName is the path of a file outside the suite's folders, and
// where it leads when that is elsewhere.
func outsideName(e *safeio.OutsideError) string {
	if e.Resolved != e.Path {
		return fmt.Sprintf("%s (which leads to %s)", e.Path, e.Resolved)
	}
	return e.Path
}

// unwrapPathError is the innermost error err wraps, without the path and
// operation a file system adds.
func unwrapPathError(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok || u.Unwrap() == nil {
			return err
		}
		err = u.Unwrap()
	}
}
