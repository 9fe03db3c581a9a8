//go:build !unix

package safeio

import "os"

// open opens name for reading; the caller checks that it is a regular
// file. (FIFOs are a Unix matter.)
func open(name string) (*os.File, error) {
	if ok, mode, err := IsRegular(name); err != nil {
		return nil, err
	} else if !ok {
		return nil, &NotRegularError{Path: name, Mode: mode}
	}
	return os.Open(name)
}
