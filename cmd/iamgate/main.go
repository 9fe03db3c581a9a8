// Command iamgate predicts how Amazon API Gateway authorizes a request,
// offline. Run "iamgate help" for its commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/iamgate/iamgate/internal/cli"
)

func main() {
	// The first interrupt or termination stops the work (and a running
	// authorizer) cleanly; after it, signals have their default effect,
	// so a second Ctrl-C ends iamgate at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	// With SIGPIPE notified (and never acted on), a write to a closed
	// pipe returns an error instead of killing iamgate with status 141,
	// so the report's loss is told and exits 2 (cli.Run). Notify, unlike
	// ignoring the signal, is not inherited by the authorizer programs.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
