package wildcard

import "strconv"

// Mode selects the rules a pattern is compiled and matched with; see the
// package documentation.
type Mode uint8

const (
	// ARN is for Resource and NotResource: the segment rules of D13,
	// case-sensitive.
	ARN Mode = iota
	// Action is for Action and NotAction: `*` matches any run and `?` one
	// character, case-insensitively. The pattern is lower-cased with
	// strings.ToLower when it is compiled, and Match expects a value the
	// caller has lower-cased the same way.
	Action
	// Like is for StringLike and StringNotLike: `*` matches any run of any
	// characters and `?` exactly one character, case-sensitively, over the
	// whole string.
	Like
	// Exact is for StringEquals and the other exact comparisons: no
	// wildcards (`*` and `?` are ordinary characters), case-sensitive.
	Exact
	// ExactFold is for StringEqualsIgnoreCase: no wildcards, compared the
	// way strings.EqualFold compares.
	ExactFold
	// ArnLike is for the ArnLike, ArnEquals, ArnNotLike and ArnNotEquals
	// condition operators: like ARN, but strictly segment by segment. Before
	// the fifth colon no wildcard ever matches ':', not even a `*` that ends
	// its segment: IAM-OPERATORS's own ArnLike example has
	// "arn:aws:someservice:*:111122223333:finance/*" not match an ARN whose
	// region segment is followed by other colon-separated text. After the
	// fifth colon (the resource part) wildcards match ':' as in ARN mode.
	ArnLike
)

var modeNames = [...]string{
	ARN:       "ARN",
	Action:    "Action",
	Like:      "Like",
	Exact:     "Exact",
	ExactFold: "ExactFold",
	ArnLike:   "ArnLike",
}

// String returns the name of the mode, such as "ARN", or "Mode(7)" for a
// value that is not one of the constants.
func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// valid reports whether m is one of the declared modes.
func (m Mode) valid() bool { return int(m) < len(modeNames) }

// wildcards reports whether `*` and `?` are wildcards in mode m.
func (m Mode) wildcards() bool { return m == ARN || m == ArnLike || m == Action || m == Like }
