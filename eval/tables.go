package eval

import "fmt"

// Table names one of API Gateway's policy evaluation outcome tables
// (AUTHFLOW).
type Table uint8

const (
	// NoTable: no table was consulted; API Gateway answered before the
	// two sides were combined (a 401, a 500, a missing signature, or a
	// phase-1 explicit deny; see package apigw).
	NoTable Table = iota
	// TableA: caller and API in the same account. The left column is the
	// caller's IAM policies or the Lambda or Cognito authorizer; either
	// side allowing is enough, any explicit deny wins.
	TableA
	// TableB: an IAM caller in another account than the API's. Both sides
	// must allow explicitly.
	TableB
	// TableResourceOnly: the resource policy decides alone (authorization
	// type NONE, and Cognito user pools per D1).
	TableResourceOnly
)

// String returns "A", "B", "resource-policy-only" or "none".
func (t Table) String() string {
	switch t {
	case NoTable:
		return "none"
	case TableA:
		return "A"
	case TableB:
		return "B"
	case TableResourceOnly:
		return "resource-policy-only"
	}
	return fmt.Sprintf("Table(%d)", uint8(t))
}

// Side is one column of an outcome table.
type Side uint8

const (
	// IdentitySide is the left column: the caller's IAM identity policies
	// or the authorizer (its returned policy, or a Cognito token).
	IdentitySide Side = iota
	// ResourceSide is the API's resource policy.
	ResourceSide
)

// String returns "identity" or "resource".
func (s Side) String() string {
	if s == ResourceSide {
		return "resource"
	}
	return "identity"
}

// TableRow is one cell of an outcome table: what each side decided, the
// result, and which side's answer the caller sees (the side whose message
// API Gateway returns on a deny, or whose statement let the call through
// on an allow).
type TableRow struct {
	Identity Decision
	// Resource is the resource policy's decision; a missing resource policy
	// allows nothing and denies nothing, so it counts as ImplicitDeny
	// ("neither"), except in TableResourceOnly where ResourceAttached says
	// so.
	Resource Decision
	// ResourceAttached is false only for the TableResourceOnly row that
	// says what happens when the API has no resource policy at all.
	ResourceAttached bool
	Result           Decision
	DecidedBy        Side
}

// The outcome tables, cell by cell as AUTHFLOW gives them.
// ImplicitDeny is the tables' "Neither Allow nor Deny".
//
// DecidedBy is this project's reading where AWS shows no message: on an
// explicit deny the denying side (the identity side when both deny,
// because its message is the one KC-403-LA pairs with an authorizer
// deny); on an implicit deny the identity side (D5) except in
// Table B when only the resource policy is silent; on an allow the side
// that allowed (the identity side when both did).
var (
	tableA = []TableRow{
		{Identity: Allow, Resource: Allow, ResourceAttached: true, Result: Allow, DecidedBy: IdentitySide},
		{Identity: Allow, Resource: ImplicitDeny, ResourceAttached: true, Result: Allow, DecidedBy: IdentitySide},
		{Identity: Allow, Resource: ExplicitDeny, ResourceAttached: true, Result: ExplicitDeny, DecidedBy: ResourceSide},
		{Identity: ImplicitDeny, Resource: Allow, ResourceAttached: true, Result: Allow, DecidedBy: ResourceSide},
		{Identity: ImplicitDeny, Resource: ImplicitDeny, ResourceAttached: true, Result: ImplicitDeny, DecidedBy: IdentitySide},
		{Identity: ImplicitDeny, Resource: ExplicitDeny, ResourceAttached: true, Result: ExplicitDeny, DecidedBy: ResourceSide},
		{Identity: ExplicitDeny, Resource: Allow, ResourceAttached: true, Result: ExplicitDeny, DecidedBy: IdentitySide},
		{Identity: ExplicitDeny, Resource: ImplicitDeny, ResourceAttached: true, Result: ExplicitDeny, DecidedBy: IdentitySide},
		{Identity: ExplicitDeny, Resource: ExplicitDeny, ResourceAttached: true, Result: ExplicitDeny, DecidedBy: IdentitySide},
	}
	tableB = []TableRow{
		{Identity: Allow, Resource: Allow, ResourceAttached: true, Result: Allow, DecidedBy: IdentitySide},
		{Identity: Allow, Resource: ImplicitDeny, ResourceAttached: true, Result: ImplicitDeny, DecidedBy: ResourceSide},
		{Identity: Allow, Resource: ExplicitDeny, ResourceAttached: true, Result: ExplicitDeny, DecidedBy: ResourceSide},
		{Identity: ImplicitDeny, Resource: Allow, ResourceAttached: true, Result: ImplicitDeny, DecidedBy: IdentitySide},
		{Identity: ImplicitDeny, Resource: ImplicitDeny, ResourceAttached: true, Result: ImplicitDeny, DecidedBy: IdentitySide},
		{Identity: ImplicitDeny, Resource: ExplicitDeny, ResourceAttached: true, Result: ExplicitDeny, DecidedBy: ResourceSide},
		{Identity: ExplicitDeny, Resource: Allow, ResourceAttached: true, Result: ExplicitDeny, DecidedBy: IdentitySide},
		{Identity: ExplicitDeny, Resource: ImplicitDeny, ResourceAttached: true, Result: ExplicitDeny, DecidedBy: IdentitySide},
		{Identity: ExplicitDeny, Resource: ExplicitDeny, ResourceAttached: true, Result: ExplicitDeny, DecidedBy: IdentitySide},
	}
	// tableResourceOnly is AUTHFLOW; Identity is not consulted. With
	// no resource policy attached the method is public.
	tableResourceOnly = []TableRow{
		{Resource: Allow, ResourceAttached: true, Result: Allow, DecidedBy: ResourceSide},
		{Resource: ImplicitDeny, ResourceAttached: true, Result: ImplicitDeny, DecidedBy: ResourceSide},
		{Resource: ExplicitDeny, ResourceAttached: true, Result: ExplicitDeny, DecidedBy: ResourceSide},
		{Resource: ImplicitDeny, ResourceAttached: false, Result: Allow, DecidedBy: ResourceSide},
	}
)

