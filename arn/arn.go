package arn

import "strings"

// prefix starts every ARN.
const prefix = "arn:"

// ARN is an Amazon Resource Name split into its fields:
//
//	arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE
//
// Resource keeps everything after the fifth colon, colons included. No
// field other than Resource contains a colon.
//
// The zero ARN is not valid: IsZero reports it and String returns "" for
// it. An ARN is a comparable, immutable value that is safe for concurrent
// use.
type ARN struct {
	Partition string // "aws", "aws-cn", ...; never empty in a parsed ARN
	Service   string // "execute-api", "s3", ...; never empty in a parsed ARN
	Region    string // "us-east-1"; may be empty
	Account   string // "123456789012"; may be empty
	Resource  string // everything after the fifth colon; may be empty
}

// Parse splits s into an ARN. s must start with "arn:" (in lower case) and
// contain at least five colons; the partition and the service must not be
// empty. The other fields may be empty, as in arn:aws:s3:::my-bucket.
// Control characters are rejected anywhere; all other bytes, "*" and "?"
// included, are taken as they are, so Parse also splits ARN patterns.
// The partition is not checked against the known ones (see
// [KnownPartition]).
//
// On success String returns s. Errors are *ParseError.
func Parse(s string) (ARN, error) {
	if !strings.HasPrefix(s, prefix) {
		if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
			return ARN{}, errorf(s, 0, "expected %q in lower case at the start", prefix)
		}
		return ARN{}, errorf(s, 0, "expected %q at the start", prefix)
	}
	ctl := indexCTL(s)
	// fail reports the problem at offset off, unless a control character
	// comes before it.
	fail := func(off int, format string, args ...any) (ARN, error) {
		if ctl >= 0 && ctl < off {
			return ARN{}, controlError(s, ctl, "ARN")
		}
		return ARN{}, errorf(s, off, format, args...)
	}
	var f [4]string
	start := len(prefix)
	for k := range f {
		i := strings.IndexByte(s[start:], ':')
		if i < 0 {
			return fail(len(s), "expected 5 colons as in %q, found only %d", "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE", k+1)
		}
		f[k] = s[start : start+i]
		start += i + 1
	}
	if f[0] == "" {
		return fail(len(prefix), "missing partition")
	}
	if f[1] == "" {
		return fail(len(prefix)+len(f[0])+1, "missing service")
	}
	if ctl >= 0 {
		return ARN{}, controlError(s, ctl, "ARN")
	}
	return ARN{Partition: f[0], Service: f[1], Region: f[2], Account: f[3], Resource: s[start:]}, nil
}

// MustParse is like Parse but panics if s is not an ARN. It is meant for
// constants in tests and examples.
func MustParse(s string) ARN {
	a, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return a
}

// String returns the ARN's text, "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE",
// or "" for the zero ARN. For a parsed ARN it is the text that was parsed.
func (a ARN) String() string {
	if a.IsZero() {
		return ""
	}
	return prefix + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
}

// IsZero reports whether a is the zero ARN.
func (a ARN) IsZero() bool { return a == ARN{} }

// MarshalText implements encoding.TextMarshaler: the text is String's.
func (a ARN) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with Parse. Empty text
// gives the zero ARN.
func (a *ARN) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*a = ARN{}
		return nil
	}
	v, err := Parse(string(text))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
