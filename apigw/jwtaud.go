package apigw

import (
	"bytes"
	"encoding/base64"
	"strings"
)

// jwtAudiences matches m with each value of the aud claim of a JWT's
// payload, as a Cognito authorizer's validation expression is matched
// against it (API-AUTHORIZER), and reports whether one matched. A token that is not three dot-separated parts, a payload that is
// not base64url JSON, and a payload without aud (a Cognito access token)
// match nothing. It reads the payload in place: the common token allocates
// nothing.
func jwtAudiences(token string, m *tokenMatcher) bool {
	first := strings.IndexByte(token, '.')
	if first < 0 {
		return false
	}
	rest := token[first+1:]
	second := strings.IndexByte(rest, '.')
	if second < 0 || strings.IndexByte(rest[second+1:], '.') >= 0 {
		return false
	}
	payload := rest[:second]
	var in [4096]byte
	var out [3072]byte
	var src, dst []byte
	if len(payload) <= len(in) {
		src, dst = in[:copy(in[:], payload)], out[:]
	} else {
		src, dst = []byte(payload), make([]byte, base64.RawURLEncoding.DecodedLen(len(payload)))
	}
	n, err := base64.RawURLEncoding.Decode(dst, src)
	if err != nil {
		return false
	}
	return topLevelStrings(dst[:n], "aud", m)
}

// topLevelStrings matches m with the value of key in the JSON object
// data, when it is a string, or with each string of it, when it is an
// array, and reports whether one matched. Escaped strings are compared as written,
// never matched loosely: a value with a backslash matches nothing.
func topLevelStrings(data []byte, key string, m *tokenMatcher) bool {
	s := scanner{data: data}
	s.space()
	if !s.eat('{') {
		return false
	}
	for {
		s.space()
		k, ok := s.str()
		if !ok {
			return false
		}
		s.space()
		if !s.eat(':') {
			return false
		}
		s.space()
		if string(k) == key {
			return s.stringValues(m)
		}
		if !s.skip(0) {
			return false
		}
		s.space()
		if !s.eat(',') {
			return false
		}
	}
}

// scanner reads JSON text just enough to find a member of an object.
type scanner struct {
	data []byte
	i    int
}

func (s *scanner) space() {
	for s.i < len(s.data) && (s.data[s.i] == ' ' || s.data[s.i] == '\t' || s.data[s.i] == '\n' || s.data[s.i] == '\r') {
		s.i++
	}
}

func (s *scanner) eat(c byte) bool {
	if s.i < len(s.data) && s.data[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str reads a string and returns its text as written (escapes kept).
func (s *scanner) str() ([]byte, bool) {
	if !s.eat('"') {
		return nil, false
	}
	start := s.i
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case '\\':
			s.i += 2
			continue
		case '"':
			v := s.data[start:s.i]
			s.i++
			return v, true
		}
		s.i++
	}
	return nil, false
}

// stringValues matches m with a string value, or each string of an
// array value.
func (s *scanner) stringValues(m *tokenMatcher) bool {
	one := func() bool {
		v, ok := s.str()
		return ok && bytes.IndexByte(v, '\\') < 0 && m.matchBytes(v)
	}
	if !s.eat('[') {
		return one()
	}
	for {
		s.space()
		if s.i < len(s.data) && s.data[s.i] == '"' {
			if one() {
				return true
			}
		} else if !s.skip(0) {
			return false
		}
		s.space()
		if !s.eat(',') {
			return false
		}
		s.space()
	}
}

// skip passes one value; depth bounds nesting.
func (s *scanner) skip(depth int) bool {
	if depth > 64 || s.i >= len(s.data) {
		return false
	}
	switch c := s.data[s.i]; c {
	case '"':
		_, ok := s.str()
		return ok
	case '{', '[':
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		s.i++
		for {
			s.space()
			if s.eat(closer) {
				return true
			}
			if c == '{' {
				if _, ok := s.str(); !ok {
					return false
				}
				s.space()
				if !s.eat(':') {
					return false
				}
				s.space()
			}
			if !s.skip(depth + 1) {
				return false
			}
			s.space()
			if !s.eat(',') && !(s.i < len(s.data) && s.data[s.i] == closer) {
				return false
			}
		}
	}
	// A number, true, false or null: up to the next delimiter.
	start := s.i
	for s.i < len(s.data) && !strings.ContainsRune(",}] \t\n\r", rune(s.data[s.i])) {
		s.i++
	}
	return s.i > start
}
