package iac_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/iac"
)

func TestLoadFormats(t *testing.T) {
	for _, tc := range []struct {
		path   string
		format iac.Format
		apis   string // "ID:Stack:File" of each API
		diag   string // a diagnostic contains this; "" for no error
	}{
		{"testdata/cdk.out", iac.CDK, "ShopApi1A2B3C4D:ShopStack:ShopStack.template.json", ""},
		{"testdata/cdk.out/manifest.json", iac.CDK, "ShopApi1A2B3C4D:ShopStack:ShopStack.template.json", ""},
		{"testdata/sls", iac.Serverless, "ApiGatewayRestApi::cloudformation-template-update-stack.json", ""},
		{"testdata/sls/.serverless", iac.Serverless, "ApiGatewayRestApi::cloudformation-template-update-stack.json", ""},
		{"../iac/cloudformation/testdata/petstore.yaml", iac.CloudFormation, "PetsApi::petstore.yaml", "cannot be read while it depends on"},
		{"../iac/cloudformation/testdata/sam-source.yaml", iac.SAM, "Api::sam-source.yaml", ""},
		{"testdata/openapi.yaml", iac.OpenAPI, "(document)::openapi.yaml", ""},
		{"testdata/api.tf", iac.Terraform, "", "Terraform"},
		{"testdata/notes.yaml", iac.UnknownFormat, "", "cannot tell what this file is"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			r, err := iac.Load(tc.path, iac.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Format != tc.format {
				t.Errorf("format %s, want %s", r.Format, tc.format)
			}
			var apis []string
			for _, a := range r.APIs {
				apis = append(apis, a.ID+":"+a.Stack+":"+filepath.Base(a.File))
			}
			if got := strings.Join(apis, " "); got != tc.apis {
				t.Errorf("APIs %q, want %q", got, tc.apis)
			}
			var errs []string
			for _, d := range r.Diagnostics {
				if d.Severity == iac.Error {
					errs = append(errs, d.String())
				}
			}
			all := strings.Join(errs, "\n")
			if tc.diag == "" && all != "" || !strings.Contains(all, tc.diag) {
				t.Errorf("errors:\n%s\nwant one containing %q", all, tc.diag)
			}
			if r.HasErrors() != (tc.diag != "") {
				t.Errorf("HasErrors = %v", r.HasErrors())
			}
		})
	}
}

