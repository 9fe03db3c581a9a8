package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// CI has no docker daemon: these tests keep the Dockerfile and the
// release script honest without one. .ci/run builds with the script.

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// goMinor parses "1.24" or "1.24.0" into its minor version (24).
func goMinor(t *testing.T, v string) int {
	t.Helper()
	m := regexp.MustCompile(`^1\.(\d+)(\.\d+)?$`).FindStringSubmatch(v)
	if m == nil {
		t.Fatalf("%q is not a Go version such as 1.24", v)
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
	}
	return n
}

// TestDockerfile: the builder's Go can build the module (at least go.mod's
// go line: the golang images do not download toolchains), the binary is
// built by the release script (one build command for both), and the image
// runs it as a non-root user on a static base.
func TestDockerfile(t *testing.T) {
	df := readRepoFile(t, "Dockerfile")
	gomod := readRepoFile(t, "go.mod")
	modGo := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(gomod)
	imageGo := regexp.MustCompile(`(?m)^ARG GO_VERSION=(\S+)$`).FindStringSubmatch(df)
	if modGo == nil || imageGo == nil {
		t.Fatalf("no go line in go.mod (%v) or no ARG GO_VERSION in the Dockerfile (%v)", modGo, imageGo)
	}
	if goMinor(t, imageGo[1]) < goMinor(t, modGo[1]) {
		t.Errorf("the Dockerfile builds with Go %s, older than go.mod's go %s: raise ARG GO_VERSION", imageGo[1], modGo[1])
	}
	for _, want := range []string{
		"FROM golang:${GO_VERSION}",
		"sh scripts/release.sh --binary /out/iamgate",
		"COPY --from=build /out/iamgate /usr/local/bin/iamgate",
		`ENTRYPOINT ["/usr/local/bin/iamgate"]`,
	} {
		if !strings.Contains(df, want) {
			t.Errorf("the Dockerfile lost %q", want)
		}
	}
	stages := regexp.MustCompile(`(?m)^FROM (\S+)`).FindAllStringSubmatch(df, -1)
	final := stages[len(stages)-1][1]
	if !strings.HasPrefix(final, "gcr.io/distroless/static") && final != "scratch" {
		t.Errorf("the image's base is %s, want a static one (distroless/static or scratch)", final)
	}
	user := regexp.MustCompile(`(?m)^USER (\S+)$`).FindStringSubmatch(df)
	if user == nil || strings.HasPrefix(user[1], "root") || strings.HasPrefix(user[1], "0") {
		t.Errorf("the image runs as %v, want a non-root USER", user)
	}
	ignore := readRepoFile(t, ".dockerignore")
	for _, want := range []string{".git", "dist"} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(want) + `$`).MatchString(ignore) {
			t.Errorf(".dockerignore does not leave out %s", want)
		}
	}
}

// TestReleaseScript: the script parses as POSIX sh (dash when installed),
// builds what the issue asks, and its output folder is git-ignored.
func TestReleaseScript(t *testing.T) {
	script := readRepoFile(t, "scripts/release.sh")
	for _, sh := range []string{"sh", "dash", "bash"} {
		if _, err := exec.LookPath(sh); err != nil {
			continue
		}
		if out, err := exec.Command(sh, "-n", "../../scripts/release.sh").CombinedOutput(); err != nil {
			t.Errorf("%s -n scripts/release.sh: %v\n%s", sh, err, out)
		}
	}
	for _, want := range []string{
		`all_targets="linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"`,
		"CGO_ENABLED=0 go build -trimpath",
		"-X $pkg.Version=$VERSION",
		"SHA256SUMS",
	} {
		if !strings.Contains(script, want) {
			t.Errorf("scripts/release.sh lost %q", want)
		}
	}
	if !regexp.MustCompile(`(?m)^/dist/$`).MatchString(readRepoFile(t, ".gitignore")) {
		t.Error(".gitignore does not ignore /dist/, the release script's output")
	}
}
