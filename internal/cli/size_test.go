package cli

import (
	"testing"

	"github.com/iamgate/iamgate/internal/sizecheck"
)

// The command stays thin: no file of the package is over
// sizecheck.MaxFileLines and no function over sizecheck.MaxFuncLines. A
// command that grows past them has domain logic to move into its library
// package, or a run function to split into parse, library calls and
// rendering.
func TestSizes(t *testing.T) {
	sizecheck.Check(t, ".")
}
