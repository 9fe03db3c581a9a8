package command_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/iamgate/iamgate/internal/command"
)

// The test binary is the program the tests run: with COMMAND_TEST set it
// behaves as its first argument says.
func TestMain(m *testing.M) {
	// The test binary is also the supervisor of the runs, under
	// TestSupervised.
	command.Supervise(os.Args)
	switch os.Getenv("COMMAND_TEST") {
	case "":
		if os.Getenv("COMMAND_SUPERVISED") == "1" {
			command.EnableSupervisor()
		}
		os.Exit(m.Run())
	case "parent":
		// The parent's command line.
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", os.Getppid()))
		os.Stdout.Write(b)
		os.Exit(0)
	case "echo":
		b := make([]byte, 1<<16)
		n, _ := os.Stdin.Read(b)
		os.Stdout.Write(b[:n])
		os.Stderr.WriteString("to stderr")
		os.Exit(0)
	case "exit3":
		os.Exit(3)
	case "big":
		os.Stdout.WriteString(strings.Repeat("x", 1000))
		os.Exit(0)
	case "hang-with-child":
		// A child that keeps the pipes open, as go run's program does.
		exe, _ := os.Executable()
		p, _ := os.StartProcess(exe, []string{exe}, &os.ProcAttr{
			Env:   childEnv(),
			Files: []*os.File{nil, os.Stdout, os.Stderr},
		})
		_ = p
		time.Sleep(time.Minute)
	case "sleep":
		time.Sleep(time.Minute)
	case "exit-leaving-stdin-child":
		// Exits without reading, leaving a child that holds standard
		// input unread.
		exe, _ := os.Executable()
		if _, err := os.StartProcess(exe, []string{exe}, &os.ProcAttr{
			Env:   childEnv(),
			Files: []*os.File{os.Stdin, nil, nil},
		}); err != nil {
			os.Exit(5)
		}
		os.Exit(0)
	case "exit-leaving-child":
		// Answers at once, leaving a child that holds the pipes; its
		// process id on standard output.
		exe, _ := os.Executable()
		p, err := os.StartProcess(exe, []string{exe}, &os.ProcAttr{
			Env:   childEnv(),
			Files: []*os.File{nil, os.Stdout, os.Stderr},
		})
		if err != nil {
			os.Exit(5)
		}
		fmt.Print(p.Pid)
		os.Exit(0)
	}
}

// childEnv is the environment of a child that sleeps: COMMAND_TEST
// replaced, since os.StartProcess keeps both of two equal names.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "COMMAND_TEST=") {
			env = append(env, kv)
		}
	}
	return append(env, "COMMAND_TEST=sleep")
}

func spec(t *testing.T, mode string) command.Spec {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return command.Spec{Argv: []string{exe}, Env: append(os.Environ(), "COMMAND_TEST="+mode)}
}

func TestRun(t *testing.T) {
	r := spec(t, "echo").Run(context.Background(), []byte(`{"a":1}`))
	if r.Err != nil || r.ExitCode != 0 || string(r.Stdout) != `{"a":1}` || string(r.Stderr) != "to stderr" {
		t.Errorf("echo: %+v", r)
	}
	r = spec(t, "exit3").Run(context.Background(), nil)
	if r.Err != nil || r.ExitCode != 3 || r.TimedOut || r.Signal != nil {
		t.Errorf("exit3: %+v", r)
	}
	s := spec(t, "big")
	s.MaxOutput = 100
	r = s.Run(context.Background(), nil)
	if !r.StdoutTruncated || len(r.Stdout) != 100 {
		t.Errorf("big: truncated %v, %d bytes", r.StdoutTruncated, len(r.Stdout))
	}
	r = command.Spec{Argv: []string{"/no/such/program"}}.Run(context.Background(), nil)
	if r.Err == nil || r.ExitCode != -1 {
		t.Errorf("missing program: %+v", r)
	}
	if r := (command.Spec{}).Run(context.Background(), nil); r.Err == nil {
		t.Error("no program: no error")
	}
}

func TestRunTimeoutStopsTheGroup(t *testing.T) {
	for _, mode := range []string{"sleep", "hang-with-child"} {
		t.Run(mode, func(t *testing.T) {
			s := spec(t, mode)
			s.Timeout = 200 * time.Millisecond
			start := time.Now()
			r := s.Run(context.Background(), nil)
			if !r.TimedOut || r.ExitCode != -1 || r.Signal != nil {
				t.Errorf("%+v", r)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
}

func TestString(t *testing.T) {
	s := command.Spec{Argv: []string{"node", "run.mjs", "my file.mjs", ""}}
	if got, want := s.String(), `node run.mjs "my file.mjs" ""`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	r := spec(t, "sleep").Run(ctx, nil)
	if !r.Cancelled || r.TimedOut || r.ExitCode != -1 || r.Err != nil || r.Signal != nil {
		t.Errorf("%+v", r)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %s", d)
	}
}

// A large event, unread by a program that exits leaving a child holding
// its standard input, does not keep the run waiting.
func TestRunUnreadStdin(t *testing.T) {
	s := spec(t, "exit-leaving-stdin-child")
	s.Timeout = 30 * time.Second
	start := time.Now()
	r := s.Run(context.Background(), make([]byte, 1<<20))
	if r.ExitCode != 0 || r.Err != nil || r.TimedOut {
		t.Errorf("%+v", r)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %s", d)
	}
}
