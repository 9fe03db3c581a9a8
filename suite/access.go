package suite

import (
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/eval"
)

// Source returns the text of a file the suite read (the suite itself, or
// a document it names), for showing errors with their lines; nil when the
// suite did not read it.
func (s *Suite) Source(file string) []byte { return s.sources[file] }

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
// eval.NoSuchMethod's).
func (c *Case) Gateway() *eval.Gateway { return c.gateway }

// Call returns the request as the gateway sees it. It is the suite's own
// copy: read it, do not change it. Its Authorizer and Cached fields hold
// what the latest run used.
func (c *Case) Call() *eval.Call { return &c.call }
