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
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
