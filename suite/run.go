package suite

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/eval"
)

// RunOptions adjust a run.
type RunOptions struct {
	// Filter, when set, picks what runs: a case whose full name
	// (SUITE/CASE) matches, and a sequence whose full name (SUITE/SEQUENCE)
	// or any of whose steps' full names (SUITE/SEQUENCE/STEP) match. A
	// sequence always runs whole, since its steps share a cache and a
	// clock.
	Filter *regexp.Regexp
	// Explain computes the full answer (message, trace, reasons, advice)
	// of every request; otherwise only failures are explained.
	Explain bool
	// Context bounds the runs of command authorizers; nil means
	// context.Background. Once it is cancelled, Run stops: the request
	// running then and those after it have no Result (Results are fewer
	// than Len).
	Context context.Context
	// InheritEnv names variables of this process's environment that the
	// programs of command authorizers get, besides the minimal
	// environment they always get and what their inheritEnv names.
	InheritEnv []string
}

// Result is the outcome of one request of a suite.
type Result struct {
	// Case is the request; Sequence and Step (1-based) say where it is in
	// a sequence (nil and 0 for an independent case).
	Case     *Case
	Sequence *Sequence
	Step     int
	// Name is the full name: SUITE/CASE or SUITE/SEQUENCE/STEP.
	Name string
	// Passed reports whether the answer met the expectation.
	Passed bool
	// Got is the answer in the expectation's terms (Expectation.Describe).
	Got string
	// Outcome is the answer; Answer is the full answer with its
	// explanation, set when the request failed or RunOptions.Explain is
	// set (otherwise its Outcome is the zero value).
	Outcome apigw.Outcome
	Answer  apigw.Answer
	// Invoked reports whether the authorizer ran for this request;
	// Cached is the cache entry that answered instead (nil when none);
	// Stored is the entry this request's result was stored as (nil when
	// it was not stored: caching off, or not usable output).
	Invoked bool
	Cached  *apigw.CachedResult
	Stored  *apigw.CachedResult
	// Authorizer is the authorizer's result the request was decided
	// with, invoked or taken from the cache; nil when the request did not
	// reach the authorizer.
	Authorizer *apigw.AuthorizerResult
	// From says where the authorizer's answer is written in the suite,
	// when Invoked.
	From string
	// Notes are the flushes and waits of the sequence since the previous
	// request, each beginning "line N: ".
	Notes []string
	// Invocation is the run of a command authorizer for this request, when
	// it ran one.
	Invocation *Invocation
	// Skipped is set when the request was not run, and SkipReason says
	// why: the authorizer it reaches runs a program that is not installed
	// here. A skipped request has neither passed nor failed.
	Skipped    bool
	SkipReason string
	// Problem, when set, is why the request could not be answered as
	// written (it then fails): the authorizer's policy needs a value the
	// request does not give.
	Problem string
}

// Run runs the suite's cases, then its sequences, in file order, and
// returns one Result per request run. Each Run has its own authorizer
// caches and copies of the requests: runs may go on concurrently.
func (s *Suite) Run(opts RunOptions) []Result {
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	stopped := func() bool { return opts.Context.Err() != nil }
	var out []Result
	for _, c := range s.Cases {
		if stopped() {
			return out
		}
		name := s.Name + "/" + c.Name
		if opts.Filter != nil && !opts.Filter.MatchString(name) {
			continue
		}
		if c.runner != nil && c.runner.skip != "" {
			out = append(out, skipped(c, nil, 0, name, c.runner.skip))
			continue
		}
		var cache apigw.AuthorizerCache
		r := s.runCase(c, nil, 0, name, &cache, nil, opts)
		if stopped() {
			return out // the request was cut short: it has no answer
		}
		out = append(out, r)
	}
	for _, sq := range s.Sequences {
		if stopped() {
			return out
		}
		if !sq.matches(s.Name, opts.Filter) {
			continue
		}
		if reason := sq.skip(); reason != "" {
			// The steps share a cache: without one authorizer's answers
			// the others' expectations would not hold either.
			n := 0
			for _, st := range sq.Steps {
				if st.Case != nil {
					n++
					out = append(out, skipped(st.Case, sq, n, s.Name+"/"+sq.Name+"/"+st.Case.Name, reason))
				}
			}
			continue
		}
		var cache apigw.AuthorizerCache
		var notes []string
		n := 0
		for _, st := range sq.Steps {
			switch {
			case st.Flush != "":
				k := cache.FlushStage(s.API, st.Flush, st.at)
				notes = append(notes, fmt.Sprintf("line %d: flushed the authorizer cache of stage %s (%s)", st.Line, st.Flush, entries(k)))
			case st.Wait > 0:
				notes = append(notes, fmt.Sprintf("line %d: waited %s", st.Line, st.Wait))
			default:
				if stopped() {
					return out
				}
				n++
				name := s.Name + "/" + sq.Name + "/" + st.Case.Name
				r := s.runCase(st.Case, sq, n, name, &cache, notes, opts)
				if stopped() {
					return out
				}
				out = append(out, r)
				notes = nil
			}
		}
	}
	return out
}

func skipped(c *Case, sq *Sequence, step int, name, reason string) Result {
	return Result{Case: c, Sequence: sq, Step: step, Name: name, Skipped: true, SkipReason: reason, Got: "skipped"}
}

