package suite

import (
	"testing"

	"github.com/iamgate/iamgate/internal/sizecheck"
)

// No file of the package is over sizecheck.MaxFileLines and no function
// over sizecheck.MaxFuncLines, so that the loader's split by concern does
// not rot.
func TestSizes(t *testing.T) {
	sizecheck.Check(t, ".")
}
