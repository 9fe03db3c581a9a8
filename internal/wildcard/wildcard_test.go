package wildcard

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// mapResolver resolves the names in the map; a name mapped to the multi
// marker stands for a multivalued key, which does not resolve.
type mapResolver map[string]string

const multi = "\x00multivalued"

func (m mapResolver) LookupVariable(name string) (string, bool) {
	v, ok := m[name]
	if v == multi {
		return "", false
	}
	return v, ok
}

var testVariables = mapResolver{
	"aws:username":          "alice",
	"aws:principaltag/team": "dev*",
	"aws:userid":            "AIDA?",
	"colon":                 "x:y",
	"empty":                 "",
	"region":                "us-east-1",
	"action":                "GetObject",
	"upper":                 "ÄLICE",
	"tags":                  multi,
}

const (
	methodARN = "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets"
	apiPrefix = "arn:aws:execute-api:us-east-1:123456789012:abc"
)

type matchCase struct {
	name      string
	pattern   string
	mode      Mode
	variables bool
	value     string
	want      bool
}

func runMatchCases(t *testing.T, cases []matchCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.mode.String()+"/"+c.name, func(t *testing.T) {
			p, err := Compile(c.pattern, c.mode, c.variables)
			if err != nil {
				t.Fatalf("Compile(%q, %v, %t): %v", c.pattern, c.mode, c.variables, err)
			}
			if got := p.Match(c.value, testVariables); got != c.want {
				t.Errorf("Compile(%q, %v, %t).Match(%q) = %t, want %t", c.pattern, c.mode, c.variables, c.value, got, c.want)
			}
			want, _ := refMatch(c.pattern, c.value, c.mode, c.variables, testVariables.LookupVariable)
			if want != c.want {
				t.Errorf("reference matcher disagrees with the table: %t", want)
			}
		})
	}
}

