package sam_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/iac/cloudformation"
	"github.com/iamgate/iamgate/iac/sam"
)

// samCorpus finds the SAM pairs of the shared corpus:
// $IAMGATE_SHARED/iac-corpus/sam, else ../shared beside the repository.
func samCorpus(t *testing.T) string {
	t.Helper()
	shared := os.Getenv("IAMGATE_SHARED")
	if shared == "" {
		root, err := filepath.Abs("../..") // this package is two levels below the root
		if err != nil {
			t.Fatal(err)
		}
		shared = filepath.Join(filepath.Dir(root), "shared")
	}
	dir := filepath.Join(shared, "iac-corpus", "sam")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the IaC corpus is not here (%v): set IAMGATE_SHARED to the folder holding iac-corpus/", err)
	}
	return dir
}

// comparable is an API with what legitimately differs between a SAM
// source template and the template SAM translates it into taken out:
//   - positions (every apigw.Location: the two are different files);
//   - the order of methods, authorizers, stages and gateway responses
//     (SAM's test outputs are written with sorted keys, the source in the
//     order the template gives);
//   - the resource policy's JSON text, compared as data (key order);
//   - the partition SAM writes into a Lambda authorizer's URI, "aws", which
//     iamgate keeps as ${AWS::Partition} until it is given.
type comparable struct {
	ID              string
	Config          apigw.APIConfig
	AuthorizerNames map[string]string
	Policy          any
	Condition       string
}

func normalize(t *testing.T, a cloudformation.API) comparable {
	t.Helper()
	c := a.Config
	sort.Slice(c.Methods, func(i, j int) bool { return c.Methods[i].Route() < c.Methods[j].Route() })
	sort.Slice(c.Authorizers, func(i, j int) bool { return c.Authorizers[i].Name < c.Authorizers[j].Name })
	sort.Slice(c.Stages, func(i, j int) bool { return c.Stages[i].Name < c.Stages[j].Name })
	sort.Slice(c.GatewayResponses, func(i, j int) bool { return c.GatewayResponses[i].Type < c.GatewayResponses[j].Type })
	for i := range c.Authorizers {
		f := &c.Authorizers[i].Function
		f.Text = strings.Replace(f.Text, "arn:aws:apigateway:", "arn:${AWS::Partition}:apigateway:", 1)
		f.Symbol = strings.Replace(f.Symbol, "arn:aws:apigateway:", "arn:${AWS::Partition}:apigateway:", 1)
	}
	var pol any
	if a.Policy != nil {
		if err := json.Unmarshal(a.Policy, &pol); err != nil {
			t.Fatalf("%s: policy %s: %v", a.LogicalID, a.Policy, err)
		}
	}
	c.ResourcePolicy = nil // the document parsed from Policy, compared as Policy
	return comparable{ID: a.LogicalID, Config: c, AuthorizerNames: a.AuthorizerNames, Policy: pol, Condition: a.Condition}
}

// TestCorpusPairs: for every SAM pair of the corpus (X.input.yaml and the
// X.output.json SAM translates it into), the model read from the source
// template equals the model read from the translated one.
func TestCorpusPairs(t *testing.T) {
	dir := samCorpus(t)
	inputs, err := filepath.Glob(filepath.Join(dir, "*.input.yaml"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no SAM pairs in %s (%v)", dir, err)
	}
	ignore := cmp.Options{cmpopts.IgnoreTypes(apigw.Location{}), cmpopts.EquateEmpty(), cmpopts.EquateComparable(apigw.TTL{})}
	for _, in := range inputs {
		out := strings.TrimSuffix(in, ".input.yaml") + ".output.json"
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, gen := readAPIs(t, in, sam.Read), readAPIs(t, out, cloudformation.Read)
			if len(gen) == 0 && !strings.HasPrefix(filepath.Base(in), "http_api") {
				t.Fatalf("%s holds no REST API", out)
			}
			if diff := cmp.Diff(gen, src, ignore); diff != "" {
				t.Errorf("model(input) differs from model(output) (-output +input)\n%s", diff)
			}
		})
	}
}

func readAPIs(t *testing.T, path string, read func(string, []byte, cloudformation.Options) *cloudformation.Template) []comparable {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tpl := read(path, data, cloudformation.Options{})
	var out []comparable
	for _, a := range tpl.APIs {
		out = append(out, normalize(t, a))
	}
	return out
}
