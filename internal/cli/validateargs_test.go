package cli

import (
	"errors"
	"flag"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/policy"
)

// validateArgsOf parses validate's flags and files and types them,
// reading no file.
func validateArgsOf(t *testing.T, args ...string) (*validateArgs, error) {
	t.Helper()
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f validateFlags
	defineValidateFlags(fs, &f)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("flags %q: %v", args, err)
	}
	return parseValidateArgs(&f, fs.Args())
}

func TestParseValidateArgs(t *testing.T) {
	type view struct {
		Format, API string
		Kind        policy.Kind
		Detect      bool
		MaxSize     int64
		Files       []string
	}
	for _, tc := range []struct {
		args []string
		want view
	}{
		{[]string{"a.json"}, view{Format: "text", API: placeholderAPI.String(), Detect: true, Files: []string{"a.json"}}},
		{[]string{"--kind", "authorizer", "--api", argsAPI, "--format", "json", "--max-document-size", "4MiB", "-", "b.json"},
			view{Format: "json", API: argsAPI, Kind: policy.Authorizer, MaxSize: 4 << 20, Files: []string{"-", "b.json"}}},
		{[]string{"--kind", "generic", "--kind", "auto", "c.json"}, view{Format: "text", API: placeholderAPI.String(), Detect: true, Files: []string{"c.json"}}},
	} {
		a, err := validateArgsOf(t, tc.args...)
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		got := view{Format: a.format, API: a.options.API.String(), Kind: a.options.Kind, Detect: a.options.DetectKind, MaxSize: a.maxSize, Files: a.files}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%q (-want +got):\n%s", tc.args, d)
		}
	}
}

func TestParseValidateArgsRefuses(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "sarif", "a.json"}, `unknown format "sarif": expected text or json`},
		{nil, "no files given"},
		{[]string{"-", "a.json", "-"}, `"-" (standard input) is given 2 times: it can be read once`},
		{[]string{"--api", "abc", "a.json"}, `--api: arn: expected "arn:" at the start in "abc" at offset 0`},
	} {
		_, err := validateArgsOf(t, tc.args...)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: %v, want %q", tc.args, err, tc.want)
		}
	}
	if _, err := validateArgsOf(t); !errors.Is(err, errNoFiles) {
		t.Errorf("no files: %v, want errNoFiles (the usage follows it)", err)
	}
}
