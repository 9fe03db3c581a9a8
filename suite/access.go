package suite

import (
	"maps"
	"slices"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/policy"
)

// Source returns the text of a file the suite read (the suite itself, or
// a document it names), for showing errors with their lines; nil when the
// suite did not read it.
func (s *Suite) Source(file string) []byte { return s.sources[file] }

// Files returns the names of the files the suite read: its own file
// first, then the documents it names, each once.
func (s *Suite) Files() []string {
	if s.loaded == nil {
		return nil
	}
	return slices.Clone(s.loaded.read)
}

// Len returns the number of requests in the suite: its cases and the
// requests of its sequences.
func (s *Suite) Len() int {
	n := len(s.Cases)
	for _, sq := range s.Sequences {
		for _, st := range sq.Steps {
			if st.Case != nil {
				n++
			}
		}
	}
	return n
}

// MethodARN returns the request's method ARN.
func (c *Case) MethodARN() arn.MethodARN { return c.method }

// Gateway returns the compiled configuration of the method the request
// goes to, or nil when the API defines no such method (the answer is then
// apigw.NoSuchMethod's).
func (c *Case) Gateway() *apigw.Gateway { return c.gateway }

// Event returns the event API Gateway sends the method's Lambda
// authorizer for the request, built as the iamgate event command and
// authztest build it. It fails when the method uses no Lambda authorizer
// (apigw.ErrNoLambdaAuthorizer), or a REQUEST authorizer's request gives
// no caller's address (apigw.ErrNoSourceIP).
func (c *Case) Event() (apigw.Event, error) {
	if c.gateway == nil {
		return apigw.Event{}, apigw.ErrNoLambdaAuthorizer
	}
	return c.gateway.Event(&c.call, c.event)
}

// Call returns the request as the gateway sees it. It is the suite's own
// copy: read it, do not change it. Its Authorizer and Cached fields are
// nil: what a run used is in its Result (Authorizer, Cached), since runs
// may go on at once.
func (c *Case) Call() *apigw.Call { return &c.call }

// Documents is what a suite says about its API's documents and
// authorization, for tools that check them (iamgate lint).
type Documents struct {
	// ResourcePolicy is the API's resource policy, or nil.
	ResourcePolicy *policy.Document
	// Auth is the authorization of methods without a route of their own:
	// "NONE", "AWS_IAM", or an authorizer's name.
	Auth string
	// Routes are the API's methods with their authorization.
	Routes []Route
	// Authorizers are the API's authorizers, in name order.
	Authorizers []Authorizer
	// IdentityPolicies are the IAM callers' identity policies.
	IdentityPolicies []*policy.Document
}

// Route is one method of the API and how it is authorized.
type Route struct {
	// Route is "VERB /path/template".
	Route string
	// Auth is "NONE", "AWS_IAM" or an authorizer's name.
	Auth string
	Line int
}

// Authorizer is one authorizer of a suite.
type Authorizer struct {
	Name string
	// Type is "TOKEN", "REQUEST" or "COGNITO_USER_POOLS".
	Type string
	// TTL is the result cache's TTL in seconds (AWS's 300 when the suite
	// gives none).
	TTL int
	// Outputs are the outputs the suite says it returns, in file order;
	// an output containing MethodARNPlaceholder is given as its text with
	// the placeholder left in.
	Outputs []Output
	// Command is the program the suite runs as the authorizer (its
	// outputs are then not known before a run); nil when the suite writes
	// the answers.
	Command []string
}

// Output is one answer of an authorizer written in a suite.
type Output struct {
	// From says where it is written: a file name, or SUITE:LINE.
	From string
	// File is the name positions in Text refer to; Text is the output's
	// text (with MethodARNPlaceholder when Template), nil for an error.
	File     string
	Text     []byte
	Template bool
	// Error is the error the authorizer fails with, when it fails.
	Error string
}

// Documents returns what the suite says about its API's documents and
// authorization; a Suite that was not loaded (the zero Suite) has none.
func (s *Suite) Documents() Documents {
	l := s.loaded
	if l == nil {
		return Documents{Auth: "NONE"}
	}
	d := Documents{ResourcePolicy: l.rp, Auth: "NONE"}
	if l.apiAuth != nil {
		d.Auth = l.apiAuth.name
	}
	for _, r := range l.routes {
		auth := "NONE"
		if r.auth != nil {
			auth = r.auth.name
		}
		d.Routes = append(d.Routes, Route{Route: r.text, Auth: auth, Line: r.line})
	}
	for _, name := range slices.Sorted(maps.Keys(l.authorizers)) {
		a := l.authorizers[name]
		out := Authorizer{Name: name, Type: a.cfg.Type.String(), TTL: a.cfg.TTL.Seconds()}
		if a.cognito {
			out.Type = "COGNITO_USER_POOLS"
		}
		if a.cmd != nil {
			out.Command = slices.Clone(a.cmd.spec.Argv)
		}
		add := func(r *reply) {
			if r == nil {
				return
			}
			if r.template != nil {
				out.Outputs = append(out.Outputs, Output{From: r.from, File: r.file, Text: r.template, Template: true})
				return
			}
			if msg, failed := r.result.Err(); failed {
				out.Outputs = append(out.Outputs, Output{From: r.from, Error: msg})
				return
			}
			o := Output{From: r.from, Text: []byte(r.result.Raw())}
			o.File = r.from
			if resp := r.result.Response(); resp != nil {
				o.File = resp.File
			} else if ps := r.result.Problems(); len(ps) > 0 {
				o.File = ps[0].File
			}
			out.Outputs = append(out.Outputs, o)
		}
		for i := range a.table {
			add(&a.table[i].reply)
		}
		add(a.any)
		d.Authorizers = append(d.Authorizers, out)
	}
	for _, name := range slices.Sorted(maps.Keys(l.callers)) {
		d.IdentityPolicies = append(d.IdentityPolicies, l.callers[name].docs...)
	}
	return d
}

// SampleMethodARN returns the method ARN of the first request of the suite
// that goes to the named authorizer ("" when none does): what the
// authorizer's event.methodArn would be, for checking an output that
// contains MethodARNPlaceholder.
func (s *Suite) SampleMethodARN(authorizer string) string {
	check := func(c *Case) string {
		if g := c.Gateway(); g != nil && g.Config().Authorizer.Name == authorizer && g.Config().Auth == apigw.AuthCustom {
			return c.method.String()
		}
		return ""
	}
	for _, c := range s.Cases {
		if m := check(c); m != "" {
			return m
		}
	}
	for _, sq := range s.Sequences {
		for _, st := range sq.Steps {
			if st.Case != nil {
				if m := check(st.Case); m != "" {
					return m
				}
			}
		}
	}
	return ""
}
