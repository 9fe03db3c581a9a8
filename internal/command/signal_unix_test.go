//go:build unix

package command_test

import (
	"context"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/internal/command"
)

// A program killed by a signal (kill -9, the out-of-memory killer) is a
// runtime that exited with Lambda's error for it, whatever it wrote.
func TestAuthorizeKilledBySignal(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	type reading struct {
		Signal   string
		ExitCode int
		Message  string
		Outcome  string
	}
	type test struct {
		name   string
		script string
		want   reading
	}
	tests := []test{
		{"SIGKILL", `kill -9 $$`, reading{"killed", -1,
			"Runtime exited with error: signal: killed",
			"killed by signal SIGKILL (no error message on standard output)"}},
		{"SIGTERM", `kill -TERM $$`, reading{"terminated", -1,
			"Runtime exited with error: signal: terminated",
			"killed by signal SIGTERM (no error message on standard output)"}},
		// Killed after writing Lambda's error object: the run did not
		// finish, and Lambda reports the runtime's exit, not the message.
		{"after an error object", `echo '{"errorMessage":"Unauthorized"}'; kill -9 $$`, reading{"killed", -1,
			"Runtime exited with error: signal: killed",
			"killed by signal SIGKILL (what it wrote on standard output is not read: Lambda reports the signal)"}},
		{"after a response", `echo '{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":[]}}'; kill -9 $$`, reading{"killed", -1,
			"Runtime exited with error: signal: killed",
			"killed by signal SIGKILL (what it wrote on standard output is not read: Lambda reports the signal)"}},
	}
	if runtime.GOOS == "linux" {
		// A real-time signal, which has no name here.
		tests = append(tests, test{"unnamed", `kill -40 $$`, reading{"signal 40", -1,
			"Runtime exited with error: signal: signal 40",
			"killed by signal 40 (no error message on standard output)"}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := command.Spec{Argv: []string{"sh", "-c", tt.script}, Path: sh, Dir: t.TempDir()}
			r := s.Authorize(context.Background(), []byte(`{}`), "out.json")
			msg, failed := r.Answer.Err()
			if !failed {
				t.Errorf("the answer is not a failure: %+v", r.Answer)
			}
			got := reading{ExitCode: r.ExitCode, Message: msg, Outcome: r.Outcome}
			if r.Signal != nil {
				got.Signal = r.Signal.String()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if r.Err != nil || r.TimedOut || r.Cancelled || r.Response {
				t.Errorf("%+v", r)
			}
		})
	}
}

// A run stopped at its timeout is killed too, but by this process: it
// timed out, and no signal is reported.
func TestAuthorizeTimeoutIsNoSignal(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	s := command.Spec{Argv: []string{"sh", "-c", "sleep 60"}, Path: sh, Timeout: 200 * time.Millisecond}
	r := s.Authorize(context.Background(), nil, "out.json")
	msg, _ := r.Answer.Err()
	if r.Signal != nil || !r.TimedOut || msg != "Task timed out after 0.20 seconds" || r.Outcome != "timed out after 200ms" {
		t.Errorf("signal %v, timed out %v, message %q, outcome %q", r.Signal, r.TimedOut, msg, r.Outcome)
	}
}