func TestMatchARN(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"star matches an ARN", "*", ARN, false, methodARN, true},
		{"star matches non-ARN text", "*", ARN, false, "not an ARN: at all", true},
		{"star matches empty", "*", ARN, false, "", true},
		{"empty matches empty", "", ARN, false, "", true},
		{"empty does not match text", "", ARN, false, "a", false},
		{"exact ARN", methodARN, ARN, false, methodARN, true},
		{"exact resource is not a prefix", apiPrefix + "/prod/GET/organizations", ARN, false, apiPrefix + "/prod/GET/organizations/0000", false},
		{"exact resource is not a suffix", "rod/GET/pets", ARN, false, "prod/GET/pets", false},
		{"anchored at the start", "rod/GET/*", ARN, false, "prod/GET/pets", false},
		{"case-sensitive", apiPrefix + "/Prod/*", ARN, false, methodARN, false},
		{"short ARN with final star", "arn:aws:execute-api:us-east-1:*", ARN, false, methodARN, true},
		{"partial wildcards in region account and API", "arn:aws:execute-api:us-*:1234*:abc*", ARN, false, methodARN, true},
		{"partial region wildcard does not match another region", "arn:aws:execute-api:eu-*:*:abc/*", ARN, false, methodARN, false},
		{"every segment", "arn:aws:execute-api:*:*:*", ARN, false, methodARN, true},
		{"any region and account", "arn:aws:execute-api:*:*:abc/*", ARN, false, methodARN, true},
		{"stage wildcard", apiPrefix + "/*", ARN, false, methodARN, true},
		{"star spans slashes", apiPrefix + "/prod/*", ARN, false, apiPrefix + "/prod/POST/a/b/c", true},
		{"root method ARN with empty star", apiPrefix + "/prod/*/*", ARN, false, apiPrefix + "/prod/GET/", true},
		{"star in the middle", apiPrefix + "/*/GET/pets", ARN, false, methodARN, true},
		{"star in the middle wrong verb", apiPrefix + "/*/POST/pets", ARN, false, methodARN, false},
		{"question mark in region", "arn:aws:execute-api:us-east-?:123456789012:abc/*", ARN, false, methodARN, true},
		{"question mark is exactly one character", "arn:aws:execute-api:us-east-?:123456789012:abc/*", ARN, false, "arn:aws:execute-api:us-east-12:123456789012:abc/x", false},
		{"question mark is not empty", "arn:aws:execute-api:us-east-1?:123456789012:abc/*", ARN, false, methodARN, false},
		{"question mark in a segment is not a colon", "arn:aws:execute-api:us-east-1?123456789012:abc/*", ARN, false, methodARN, false},
		{"non-final star stays in its segment", "arn:aws:execute-api:us-*-1:123456789012:abc/*", ARN, false, "arn:aws:execute-api:us-e:st-1:123456789012:abc/x", false},
		{"non-final star within its segment", "arn:aws:execute-api:us-*-1:123456789012:abc/*", ARN, false, methodARN, true},
		{"final star crosses colons", "arn:aws:execute-api:*:abc/*", ARN, false, methodARN, true},
		{"final star in the first segment", "*:abc/*", ARN, false, methodARN, true},
		{"non-final star in the first segment", "a*b", ARN, false, "a:b", false},
		{"star before question mark stays in its segment", "arn:*?:x", ARN, false, "arn:a:b:x", false},
		{"star after question mark crosses", "arn:?*:x", ARN, false, "arn:a:b:x", true},
		{"star in the resource part spans colons", "arn:aws:s3:::bucket/*", ARN, false, "arn:aws:s3:::bucket/a:b:c", true},
		{"question mark in the resource part matches a colon", "arn:aws:s3:::a?b", ARN, false, "arn:aws:s3:::a:b", true},
		{"non-final star in the resource part spans colons", "arn:aws:s3:::a*b", ARN, false, "arn:aws:s3:::a:x:b", true},
		{"literal colons match literally", "arn:aws:s3:::*", ARN, false, "arn:aws:s3::x:bucket", false},
		{"S3 folder example", "arn:aws:s3:::bucket/*/test/*", ARN, false, "arn:aws:s3:::bucket/1/2/test/3/object.jpg", true},
		{"S3 empty folder example", "arn:aws:s3:::bucket/*/test/*", ARN, false, "arn:aws:s3:::bucket//test/object.jpg", true},
		{"HTTP API default stage", apiPrefix + "/$default/$default", ARN, false, apiPrefix + "/$default/$default", true},
		{"dollar without variables", apiPrefix + "/${x}", ARN, false, apiPrefix + "/${x}", true},
		{"dot is literal", apiPrefix + "/prod/GET/a.b", ARN, false, apiPrefix + "/prod/GET/aXb", false},
		{"dot matches itself", apiPrefix + "/prod/GET/a.b", ARN, false, apiPrefix + "/prod/GET/a.b", true},
		{"plus is literal", apiPrefix + "/prod/GET/a+", ARN, false, apiPrefix + "/prod/GET/aa", false},
		{"parenthesis is literal", apiPrefix + "/prod/GET/(a)", ARN, false, apiPrefix + "/prod/GET/a", false},
		{"bracket is literal", apiPrefix + "/prod/GET/[ab]", ARN, false, apiPrefix + "/prod/GET/a", false},
		{"bracket matches itself", apiPrefix + "/prod/GET/[ab]", ARN, false, apiPrefix + "/prod/GET/[ab]", true},
		{"brace is literal", apiPrefix + "/prod/GET/{a,b}", ARN, false, apiPrefix + "/prod/GET/a", false},
		{"brace matches itself", apiPrefix + "/prod/GET/{id}", ARN, false, apiPrefix + "/prod/GET/{id}", true},
		{"backslash is literal", apiPrefix + `/prod/GET/a\*`, ARN, false, apiPrefix + `/prod/GET/a\b`, true},
		{"backslash does not escape", apiPrefix + `/prod/GET/a\*`, ARN, false, apiPrefix + `/prod/GET/a*`, false},
		{"caret and dollar are literal", "^arn$", ARN, false, "arn", false},
		{"exclamation mark and bar are literal", "a!b|c", ARN, false, "a!b|c", true},
	})
}

