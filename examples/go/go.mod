module github.com/iamgate/iamgate/examples/go

go 1.24.0

require (
	github.com/aws/aws-lambda-go v1.54.0
	github.com/iamgate/iamgate v0.0.0-00010101000000-000000000000
)

require github.com/gobwas/glob v1.1.0 // indirect

replace github.com/iamgate/iamgate => ../..
