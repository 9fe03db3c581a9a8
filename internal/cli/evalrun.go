package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	authcmd "github.com/iamgate/iamgate/internal/command"
	"github.com/iamgate/iamgate/internal/safetext"
	"github.com/iamgate/iamgate/suite"
)

// authorizerStdout names the output of the authorizer program in the
// answer's problems.
const authorizerStdout = "<authorizer stdout>"

// authorizerFunction is the function name the authorizer program after --
// is told (AWS_LAMBDA_FUNCTION_NAME).
const authorizerFunction = "authorizer"

// inheritEnvUsage is the help of --inherit-env.
const inheritEnvUsage = "pass the variable `NAME` of iamgate's environment to the authorizer program, which otherwise gets only PATH, HOME, TMPDIR, LANG and Lambda's variables (never AWS credentials or tokens unless named); repeatable"

// checkInheritEnv checks the names given with --inherit-env.
func checkInheritEnv(names []string) error {
	for _, name := range names {
		if err := authcmd.CheckName(name); err != nil {
			return usagef("--inherit-env: %v", err)
		}
	}
	return nil
}

// authorizerRun is what became of the authorizer program given after --.
type authorizerRun struct {
	command string
	dir     string
	// event is what it read; nil when it did not run because the request
	// does not reach the authorizer.
	event []byte
	authcmd.Reading
}

// runAuthorizer runs the authorizer program for the call when API Gateway
// would invoke the authorizer, and gives the call its answer.
func runAuthorizer(ctx context.Context, p *prepared, a *evalArgs) (*authorizerRun, error) {
	spec := authcmd.Spec{
		Argv: a.program, Timeout: a.timeout, MaxOutput: authcmd.MaxResponse,
		Env: authcmd.Environ(authorizerFunction, a.inheritEnv, nil),
	}
	if err := checkResource(p, a.resource); err != nil {
		return nil, err
	}
	prog := spec.Argv[0]
	path, problem := authcmd.Locate(spec.Argv, spec.Env, "")
	switch problem {
	case authcmd.NotInstalled:
		return nil, usagef("the authorizer's program %s is not installed (not found in PATH)%s", prog, authcmd.DidYouMean(prog))
	case authcmd.NotAFile:
		return nil, usagef("the authorizer's program %s is not a file", prog)
	case authcmd.NotExecutable:
		return nil, usagef("the authorizer's program %s is not executable (chmod +x it, or name its interpreter first: -- node %s)", prog, prog)
	case authcmd.ShellLine:
		return nil, usagef("the authorizer's program %q is not a file: give the program and each argument as separate words after -- (iamgate runs no shell)", prog)
	}
	spec.Path = path
	run := &authorizerRun{command: spec.String()}
	run.dir, _ = os.Getwd()
	if !p.gateway.Decide(&p.call).NeedsAuthorizer {
		// API Gateway answers before the authorizer (identity check,
		// resource policy): the program is not run.
		return run, nil
	}
	event, err := eventFor(p, a.resource)
	if err != nil {
		return nil, err
	}
	run.event = event
	run.Reading = spec.Authorize(ctx, event, authorizerStdout)
	if run.Err != nil {
		// iamgate's setup failed, not the authorizer: no answer.
		return nil, fmt.Errorf("the authorizer's program could not be started: %v", run.Err)
	}
	p.call.Authorizer = run.Answer
	p.sources[authorizerStdout] = run.Stdout
	if run.Response {
		// The policy it returned may read the caller's address.
		if err := checkKeysGiven(p.gateway, &p.call); err != nil {
			return nil, err
		}
	}
	return run, nil
}

// invocation is the run as reports show a suite's command runs; nil when
// the program did not run.
func (r *authorizerRun) invocation() *suite.Invocation {
	if r.event == nil {
		return nil
	}
	return &suite.Invocation{
		Command: r.command, Dir: r.dir, Event: r.event,
		Stdout: string(authcmd.Clip(r.Stdout, authcmd.MaxReport)), Stderr: string(authcmd.Clip(r.Stderr, authcmd.MaxReport)),
		ExitCode: r.ExitCode, TimedOut: r.TimedOut, Duration: r.Duration, Response: r.Response, Outcome: r.Outcome,
	}
}

// text is the run for people, before the answer: what the program did,
// its standard output when the answer was not a usable response, and its
// standard error.
func (r *authorizerRun) text() string {
	inv := r.invocation()
	if inv == nil {
		return fmt.Sprintf("authorizer: %s was not run: API Gateway answers this request before invoking the authorizer\n\n", r.command)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "authorizer: ran %s: %s, in %s\n", inv.Command, inv.Outcome, inv.Duration.Round(time.Millisecond))
	b.WriteString(safetext.Indent(inv.Output(), "  "))
	b.WriteByte('\n')
	return safetext.Clean(b.String())
}

// json is the run in the JSON answer: null when the program did not run.
func (r *authorizerRun) json() (json.RawMessage, error) {
	inv := r.invocation()
	if inv == nil {
		return json.RawMessage("null"), nil
	}
	return json.Marshal(inv)
}
