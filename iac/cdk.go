package iac

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/iamgate/iamgate/iac/cloudformation"
	"github.com/iamgate/iamgate/iac/internal/diag"
)

// manifest is the part of a cloud assembly's manifest.json Load reads.
type manifest struct {
	Artifacts map[string]struct {
		Type        string `json:"type"`
		Environment string `json:"environment"`
		Properties  struct {
			TemplateFile  string `json:"templateFile"`
			DirectoryName string `json:"directoryName"`
		} `json:"properties"`
	} `json:"artifacts"`
}

// maxAssemblyDepth bounds nested cloud assemblies (CDK stages).
const maxAssemblyDepth = 4

// loadCDK reads the stacks of a cdk.out folder through its manifest.json.
func loadCDK(dir string, opts Options) (*Result, error) {
	r := &Result{Format: CDK}
	if err := r.addAssembly(dir, opts, 0); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Result) addAssembly(dir string, opts Options, depth int) error {
	path := filepath.Join(dir, "manifest.json")
	data, err := readFile(path, opts.Limits)
	if err != nil {
		return err
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("iac: %s: not a cloud assembly manifest: %v", path, err)
	}
	names := make([]string, 0, len(m.Artifacts))
	for k := range m.Artifacts {
		names = append(names, k)
	}
	sort.Strings(names)
	stacks := 0
	for _, name := range names {
		a := m.Artifacts[name]
		switch a.Type {
		case "aws:cloudformation:stack":
			stacks++
			r.addStack(dir, name, a.Properties.TemplateFile, a.Environment, opts)
		case "cdk:cloud-assembly":
			if depth >= maxAssemblyDepth || a.Properties.DirectoryName == "" || strings.Contains(a.Properties.DirectoryName, "..") {
				r.Diagnostics = append(r.Diagnostics, Diagnostic{Severity: diag.Warning, Code: "unsupported", File: path, Message: fmt.Sprintf("nested cloud assembly %s is not read (too deep, or its folder is not below this one)", name)})
				continue
			}
			if err := r.addAssembly(filepath.Join(dir, a.Properties.DirectoryName), opts, depth+1); err != nil {
				r.Diagnostics = append(r.Diagnostics, Diagnostic{Severity: diag.Error, Code: "not-read", File: path, Message: fmt.Sprintf("nested cloud assembly %s cannot be read: %v", name, err)})
			}
		}
	}
	if stacks == 0 && depth == 0 && len(r.Files) == 0 {
		r.Diagnostics = append(r.Diagnostics, Diagnostic{Severity: diag.Error, Code: "not-read", File: path, Message: "the manifest names no CloudFormation stack: run cdk synth first"})
	}
	return nil
}

// addStack reads one stack's template; a template that cannot be read is a
// Diagnostic, so that the other stacks are still read.
func (r *Result) addStack(dir, name, file, env string, opts Options) {
	if file == "" || strings.Contains(file, "..") || filepath.IsAbs(file) {
		r.Diagnostics = append(r.Diagnostics, Diagnostic{Severity: diag.Error, Code: "invalid", File: filepath.Join(dir, "manifest.json"), Message: fmt.Sprintf("stack %s's templateFile %q is not a file in the assembly", name, file)})
		return
	}
	path := filepath.Join(dir, file)
	data, err := readFile(path, opts.Limits)
	if err != nil {
		r.Diagnostics = append(r.Diagnostics, Diagnostic{Severity: diag.Error, Code: "not-read", File: path, Message: fmt.Sprintf("stack %s's template cannot be read (%v): run cdk synth again", name, err)})
		return
	}
	o := opts
	if acct, region, ok := cdkEnvironment(env); ok {
		if o.Account == "" {
			o.Account = acct
		}
		if o.Region == "" {
			o.Region = region
		}
	}
	if o.StackName == "" {
		o.StackName = name
	}
	r.addTemplate(cloudformation.Read(path, data, o.cfn()), name)
}

// cdkEnvironment reads "aws://ACCOUNT/REGION"; unknown-account and
// unknown-region are not values.
func cdkEnvironment(env string) (account, region string, ok bool) {
	rest, found := strings.CutPrefix(env, "aws://")
	if !found {
		return "", "", false
	}
	account, region, found = strings.Cut(rest, "/")
	if !found {
		return "", "", false
	}
	if strings.HasPrefix(account, "unknown-") {
		account = ""
	}
	if strings.HasPrefix(region, "unknown-") {
		region = ""
	}
	return account, region, account != "" || region != ""
}
