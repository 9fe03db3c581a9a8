package eval

import "time"

// Date condition operators compare instants (IAM-OPERATORS). Values are
// one of the W3C profiles of ISO 8601 (https://www.w3.org/TR/NOTE-datetime,
// the profile IAM-OPERATORS links to) or epoch (UNIX) seconds:
//
//	YYYY                         2026            (2026-01-01T00:00:00Z)
//	YYYY-MM                      2026-07         (2026-07-01T00:00:00Z)
//	YYYY-MM-DD                   2026-07-16      (midnight UTC)
//	YYYY-MM-DDThh:mmTZD          2026-07-16T19:20+01:00
//	YYYY-MM-DDThh:mm:ssTZD       2026-07-16T19:20:30Z
//	YYYY-MM-DDThh:mm:ss.sTZD     2026-07-16T19:20:30.45+01:00
//	epoch seconds                1784229630, -86400
//
// TZD is "Z" or +hh:mm or -hh:mm. "T" and "Z" are upper case, as the W3C
// note writes them. A value with a time of day must have a TZD (the W3C
// profiles have none without one), so there is no local time. A run of
// exactly four digits is a year (the YYYY profile), never epoch seconds.
//
// Instants are compared exactly, to the nanosecond written (fraction
// digits beyond the ninth are ignored): DateEquals with "2026-07-16" is
// true only at 2026-07-16T00:00:00Z, not during the whole day. AWS does not
// say at which precision it compares; aws:CurrentTime carries whole
// seconds, so the difference matters only for values with a fraction.

// instant is a point in time as seconds and nanoseconds since the UNIX
// epoch, UTC.
type instant struct {
	sec  int64
	nsec int32
}

// compareInstant returns -1, 0 or +1 as a is before, equal to or after b.
func compareInstant(a, b instant) int {
	switch {
	case a.sec < b.sec:
		return -1
	case a.sec > b.sec:
		return 1
	case a.nsec < b.nsec:
		return -1
	case a.nsec > b.nsec:
		return 1
	}
	return 0
}

// maxEpochDigits keeps epoch seconds well inside int64.
const maxEpochDigits = 18

// parseDate parses a date condition value or request value. It does not
// allocate.
func parseDate(s string) (instant, bool) {
	if isEpochSeconds(s) {
		neg := s[0] == '-'
		digits := s
		if neg {
			digits = s[1:]
		}
		var n int64
		for i := 0; i < len(digits); i++ {
			n = n*10 + int64(digits[i]-'0')
		}
		if neg {
			n = -n
		}
		return instant{sec: n}, true
	}
	return parseISO8601(s)
}

// isEpochSeconds reports whether s is an optional '-' and 1 to
// maxEpochDigits digits, other than four bare digits (a YYYY year).
func isEpochSeconds(s string) bool {
	digits := s
	if len(s) > 0 && s[0] == '-' {
		digits = s[1:]
	} else if len(s) == 4 {
		return false
	}
	if len(digits) == 0 || len(digits) > maxEpochDigits {
		return false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	return true
}

func parseISO8601(s string) (instant, bool) {
	year, ok := fixedDigits(s, 0, 4, 0, 9999)
	if !ok {
		return instant{}, false
	}
	month, day := 1, 1
	var hour, minute, second, nsec, offset int
	i := 4
	if i < len(s) {
		if month, ok = sepDigits(s, i, '-', 1, 12); !ok {
			return instant{}, false
		}
		i += 3
	}
	if i < len(s) {
		if day, ok = sepDigits(s, i, '-', 1, daysIn(month, year)); !ok {
			return instant{}, false
		}
		i += 3
	}
	if i < len(s) {
		if hour, ok = sepDigits(s, i, 'T', 0, 23); !ok {
			return instant{}, false
		}
		if minute, ok = sepDigits(s, i+3, ':', 0, 59); !ok {
			return instant{}, false
		}
		i += 6
		if i < len(s) && s[i] == ':' {
			if second, ok = sepDigits(s, i, ':', 0, 59); !ok {
				return instant{}, false
			}
			i += 3
			if i < len(s) && s[i] == '.' {
				i++
				start := i
				scale := 100_000_000
				for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
					nsec += int(s[i]-'0') * scale
					scale /= 10
				}
				if i == start {
					return instant{}, false
				}
			}
		}
		// The time zone designator is required after a time of day.
		switch {
		case i < len(s) && s[i] == 'Z':
			i++
		case i < len(s) && (s[i] == '+' || s[i] == '-'):
			sign := 1
			if s[i] == '-' {
				sign = -1
			}
			oh, ok1 := fixedDigits(s, i+1, 2, 0, 23)
			om, ok2 := sepDigits(s, i+3, ':', 0, 59)
			if !ok1 || !ok2 {
				return instant{}, false
			}
			offset = sign * (oh*3600 + om*60)
			i += 6
		default:
			return instant{}, false
		}
	}
	if i != len(s) {
		return instant{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC)
	return instant{sec: t.Unix() - int64(offset), nsec: int32(nsec)}, true
}

// fixedDigits parses the n digits at s[i:] as a number in [lo, hi].
func fixedDigits(s string, i, n, lo, hi int) (int, bool) {
	if i < 0 || i+n > len(s) {
		return 0, false
	}
	v := 0
	for j := i; j < i+n; j++ {
		c := s[j]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, v >= lo && v <= hi
}

// sepDigits parses the separator sep at s[i] followed by two digits in
// [lo, hi].
func sepDigits(s string, i int, sep byte, lo, hi int) (int, bool) {
	if i >= len(s) || s[i] != sep {
		return 0, false
	}
	return fixedDigits(s, i+1, 2, lo, hi)
}

// daysIn returns the number of days in month of year (proleptic Gregorian).
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
