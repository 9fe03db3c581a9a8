package sam_test

import (
	"testing"

	"github.com/iamgate/iamgate/iac/sam"
	"github.com/iamgate/iamgate/internal/zerovalue"
)

// No exported function or method panics on zero values.
func TestZeroValues(t *testing.T) {
	zerovalue.Check(t, zerovalue.Table{
		Funcs: map[string]any{"Read": sam.Read},
	})
}
