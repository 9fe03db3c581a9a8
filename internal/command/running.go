package command

import (
	"os/exec"
	"sync"
)

// running are the programs started and not yet stopped, for KillAll.
var running struct {
	sync.Mutex
	cmds map[*exec.Cmd]struct{}
}

func track(cmd *exec.Cmd) {
	running.Lock()
	defer running.Unlock()
	if running.cmds == nil {
		running.cmds = map[*exec.Cmd]struct{}{}
	}
	running.cmds[cmd] = struct{}{}
}

func untrack(cmd *exec.Cmd) {
	running.Lock()
	defer running.Unlock()
	delete(running.cmds, cmd)
}

// KillAll kills every program a run started that is still running, with
// its process group (on Unix): for a process about to exit without
// waiting for its runs to end.
func KillAll() {
	running.Lock()
	defer running.Unlock()
	for cmd := range running.cmds {
		killGroup(cmd)
	}
}