func TestMatchOtherModes(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"service wildcard", "execute-api:*", Action, false, "execute-api:invoke", true},
		{"pattern folded", "Execute-API:Invoke", Action, false, "execute-api:invoke", true},
		{"everything", "*", Action, false, "s3:getobject", true},
		{"other service", "s3:GetObject", Action, false, "execute-api:invoke", false},
		{"star inside the name", "iam:*AccessKey*", Action, false, "iam:listaccesskeys", true},
		{"question mark", "execute-api:Inv?ke", Action, false, "execute-api:invoke", true},
		{"star crosses the colon", "execute*invoke", Action, false, "execute-api:invoke", true},
		{"value must be lower-cased by the caller", "execute-api:invoke", Action, false, "Execute-API:Invoke", false},
		{"non-ASCII folding", "ÄB*", Action, false, "äbc", true},
		{"anchored", "invoke", Action, false, "execute-api:invoke", false},

		{"star crosses colons", "arn:*:x", Like, false, "arn:a:b:x", true},
		{"question mark matches a colon", "a?b", Like, false, "a:b", true},
		{"question mark is one code point", "a?c", Like, false, "aéc", true},
		{"two question marks are two code points", "a??c", Like, false, "aéc", false},
		{"invalid byte is one character", "a?c", Like, false, "a\xffc", true},
		{"two invalid bytes are two characters", "a?c", Like, false, "a\xff\xfec", false},
		{"case-sensitive", "Alice", Like, false, "alice", false},
		{"star may be empty", "a*b", Like, false, "ab", true},
		{"prefix and suffix do not overlap", "a*ant", Like, false, "ant", false},
		{"backtracking", "*a*a*a*b", Like, false, strings.Repeat("a", 40) + "b", true},
		{"backtracking mismatch", "*a*a*a*b", Like, false, strings.Repeat("a", 40), false},
		{"regexp syntax is literal", "a.b+c(d)[e]{f,g}\\h^$|!", Like, false, "a.b+c(d)[e]{f,g}\\h^$|!", true},
		{"invalid pattern byte reads as U+FFFD", "\xff", Like, false, "\ufffd", true},
		{"invalid pattern byte does not match the byte", "\xff", Like, false, "\xff", false},

		{"star is literal", "a*", Exact, false, "abc", false},
		{"star matches itself", "a*", Exact, false, "a*", true},
		{"question mark matches itself", "a?", Exact, false, "a?", true},
		{"question mark is literal", "a?", Exact, false, "ab", false},
		{"case-sensitive", "ABC", Exact, false, "abc", false},

		{"case-insensitive", "ABC", ExactFold, false, "abc", true},
		{"star is literal", "a*", ExactFold, false, "ab", false},
		{"star matches itself", "a*", ExactFold, false, "A*", true},
		{"simple folding", "\u212a", ExactFold, false, "k", true},
		{"length matters", "abc", ExactFold, false, "abcd", false},
	})
}

