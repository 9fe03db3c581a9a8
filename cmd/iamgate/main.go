// Command iamgate predicts how Amazon API Gateway authorizes a request,
// offline. Run "iamgate help" for its commands.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/iamgate/iamgate/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
