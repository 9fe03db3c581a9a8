# iamgate's container image: a static binary on a minimal base, run as a
# non-root user.
#
#   docker build -t iamgate --build-arg VERSION=v1.2.3 --build-arg REVISION=$(git rev-parse HEAD) .
#   docker run --rm -v "$PWD:/work" iamgate test ./suites
#
# The binary is built by scripts/release.sh, as the release archives are
# (CGO_ENABLED=0, -trimpath, the version stamped). GO_VERSION must be at
# least go.mod's go line (cmd/iamgate's TestDockerfile checks it).
ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=
ARG REVISION=
RUN VERSION="$VERSION" REVISION="$REVISION" sh scripts/release.sh --binary /out/iamgate

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/iamgate /usr/local/bin/iamgate
USER nonroot:nonroot
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/iamgate"]
CMD ["help"]
