package arn_test

import (
	"testing"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/internal/zerovalue"
)

// No exported function or method panics on zero values.
func TestZeroValues(t *testing.T) {
	zerovalue.Check(t, zerovalue.Table{
		Funcs: map[string]any{
			"CheckRESTMethod":    arn.CheckRESTMethod,
			"IsRESTMethod":       arn.IsRESTMethod,
			"KnownPartition":     arn.KnownPartition,
			"Partitions":         arn.Partitions,
			"RequestQuery":       arn.RequestQuery,
			"ParseAPI":           arn.ParseAPI,
			"Parse":              arn.Parse,
			"ParseMethodARN":     arn.ParseMethodARN,
			"MustParseAPI":       nil, // panics on an invalid ARN, as documented
			"MustParse":          nil, // the same
			"MustParseMethodARN": nil, // the same
		},
		Types: []any{arn.API{}, arn.ARN{}, arn.MethodARN{}, arn.ParseError{}},
	})
}
