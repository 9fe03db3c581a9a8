package cloudformation_test

import (
	"testing"

	"github.com/iamgate/iamgate/iac/cloudformation"
	"github.com/iamgate/iamgate/internal/zerovalue"
)

// No exported function or method panics on zero values.
func TestZeroValues(t *testing.T) {
	zerovalue.Check(t, zerovalue.Table{
		Funcs: map[string]any{"Read": cloudformation.Read, "ReadExpanded": cloudformation.ReadExpanded, "ReadFragment": cloudformation.ReadFragment},
		Types: []any{cloudformation.Template{}, cloudformation.API{}, cloudformation.Options{}, cloudformation.Limits{},
			cloudformation.Value{}, cloudformation.Part{}, cloudformation.Member{}, cloudformation.Kind(0), cloudformation.Diagnostic{}},
	})
}
