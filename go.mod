module github.com/iamgate/iamgate

go 1.24.0

require (
	github.com/gobwas/glob v1.1.0
	github.com/google/go-cmp v0.7.0
)
