package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeBuildInfo is what "go install github.com/iamgate/iamgate/cmd/iamgate@v1.2.3"
// or a build from a clone records.
func fakeBuildInfo(version string, settings ...string) *debug.BuildInfo {
	bi := &debug.BuildInfo{GoVersion: "go1.99.1", Path: "github.com/iamgate/iamgate/cmd/iamgate"}
	bi.Main = debug.Module{Path: "github.com/iamgate/iamgate", Version: version}
	for i := 0; i+1 < len(settings); i += 2 {
		bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
	}
	return bi
}

// setLdflags sets the variables a release build stamps, for one test.
func setLdflags(t *testing.T, version, revision, buildTime string) {
	old := [3]string{Version, Revision, BuildTime}
	Version, Revision, BuildTime = version, revision, buildTime
	t.Cleanup(func() { Version, Revision, BuildTime = old[0], old[1], old[2] })
}

func TestVersionInfo(t *testing.T) {
	const rev = "2498616c5b6a43c9bfa544d2a41d91ec4fd806ae"
	clone := []string{"GOOS", "darwin", "GOARCH", "arm64", "vcs", "git", "vcs.revision", rev, "vcs.time", "2026-12-06T01:41:20Z", "vcs.modified", "true"}
	tests := []struct {
		name    string
		bi      *debug.BuildInfo
		ldflags [3]string
		want    string
	}{
		{
			name: "go install at a tag",
			bi:   fakeBuildInfo("v1.2.3", "GOOS", "linux", "GOARCH", "amd64"),
			want: "iamgate v1.2.3\n  module     github.com/iamgate/iamgate\n  revision   unknown (built without version control information)\n  go         go1.99.1\n  platform   linux/amd64\n",
		},
		{
			name: "a clone with changes",
			bi:   fakeBuildInfo("(devel)", clone...),
			want: "iamgate (devel)\n  module     github.com/iamgate/iamgate\n  revision   " + rev + " (modified: the work tree had uncommitted changes)\n  committed  2026-12-06T01:41:20Z\n  go         go1.99.1\n  platform   darwin/arm64\n",
		},
		{
			name:    "a release build stamps version, revision and time",
			bi:      fakeBuildInfo("(devel)", "GOOS", "windows", "GOARCH", "amd64"),
			ldflags: [3]string{"v2.0.0", "abc123", "2026-12-06T03:00:00Z"},
			want:    "iamgate v2.0.0\n  module     github.com/iamgate/iamgate\n  revision   abc123\n  built      2026-12-06T03:00:00Z\n  go         go1.99.1\n  platform   windows/amd64\n",
		},
		{
			name: "no build information",
			want: "iamgate (devel)\n  module     github.com/iamgate/iamgate\n  revision   unknown (built without version control information)\n  go         " + runtime.Version() + "\n  platform   " + runtime.GOOS + "/" + runtime.GOARCH + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setLdflags(t, tt.ldflags[0], tt.ldflags[1], tt.ldflags[2])
			if diff := cmp.Diff(tt.want, newVersionInfo(tt.bi).text()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestVersionCommand runs "version", "--version" and "version --format
// json" on a fake build: the JSON has the fields a script reads.
func TestVersionCommand(t *testing.T) {
	old := readBuildInfo
	readBuildInfo = func() (*debug.BuildInfo, bool) {
		return fakeBuildInfo("v1.2.3", "GOOS", "linux", "GOARCH", "arm64", "vcs.revision", "abc", "vcs.modified", "false"), true
	}
	t.Cleanup(func() { readBuildInfo = old })
	setLdflags(t, "", "", "")
	want := "iamgate v1.2.3\n  module     github.com/iamgate/iamgate\n  revision   abc\n  go         go1.99.1\n  platform   linux/arm64\n"
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}, {"version", "--format", "text"}} {
		code, stdout, stderr := run(t, "", args...)
		if code != ExitOK || stderr != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
		if diff := cmp.Diff(want, stdout); diff != "" {
			t.Errorf("%v (-want +got):\n%s", args, diff)
		}
	}
	code, stdout, _ := run(t, "", "--version", "--format", "json")
	var got map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != ExitOK {
		t.Fatalf("exit %d, %v:\n%s", code, err, stdout)
	}
	wantJSON := map[string]any{
		"schemaVersion": 1.0, "module": "github.com/iamgate/iamgate", "version": "v1.2.3",
		"revision": "abc", "modified": false, "goVersion": "go1.99.1", "platform": "linux/arm64",
	}
	if diff := cmp.Diff(wantJSON, got); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
}

// TestVersionOfTestBinary: the real build information of the test binary
// gives the running Go version and a version line.
func TestVersionOfTestBinary(t *testing.T) {
	code, stdout, _ := run(t, "", "version")
	if code != ExitOK || !strings.HasPrefix(stdout, "iamgate ") || !strings.Contains(stdout, "  go         "+runtime.Version()+"\n") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

func TestVersionMistakes(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"version", "extra"}, "iamgate: version: unexpected argument \"extra\": version takes flags only\nRun \"iamgate help version\" for usage.\n"},
		{[]string{"version", "--format", "yaml"}, "iamgate: version: --format: \"yaml\" is not text or json\nRun \"iamgate help version\" for usage.\n"},
		{[]string{"version", "--formt", "json"}, "iamgate: version: unknown flag --formt (did you mean --format?)\nRun \"iamgate help version\" for usage.\n"},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(t, "", tt.args...)
		if code != ExitUsage || stdout != "" || stderr != tt.want {
			t.Errorf("%v: exit %d, stdout %q, stderr:\n%s\nwant:\n%s", tt.args, code, stdout, stderr, tt.want)
		}
	}
}

func TestToolVersion(t *testing.T) {
	old := readBuildInfo
	t.Cleanup(func() { readBuildInfo = old })
	for _, tt := range []struct{ module, ldflags, want string }{
		{"(devel)", "", "devel"},
		{"", "", "devel"},
		{"v1.2.3", "", "v1.2.3"},
		{"(devel)", "v2.0.0", "v2.0.0"},
	} {
		readBuildInfo = func() (*debug.BuildInfo, bool) { return fakeBuildInfo(tt.module), true }
		setLdflags(t, tt.ldflags, "", "")
		if got := toolVersion(); got != tt.want {
			t.Errorf("module %q, ldflags %q: %q, want %q", tt.module, tt.ldflags, got, tt.want)
		}
	}
}

// TestVersionDocs: docs/install.md shows the output of "iamgate version"
// as it is, and names every field of its JSON form.
func TestVersionDocs(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(pkgDir, "..", "..", "docs", "install.md"))
	if err != nil {
		t.Fatal(err)
	}
	setLdflags(t, "v1.2.3", "2498616c5b6a43c9bfa544d2a41d91ec4fd806ae", "2026-12-06T03:00:00Z")
	v := newVersionInfo(fakeBuildInfo("(devel)", "GOOS", "linux", "GOARCH", "amd64"))
	v.GoVersion = "go1.26.8"
	if want := "$ iamgate version\n" + v.text() + "```"; !strings.Contains(string(doc), want) {
		t.Errorf("docs/install.md does not show the output of iamgate version:\n%s", want)
	}
	typ := reflect.TypeOf(versionInfo{})
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if !strings.Contains(string(doc), "`"+name+"`") {
			t.Errorf("docs/install.md does not name the JSON field %s", name)
		}
	}
}