func TestMatchVariables(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"resolved", "arn:aws:s3:::bucket/${aws:username}/*", ARN, true, "arn:aws:s3:::bucket/alice/file", true},
		{"resolved other user", "arn:aws:s3:::bucket/${aws:username}/*", ARN, true, "arn:aws:s3:::bucket/bob/file", false},
		{"name is case-insensitive", "home/${AWS:UserName}", Like, true, "home/alice", true},
		{"spaces around the name", "home/${ aws:username }", Like, true, "home/alice", true},
		{"variables off", "home/${aws:username}", Like, false, "home/${aws:username}", true},
		{"variables off does not substitute", "home/${aws:username}", Like, false, "home/alice", false},
		{"value is literal", "team/${aws:PrincipalTag/team}", Like, true, "team/dev*", true},
		{"value star is no wildcard", "team/${aws:PrincipalTag/team}", Like, true, "team/devops", false},
		{"value question mark is no wildcard", "${aws:userid}", Like, true, "AIDAX", false},
		{"unresolved", "home/${aws:missing}", Like, true, "home/", false},
		{"unresolved with star", "${aws:missing}*", Like, true, "anything", false},
		{"multivalued does not resolve", "${tags}", Like, true, "", false},
		{"multivalued takes the default", "${tags, 'none'}", Like, true, "none", true},
		{"default", "home/${aws:missing, 'guest'}", Like, true, "home/guest", true},
		{"default without spaces", "home/${aws:missing,'guest'}", Like, true, "home/guest", true},
		{"default with spaces", "home/${ aws:missing ,  'guest'  }", Like, true, "home/guest", true},
		{"default unused when resolved", "home/${aws:username, 'guest'}", Like, true, "home/guest", false},
		{"resolved with default", "home/${aws:username, 'guest'}", Like, true, "home/alice", true},
		{"quote in default", "${aws:missing, 'it''s'}", Like, true, "it's", true},
		{"empty default", "a${aws:missing, ''}b", Like, true, "ab", true},
		{"braces in default", "${aws:missing, '{x}'}", Like, true, "{x}", true},
		{"default is literal", "${aws:missing, '*'}", Like, true, "abc", false},
		{"default star matches itself", "${aws:missing, '*'}", Like, true, "*", true},
		{"one round only", "${aws:missing, '${aws:username}'}", Like, true, "${aws:username}", true},
		{"special star", "a${*}", Like, true, "a*", true},
		{"special star is literal", "a${*}", Like, true, "ab", false},
		{"special question mark", "a${?}", Like, true, "a?", true},
		{"special question mark is literal", "a${?}", Like, true, "ab", false},
		{"special dollar", "${$}{x}", Like, true, "${x}", true},
		{"special with spaces", "${ * }", Like, true, "*", true},
		{"empty value", "a${empty}b", Like, true, "ab", true},
		{"wildcards around", "*/${aws:username}/*", Like, true, "home/alice/docs", true},
		{"wildcards around mismatch", "*/${aws:username}/*", Like, true, "home/bob/docs", false},
		{"star then value", "*${aws:username}", Like, true, "xxalice", true},
		{"star then value repeated", "*${aws:username}x", Like, true, "alicealicex", true},
		{"question mark then value", "?${aws:username}", Like, true, "éalice", true},
		{"adjacent variables", "${aws:username}${empty}${region}", Like, true, "aliceus-east-1", true},
		{"star between empty values", "*${empty}?${empty}*", Like, true, "a", true},
		{"star between empty values needs a character", "*${empty}?${empty}*", Like, true, "", false},
		{"region", "arn:aws:execute-api:${region}:*:abc/*", ARN, true, methodARN, true},
		{"region mismatch", "arn:aws:execute-api:${region}:*:abc/*", ARN, true, "arn:aws:execute-api:eu-west-1:1:abc/x", false},
		{"colons in values do not count", "a:${colon}:c:d:e*f", ARN, true, "a:x:y:c:d:e1:2f", false},
		{"colons in values do not count either way", "a:${colon}:c:d:e*f", ARN, true, "a:x:y:c:d:e12f", true},
		{"star before a variable is not final", "a:b*${empty}:c", ARN, true, "a:b1:2:c", false},
		{"star before a variable within its segment", "a:b*${empty}:c", ARN, true, "a:b12:c", true},
		{"star followed by a special is not final", "a:b*${*}", ARN, true, "a:b1:2*", false},
		{"exact", "${aws:username}", Exact, true, "alice", true},
		{"exact case", "${aws:username}", Exact, true, "Alice", false},
		{"exact star", "${aws:username}*", Exact, true, "alice*", true},
		{"exact fold", "PREFIX-${aws:username}", ExactFold, true, "prefix-ALICE", true},
		{"exact fold non-ASCII", "${upper}", ExactFold, true, "älice", true},
		{"exact fold mismatch", "${aws:username}", ExactFold, true, "alicex", false},
		{"action", "s3:${action}", Action, true, "s3:getobject", true},
		{"action non-ASCII", "x:${upper}*", Action, true, "x:älice-1", true},
		{"action mismatch", "s3:${action}", Action, true, "s3:putobject", false},
	})
}

