// Command iamgate predicts how Amazon API Gateway authorizes a request,
// offline. Run "iamgate help" for its commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/iamgate/iamgate/internal/cli"
	"github.com/iamgate/iamgate/internal/command"
)

// grace is how long the work has to stop after the first interrupt before
// iamgate exits without it.
const grace = 500 * time.Millisecond

func main() {
	// iamgate runs again as the supervisor of an authorizer program, so
	// that the program's process group dies with iamgate, even by kill -9.
	command.Supervise(os.Args)
	command.EnableSupervisor()
	// The first interrupt or termination stops the work (and a running
	// authorizer) cleanly; after it, signals have their default effect,
	// so a second Ctrl-C ends iamgate at once. Work that cannot stop at
	// once (reading a file that blocks, a large suite loading) gets grace,
	// then the authorizers still running are killed and iamgate exits 2.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-sigs
		signal.Stop(sigs)
		cancel()
		time.Sleep(grace)
		command.KillAll()
		os.Stderr.WriteString("iamgate: interrupted\n")
		os.Exit(cli.ExitUsage)
	}()
	// With SIGPIPE notified (and never acted on), a write to a closed
	// pipe returns an error instead of killing iamgate with status 141,
	// so the report's loss is told and exits 2 (cli.Run). Notify, unlike
	// ignoring the signal, is not inherited by the authorizer programs.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	os.Exit(code)
}
