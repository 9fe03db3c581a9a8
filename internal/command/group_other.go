//go:build !unix

package command

import "os/exec"

// setGroup does nothing here: a timeout kills the program itself
// (exec.CommandContext's default).
func setGroup(*exec.Cmd) {}

// killGroup does nothing here: the program's children are not tracked.
func killGroup(*exec.Cmd) {}
