//go:build !linux

package command

import (
	"os"
	"os/exec"
)

// EnableSupervisor does nothing here: only Linux has the parent-death
// signal that lets a supervisor outlive no parent.
func EnableSupervisor() {}

// Supervise returns at once: runs are never supervised here.
func Supervise([]string) {}

// supervised is never used here.
type supervised struct{}

func superviseCmd(*exec.Cmd) (*supervised, error) { return nil, nil }
func (*supervised) started()                      {}
func (*supervised) close()                        {}
func (*supervised) end() (int, os.Signal, error, bool) {
	return 0, nil, nil, false
}
