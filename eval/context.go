package eval

import (
	"maps"
	"slices"
	"strings"
)

// Context is a request's condition context: condition keys and their
// values. Key names are case-insensitive (IAM-CONDITION), so "aws:SourceIp"
// and "AWS:sourceip" are the same key. A key may carry several values
// (a multivalued key, for ForAllValues and ForAnyValue).
//
// Build a Context once per request with NewContext and Set; evaluation
// only reads it. A nil *Context is an empty context for evaluation and Get,
// but Set needs a Context to write to (NewContext, or a Context value). A Context is not safe for concurrent
// modification, but any number of evaluations may read it at once.
type Context struct {
	// keys maps the lowercased key name to its entry.
	keys map[string]contextEntry
}

type contextEntry struct {
	name   string // as first set, for display
	values []string
}

// NewContext returns an empty Context.
func NewContext() *Context { return &Context{keys: map[string]contextEntry{}} }

// Set sets key to values, replacing any earlier values. Set with no values
// records a key that is present with an empty set of values (a multivalued
// key with no members); Delete removes a key.
func (c *Context) Set(key string, values ...string) *Context {
	if c.keys == nil {
		c.keys = map[string]contextEntry{}
	}
	c.keys[strings.ToLower(key)] = contextEntry{name: key, values: slices.Clone(values)}
	return c
}

// Delete removes key.
func (c *Context) Delete(key string) *Context {
	delete(c.keys, strings.ToLower(key))
	return c
}

// Get returns key's values and whether the key is present.
func (c *Context) Get(key string) ([]string, bool) {
	if c == nil {
		return nil, false
	}
	e, ok := c.keys[strings.ToLower(key)]
	return e.values, ok
}

// lookup is Get for a key already in lower case; it does not allocate.
func (c *Context) lookup(lowerKey string) ([]string, bool) {
	if c == nil {
		return nil, false
	}
	e, ok := c.keys[lowerKey]
	return e.values, ok
}

// Keys returns the key names, as first set, sorted case-insensitively.
func (c *Context) Keys() []string {
	if c == nil {
		return nil
	}
	lower := slices.Sorted(maps.Keys(c.keys))
	out := make([]string, len(lower))
	for i, k := range lower {
		out[i] = c.keys[k].name
	}
	return out
}

// Clone returns a copy of c that can be modified independently.
func (c *Context) Clone() *Context {
	n := NewContext()
	if c == nil {
		return n
	}
	for k, e := range c.keys {
		n.keys[k] = contextEntry{name: e.name, values: slices.Clone(e.values)}
	}
	return n
}

// LookupVariable resolves a policy variable: it returns the value of a
// single-valued key. A missing key, or a key with no value or several
// values, cannot be substituted (IAM-VARIABLES). name must be lower case.
// It exists for the wildcard matcher and does not allocate.
func (r *variableResolver) LookupVariable(lowerName string) (string, bool) {
	vals, ok := (*Context)(r).lookup(lowerName)
	if !ok || len(vals) != 1 {
		return "", false
	}
	return vals[0], true
}

// variableResolver adapts a *Context to wildcard.Resolver without exporting
// the method on Context itself.
type variableResolver Context

func (c *Context) resolver() *variableResolver { return (*variableResolver)(c) }
