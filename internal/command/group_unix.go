//go:build unix

package command

import (
	"os/exec"
	"syscall"
)

// setGroup runs the program in its own process group and makes a timeout
// kill the whole group, so that the children of an interpreter or of go run
// stop too.
func setGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// killGroup kills what is left of the program's process group after it
// exited, or the whole group (KillAll).
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
