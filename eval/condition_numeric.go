package eval

// Numeric condition operators compare integers or decimals
// (IAM-OPERATORS). Numbers are compared exactly, as decimals: "10",
// "10.0" and "1e1" are equal, and integers beyond 2^53 keep every digit
// (a float64 comparison would not).

// decimal is a parsed decimal number. It refers to the text it was parsed
// from and does not copy it, so parsing a request value does not allocate.
//
// Its value is ±(the significant digits s[lo:hi], skipping any '.') ×
// 10^(mag-k+1), where k is the number of significant digits: mag is the
// decimal exponent of the first significant digit. Zero has lo == hi.
type decimal struct {
	s      string // mantissa: digits with at most one '.', no sign, no exponent
	dot    int    // index of '.' in s, or len(s)
	lo, hi int    // s[lo] is the first and s[hi-1] the last non-zero digit
	mag    int64
	neg    bool
}

// maxExponentDigits bounds the exponent so that mag cannot overflow.
const maxExponentDigits = 9

// parseDecimal parses an integer or decimal: an optional sign, digits with
// an optional fraction (at least one digit in all), and an optional
// exponent ("e" or "E", optional sign, digits), as JSON numbers may have
// one. Spaces, "Inf", "NaN", hexadecimal and underscores are not numbers.
func parseDecimal(text string) (decimal, bool) {
	var d decimal
	i := 0
	if i < len(text) && (text[i] == '+' || text[i] == '-') {
		d.neg = text[i] == '-'
		i++
	}
	start := i
	d.dot = -1
	digits := 0
mantissa:
	for ; i < len(text); i++ {
		switch c := text[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && d.dot < 0:
			d.dot = i - start
		default:
			break mantissa
		}
	}
	if digits == 0 {
		return decimal{}, false
	}
	d.s = text[start:i]
	if d.dot < 0 {
		d.dot = len(d.s)
	}
	var exp int64
	if i < len(text) {
		if text[i] != 'e' && text[i] != 'E' {
			return decimal{}, false
		}
		i++
		expNeg := false
		if i < len(text) && (text[i] == '+' || text[i] == '-') {
			expNeg = text[i] == '-'
			i++
		}
		if i == len(text) || len(text)-i > maxExponentDigits {
			return decimal{}, false
		}
		for ; i < len(text); i++ {
			c := text[i]
			if c < '0' || c > '9' {
				return decimal{}, false
			}
			exp = exp*10 + int64(c-'0')
		}
		if expNeg {
			exp = -exp
		}
	}
	d.lo = len(d.s)
	for j := 0; j < len(d.s); j++ {
		if c := d.s[j]; c != '0' && c != '.' {
			d.lo = j
			break
		}
	}
	if d.lo == len(d.s) { // zero
		d.lo, d.hi, d.neg = 0, 0, false
		return d, true
	}
	for j := len(d.s) - 1; j >= d.lo; j-- {
		if c := d.s[j]; c != '0' && c != '.' {
			d.hi = j + 1
			break
		}
	}
	d.mag = d.power(d.lo) + exp
	return d, true
}

// power is the decimal exponent of the digit at s[i], ignoring the
// exponent part.
func (d *decimal) power(i int) int64 {
	if i < d.dot {
		return int64(d.dot - i - 1)
	}
	return int64(d.dot - i)
}

func (d *decimal) isZero() bool { return d.lo == d.hi }

// compareDecimal returns -1, 0 or +1 as a is less than, equal to or greater
// than b.
func compareDecimal(a, b *decimal) int {
	switch {
	case a.isZero() && b.isZero():
		return 0
	case a.isZero():
		if b.neg {
			return 1
		}
		return -1
	case b.isZero():
		if a.neg {
			return -1
		}
		return 1
	case a.neg != b.neg:
		if a.neg {
			return -1
		}
		return 1
	}
	c := compareMagnitude(a, b)
	if a.neg {
		return -c
	}
	return c
}

// compareMagnitude compares |a| and |b|, both non-zero.
func compareMagnitude(a, b *decimal) int {
	if a.mag != b.mag {
		if a.mag < b.mag {
			return -1
		}
		return 1
	}
	i, j := a.lo, b.lo
	for {
		for i < a.hi && a.s[i] == '.' {
			i++
		}
		for j < b.hi && b.s[j] == '.' {
			j++
		}
		switch {
		case i == a.hi && j == b.hi:
			return 0
		case i == a.hi: // b has more significant digits, ending in a non-zero one
			return -1
		case j == b.hi:
			return 1
		case a.s[i] != b.s[j]:
			if a.s[i] < b.s[j] {
				return -1
			}
			return 1
		}
		i++
		j++
	}
}

// compareHolds reports whether a comparison of request against policy
// value, whose compareDecimal or compareInstant result is c, holds.
func compareHolds(op comparison, c int) bool {
	switch op {
	case cmpEqual:
		return c == 0
	case cmpLess:
		return c < 0
	case cmpLessEqual:
		return c <= 0
	case cmpGreater:
		return c > 0
	case cmpGreaterEqual:
		return c >= 0
	}
	return false
}
