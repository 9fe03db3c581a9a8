module github.com/iamgate/iamgate

go 1.24.0

require (
	github.com/gobwas/glob v1.1.0
	github.com/google/go-cmp v0.7.0
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	go.yaml.in/yaml/v4 v4.0.0
)

require golang.org/x/text v0.14.0 // indirect
