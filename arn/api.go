package arn

import (
	"errors"
	"fmt"
	"strings"
)

// service is the service name in every API Gateway invocation ARN.
const service = "execute-api"

// shorthand starts a resource written in a resource policy relative to the
// API the policy is attached to (RP-LANG).
const shorthand = service + ":/"

// API identifies one REST or HTTP API by its ARN:
//
//	arn:PARTITION:execute-api:REGION:ACCOUNT:API_ID
//
// The zero API is not valid: IsZero reports it and String returns "" for
// it. An API is a comparable, immutable value that is safe for concurrent
// use.
type API struct {
	Partition string // a known partition, "aws"
	Region    string // "us-east-1"
	Account   string // the 12-digit account that owns the API
	ID        string // the API id, "a1b2c3d4e5"
}

// ParseAPI parses the ARN of an API. It is strict: the partition must be
// known ([KnownPartition]), the service "execute-api", the region non-empty
// lower-case letters, digits and hyphens, the account 12 digits, and the
// resource an API id with nothing after it. API Gateway makes API ids of ten
// lower-case letters and digits; ParseAPI accepts any non-empty run of
// lower-case letters and digits. Wildcards are rejected: an API ARN names
// one API.
//
// On success String returns s. Errors are *ParseError.
func ParseAPI(s string) (API, error) {
	a, err := Parse(s)
	if err != nil {
		return API{}, err
	}
	if err := patternError(s, "API ARN"); err != nil {
		return API{}, err
	}
	if off, msg := checkAPI(a.Partition, a.Service, a.Region, a.Account, a.Resource); off >= 0 {
		return API{}, &ParseError{Input: s, Offset: off, Msg: msg}
	}
	return API{Partition: a.Partition, Region: a.Region, Account: a.Account, ID: a.Resource}, nil
}

// MustParseAPI is like ParseAPI but panics if s is not an API ARN. It is
// meant for constants in tests and examples.
func MustParseAPI(s string) API {
	a, err := ParseAPI(s)
	if err != nil {
		panic(err)
	}
	return a
}

// String returns the API's ARN, "arn:PARTITION:execute-api:REGION:ACCOUNT:API_ID",
// or "" for the zero API.
func (a API) String() string {
	if a.IsZero() {
		return ""
	}
	return prefix + a.Partition + ":" + service + ":" + a.Region + ":" + a.Account + ":" + a.ID
}

// IsZero reports whether a is the zero API.
func (a API) IsZero() bool { return a == API{} }

// ARN returns a as a general ARN, or the zero ARN for the zero API.
func (a API) ARN() ARN {
	if a.IsZero() {
		return ARN{}
	}
	return ARN{Partition: a.Partition, Service: service, Region: a.Region, Account: a.Account, Resource: a.ID}
}

// MarshalText implements encoding.TextMarshaler: the text is String's.
func (a API) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseAPI. Empty
// text gives the zero API.
func (a *API) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*a = API{}
		return nil
	}
	v, err := ParseAPI(string(text))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// ExpandShorthand expands a resource written in the shorthand that API
// Gateway accepts in resource policies, "execute-api:/STAGE/VERB/PATH" or
// "execute-api:/*", into the full ARN for this API, as API Gateway does when
// the policy is saved (RP-LANG):
//
//	execute-api:/stage-name/GET/pets
//	arn:aws:execute-api:us-east-2:123456789012:aabbccddee/stage-name/GET/pets
//
// Everything after "execute-api:" is kept as written, wildcards included.
// ok is false, and s is returned unchanged, when s does not start with
// "execute-api:/" or when a is not a valid API (the zero API, or one
// assembled by hand that ParseAPI would reject).
func (a API) ExpandShorthand(s string) (expanded string, ok bool) {
	if !strings.HasPrefix(s, shorthand) || a.check() != nil {
		return s, false
	}
	return prefix + a.Partition + ":" + service + ":" + a.Region + ":" + a.Account + ":" + a.ID + s[len(service)+1:], true
}

// errZeroAPI is returned when a method ARN is built from the zero API.
var errZeroAPI = errors.New("arn: the zero API has no method ARNs")

// check returns nil when a is an API that ParseAPI could return; else
// errZeroAPI, or a *ParseError on a.String() saying what is wrong.
func (a API) check() error {
	off, msg := checkAPI(a.Partition, service, a.Region, a.Account, a.ID)
	if off < 0 {
		return nil
	}
	if a.IsZero() {
		return errZeroAPI
	}
	return &ParseError{Input: a.String(), Offset: off, Msg: "invalid API: " + msg}
}

// checkAPI checks the fields of an API ARN, laid out as
// "arn:PARTITION:SERVICE:REGION:ACCOUNT:ID...". It returns the offset of
// the first problem in that text and a message, or -1 and "". It does not
// allocate unless it finds a problem.
func checkAPI(partition, svc, region, account, id string) (int, string) {
	off := len(prefix)
	if !KnownPartition(partition) {
		return off, fmt.Sprintf("unknown partition %q (known: %s)", partition, strings.Join(partitions, ", "))
	}
	off += len(partition) + 1
	if svc != service {
		return off, fmt.Sprintf("expected service %q, found %q", service, svc)
	}
	off += len(svc) + 1
	if region == "" {
		return off, "missing region"
	}
	for i := 0; i < len(region); i++ {
		if c := region[i]; !isLowerAlnum(c) && c != '-' {
			return off + i, fmt.Sprintf("invalid character %q in region %q (expected lower-case letters, digits and %q)", region[i:i+1], region, "-")
		}
	}
	off += len(region) + 1
	if account == "" {
		return off, "missing account (expected 12 digits)"
	}
	for i := 0; i < len(account); i++ {
		if c := account[i]; c < '0' || c > '9' {
			return off + i, fmt.Sprintf("invalid character %q in account %q (expected 12 digits)", account[i:i+1], account)
		}
	}
	if len(account) != 12 {
		return off, fmt.Sprintf("account %q has %d digits, expected 12", account, len(account))
	}
	off += len(account) + 1
	if id == "" {
		return off, "missing API id"
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c == '/' && i == 0 {
			return off, "missing API id"
		}
		if c == '/' {
			return off + i, fmt.Sprintf("unexpected %q after API id %q: an API ARN ends with the API id", "/", id[:i])
		}
		if !isLowerAlnum(c) {
			return off + i, fmt.Sprintf("invalid character %q in API id %q (expected lower-case letters and digits)", id[i:i+1], id)
		}
	}
	return -1, ""
}

func isLowerAlnum(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }
