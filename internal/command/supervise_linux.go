package command

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	ossignal "os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// superviseArg, as a program's first argument, makes it the supervisor
// (Supervise).
const superviseArg = "__iamgate-supervise"

// supervisor is the program that supervises runs; "" runs programs
// directly.
var supervisor string

// EnableSupervisor makes every run start its program through a supervisor:
// this executable run again, which Supervise must then handle first thing
// in main. The supervisor starts the program in its process group and gets
// SIGTERM when this process dies, even by SIGKILL (the parent-death
// signal), and then kills the group: a program and the children it started
// never outlive iamgate. Only Linux has the parent-death signal; elsewhere
// this does nothing.
func EnableSupervisor() {
	// Without /proc (some containers) this executable cannot be run
	// again: programs are run directly.
	if _, err := os.Stat("/proc/self/exe"); err == nil {
		supervisor = "/proc/self/exe"
	}
}

// Supervise runs the supervisor and exits when args (os.Args) ask for it;
// otherwise it returns at once.
func Supervise(args []string) {
	if len(args) < 3 || args[1] != superviseArg {
		return
	}
	os.Exit(supervise(args[2], args[3:]))
}

// supervise runs the program path with argv, in this process's group, and
// writes how it ended on file descriptor 3: "wait STATUS" (the wait
// status) or "start MESSAGE" when it could not start. When this process
// gets SIGTERM (its parent died) it kills its group, itself included.
func supervise(path string, argv []string) int {
	status := os.NewFile(3, "status")
	if status == nil {
		return 125
	}
	syscall.CloseOnExec(3)
	stop := make(chan os.Signal, 1)
	ossignal.Notify(stop, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		<-stop
		syscall.Kill(0, syscall.SIGKILL)
	}()
	// A parent that died before the parent-death signal was set sent it
	// anyway (syscall.SysProcAttr.Pdeathsig), before this ran.
	cmd := &exec.Cmd{Path: path, Args: argv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	if err := cmd.Start(); err != nil {
		dir, _ := os.Getwd()
		fmt.Fprintf(status, "start %s", startError(path, dir, err))
		return 0
	}
	cmd.Wait()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	fmt.Fprintf(status, "wait %d", uint32(ws))
	return 0
}

// supervised is a run started through the supervisor: the end of the pipe
// it tells how the program ended on.
type supervised struct{ r, w *os.File }

// superviseCmd makes cmd start the supervisor, which starts the program
// cmd names; nil when runs are not supervised or cmd cannot start (its
// error is then Start's).
func superviseCmd(cmd *exec.Cmd) (*supervised, error) {
	if supervisor == "" || cmd.Err != nil {
		return nil, nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Args = append([]string{"iamgate", superviseArg, cmd.Path}, cmd.Args...)
	cmd.Path = supervisor
	cmd.ExtraFiles = []*os.File{w}
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGTERM
	return &supervised{r: r, w: w}, nil
}

// started closes this process's copy of the supervisor's end.
func (s *supervised) started() { s.w.Close() }

// close closes the pipe.
func (s *supervised) close() { s.r.Close(); s.w.Close() }

// end reads how the program ended, once the supervisor exited: its exit
// code or signal, or why it could not start; ok is false when the
// supervisor did not say (it was killed).
func (s *supervised) end() (exitCode int, sig os.Signal, startErr error, ok bool) {
	s.r.SetReadDeadline(time.Now().Add(time.Second))
	b, _ := io.ReadAll(s.r)
	word, rest, _ := strings.Cut(string(b), " ")
	switch word {
	case "start":
		return -1, nil, errors.New(rest), true
	case "wait":
		n, err := strconv.ParseUint(rest, 10, 32)
		if err != nil {
			return 0, nil, nil, false
		}
		ws := syscall.WaitStatus(n)
		switch {
		case ws.Exited():
			return ws.ExitStatus(), nil, nil, true
		case ws.Signaled():
			return -1, ws.Signal(), nil, true
		}
	}
	return 0, nil, nil, false
}
