package lint_test

import (
	"fmt"
	"os"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/iac"
	"github.com/iamgate/iamgate/lint"
	"github.com/iamgate/iamgate/policy"
)

// A private API's resource policy that admits one VPC endpoint, with a
// digit missing from the endpoint id.
func ExampleSource() {
	src := []byte(`{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Invoke", "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
    {"Sid": "OtherEndpoints", "Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
     "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f6789"}}}
  ]
}`)
	cfg := lint.Config{
		API:  arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123defg"),
		Auth: []string{"CUSTOM"},
	}
	for _, f := range lint.Source(src, "policy.json", policy.ResourceBased, cfg) {
		fmt.Println(f)
	}
	// Output:
	// policy.json:6:58: error IG505: statement 1 (Sid "OtherEndpoints") compares aws:SourceVpce with "vpce-0a1b2c3d4e5f6789", which is not a VPC endpoint id (vpce- followed by 8 or 17 lowercase hexadecimal digits, such as vpce-0a1b2c3d4e5f67890): no request carries it, so StringNotEquals is true for every request and the Deny applies to every caller (at /Statement/1/Condition/StringNotEquals/aws:SourceVpce)
}

// The findings of a document, written as "iamgate lint" writes them.
func ExampleNewReporter() {
	src := []byte(`{"Statement": [{"Effect": "Alow", "Action": "execute-api:Invoke", "Resource": "*"}]}`)
	rep := &lint.Report{
		Files:    []string{"policy.json"},
		Findings: lint.Source(src, "policy.json", policy.IdentityBased, lint.Config{}),
		Sources:  map[string][]byte{"policy.json": src},
		FailOn:   lint.Error,
	}
	lint.Sort(rep.Findings)
	r, err := lint.NewReporter("text", lint.ReporterOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	r.Report(os.Stdout, rep)
	fmt.Println("failed:", rep.Failed())
	// Output:
	// policy.json:1:27: error IG100: invalid Effect "Alow": expected "Allow" or "Deny" (at /Statement/0/Effect)
	// 	{"Statement": [{"Effect": "Alow", "Action": "execute-api:Invoke", "Resource": "*"}]}
	// 	                          ^
	// 1 finding: 1 error
	// failed: true
}

// The APIs of a template, linted where they are defined: the finding is
// at the line and column of the template's value.
func ExampleTemplate() {
	res, err := iac.Load("testdata/templates/cfn.json", iac.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range lint.Template(res) {
		fmt.Println(f.File, f.Pos, f.Rule.Code, f.Path)
	}
	// Output:
	// testdata/templates/cfn.json 15:59 IG502 /Statement/0/Condition/IpAddress/aws:SourceIp
}
