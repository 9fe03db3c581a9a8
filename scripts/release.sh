#!/bin/sh
# Builds iamgate's release: static binaries (CGO_ENABLED=0, -trimpath, the
# version stamped) for linux, darwin and windows on amd64 and arm64,
# archived (tar.gz; zip for windows), with SHA256SUMS. It builds; it does
# not publish.
#
#   scripts/release.sh                         all six targets into dist/
#   scripts/release.sh linux/amd64 darwin/arm64 only these targets
#   scripts/release.sh --out DIR ...           into DIR instead of dist/
#   scripts/release.sh --binary FILE           one binary for this machine
#                                              (or $GOOS/$GOARCH), not archived:
#                                              what the Dockerfile runs
#
# The version comes from $VERSION, else "git describe --tags --always
# --dirty"; the revision from $REVISION, else "git rev-parse HEAD"; the
# build time from $SOURCE_DATE_EPOCH when set, else now.
# Every binary is checked with "go version -m" before it is archived.
set -eu

all_targets="linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"
out=
binary=
# abs PATH: PATH from the folder the script was started in.
abs() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$(pwd)" "$1" ;; esac; }
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$(abs "${2:?--out needs a folder}"); shift 2 ;;
    --binary) binary=$(abs "${2:?--binary needs a file name}"); shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) echo "release.sh: unknown flag $1 (see scripts/release.sh --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
targets=${*:-$all_targets}
for target in $targets; do
  case " $all_targets " in
    *" $target "*) ;;
    *) echo "release.sh: unknown target $target (one of: $all_targets)" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
out=${out:-$(pwd)/dist}

in_git() { command -v git >/dev/null 2>&1 && git rev-parse --git-dir >/dev/null 2>&1; }
if [ -z "${VERSION:-}" ] && in_git; then VERSION=$(git describe --tags --always --dirty); fi
if [ -z "${REVISION:-}" ] && in_git; then REVISION=$(git rev-parse HEAD); fi
VERSION=${VERSION:-}
REVISION=${REVISION:-}
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
  BUILD_TIME=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
else
  BUILD_TIME=$(date -u +%Y-%m-%dT%H:%M:%SZ)
fi
pkg=github.com/iamgate/iamgate/internal/cli
ldflags="-s -w -X $pkg.Version=$VERSION -X $pkg.Revision=$REVISION -X $pkg.BuildTime=$BUILD_TIME"

# build OUTPUT: the one build command of every release binary and of the
# container image; then the check that it is static and stamped.
build() {
  CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$1" ./cmd/iamgate
  info=$(go version -m "$1")
  for want in "CGO_ENABLED=0" "-trimpath=true"; do
    case "$info" in
      *"$want"*) ;;
      *) echo "release.sh: $1 was not built with $want:" >&2; echo "$info" >&2; exit 1 ;;
    esac
  done
  # -trimpath keeps -ldflags out of the build information: look for the
  # stamped build time in the binary itself.
  if ! grep -q -F -e "$BUILD_TIME" "$1"; then
    echo "release.sh: $1 does not carry the stamped version (build time $BUILD_TIME)" >&2; exit 1
  fi
}

if [ -n "$binary" ]; then
  build "$binary"
  echo "built $binary (${VERSION:-(devel)}, $(go env GOOS)/$(go env GOARCH))"
  exit 0
fi

sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }
zip_dir() { # zip_dir ARCHIVE DIR: DIR's files at the archive's root
  if command -v zip >/dev/null 2>&1; then
    (cd "$2" && zip -q -X -r "$1" .)
  elif command -v python3 >/dev/null 2>&1; then
    (cd "$2" && python3 -m zipfile -c "$1" *)
  else
    echo "release.sh: neither zip nor python3 is installed: the windows archives need one" >&2; exit 1
  fi
}

name_version=$(printf '%s' "${VERSION:-devel}" | tr -c 'A-Za-z0-9._-' '-')
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
archives=
for target in $targets; do
  goos=${target%/*}
  goarch=${target#*/}
  name=iamgate_${name_version}_${goos}_${goarch}
  dir=$work/$name
  mkdir -p "$dir"
  exe=iamgate
  [ "$goos" = windows ] && exe=iamgate.exe
  (GOOS=$goos GOARCH=$goarch && export GOOS GOARCH && build "$dir/$exe")
  cp LICENSE README.md "$dir/"
  if [ "$goos" = windows ]; then
    rm -f "$out/$name.zip"
    zip_dir "$out/$name.zip" "$dir"
    archives="$archives $name.zip"
  else
    tar -C "$work" -czf "$out/$name.tar.gz" "$name"
    archives="$archives $name.tar.gz"
  fi
  echo "built $name"
done
# shellcheck disable=SC2086 # archives is a list of plain file names
(cd "$out" && sha256 $archives > SHA256SUMS)
echo "wrote $out/SHA256SUMS"
