// Package httpfield reads HTTP header fields as a server receives them, for
// the requests users describe: a name is a token, and a value loses its
// leading and trailing spaces and tabs and cannot hold a line break or
// another control character but the tab (RFC 9110, section 5).
package httpfield

import (
	"fmt"
	"strings"
)

// CheckName reports why name cannot be a header field name: it is empty or
// holds a character outside the token characters (a space, a colon, ...).
func CheckName(name string) error {
	if name == "" {
		return fmt.Errorf("a header name cannot be empty")
	}
	for i := 0; i < len(name); i++ {
		if !IsTchar(name[i]) {
			return fmt.Errorf("header name %q holds %q, which a header name cannot (letters, digits and !#$%%&'*+-.^_`|~ only)", name, name[i:i+1])
		}
	}
	return nil
}

// Value returns the header value v as a server reads it, without its
// leading and trailing spaces and tabs (so "  " is an empty value), or an
// error when v holds a control character other than the tab (a line
// break, NUL, ESC, DEL, ...), which no header value can: a field value is
// made of visible characters, spaces, tabs and bytes from 0x80 up
// (RFC 9110, section 5.5).
func Value(v string) (string, error) {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return "", fmt.Errorf("header value %q holds %q, which a header value cannot", v, v[i:i+1])
		}
	}
	return strings.Trim(v, " \t"), nil
}

// IsTchar reports whether c may appear in an HTTP token (RFC 9110,
// section 5.6.2), such as a method or a header name.
func IsTchar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
