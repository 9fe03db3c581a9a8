package lint

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/iamgate/iamgate/iac"
	"github.com/iamgate/iamgate/internal/jsontree"
	"github.com/iamgate/iamgate/internal/safeio"
	"github.com/iamgate/iamgate/suite"
)

// Target is a path to lint, found by Walk: a suite file or a document.
type Target struct {
	// Name is the path, as given or as the walk found it; "-" is
	// standard input.
	Name string
	// Suite says the file is a suite (suite.IsSuiteFile).
	Suite bool
	// Template says the path was given by name and is what iac.Load
	// reads: a template (CloudFormation, SAM source, Serverless output),
	// an OpenAPI document, terraform show -json, or a cdk.out or
	// .serverless folder. A walk never finds one: templates are named.
	Template bool
	// Root is the folder given to Walk that held the file; "" for a path
	// given by name. A suite found in a folder may also read that
	// folder's tree, and a document found there is left out when a suite
	// of the run already linted it with the suite's context.
	Root string
}

// WalkError is a path Walk could not read.
type WalkError struct {
	Path string
	Err  error
}

// MaxWalkedFile is the largest .json file Walk reads in a folder: API
// Gateway's resource policy quota is 8,192 characters, and an
// authorizer's output is of the same order. A larger file is taken for
// data, not a document.
const MaxWalkedFile = 1 << 20

// Walk finds what to lint under the paths: a file given by name is
// linted (a suite by its name, a template when iac.Detect tells one,
// anything else as a document; "-" is standard input); a cdk.out folder
// (with a manifest.json) or a .serverless folder given by name is a
// template; any other folder is walked for suite files and for .json files
// that hold an API Gateway document (see IsDocument). Folders named .*,
// _*, node_modules and testdata are skipped. A path given twice is linted
// once.
//
// A path that cannot be read is a WalkError; the others are still
// returned. A file found in a folder that is not a regular file once its
// links are followed (a link to a device, a FIFO), or that leads outside
// the folder, is skipped, and skipped (when not nil) is told why.
func Walk(paths []string, skipped func(name string, why error)) ([]Target, []WalkError) {
	w := &walker{seen: map[string]bool{}, skipped: skipped}
	for _, p := range paths {
		if p == "-" {
			w.add(p, false, "")
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			w.problem(p, err)
			continue
		}
		if isTemplate(p, info.IsDir()) {
			w.addTemplate(p)
			continue
		}
		if !info.IsDir() {
			w.add(p, suite.IsSuiteFile(filepath.Base(p)), "")
			continue
		}
		if err := filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
			return w.visit(p, name, d, err)
		}); err != nil {
			w.problem(p, err)
		}
	}
	return w.out, w.problems
}

// walker is the state of a Walk.
type walker struct {
	out      []Target
	problems []WalkError
	seen     map[string]bool
	skipped  func(name string, why error)
}

func (w *walker) add(name string, isSuite bool, root string) {
	key := name
	if name != "-" {
		key = filepath.Clean(name)
	}
	if !w.seen[key] {
		w.seen[key] = true
		w.out = append(w.out, Target{Name: name, Suite: isSuite, Root: root})
	}
}

func (w *walker) addTemplate(name string) {
	if key := filepath.Clean(name); !w.seen[key] {
		w.seen[key] = true
		w.out = append(w.out, Target{Name: name, Template: true})
	}
}

// isTemplate reports whether a path given by name is read by iac.Load: a
// file iac.Detect recognises (one that cannot be read is left to be
// reported as a document is), or a folder holding a cdk.out manifest or
// Serverless's template.
func isTemplate(path string, dir bool) bool {
	if dir {
		if regular, _, err := safeio.IsRegular(filepath.Join(path, "cloudformation-template-update-stack.json")); err == nil && regular {
			return true
		}
		manifest := filepath.Join(path, "manifest.json")
		src, err := safeio.ReadFile(manifest, MaxWalkedFile)
		return err == nil && iac.Detect(manifest, src) == iac.CDK
	}
	if suite.IsSuiteFile(filepath.Base(path)) {
		return false
	}
	src, err := safeio.ReadFile(path, MaxTemplate)
	return err == nil && iac.Detect(path, src) != iac.UnknownFormat
}

func (w *walker) problem(path string, err error) {
	w.problems = append(w.problems, WalkError{Path: path, Err: err})
}

func (w *walker) skip(name string, why error) {
	if w.skipped != nil {
		w.skipped(name, why)
	}
}

// visit is Walk's look at one entry of the folder root.
func (w *walker) visit(root, name string, d fs.DirEntry, err error) error {
	if err != nil {
		w.problem(name, err)
		if d != nil && d.IsDir() {
			return filepath.SkipDir
		}
		return nil
	}
	base := d.Name()
	if d.IsDir() {
		if name != root && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") || base == "node_modules" || base == "testdata") {
			return filepath.SkipDir
		}
		return nil
	}
	isSuite := suite.IsSuiteFile(base)
	if !isSuite && !strings.HasSuffix(base, ".json") {
		return nil
	}
	regular, mode, err := safeio.IsRegular(name) // follows a symbolic link
	switch {
	case err != nil:
		// A dangling link: not a document; a suite's name says it is
		// meant to be read.
		if isSuite {
			w.skip(name, err)
		}
		return nil
	case !regular:
		w.skip(name, &safeio.NotRegularError{Path: name, Mode: mode})
		return nil
	}
	if _, err := safeio.Resolve(name, []string{root}); err != nil {
		w.skip(name, err)
		return nil
	}
	if isSuite {
		w.add(name, true, filepath.Clean(root))
		return nil
	}
	src, err := safeio.ReadFile(name, MaxWalkedFile)
	var large *safeio.TooLargeError
	switch {
	case errors.As(err, &large):
		// A data file far larger than any policy: not a document.
	case err != nil:
		w.problem(name, err)
	case safeio.CheckJSON(name, src) == nil && IsDocument(src):
		w.add(name, false, filepath.Clean(root))
	}
	return nil
}

// IsDocument reports whether the text of a .json file is an API Gateway
// document: a Lambda authorizer's output (a policyDocument or principalId
// member), or a policy that names execute-api (an action, an ARN or the
// execute-api:/ shorthand) in a JSON object with a Statement member, or in
// text that does not parse but mentions "Statement" or "policyDocument".
// IAM policies for other services (trust policies, bucket and key
// policies) are not API Gateway documents.
func IsDocument(src []byte) bool {
	if !bytes.Contains(src, []byte("execute-api")) && !bytes.Contains(src, []byte(`"policyDocument"`)) && !bytes.Contains(src, []byte(`"principalId"`)) {
		return false
	}
	root, err := jsontree.Parse(src)
	if err != nil {
		return bytes.Contains(src, []byte(`"Statement"`)) || bytes.Contains(src, []byte(`"policyDocument"`))
	}
	if root.Kind != jsontree.Object {
		return false
	}
	for _, m := range root.Members {
		switch m.Key {
		case "Statement", "policyDocument", "principalId":
			return true
		}
	}
	return false
}
