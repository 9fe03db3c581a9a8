package arn

import "fmt"

// ParseError describes text that is not a valid ARN, API ARN, method ARN or
// request line.
type ParseError struct {
	// Input is the text that was being parsed.
	Input string
	// Offset is the byte offset in Input of the problem; len(Input) when
	// something is missing at the end.
	Offset int
	// Msg says what is wrong and what was expected, without the input or
	// the offset.
	Msg string
}

// Error returns `arn: MSG in "INPUT" at offset N`, the input quoted as by
// %q.
func (e *ParseError) Error() string {
	return fmt.Sprintf("arn: %s in %q at offset %d", e.Msg, e.Input, e.Offset)
}

func errorf(input string, offset int, format string, args ...any) *ParseError {
	return &ParseError{Input: input, Offset: offset, Msg: fmt.Sprintf(format, args...)}
}

// isCTL reports whether b is an ASCII control character (including DEL).
// No ARN contains one.
func isCTL(b byte) bool { return b < 0x20 || b == 0x7f }

// indexCTL returns the index of the first control character in s, or -1.
func indexCTL(s string) int {
	for i := 0; i < len(s); i++ {
		if isCTL(s[i]) {
			return i
		}
	}
	return -1
}

// controlError reports the control character at s[i].
func controlError(s string, i int, where string) *ParseError {
	return errorf(s, i, "control character %q in %s", s[i:i+1], where)
}

// patternError reports a wildcard in a value that cannot be a pattern, or
// returns nil.
func patternError(s, what string) *ParseError {
	for i := 0; i < len(s); i++ {
		if s[i] == '*' || s[i] == '?' {
			return errorf(s, i, "wildcard %q in %s: %s is a concrete value, not a pattern", s[i:i+1], what, withArticle(what))
		}
	}
	return nil
}

func withArticle(what string) string {
	switch what[0] {
	case 'a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U':
		return "an " + what
	}
	return "a " + what
}