// A concrete CDK environment gives the account and region; options win.
func TestLoadCDKEnvironment(t *testing.T) {
	r, err := iac.Load("testdata/cdk.out", iac.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := r.API("ShopApi1A2B3C4D")
	if a == nil {
		t.Fatal("no API ShopApi1A2B3C4D")
	}
	c := a.Config
	if got := fmt.Sprint(c.Partition, c.Region, c.Account, " ", c.ID); got != "aws eu-central-1 111122223333 <unknown: ShopApi1A2B3C4D>" {
		t.Errorf("ARN parts %q", got)
	}
	if c.ResourcePolicy == nil || !strings.Contains(string(a.Policy), "arn:aws:iam::111122223333:root") {
		t.Errorf("policy %s (parsed: %v)", a.Policy, c.ResourcePolicy != nil)
	}
	if len(c.Stages) != 1 || c.Stages[0].Name != "prod" || len(c.Methods) != 1 || c.Methods[0].Route() != "ANY /" {
		t.Errorf("stages %v, methods %v", c.Stages, c.Methods)
	}
	r, err = iac.Load("testdata/cdk.out", iac.Options{Account: "444455556666", Region: "us-gov-west-1"})
	if err != nil {
		t.Fatal(err)
	}
	if c := r.APIs[0].Config; fmt.Sprint(c.Partition, c.Region, c.Account) != "aws-us-gov us-gov-west-1 444455556666" {
		t.Errorf("options did not win: %v %v %v", c.Partition, c.Region, c.Account)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, path := range []string{"testdata/nope.yaml", "testdata"} {
		if _, err := iac.Load(path, iac.Options{}); err == nil {
			t.Errorf("%s: no error", path)
		}
	}
	if _, err := iac.Load("testdata/cdk.out/ShopStack.template.json", iac.Options{Limits: iac.Limits{MaxBytes: 10}}); err == nil || !strings.Contains(err.Error(), "larger than the limit") {
		t.Errorf("size limit: %v", err)
	}
}

// The models read are valid for apigw: no "model" diagnostic in a clean
// template, and each Config validates.
func TestModelsValidate(t *testing.T) {
	r, err := iac.Load("testdata/sls", iac.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range r.APIs {
		if err := a.Config.Validate(); err != nil {
			t.Errorf("%s: %v", a.ID, err)
		}
	}
}

// A stack whose template is missing, or names a file outside the
// assembly, is a diagnostic; the other stacks are still read.
func TestLoadCDKBrokenStacks(t *testing.T) {
	dir := t.TempDir()
	tmpl, err := os.ReadFile("testdata/cdk.out/ShopStack.template.json")
	if err != nil {
		t.Fatal(err)
	}
	manifest := `{"artifacts": {
		"A": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region", "properties": {"templateFile": "A.template.json"}},
		"B": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "Missing.template.json"}},
		"C": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "../outside.json"}}}}`
	for name, data := range map[string][]byte{"manifest.json": []byte(manifest), "A.template.json": tmpl} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := iac.Load(dir, iac.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.APIs) != 1 || r.APIs[0].Stack != "A" || r.APIs[0].Config.Account.IsKnown() {
		t.Errorf("APIs %+v", r.APIs)
	}
	var msgs []string
	for _, d := range r.Diagnostics {
		if d.Severity == iac.Error {
			msgs = append(msgs, d.Message)
		}
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, "stack B's template cannot be read") || !strings.Contains(all, `stack C's templateFile "../outside.json" is not a file in the assembly`) {
		t.Errorf("errors:\n%s", all)
	}
}

// A standalone OpenAPI export: its host gives the id and region, the
// options the account; intrinsics of a file meant for AWS::Include are
// resolved, the enclosing template's names kept as symbols.
func TestLoadOpenAPI(t *testing.T) {
	r, err := iac.Load("openapi/testdata/export-swagger.json", iac.Options{Account: "012345678901", Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	a := r.API("(document)")
	if a == nil || r.Format != iac.OpenAPI {
		t.Fatalf("format %s, APIs %+v", r.Format, r.APIs)
	}
	c := a.Config
	if got := fmt.Sprint(c.Partition, c.Region, c.Account, c.ID); got != "aws eu-west-1 012345678901 a1b2c3d4e5" {
		t.Errorf("ARN parts %s: the host's region wins, the options give the account", got)
	}
	if len(c.Methods) != 5 || a.Policy == nil || c.ResourcePolicy == nil {
		t.Errorf("methods %d, policy %s", len(c.Methods), a.Policy)
	}
	r, err = iac.Load("openapi/testdata/include.yaml", iac.Options{StackName: "shop"})
	if err != nil {
		t.Fatal(err)
	}
	if r.HasErrors() || len(r.APIs) != 1 || r.APIs[0].Name != "shop-api" {
		t.Fatalf("APIs %+v, diagnostics %v", r.APIs, r.Diagnostics)
	}
	if f := r.APIs[0].Config.Authorizers[0].Function; f.IsKnown() || !strings.Contains(f.Symbol, "${AuthFunction.Arn}") {
		t.Errorf("authorizer function %v, want the symbol of AuthFunction.Arn", f)
	}
}

// terraform show -json output is read; its APIs are named by address.
func TestLoadTerraform(t *testing.T) {
	r, err := iac.Load("terraform/testdata/state.json", iac.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Format != iac.Terraform || r.HasErrors() {
		t.Fatalf("format %s, diagnostics %v", r.Format, r.Diagnostics)
	}
	var ids []string
	for _, a := range r.APIs {
		ids = append(ids, a.ID)
	}
	if got := strings.Join(ids, " "); got != "aws_api_gateway_rest_api.pets module.spec.aws_api_gateway_rest_api.this" {
		t.Errorf("APIs %s", got)
	}
	if a := r.API("aws_api_gateway_rest_api.pets"); a == nil || a.Policy == nil || len(a.Config.Methods) != 3 {
		t.Errorf("API %+v", a)
	}
	// HCL is not read, and the diagnostic says how to make what is.
	r, err = iac.Load("testdata/api.tf", iac.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Diagnostics) != 1 || !strings.Contains(r.Diagnostics[0].Message, "terraform show -json tfplan > plan.json") {
		t.Errorf("diagnostics %v", r.Diagnostics)
	}
}
