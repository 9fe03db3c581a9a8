package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// Version, Revision and BuildTime describe a release build. They are set
// at build time (scripts/release.sh, the Dockerfile) with
//
//	-ldflags "-X github.com/iamgate/iamgate/internal/cli.Version=v1.2.3"
//
// and win over what the Go toolchain recorded in the binary's build
// information (runtime/debug.ReadBuildInfo). Empty means not set.
var (
	Version   string
	Revision  string
	BuildTime string
)

// readBuildInfo is debug.ReadBuildInfo; tests replace it.
var readBuildInfo = debug.ReadBuildInfo

// versionInfo is what "iamgate version" reports, and the JSON form of
// "iamgate version --format json" (schemaVersion 1; fields may be added).
type versionInfo struct {
	SchemaVersion int `json:"schemaVersion"`
	// Module is the main module's path.
	Module string `json:"module"`
	// Version is the module version: v1.2.3 for "go install ...@v1.2.3",
	// a pseudo-version or "(devel)" for a build from a clone.
	Version string `json:"version"`
	// Revision is the VCS commit the binary was built from, and Modified
	// whether the work tree had changes then.
	Revision string `json:"revision,omitempty"`
	Modified bool   `json:"modified"`
	// CommitTime is the time of Revision; BuildTime the time of the build,
	// when the build recorded it.
	CommitTime string `json:"commitTime,omitempty"`
	BuildTime  string `json:"buildTime,omitempty"`
	GoVersion  string `json:"goVersion"`
	Platform   string `json:"platform"`
}

// newVersionInfo reads the version from bi (nil when the binary has no
// build information) and the ldflags variables.
func newVersionInfo(bi *debug.BuildInfo) versionInfo {
	v := versionInfo{
		SchemaVersion: 1,
		Module:        "github.com/iamgate/iamgate",
		Version:       "(devel)",
		GoVersion:     runtime.Version(),
		Platform:      runtime.GOOS + "/" + runtime.GOARCH,
	}
	if bi != nil {
		if bi.Main.Path != "" {
			v.Module = bi.Main.Path
		}
		if bi.Main.Version != "" {
			v.Version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			v.GoVersion = bi.GoVersion
		}
		var goos, goarch string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Revision = s.Value
			case "vcs.time":
				v.CommitTime = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			case "GOOS":
				goos = s.Value
			case "GOARCH":
				goarch = s.Value
			}
		}
		if goos != "" && goarch != "" {
			v.Platform = goos + "/" + goarch
		}
	}
	if Version != "" {
		v.Version = Version
	}
	if Revision != "" {
		v.Revision = Revision
	}
	v.BuildTime = BuildTime
	return v
}

// text is the human form: "iamgate VERSION" first, as before, then one
// fact a line.
func (v versionInfo) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "iamgate %s\n", v.Version)
	line := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&b, "  %-10s %s\n", name, value)
		}
	}
	line("module", v.Module)
	rev := v.Revision
	if rev == "" {
		rev = "unknown (built without version control information)"
	} else if v.Modified {
		rev += " (modified: the work tree had uncommitted changes)"
	}
	line("revision", rev)
	line("committed", v.CommitTime)
	line("built", v.BuildTime)
	line("go", v.GoVersion)
	line("platform", v.Platform)
	return b.String()
}

const versionUsage = `Usage: iamgate version [--format text|json]

Prints iamgate's version, read from the binary's build information: the
module version (v1.2.3 for "go install ...@v1.2.3"; a pseudo-version or
"(devel)" for a build from a clone), the commit it was built from and
whether the work tree was modified, the build time when the build recorded
it, the Go version and the platform. "iamgate --version" is the same.

Flags:
`

func runVersion(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	format := fs.String("format", "text", "output `FORMAT`: text or json")
	fs.Usage = func() {
		io.WriteString(fs.Output(), versionUsage)
		printFlags(fs)
	}
	if code, stop, _ := parseFlags(e, fs, args); stop {
		return code
	}
	if fs.NArg() > 0 {
		e.errorf("version: unexpected argument %q: version takes flags only", fs.Arg(0))
		fmt.Fprintln(e.stderr, "Run \"iamgate help version\" for usage.")
		return ExitUsage
	}
	bi, _ := readBuildInfo()
	v := newVersionInfo(bi)
	switch *format {
	case "text":
		io.WriteString(e.stdout, v.text())
	case "json":
		if err := writeJSON(e.stdout, v); err != nil {
			e.errorf("version: %v", err)
			return ExitUsage
		}
	default:
		e.errorf("version: --format: %q is not text or json", *format)
		fmt.Fprintln(e.stderr, "Run \"iamgate help version\" for usage.")
		return ExitUsage
	}
	return ExitOK
}

// toolVersion is the version other outputs name iamgate by (SARIF's
// tool.driver.version): the release or module version, or "devel" for a
// build without one.
func toolVersion() string {
	bi, _ := readBuildInfo()
	if v := newVersionInfo(bi).Version; v != "(devel)" {
		return v
	}
	return "devel"
}
