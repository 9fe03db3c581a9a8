package arn_test

import (
	"fmt"

	"github.com/iamgate/iamgate/arn"
)

func ExampleParse() {
	a, err := arn.Parse("arn:aws:s3:::my-bucket/reports/2026:q3.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("partition=%s service=%s region=%q account=%q\n", a.Partition, a.Service, a.Region, a.Account)
	fmt.Println("resource:", a.Resource)

	_, err = arn.Parse("arn:aws:execute-api:us-east-1:*")
	fmt.Println(err)
	// Output:
	// partition=aws service=s3 region="" account=""
	// resource: my-bucket/reports/2026:q3.csv
	// arn: expected 5 colons as in "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE", found only 4 in "arn:aws:execute-api:us-east-1:*" at offset 31
}

func ExampleParseAPI() {
	api, err := arn.ParseAPI("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(api.Region, api.Account, api.ID)
	fmt.Println(api)

	_, err = arn.ParseAPI("arn:aws:execute-api:us-east-1:1234:a1b2c3d4e5")
	fmt.Println(err)
	// Output:
	// us-east-1 123456789012 a1b2c3d4e5
	// arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5
	// arn: account "1234" has 4 digits, expected 12 in "arn:aws:execute-api:us-east-1:1234:a1b2c3d4e5" at offset 30
}

func ExampleAPI_Method() {
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5")
	for _, line := range []string{
		"GET /prod/pets/1?expand=owner",
		"GET /prod",
		"GET /prod/test//",
		"POST /prod/files/a%2Fb",
		"ANY /prod/pets",
		"get /prod/pets",
	} {
		m, err := api.Method(line)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(m)
	}
	// Output:
	// arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets/1
	// arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/
	// arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/test//
	// arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/POST/files/a%2Fb
	// arn: "ANY" is not a request method: ANY configures a method for every verb, and the method ARN carries the verb the client sent, such as GET in "ANY /prod/pets" at offset 0
	// arn: HTTP method "get" must be upper case, as API Gateway methods are: use "GET" in "get /prod/pets" at offset 0
}

func ExampleAPI_ExpandShorthand() {
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-2:123456789012:aabbccddee")
	for _, r := range []string{
		"execute-api:/stage-name/GET/pets",
		"execute-api:/*",
		"arn:aws:execute-api:us-east-2:123456789012:aabbccddee/prod/*",
	} {
		fmt.Println(api.ExpandShorthand(r))
	}
	// Output:
	// arn:aws:execute-api:us-east-2:123456789012:aabbccddee/stage-name/GET/pets true
	// arn:aws:execute-api:us-east-2:123456789012:aabbccddee/* true
	// arn:aws:execute-api:us-east-2:123456789012:aabbccddee/prod/* false
}

func ExampleMethodARN_MaskedString() {
	m := arn.MustParseMethodARN("arn:aws:execute-api:us-east-1:123456789012:abc123abc1/Prod/POST/athena/run_query_template")
	fmt.Println("User: anonymous is not authorized to perform: execute-api:Invoke on resource: " + m.MaskedString())
	// Output:
	// User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:abc123abc1/Prod/POST/athena/run_query_template
}

func ExampleParseMethodARN() {
	m, err := arn.ParseMethodARN("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("stage=%s verb=%s path=%s too long=%v\n", m.Stage, m.Verb, m.Path, m.TooLong())

	_, err = arn.ParseMethodARN("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET")
	fmt.Println(err)
	// Output:
	// stage=prod verb=GET path=/ too long=false
	// arn: expected "/" and the path after method "GET" (the root resource is ".../GET/") in "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET" at offset 62
}
