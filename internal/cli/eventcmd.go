package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/internal/cite"
)

// eventUsage names the page that documents the event (LA-INPUT) with its
// URL, since help has no references section.
var eventUsage = `Usage: iamgate event --api ARN --request "VERB /stage/path" [flags]
       iamgate event --method-arn ARN [flags]

Prints the event API Gateway sends a Lambda authorizer for one request, as
JSON, so that a handler can be run on it by hand. The event's format is
` + cite.Inline("LA-INPUT") + `.

  iamgate event --api ARN --request "GET /prod/orders/42" --token T |
    node run.mjs ./authorizer.mjs > response.json
  iamgate eval --api ARN --request "GET /prod/orders/42" --token T \
    --authorizer-response response.json

It takes the flags of "iamgate eval" that describe the request and the
authorizer. A TOKEN event (the default --authorizer-type) carries the token
(--token, or the header its --identity-source names) and the method ARN; a
REQUEST event carries the headers (with those API Gateway adds: Host,
X-Forwarded-For, ...), query string, path parameters (from --resource),
stage variables and request context, and needs the caller's address
(--source-ip). requestContext.requestId and X-Amzn-Trace-Id are derived
from the method ARN and the time, so the same flags with the same --time
give the same event.

When API Gateway would not invoke the authorizer for the request (the
identity check fails, or the resource policy denies it first), the event is
still printed, and standard error says why the authorizer would not run.

Exit codes: 0 the event was printed, 2 usage or input error.

Flags:
`

func runEvent(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("event", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var f evalFlags
	defineRequestFlags(fs, &f)
	fs.Usage = func() {
		io.WriteString(fs.Output(), eventUsage)
		printFlags(fs)
	}
	if code, stop, _ := parseFlags(e, fs, args); stop {
		return code
	}
	fail := func(err error) int {
		e.errorf("event: %v", err)
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(e.stderr, "Run \"iamgate help event\" for usage.")
		}
		return ExitUsage
	}
	a, err := parseEventArgs(fs, &f)
	if err != nil {
		return fail(err)
	}
	for _, n := range a.notes {
		e.errorf("%s: %s", "event", n)
	}
	p, err := prepareEval(e, a)
	if err != nil {
		return fail(err)
	}
	data, err := eventFor(p, a.resource)
	if err != nil {
		return fail(err)
	}
	var out bytes.Buffer
	json.Indent(&out, data, "", "  ")
	out.WriteByte('\n')
	e.stdout.Write(out.Bytes())
	// Say when API Gateway would not send this event at all.
	if o := p.gateway.Decide(&p.call); !o.NeedsAuthorizer && !o.AuthorizerReached {
		ans := p.gateway.Explain(&p.call, apigw.ExplainOptions{})
		why := fmt.Sprintf("%d %s", ans.Status, http.StatusText(ans.Status))
		if o.Phase1 {
			why += ": the resource policy denies the request before the authorizer runs (phase 1)"
		} else if o.DecidedBy == apigw.LayerIdentityCheck {
			why += ": the identity check fails before the authorizer runs"
		}
		e.errorf("event: note: API Gateway would not invoke the authorizer for this request (%s); run iamgate eval to see why", why)
	}
	return ExitOK
}

// checkResource checks --resource: a resource template that matches the
// request's path.
func checkResource(p *prepared, resource string) error {
	if resource == "" {
		return nil
	}
	if !strings.HasPrefix(resource, "/") {
		return usagef("--resource: %q is not a resource path: it begins with /, such as /orders/{id}", resource)
	}
	if _, ok := apigw.PathParameters(resource, p.call.Method.Path); !ok {
		return usagef("--resource: the resource %q does not match the path %q", resource, p.call.Method.Path)
	}
	return nil
}

// eventFor builds the event the request's Lambda authorizer receives, as
// JSON.
func eventFor(p *prepared, resource string) ([]byte, error) {
	if err := checkResource(p, resource); err != nil {
		return nil, err
	}
	if p.call.AssumeValidIdentity {
		return nil, usagef("a TOKEN authorizer's event carries the token: give it with --token, or send its header with --header")
	}
	ev, err := p.gateway.Event(&p.call, p.event)
	switch {
	case errors.Is(err, apigw.ErrNoSourceIP):
		return nil, usagef("a REQUEST authorizer's event carries the caller's address (requestContext.identity.sourceIp, X-Forwarded-For): give it with --source-ip")
	case err != nil:
		return nil, usagef("--resource: %s", strings.TrimPrefix(err.Error(), "apigw: event: "))
	}
	return ev.JSON()
}
