package policy

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/iamgate/iamgate/internal/caret"
)

// Error is one problem found in a document: where it is and what is wrong.
type Error struct {
	// File names the document; it may be empty.
	File string
	// Pos is the position of the offending text (zero if unknown).
	Pos Pos
	// Path is the JSON Pointer of the offending element, "/Statement/2/Effect";
	// "" for the document itself.
	Path string
	// Msg says what is wrong, without position.
	Msg string
}

// Error formats the problem as "file:line:col: msg (at /JSON/path)".
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	if e.Pos.IsValid() {
		fmt.Fprintf(&b, "%d:%d:", e.Pos.Line, e.Pos.Column)
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(e.Msg)
	if e.Path != "" {
		fmt.Fprintf(&b, " (at %s)", e.Path)
	}
	return b.String()
}

// ErrorList is every problem found in one or more documents, as returned by
// Parse. It is sorted by file and position.
type ErrorList []*Error

// Error returns the first problem and a count of the others; use the list
// itself (or Detail) to show all of them.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	if len(l) == 2 {
		return fmt.Sprintf("%s (and 1 more error)", l[0])
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Err returns l as an error, or nil when l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Sort orders the list by file, then position, then path.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Column != b.Pos.Column {
			return a.Pos.Column < b.Pos.Column
		}
		return a.Path < b.Path
	})
}

// MaxDetail is how many problems Detail shows; a line "and N more
// errors" stands for the rest. The list itself keeps every problem.
const MaxDetail = 100

// Detail returns the first MaxDetail problems, each on its own line, then
// "and N more errors" when there are more; when src is the document's
// text, each problem is followed by the source line and a caret under the
// column. A long line (a minified document is one) is cut to a window of a
// few hundred bytes around the column, each cut marked with "...". The
// text's lines are indexed once, so the cost is one pass over src plus a
// few hundred bytes per problem shown.
func (l ErrorList) Detail(src []byte) string {
	var b strings.Builder
	var lines *caret.Lines
	for i, e := range l {
		if i == MaxDetail {
			b.WriteString(caret.More(len(l)-i, "error"))
			break
		}
		b.WriteString(e.Error())
		b.WriteByte('\n')
		if !e.Pos.IsValid() || src == nil {
			continue
		}
		if lines == nil {
			lines = caret.NewLines(src)
		}
		if line, col, ok := lines.At(e.Pos.Line, e.Pos.Column); ok {
			fmt.Fprintf(&b, "\t%s\n\t%s^\n", line, caret.Indent(line, col))
		}
	}
	return b.String()
}

// AsList returns err's problems: the list itself for an ErrorList, a
// one-element list for an *Error, nil otherwise.
func AsList(err error) ErrorList {
	var l ErrorList
	if errors.As(err, &l) {
		return l
	}
	var e *Error
	if errors.As(err, &e) {
		return ErrorList{e}
	}
	return nil
}