// Rows returns a copy of the table's cells, in AUTHFLOW's order.
func (t Table) Rows() []TableRow {
	switch t {
	case TableA:
		return append([]TableRow(nil), tableA...)
	case TableB:
		return append([]TableRow(nil), tableB...)
	case TableResourceOnly:
		return append([]TableRow(nil), tableResourceOnly...)
	}
	return nil
}

// cells are the tables indexed for lookup without allocation:
// [identity][resource][attached].
type cells [3][3][2]TableRow

var tableCells = func() [4]*cells {
	var out [4]*cells
	for _, t := range []Table{TableA, TableB, TableResourceOnly} {
		c := new(cells)
		seen := map[[3]int]bool{}
		for _, r := range t.Rows() {
			att := 0
			if r.ResourceAttached {
				att = 1
			}
			k := [3]int{int(r.Identity), int(r.Resource), att}
			if seen[k] || r.Identity > ExplicitDeny || r.Resource > ExplicitDeny {
				panic(fmt.Sprintf("eval: table %v: bad or repeated row %+v", t, r))
			}
			seen[k] = true
			c[r.Identity][r.Resource][att] = r
			if t == TableResourceOnly {
				// The identity side is not consulted: every identity
				// value leads to the same cell.
				for id := range 3 {
					c[id][r.Resource][att] = r
				}
			}
		}
		out[t] = c
	}
	return out
}()

// Cell returns the cell of table t for the two sides' decisions, without
// allocating: the outcome tables as a pure combinator (identity side ×
// resource side → decision). attached says whether the API has a resource
// policy; without one, resource is ImplicitDeny (a missing policy decides
// nothing). Outside the tables (NoTable, an invalid Decision) the cell's
// Result is ImplicitDeny.
func (t Table) Cell(identity, resource Decision, attached bool) TableRow {
	att := 0
	if attached {
		att = 1
	}
	if t == NoTable || t > TableResourceOnly || identity > ExplicitDeny || resource > ExplicitDeny {
		return TableRow{Identity: identity, Resource: resource, Result: ImplicitDeny}
	}
	if t != TableResourceOnly && !attached {
		// A missing resource policy allows nothing and denies nothing.
		att = 1
	}
	return tableCells[t][identity][resource][att]
}
