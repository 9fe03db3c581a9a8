package eval

import "encoding/base64"

// BinaryEquals compares bytes: the policy value is base64 and so is the
// request value (IAM-OPERATORS: the key's value is compared byte for byte
// against the base64-encoded value in the policy). Both are decoded and the
// bytes compared, so two encodings of the same bytes are equal.
//
// Both use the standard alphabet (RFC 4648 section 4). The policy value
// must be canonical (padded or unpadded, with zero padding bits); the
// request value may also be unpadded or carry non-zero padding bits, which
// do not change the bytes. Neither may contain spaces or line breaks.

// decodePolicyBase64 decodes a BinaryEquals policy value.
func decodePolicyBase64(s string) ([]byte, bool) {
	if hasLineBreak(s) {
		return nil, false
	}
	enc := base64.StdEncoding.Strict()
	if len(s)%4 != 0 {
		enc = base64.RawStdEncoding.Strict()
	}
	b, err := enc.DecodeString(s)
	return b, err == nil
}

// hasLineBreak reports whether s has '\r' or '\n', which the encoding/base64
// decoders skip but this package does not accept.
func hasLineBreak(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\r' || s[i] == '\n' {
			return true
		}
	}
	return false
}

// base64Value is the value of each byte of the standard alphabet, or 0xff.
var base64Value = func() (t [256]byte) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := range t {
		t[i] = 0xff
	}
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = byte(i)
	}
	return t
}()

// base64Body returns s without its padding and the number of bytes it
// decodes to, or ok false when s is not base64.
func base64Body(s string) (body string, n int, ok bool) {
	body = s
	if len(s)%4 == 0 && len(s) > 0 {
		switch {
		case s[len(s)-2:] == "==":
			body = s[:len(s)-2]
		case s[len(s)-1] == '=':
			body = s[:len(s)-1]
		}
	}
	if len(body)%4 == 1 {
		return "", 0, false
	}
	for i := 0; i < len(body); i++ {
		if base64Value[body[i]] == 0xff {
			return "", 0, false
		}
	}
	return body, len(body)/4*3 + [4]int{0, 0, 1, 2}[len(body)%4], true
}

// base64Equal reports whether the base64 text enc decodes to want. It
// decodes as it compares and does not allocate.
func base64Equal(enc string, want string) bool {
	body, n, ok := base64Body(enc)
	if !ok || n != len(want) {
		return false
	}
	out := 0
	var acc uint32
	bits := 0
	for i := 0; i < len(body); i++ {
		acc = acc<<6 | uint32(base64Value[body[i]])
		bits += 6
		if bits >= 8 {
			bits -= 8
			if byte(acc>>bits) != want[out] {
				return false
			}
			out++
			acc &= 1<<bits - 1
		}
	}
	return out == len(want)
}

// isBase64 reports whether s is base64 as base64Equal accepts it.
func isBase64(s string) bool {
	_, _, ok := base64Body(s)
	return ok
}