func TestMatchNilResolver(t *testing.T) {
	cases := []struct {
		pattern string
		value   string
		want    bool
	}{
		{"${aws:username}", "", false},
		{"${aws:username}", "${aws:username}", false},
		{"${aws:username, 'guest'}", "guest", true},
		{"*${x}", "abc", false},
		{"${*}", "*", true},
	}
	for _, c := range cases {
		t.Run(c.pattern, func(t *testing.T) {
			if got := MustCompile(c.pattern, Like, true).Match(c.value, nil); got != c.want {
				t.Errorf("Match(%q, nil) = %t, want %t", c.value, got, c.want)
			}
		})
	}
}

func TestZeroPattern(t *testing.T) {
	var p Pattern
	for _, s := range []string{"", "a"} {
		if p.Match(s, nil) {
			t.Errorf("zero Pattern matches %q", s)
		}
	}
}

func TestAccessors(t *testing.T) {
	type props struct {
		String        string
		Mode          Mode
		IsLiteral     bool
		LiteralPrefix string
		Variables     []string
		MatchAll      bool
	}
	cases := []struct {
		name      string
		pattern   string
		mode      Mode
		variables bool
		want      props
	}{
		{"star", "*", ARN, false, props{"*", ARN, false, "", nil, true}},
		{"stars", "**", ARN, false, props{"**", ARN, false, "", nil, true}},
		{"action star", "*", Action, false, props{"*", Action, false, "", nil, true}},
		{"like star", "*", Like, false, props{"*", Like, false, "", nil, true}},
		{"exact star", "*", Exact, false, props{"*", Exact, true, "*", nil, false}},
		{"fold star", "*", ExactFold, false, props{"*", ExactFold, true, "", nil, false}},
		{"ARN literal", methodARN, ARN, false, props{methodARN, ARN, true, methodARN, nil, false}},
		{"ARN prefix", apiPrefix + "/*", ARN, false, props{apiPrefix + "/*", ARN, false, apiPrefix + "/", nil, false}},
		{"ARN middle", "arn:aws:execute-api:us-east-1:*:abc/*", ARN, false, props{"arn:aws:execute-api:us-east-1:*:abc/*", ARN, false, "arn:aws:execute-api:us-east-1:", nil, false}},
		{"question mark", "ab?", Like, false, props{"ab?", Like, false, "ab", nil, false}},
		{"action folded", "Execute-API:Inv*", Action, false, props{"Execute-API:Inv*", Action, false, "execute-api:inv", nil, false}},
		{"action literal", "S3:GetObject", Action, false, props{"S3:GetObject", Action, true, "s3:getobject", nil, false}},
		{"not match all", "*a", Like, false, props{"*a", Like, false, "", nil, false}},
		{"variables", "a/${AWS:UserName}/${x}/${aws:username}/${*}", ARN, true, props{"a/${AWS:UserName}/${x}/${aws:username}/${*}", ARN, false, "a/", []string{"aws:username", "x"}, false}},
		{"special is literal", "a${*}b${$}", Like, true, props{"a${*}b${$}", Like, true, "a*b$", nil, false}},
		{"variables off", "a${x}", Like, false, props{"a${x}", Like, true, "a${x}", nil, false}},
		{"exact variable", "ab${x}c", Exact, true, props{"ab${x}c", Exact, false, "ab", []string{"x"}, false}},
		{"star variable", "${x}*", Like, true, props{"${x}*", Like, false, "", []string{"x"}, false}},
		{"fold variable", "ab${x}", ExactFold, true, props{"ab${x}", ExactFold, false, "", []string{"x"}, false}},
		{"invalid byte", "a\xff*", Like, false, props{"a\xff*", Like, false, "a\ufffd", nil, false}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := MustCompile(c.pattern, c.mode, c.variables)
			got := props{p.String(), p.Mode(), p.IsLiteral(), p.LiteralPrefix(), p.Variables(), p.MatchAll()}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Compile(%q, %v, %t) (-want +got):\n%s", c.pattern, c.mode, c.variables, diff)
			}
		})
	}
}

func TestModeString(t *testing.T) {
	got := []string{ARN.String(), Action.String(), Like.String(), Exact.String(), ExactFold.String(), ArnLike.String(), Mode(9).String()}
	want := []string{"ARN", "Action", "Like", "Exact", "ExactFold", "ArnLike", "Mode(9)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Mode.String (-want +got):\n%s", diff)
	}
}

