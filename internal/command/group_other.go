//go:build !unix

package command

import "os/exec"

// setGroup does nothing here: a timeout kills the program itself
// (exec.CommandContext's default).
func setGroup(*exec.Cmd) {}

// killGroup kills the program, if it still runs (KillAll); its children
// are not tracked.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		cmd.Process.Kill()
	}
}
