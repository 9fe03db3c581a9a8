//go:build !unix

package command

import "os"

// signal returns nil: only Unix systems tell that a signal ended a process.
func signal(*os.ProcessState) os.Signal { return nil }

// signalName returns "": no signal ends a process here.
func signalName(os.Signal) string { return "" }