func TestCompileErrors(t *testing.T) {
	cases := []struct {
		name    string
		pattern string
		want    Error // Src is filled in from pattern
	}{
		{"unclosed", "${", Error{Offset: 0, Msg: "policy variable with no closing '}'"}},
		{"unclosed after text", "home/${aws:username", Error{Offset: 5, Msg: "policy variable with no closing '}'"}},
		{"unclosed after default", "${a, 'x'", Error{Offset: 0, Msg: "policy variable with no closing '}'"}},
		{"unclosed after comma", "${a, ", Error{Offset: 0, Msg: "policy variable with no closing '}'"}},
		{"empty", "a${}", Error{Offset: 1, Msg: "empty policy variable"}},
		{"blank", "${  }", Error{Offset: 0, Msg: "empty policy variable"}},
		{"default only", "${, 'x'}", Error{Offset: 0, Msg: "empty policy variable"}},
		{"default unquoted", "${a, x}", Error{Offset: 5, Msg: "policy variable default value not in single quotes"}},
		{"default double-quoted", `${a, "x"}`, Error{Offset: 5, Msg: "policy variable default value not in single quotes"}},
		{"default missing", "${a,}", Error{Offset: 4, Msg: "policy variable default value not in single quotes"}},
		{"default unterminated", "${a, 'x}", Error{Offset: 5, Msg: "unterminated default value of policy variable"}},
		{"text after default", "${a, 'x' y}", Error{Offset: 9, Msg: "unexpected 'y' after the default value of policy variable"}},
		{"second default", "${a, 'x', 'y'}", Error{Offset: 8, Msg: "unexpected ',' after the default value of policy variable"}},
		{"nested", "${a${b}}", Error{Offset: 3, Msg: "invalid character '$' in policy variable name"}},
		{"brace in name", "${ a{b}", Error{Offset: 4, Msg: "invalid character '{' in policy variable name"}},
		{"quote in name", "x${a'b}", Error{Offset: 4, Msg: "invalid character '\\'' in policy variable name"}},
		{"second variable", "${a}${", Error{Offset: 4, Msg: "policy variable with no closing '}'"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, mode := range []Mode{ARN, Action, Like, Exact, ExactFold} {
				_, err := Compile(c.pattern, mode, true)
				var got *Error
				if !errors.As(err, &got) {
					t.Fatalf("Compile(%q, %v, true) = %v, want an *Error", c.pattern, mode, err)
				}
				want := c.want
				want.Src = c.pattern
				if diff := cmp.Diff(&want, got); diff != "" {
					t.Errorf("Compile(%q, %v, true) (-want +got):\n%s", c.pattern, mode, diff)
				}
				if _, err := Compile(c.pattern, mode, false); err != nil {
					t.Errorf("Compile(%q, %v, false) = %v, want no error", c.pattern, mode, err)
				}
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	_, err := Compile("home/${aws:username", ARN, true)
	got := err.Error()
	want := `wildcard: policy variable with no closing '}' at offset 5 in "home/${aws:username"`
	if got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestCompileInvalidMode(t *testing.T) {
	_, err := Compile("*", Mode(6), false)
	var e *Error
	if !errors.As(err, &e) || e.Msg != "invalid mode Mode(6)" {
		t.Errorf("Compile with Mode(6) = %v, want an invalid mode error", err)
	}
}

func TestMustCompilePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustCompile(\"${\") did not panic")
		}
	}()
	MustCompile("${", Like, true)
}

// TestMatchLong covers values longer than the position sets kept on the
// stack, and many variables between wildcards.
func TestMatchLong(t *testing.T) {
	long := strings.Repeat("ab", 1000)
	cases := []struct {
		name    string
		pattern string
		value   string
		want    bool
	}{
		{"long value", "*${aws:username}*", long + "alice" + long, true},
		{"long value mismatch", "*${aws:username}*", long + "alic" + long, false},
		{"many empty variables", strings.Repeat("*${empty}", 30) + "b", long, true},
		{"many empty variables mismatch", strings.Repeat("*${empty}", 30) + "c", long, false},
		{"open glob pieces", strings.Repeat("?*${empty}", 30) + "b", long, true},
		{"open glob pieces mismatch", strings.Repeat("?*${empty}", 30) + "c", long, false},
		{"left-open glob pieces", strings.Repeat("*a${empty}", 30) + "b", long, true},
		{"left-open glob pieces mismatch", strings.Repeat("*a${empty}", 30) + "c", long, false},
		{"closed glob pieces", strings.Repeat("a?${empty}", 30) + "*", long, true},
		{"closed glob pieces mismatch", strings.Repeat("a?${empty}", 30) + "c", long, false},
		{"closed glob pieces after a star", "*${empty}" + strings.Repeat("a*b${empty}", 3) + "c", long[:500], false},
		{"many variables", strings.Repeat("*${aws:username}", 20) + "*", strings.Repeat("alice-", 25), true},
		{"too many variables", strings.Repeat("*${aws:username}", 20) + "*", strings.Repeat("alice-", 19), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := MustCompile(c.pattern, Like, true)
			if got := p.Match(c.value, testVariables); got != c.want {
				t.Errorf("Match = %t, want %t", got, c.want)
			}
		})
	}
}

// TestArnLikeMode: the Arn* condition operators match segment by segment
// with no exception for a `*` that ends its segment (IAM-OPERATORS).
func TestArnLikeMode(t *testing.T) {
	const example = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"
	runMatchCases(t, []matchCase{
		{name: "IAM-OPERATORS example", pattern: "arn:aws:someservice:*:111122223333:finance/*", mode: ArnLike, value: example, want: false},
		{name: "same pattern as a Resource (D13)", pattern: "arn:aws:someservice:*:111122223333:finance/*", mode: ARN, value: example, want: true},
		{name: "segment stars", pattern: "arn:aws:someservice:*:*:store/*", mode: ArnLike, value: example, want: true},
		{name: "star spans colons in the resource part", pattern: "arn:aws:someservice:us-east-2:999999999999:store/*", mode: ArnLike, value: example, want: true},
		{name: "short pattern does not cross", pattern: "arn:aws:execute-api:*", mode: ArnLike, value: methodARN, want: false},
		{name: "short pattern as a Resource crosses", pattern: "arn:aws:execute-api:*", mode: ARN, value: methodARN, want: true},
		{name: "question mark in segment", pattern: "arn:aws:execute-api:us-east-?:123456789012:abc/*", mode: ArnLike, value: methodARN, want: true},
		{name: "case-sensitive", pattern: "arn:aws:execute-api:*:*:ABC/*", mode: ArnLike, value: methodARN, want: false},
	})
}

// TestStarsFastPath covers the substring-search path for patterns whose
// wildcards are all `*` that match any run.
func TestStarsFastPath(t *testing.T) {
	runMatchCases(t, []matchCase{
		{name: "stage and verb stars", pattern: apiPrefix + "/*/GET/pets*", mode: ARN, value: methodARN, want: true},
		{name: "middle part must follow the first", pattern: apiPrefix + "/*/POST/*", mode: ARN, value: methodARN, want: false},
		{name: "parts may not overlap", pattern: "ab*ba", mode: Like, value: "aba", want: false},
		{name: "parts adjacent", pattern: "ab*ba", mode: Like, value: "abba", want: true},
		{name: "leftmost choice is not a trap", pattern: "x*yz*y", mode: Like, value: "xyzyzy", want: true},
		{name: "repeated middle part", pattern: "*a*a*", mode: Like, value: "a", want: false},
		{name: "repeated middle part twice", pattern: "*a*a*", mode: Like, value: "aa", want: true},
		{name: "empty middle", pattern: "a**b", mode: Like, value: "ab", want: true},
		{name: "suffix required", pattern: "a*b*c", mode: Like, value: "abcx", want: false},
		{name: "too short for prefix and suffix", pattern: "ab*ba", mode: Like, value: "ab", want: false},
		{name: "action fold", pattern: "Execute-*:Inv*", mode: Action, value: "execute-api:invoke", want: true},
		{name: "multibyte", pattern: "é*ü*ß", mode: Like, value: "éaüßß", want: true},
	})
}

// TestPathologicalPatterns: patterns on which a backtracking matcher takes
// exponential time (gobwas v1.1.0 did not return within minutes on the
// first one, found by FuzzMatch) are matched in polynomial time.
func TestPathologicalPatterns(t *testing.T) {
	cases := []matchCase{
		{name: "fuzz finding", pattern: "0*0*0*0*0*0*0*0*0*0*0*0*0*0*0*0*0*0*0*0*0*0*0*?0*0*0*0*0*0*0*0?0", mode: ARN,
			value: "0\xbb00000000000000000000000000000000", want: false},
		{name: "many segment stars, long value", pattern: strings.Repeat("a*", 40) + "?b", mode: ARN,
			value: strings.Repeat("a", 3000) + "c", want: false},
		{name: "many stars with question marks in Like", pattern: strings.Repeat("a*?", 30) + "b", mode: Like,
			value: strings.Repeat("a", 3000), want: false},
		{name: "many stars matching", pattern: strings.Repeat("a*", 40) + "?b", mode: ARN,
			value: strings.Repeat("a", 3000) + "xb", want: true},
		{name: "segment stars do not cross colons", pattern: "x*y*z*?w", mode: ARN, value: "xyz:w", want: false},
		{name: "resource-part stars cross colons", pattern: "a:b:c:d:e:x*y*z*?w", mode: ARN, value: "a:b:c:d:e:xyz::w", want: true},
		{name: "invalid byte is not U+FFFD", pattern: "a*b*c*\ufffd", mode: Like, value: "abc\xff", want: false},
	}
	runMatchCases(t, cases)
	for _, c := range cases {
		if want, _ := refMatch(c.pattern, c.value, c.mode, false, nil); want != c.want {
			t.Errorf("%s: reference matcher says %t", c.name, want)
		}
	}
}

func TestRequired(t *testing.T) {
	tests := []struct {
		pattern string
		mode    Mode
		vars    bool
		want    []string
	}{
		{"prod/*/GET/${aws:username}/x?y", Like, true, []string{"prod/", "/GET/", "/x", "y"}},
		{"a${*}b", Like, true, []string{"a*b"}},
		{"Execute-API:*", Action, false, []string{"execute-api:"}},
		{"ABC", ExactFold, false, nil},
		{"*", ARN, false, nil},
	}
	for _, tt := range tests {
		got := MustCompile(tt.pattern, tt.mode, tt.vars).Required()
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Required(%q) (-want +got):\n%s", tt.pattern, diff)
		}
	}
}