// skip says why the sequence cannot run here, "" when it can.
func (sq *Sequence) skip() string {
	for _, st := range sq.Steps {
		if st.Case != nil && st.Case.runner != nil && st.Case.runner.skip != "" {
			return st.Case.runner.skip
		}
	}
	return ""
}

func entries(n int) string {
	if n == 1 {
		return "1 entry dropped"
	}
	return strconv.Itoa(n) + " entries dropped"
}

func (sq *Sequence) matches(suite string, re *regexp.Regexp) bool {
	if re == nil || re.MatchString(suite+"/"+sq.Name) {
		return true
	}
	for _, st := range sq.Steps {
		if st.Case != nil && re.MatchString(suite+"/"+sq.Name+"/"+st.Case.Name) {
			return true
		}
	}
	return false
}

// runCase sends one request through the gateway with the cache: decide;
// when the authorizer is needed, take a live cache entry or invoke it and
// store its result; decide again.
func (s *Suite) runCase(c *Case, sq *Sequence, step int, name string, cache *apigw.AuthorizerCache, notes []string, opts RunOptions) Result {
	r := Result{Case: c, Sequence: sq, Step: step, Name: name, Notes: notes}
	style := apigw.ExplainOptions{Messages: s.Messages}
	if c.gateway == nil {
		call := c.call
		call.Method = c.method
		r.Answer = s.model.NoSuchMethod(&call, style)
		r.Outcome = r.Answer.Outcome
		r.Passed = c.Expect.Met(r.Outcome, r.Answer.Message)
		r.Got = c.Expect.Describe(r.Outcome, r.Answer.Message)
		return r
	}
	// This run's copy of the request: the Suite's is shared by every
	// Run, which may be going on at once.
	g, call := c.gateway, new(apigw.Call)
	*call = c.call
	call.Authorizer, call.Cached = nil, nil
	o := g.Decide(call)
	if o.NeedsAuthorizer {
		if e := cache.Lookup(g, call, c.Time); e != nil {
			call.Authorizer, call.Cached = e.Result, e
			r.Cached = e
		} else {
			res := c.invoke
			r.Invoked, r.From = true, c.from
			if c.runner != nil {
				res, r.Invocation, r.Problem = c.run(opts.Context, call, opts.InheritEnv)
				r.From = "command " + r.Invocation.Command
			}
			call.Authorizer = res
			src := strconv.Quote(c.Name)
			if sq != nil {
				src = fmt.Sprintf("step %d %q", step, c.Name)
			}
			r.Stored = cache.Store(g, call, c.Time, res, fmt.Sprintf("%s (line %d)", src, c.Line))
		}
		o = g.Decide(call)
		r.Authorizer = call.Authorizer
	}
	r.Outcome = o
	msg := ""
	explain := opts.Explain || c.Expect.NeedsMessage()
	if explain {
		r.Answer = g.Explain(call, style)
		msg = r.Answer.Message
	}
	r.Passed = c.Expect.Met(o, msg) && r.Problem == ""
	if !r.Passed && !explain {
		r.Answer = g.Explain(call, style)
		msg = r.Answer.Message
	}
	r.Got = c.Expect.Describe(o, msg)
	return r
}

// Counts returns how many results passed and failed; skipped results are
// neither (Skipped counts them).
func Counts(results []Result) (passed, failed int) {
	for _, r := range results {
		switch {
		case r.Skipped:
		case r.Passed:
			passed++
		default:
			failed++
		}
	}
	return passed, failed
}

// Skipped returns how many results were skipped.
func Skipped(results []Result) int {
	n := 0
	for _, r := range results {
		if r.Skipped {
			n++
		}
	}
	return n
}

// run invokes the case's command authorizer with the event API Gateway
// would send, and returns its answer, the run, and a problem that keeps
// the answer from being used as written.
func (c *Case) run(ctx context.Context, call *apigw.Call, inherit []string) (*apigw.AuthorizerResult, *Invocation, string) {
	ev, err := c.gateway.Event(call, c.event)
	if err != nil {
		// The loader matched the route, so this cannot happen; fail
		// closed if it does.
		res := apigw.AuthorizerError("iamgate: " + err.Error())
		return res, &Invocation{Command: c.runner.spec.String(), Outcome: "not run: " + err.Error()}, err.Error()
	}
	data, err := ev.JSON()
	if err != nil {
		res := apigw.AuthorizerError("iamgate: " + err.Error())
		return res, &Invocation{Command: c.runner.spec.String(), Outcome: "not run: " + err.Error()}, err.Error()
	}
	res, inv, startErr := c.runner.invoke(ctx, data, inherit)
	if startErr != nil {
		return res, inv, "the authorizer's program could not be started (" + startErr.Error() + "): the answer shown is no prediction"
	}
	problem := ""
	if resp := res.Response(); resp != nil {
		// API Gateway always knows the caller's address (D17): a
		// policy that reads it needs the request to give one.
		if a, found := eval.ReadsMissingAddress(call.Context, resp.Policy); found {
			problem = fmt.Sprintf("the authorizer's policy (statement %d) reads %s, which API Gateway always sets: give the caller's address with sourceIp", a.Statement.Index, a.Key)
		}
	}
	return res, inv, problem
}

// Offset is when a sequence's request was made, from the sequence's
// start; 0 for an independent case.
func (r Result) Offset() time.Duration {
	if r.Sequence == nil {
		return 0
	}
	return r.Case.Time.Sub(r.Sequence.Start)
}
