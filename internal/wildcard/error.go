package wildcard

import "fmt"

// Error reports a pattern Compile rejects: a malformed policy variable (or a
// Mode that is not one of the constants). Ordinary text never causes an
// error.
type Error struct {
	// Src is the pattern text given to Compile.
	Src string
	// Offset is the byte offset in Src of the offending text.
	Offset int
	// Msg says what is wrong.
	Msg string
}

// Error formats e as "wildcard: <msg> at offset N in <quoted pattern>".
func (e *Error) Error() string {
	return fmt.Sprintf("wildcard: %s at offset %d in %q", e.Msg, e.Offset, e.Src)
}