// TestVariablesAfterWildcardsArePolynomial: a pattern with wildcards before
// variables used to search every placement of every value (cubic time:
// seconds on a 1 KB value); values are now substituted and the pattern
// simulated once.
func TestVariablesAfterWildcardsArePolynomial(t *testing.T) {
	r := mapResolver{"v": "a"}
	long := strings.Repeat("a", 4000)
	for _, c := range []struct {
		pattern, value string
		want           bool
	}{
		{"*${v}?*?${v}b", long, false},
		{"*${v}?*?${v}b", long + "b", true},
		{"arn:aws:execute-api:us-east-1:1:api/*/GET/*${v}?*?${v}x", "arn:aws:execute-api:us-east-1:1:api/prod/GET/" + long, false},
		{"*/${v}/??*/${v}/x", strings.Repeat("/a", 2000) + "b/x", false},
	} {
		p := MustCompile(c.pattern, Like, true)
		if got := p.Match(c.value, r); got != c.want {
			t.Errorf("%q: got %t, want %t", c.pattern, got, c.want)
		}
		if want, _ := refMatch(c.pattern, c.value[:min(len(c.value), 300)], Like, true, r.LookupVariable); want != p.Match(c.value[:min(len(c.value), 300)], r) {
			t.Errorf("%q disagrees with the reference on a shorter value", c.pattern)
		}
	}
}
