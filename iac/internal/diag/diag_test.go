package diag

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDiagnostic(t *testing.T) {
	ds := []Diagnostic{
		{Severity: Error, Message: "b", File: "t.yaml", Line: 3, Column: 1, Pointer: "/Resources/B"},
		{Severity: Warning, Message: "a", File: "t.yaml", Line: 3, Column: 1},
		{Severity: Info, Message: "c", File: "a.yaml"},
		{Severity: Info, Message: "d", File: "t.yaml", Line: 1, Column: 9},
	}
	Sort(ds)
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	want := []string{"a.yaml: info: c", "t.yaml:1:9: info: d", "t.yaml:3:1: warning: a", "t.yaml:3:1: error: b (at /Resources/B)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	data, err := json.Marshal(ds[3])
	if err != nil {
		t.Fatal(err)
	}
	if s := string(data); s != `{"severity":"error","code":"","message":"b","file":"t.yaml","line":3,"column":1,"pointer":"/Resources/B"}` {
		t.Errorf("JSON %s", s)
	}
	if s := Severity(7).String(); s != "Severity(7)" {
		t.Errorf("%s", s)
	}
}
