package cli

import (
	"errors"
	"fmt"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
)

// validateFlags are the flags of "iamgate validate".
type validateFlags struct {
	kind    kindFlag
	api     string
	format  string
	maxSize sizeFlag
}

// validateArgs is what the flags and files of validate say, typed and
// checked: parseValidateArgs makes it, and runValidate turns it into
// eval.Validate calls and a text or JSON rendering.
type validateArgs struct {
	// format is text or json.
	format string
	// options are how each document is read: its kind (or that it is
	// detected) and the API of the execute-api:/ shorthand.
	options eval.ValidateOptions
	// maxSize is the largest document read (0: the default).
	maxSize int64
	// files are the documents, "-" for standard input (at most once).
	files []string
}

// errNoFiles is parseValidateArgs's error when no file is given: the
// usage follows it.
var errNoFiles = errors.New("no files given")

// parseValidateArgs checks the flags and files and types their values.
// It reads no file.
func parseValidateArgs(f *validateFlags, files []string) (*validateArgs, error) {
	a := &validateArgs{format: f.format, maxSize: f.maxSize.n, files: files,
		options: eval.ValidateOptions{Kind: f.kind.kind, DetectKind: f.kind.auto, API: placeholderAPI}}
	if f.format != "text" && f.format != "json" {
		return nil, fmt.Errorf("unknown format %q: expected text or json", f.format)
	}
	if len(files) == 0 {
		return nil, errNoFiles
	}
	if n := slicesCount(files, "-"); n > 1 {
		// Standard input can be read once; a second "-" would be
		// empty, or block on a terminal.
		return nil, fmt.Errorf("\"-\" (standard input) is given %d times: it can be read once", n)
	}
	if f.api != "" {
		api, err := arn.ParseAPI(f.api)
		if err != nil {
			return nil, fmt.Errorf("--api: %v", err)
		}
		a.options.API = api
	}
	return a, nil
}
