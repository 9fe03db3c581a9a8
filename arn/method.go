package arn

import "strings"

// MaxMethodARNLength is the longest method ARN, in bytes, that API Gateway
// accepts. For a longer one (long path parameter values) it answers
// 414 "Request URI too long" instead of calling the authorizer (LA-OUTPUT).
const MaxMethodARNLength = 1600

// MethodARN is the ARN API Gateway builds for one request, evaluates
// resource policies against, and passes to Lambda authorizers as
// methodArn:
//
//	arn:PARTITION:execute-api:REGION:ACCOUNT:API_ID/STAGE/VERB/PATH
//
// Path starts with "/": "/" for the root resource of the stage, otherwise
// the request path after the stage exactly as sent ("/pets/1",
// "/test//", "/a%2Fb"). Verb is the request's HTTP method: from
// [API.Method] always an upper-case token and never ANY, from
// [ParseMethodARN] whatever the text says.
//
// The zero MethodARN is not valid: IsZero reports it and String returns ""
// for it. A MethodARN is a comparable, immutable value that is safe for
// concurrent use.
type MethodARN struct {
	API   API
	Stage string // "prod"; never empty, never contains "/"
	Verb  string // "GET"; never empty, never contains "/"
	Path  string // "/", "/pets/1"; starts with "/"
}

// ParseMethodARN parses a method ARN. The API part is checked as by
// [ParseAPI]. The resource must be API_ID/STAGE/VERB/PATH: it splits on its
// first three slashes into the API id, a non-empty stage and a non-empty
// verb, and Path is the rest with its leading slash, so ".../prod/GET/"
// gives the Path "/" and ".../prod/GET//x" the Path "//x". A resource that
// ends right after the verb (".../prod/GET") is an error: the root is
// ".../prod/GET/". The verb is taken as written (any case, ANY included).
//
// A method ARN names one request, so the wildcards "*" and "?" are
// rejected, as are spaces and control characters, which no request path
// carries. A method ARN longer than [MaxMethodARNLength] is accepted; see
// [MethodARN.TooLong].
//
// On success String returns s. Errors are *ParseError.
func ParseMethodARN(s string) (MethodARN, error) {
	a, err := Parse(s)
	if err != nil {
		return MethodARN{}, err
	}
	if err := patternError(s, "method ARN"); err != nil {
		return MethodARN{}, err
	}
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return MethodARN{}, errorf(s, i, "space in method ARN (a request path carries it as %q)", "%20")
	}
	res := a.Resource
	resOff := len(s) - len(res)
	slash := strings.IndexByte(res, '/')
	id := res
	if slash >= 0 {
		id = res[:slash]
	}
	if off, msg := checkAPI(a.Partition, a.Service, a.Region, a.Account, id); off >= 0 {
		return MethodARN{}, &ParseError{Input: s, Offset: off, Msg: msg}
	}
	if slash < 0 {
		return MethodARN{}, errorf(s, len(s), "expected %q after API id %q", "/STAGE/VERB/PATH", id)
	}
	off := resOff + slash + 1
	rest := res[slash+1:]
	i := strings.IndexByte(rest, '/')
	if i == 0 || rest == "" {
		return MethodARN{}, errorf(s, off, "missing stage after API id %q", id)
	}
	if i < 0 {
		return MethodARN{}, errorf(s, len(s), "expected %q after stage %q", "/VERB/PATH", rest)
	}
	stage := rest[:i]
	off += i + 1
	rest = rest[i+1:]
	i = strings.IndexByte(rest, '/')
	if i == 0 || rest == "" {
		return MethodARN{}, errorf(s, off, "missing HTTP method after stage %q", stage)
	}
	if i < 0 {
		return MethodARN{}, errorf(s, len(s), "expected %q and the path after method %q (the root resource is %q)", "/", rest, ".../"+rest+"/")
	}
	return MethodARN{
		API:   API{Partition: a.Partition, Region: a.Region, Account: a.Account, ID: id},
		Stage: stage,
		Verb:  rest[:i],
		Path:  rest[i:],
	}, nil
}

// MustParseMethodARN is like ParseMethodARN but panics if s is not a
// method ARN. It is meant for constants in tests and examples.
func MustParseMethodARN(s string) MethodARN {
	m, err := ParseMethodARN(s)
	if err != nil {
		panic(err)
	}
	return m
}

// String returns the method ARN, API.String() + "/" + Stage + "/" + Verb +
// Path, so the root resource gives ".../prod/GET/". It returns "" for the
// zero MethodARN.
func (m MethodARN) String() string {
	if m.IsZero() {
		return ""
	}
	return m.format(m.API.Account)
}

// MaskedString returns the method ARN with the account masked as API
// Gateway masks it in its "User: ... is not authorized to perform:
// execute-api:Invoke on resource: ARN" messages (KC-403): eight
// asterisks followed by the account's last four digits,
//
//	arn:aws:execute-api:us-east-1:********9012:abc123abc1/Prod/POST/athena/run_query_template
//
// An account shorter than four bytes (possible only in a value assembled
// by hand) is masked entirely. MaskedString returns "" for the zero
// MethodARN.
func (m MethodARN) MaskedString() string {
	if m.IsZero() {
		return ""
	}
	const mask = "********"
	acct := mask
	if n := len(m.API.Account); n >= 4 {
		acct = mask + m.API.Account[n-4:]
	}
	return m.format(acct)
}

func (m MethodARN) format(account string) string {
	a := m.API
	return prefix + a.Partition + ":" + service + ":" + a.Region + ":" + account + ":" + a.ID +
		"/" + m.Stage + "/" + m.Verb + m.Path
}

// Len returns len(m.String()) without building the string.
func (m MethodARN) Len() int {
	if m.IsZero() {
		return 0
	}
	a := m.API
	return len(prefix) + len(a.Partition) + 1 + len(service) + 1 + len(a.Region) + 1 +
		len(a.Account) + 1 + len(a.ID) + 1 + len(m.Stage) + 1 + len(m.Verb) + len(m.Path)
}

// TooLong reports whether the method ARN is longer than
// [MaxMethodARNLength] bytes, in which case API Gateway answers the request
// with 414 "Request URI too long" (LA-OUTPUT).
func (m MethodARN) TooLong() bool { return m.Len() > MaxMethodARNLength }

// IsZero reports whether m is the zero MethodARN.
func (m MethodARN) IsZero() bool { return m == MethodARN{} }

// ARN returns m as a general ARN (its Resource is
// "API_ID/STAGE/VERB/PATH"), or the zero ARN for the zero MethodARN.
func (m MethodARN) ARN() ARN {
	if m.IsZero() {
		return ARN{}
	}
	a := m.API
	return ARN{
		Partition: a.Partition,
		Service:   service,
		Region:    a.Region,
		Account:   a.Account,
		Resource:  a.ID + "/" + m.Stage + "/" + m.Verb + m.Path,
	}
}

// MarshalText implements encoding.TextMarshaler: the text is String's.
func (m MethodARN) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseMethodARN.
// Empty text gives the zero MethodARN.
func (m *MethodARN) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*m = MethodARN{}
		return nil
	}
	v, err := ParseMethodARN(string(text))
	if err != nil {
		return err
	}
	*m = v
	return nil
}
