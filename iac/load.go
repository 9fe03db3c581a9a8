package iac

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/iamgate/iamgate/iac/cloudformation"
	"github.com/iamgate/iamgate/iac/internal/diag"
	"github.com/iamgate/iamgate/iac/internal/tree"
	"github.com/iamgate/iamgate/iac/openapi"
	"github.com/iamgate/iamgate/iac/sam"
	"github.com/iamgate/iamgate/iac/terraform"
)

// serverlessTemplate is the file serverless package writes.
const serverlessTemplate = "cloudformation-template-update-stack.json"

// Load reads the APIs defined at path: a template file, a cdk.out folder
// (or its manifest.json), a Serverless project's .serverless folder (or
// the project folder holding it), an OpenAPI document, or the output of
// terraform show -json (of a state or a plan). The error is for a path that cannot be
// read at all; every problem in what was read is a Diagnostic.
func Load(path string, opts Options) (*Result, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("iac: %w", err)
	}
	if info.IsDir() {
		return loadDir(path, opts)
	}
	if filepath.Base(path) == "manifest.json" {
		return loadCDK(filepath.Dir(path), opts)
	}
	data, err := readFile(path, opts.Limits)
	if err != nil {
		return nil, err
	}
	r := &Result{}
	r.Format = detect(path, data)
	switch r.Format {
	case OpenAPI:
		r.addOpenAPI(openapi.Read(path, data, opts.openapi()), opts)
		return r, nil
	case Terraform:
		if tree.IsJSON(data) {
			r.addTerraform(terraform.Read(path, data, opts.terraform()))
			return r, nil
		}
		r.Files = []string{path}
		r.Diagnostics = []Diagnostic{notRead(path, r.Format)}
		return r, nil
	case UnknownFormat:
		r.Files = []string{path}
		r.Diagnostics = []Diagnostic{notRead(path, r.Format)}
		return r, nil
	}
	if r.Format == SAM {
		r.addTemplate(sam.Read(path, data, opts.cfn()), "")
		return r, nil
	}
	r.addTemplate(cloudformation.Read(path, data, opts.cfn()), "")
	return r, nil
}

func loadDir(dir string, opts Options) (*Result, error) {
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err == nil {
		return loadCDK(dir, opts)
	}
	for _, p := range []string{filepath.Join(dir, serverlessTemplate), filepath.Join(dir, ".serverless", serverlessTemplate)} {
		if _, err := os.Stat(p); err == nil {
			return Load(p, opts)
		}
	}
	return nil, fmt.Errorf("iac: %s is a folder with neither a cdk.out manifest.json nor a Serverless .serverless/%s: give a template file", dir, serverlessTemplate)
}

// readFile reads a file up to the size limit.
func readFile(path string, lim Limits) ([]byte, error) {
	max := lim.MaxBytes
	if max <= 0 {
		max = tree.DefaultMaxBytes
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("iac: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return nil, fmt.Errorf("iac: %w", err)
	}
	if len(data) > max {
		return nil, fmt.Errorf("iac: %s is larger than the limit of %d bytes", path, max)
	}
	return data, nil
}

// Detect tells what a file is from its name and its text, as Load does:
// the format Load would read it as, CDK for a cdk.out manifest.json, and
// UnknownFormat for a file Load cannot read (such as a policy document).
// Terraform HCL source (.tf) is Terraform: Load reads it only to say how
// to produce the JSON it reads.
func Detect(path string, data []byte) Format {
	if filepath.Base(path) == "manifest.json" && topKeys(data)["artifacts"] {
		return CDK
	}
	return detect(path, data)
}

// detect tells the format of a file from its name and first keys.
func detect(path string, data []byte) Format {
	if strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfvars") {
		return Terraform
	}
	keys := topKeys(data)
	switch {
	case keys["openapi"] || keys["swagger"]:
		return OpenAPI
	case keys["format_version"] && (keys["terraform_version"] || keys["values"] || keys["planned_values"]):
		return Terraform
	case filepath.Base(path) == serverlessTemplate:
		return Serverless
	case keys["Resources"] || keys["AWSTemplateFormatVersion"]:
		if bytes.Contains(data, []byte("AWS::Serverless-2016-10-31")) || bytes.Contains(data, []byte("AWS::Serverless::")) {
			return SAM
		}
		return CloudFormation
	}
	return UnknownFormat
}

// topKeys returns the top-level keys of a JSON or YAML map, cheaply: JSON
// through encoding/json, YAML by the lines that start at column 1.
func topKeys(data []byte) map[string]bool {
	keys := map[string]bool{}
	if tree.IsJSON(data) {
		var m map[string]json.RawMessage
		if json.Unmarshal(data, &m) == nil {
			for k := range m {
				keys[k] = true
			}
		}
		return keys
	}
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '-' {
			continue
		}
		if k, _, ok := strings.Cut(line, ":"); ok {
			keys[strings.Trim(strings.TrimSpace(k), `"'`)] = true
		}
	}
	return keys
}

func notRead(path string, f Format) Diagnostic {
	msg := "iamgate cannot tell what this file is: give a CloudFormation template (JSON or YAML), a cdk.out folder or a Serverless .serverless folder"
	switch f {
	case Terraform:
		msg = "this is Terraform source (HCL), which iamgate does not read: it reads the JSON Terraform writes for a state or a plan. After an apply: terraform show -json > state.json; before one: terraform plan -out=tfplan && terraform show -json tfplan > plan.json; then give iamgate that file"
	}
	return Diagnostic{Severity: diag.Error, Code: "not-read", File: path, Message: msg}
}
