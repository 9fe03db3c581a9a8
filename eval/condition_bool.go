package eval

// Bool and Null take "true" or "false" (IAM-OPERATORS), written as a JSON
// boolean or a string. AWS spells them in lower case and does not say
// whether other cases are accepted; this package accepts any letter case
// ("True", "FALSE") in the policy and in the request rather than reject a
// policy AWS may accept. Anything else is not a boolean.

// parseBool parses "true" or "false" in any letter case. It does not
// allocate.
func parseBool(s string) (value, ok bool) {
	switch {
	case equalFoldASCII(s, "true"):
		return true, true
	case equalFoldASCII(s, "false"):
		return false, true
	}
	return false, false
}

// equalFoldASCII reports whether s equals lower, which is lower-case ASCII,
// ignoring ASCII letter case.
func equalFoldASCII(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
