package lint

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/iamgate/iamgate/eval"
	"github.com/iamgate/iamgate/internal/typo"
	"github.com/iamgate/iamgate/policy"
)

// checkConditions finds condition entries that do not test what their
// author meant (IAM-OPERATORS, AA-CHECKS): wildcards under an exact operator
// (IG500), ForAllValues on a single-valued key (IG501), IP ranges with
// host bits (IG502), operators of another type than their key (IG503),
// Null with a qualifier (IG504), malformed VPC and VPC endpoint ids
// (IG505) and aws: keys IAM does not define (IG506). The document has compiled, so every operator is valid.
func checkConditions(f *finder, doc *policy.Document, cfg Config) {
	for i := range doc.Statements {
		st := &doc.Statements[i]
		nullReported := map[string]bool{}
		for k := range st.Conditions {
			c := &st.Conditions[k]
			op, _ := eval.LookupOperator(c.Operator.Value) // the document has compiled
			key := strings.ToLower(c.Key.Value)
			checkExactWildcards(f, st, c, op, doc.Version)
			checkForAllValues(f, st, c, op, key)
			checkIPRanges(f, st, c, op)
			checkKeyType(f, st, c, op, key)
			if op.Family() == eval.FamilyNull && op.Qualifier() != eval.NoQualifier && !nullReported[c.Operator.Path] {
				nullReported[c.Operator.Path] = true
				f.add("IG504", c.Operator.Pos, c.Operator.Path, "statement %d%s uses %s: Null only tests whether a key is present, so the %s qualifier changes nothing (IAM-OPERATORS). Write \"Null\"", st.Index, sid(st), c.Operator.Value, op.Qualifier())
			}
			checkVPCIDs(f, st, c, op, key)
			checkGlobalKey(f, st, c, key)
		}
	}
}

// globalKeyNames are IAM's global condition keys (IAM-GLOBALKEYS, "AWS
// global condition context keys" in the IAM User Guide), without their
// "aws:" prefix; the tag keys end in "/" and take any tag name after it.
var globalKeyNames = []string{
	"CalledVia", "CalledViaFirst", "CalledViaLast", "CurrentTime", "EpochTime",
	"FederatedProvider", "MultiFactorAuthAge", "MultiFactorAuthPresent",
	"PrincipalAccount", "PrincipalArn", "PrincipalIsAWSService", "PrincipalOrgID",
	"PrincipalOrgPaths", "PrincipalServiceName", "PrincipalServiceNamesList",
	"PrincipalTag/", "PrincipalType", "Referer", "RequestedRegion", "RequestTag/",
	"ResourceAccount", "ResourceOrgID", "ResourceOrgPaths", "ResourceTag/",
	"SecureTransport", "SourceAccount", "SourceArn", "SourceIdentity", "SourceIp",
	"SourceOrgID", "SourceOrgPaths", "SourceVpc", "SourceVpce", "SourceVpcArn",
	"TagKeys", "TokenIssueTime", "UserAgent", "userid", "username",
	"ViaAWSService", "VpcSourceIp", "VpceAccount", "VpceOrgID", "VpceOrgPaths",
	"Ec2InstanceSourceVpc", "Ec2InstanceSourcePrivateIPv4", "AssumedRoot",
}

// globalKeys maps each lower-cased "aws:" key to its documented spelling.
var globalKeys = map[string]string{}

func init() {
	for _, k := range globalKeyNames {
		globalKeys[strings.ToLower("aws:"+k)] = "aws:" + k
	}
}

// checkGlobalKey reports an aws: key IAM does not define (IG506): a typo
// such as aws:SorceIp is a key no request carries, so the condition never
// holds (or, negated, always holds).
func checkGlobalKey(f *finder, st *policy.Statement, c *policy.Condition, key string) {
	if _, known := globalKeys[key]; !strings.HasPrefix(key, "aws:") || known {
		return
	}
	if i := strings.Index(key, "/"); i > 0 && globalKeys[key[:i+1]] != "" {
		return
	}
	names := make([]string, 0, len(globalKeys))
	for k := range globalKeys {
		names = append(names, k)
	}
	sort.Strings(names)
	hint := ""
	if near := typo.Closest(key, names...); near != "" {
		hint = fmt.Sprintf(" Did you mean %s?", globalKeys[near])
	}
	f.add("IG506", c.Key.Pos, c.Key.Path, "statement %d%s tests %s, which is not one of IAM's global condition keys: no request carries it, so the condition never holds (a negated operator always holds).%s If AWS has added this key since, ignore this finding", st.Index, sid(st), c.Key.Value, hint)
}

// wildcardForm returns the wildcard-matching counterpart of an exact
// string operator, with the same negation (StringLike for StringEquals and
// StringEqualsIgnoreCase, StringNotLike for the negated ones), read from
// eval's operator catalogue; nil for every other operator. The ARN
// operators have none: ArnEquals and ArnNotEquals match wildcards exactly
// as ArnLike and ArnNotLike do (IAM-OPERATORS), so a wildcard in them is
// meant.
func wildcardForm(b *eval.BaseOperator) *eval.BaseOperator {
	if b == nil || b.Family() != eval.FamilyString || b.Wildcards() {
		return nil
	}
	for _, o := range eval.Operators() {
		if o.Family() == b.Family() && o.Wildcards() && o.Negated() == b.Negated() {
			return o
		}
	}
	return nil
}

// withoutVariables removes the ${...} policy variables from a value, so
// that the special variables ${*} and ${?}, which stand for a literal *
// and ?, are not taken for wildcards. A "${" without "}" is kept.
func withoutVariables(v string) string {
	var b strings.Builder
	for {
		i := strings.Index(v, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(v[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(v[:i])
		v = v[i+j+1:]
	}
	b.WriteString(v)
	return b.String()
}

// checkExactWildcards reports a * or ? in a value of an exact string
// operator (IG500): it is a literal character there.
func checkExactWildcards(f *finder, st *policy.Statement, c *policy.Condition, op eval.Operator, version policy.Version) {
	like := wildcardForm(op.Base())
	if like == nil {
		return
	}
	for _, v := range c.Values {
		w := withoutVariables(v.Value)
		i := strings.IndexAny(w, "*?")
		if i < 0 {
			continue
		}
		ch := w[i : i+1]
		fix := fmt.Sprintf("For a wildcard match use %s", op.WithBase(like))
		if op.Base().IgnoresCase() {
			fix += " (which is case-sensitive: list each spelling)"
		}
		if version.SupportsVariables() {
			fix += fmt.Sprintf("; if the %s is meant literally, write ${%s} to say so", ch, ch)
		}
		f.add("IG500", v.Pos, v.Path, "statement %d%s compares %s with %s against %q, whose %q is a literal character there: %s compares exactly, so the value matches only a request value with that very character in it. %s",
			st.Index, sid(st), c.Key.Value, c.Operator.Value, v.Value, ch, op.Base(), fix)
	}
}

// multivaluedKeys are the AWS global condition keys that can have several
// values in one request, lower-cased; ForAllValues and ForAnyValue are
// meant for them. Every other aws: key has at most one value.
//
// Sources: IAM User Guide, "AWS global condition context keys"
// (reference_policies_condition-keys: aws:CalledVia and
// aws:PrincipalOrgPaths "is a multivalued key"; each key's "Value type"),
// and "Single-valued vs. multivalued context keys"
// (reference_policies_condition-single-vs-multi-valued-context-keys:
// aws:TagKeys and aws:PrincipalServiceNamesList are multivalued,
// aws:SourceVpce and aws:ResourceTag/tag-key single-valued). The
// organization-path keys of resources, sources and VPC endpoints
// (aws:ResourceOrgPaths, aws:SourceOrgPaths, aws:VpceOrgPaths) are
// multivalued like aws:PrincipalOrgPaths. A key missing here that is in
// fact multivalued gives a false IG501, so when in doubt a key is listed.
var multivaluedKeys = map[string]bool{
	"aws:calledvia":                 true,
	"aws:principalorgpaths":         true,
	"aws:principalservicenameslist": true,
	"aws:resourceorgpaths":          true,
	"aws:sourceorgpaths":            true,
	"aws:tagkeys":                   true,
	"aws:vpceorgpaths":              true,
}

// checkForAllValues reports ForAllValues on a single-valued global key
// (IG501): it is true when the key is missing (IAM-MULTI).
func checkForAllValues(f *finder, st *policy.Statement, c *policy.Condition, op eval.Operator, key string) {
	if op.Qualifier() != eval.ForAllValues || op.Family() == eval.FamilyNull || !strings.HasPrefix(key, "aws:") || multivaluedKeys[key] {
		return
	}
	plain := op.WithQualifier(eval.NoQualifier)
	if op.Negated() || op.IfExists() {
		// A negated or IfExists test is already true on a missing key:
		// the qualifier changes nothing, but says something untrue.
		f.add("IG501", c.Key.Pos, c.Key.Path, "statement %d%s uses %s on %s, a key with at most one value: ForAllValues is meant for keys with several values. Here it changes nothing, since %s is already true when the key is missing, but it misleads the reader (and turns into a real gap if the operator is later changed to a positive one without IfExists). Write %s",
			st.Index, sid(st), c.Operator.Value, c.Key.Value, plain, plain)
		return
	}
	f.add("IG501", c.Key.Pos, c.Key.Path, "statement %d%s uses %s on %s, a key with at most one value: ForAllValues is true when every request value passes, which includes a request where the key is missing (IAM-MULTI), so this %s also applies to requests without %s, where %s would be false. Use %s, or %sIfExists if a request without the key must match too",
		st.Index, sid(st), c.Operator.Value, c.Key.Value, st.Effect, c.Key.Value, plain, plain, op.Base())
}

// checkIPRanges reports IP ranges with bits set after the prefix length
// (IG502): the bits are ignored (eval's parseIPRange masks them).
func checkIPRanges(f *finder, st *policy.Statement, c *policy.Condition, op eval.Operator) {
	if op.Family() != eval.FamilyIPAddress {
		return
	}
	for _, v := range c.Values {
		p, err := netip.ParsePrefix(v.Value)
		if err != nil || p == p.Masked() {
			continue
		}
		m := p.Masked()
		f.add("IG502", v.Pos, v.Path, "statement %d%s has the range %q under %s: the bits after the first %d are ignored, so it means %s (%s to %s), not only %s. Write %q, or %q for the single address",
			st.Index, sid(st), v.Value, c.Operator.Value, p.Bits(), m, m.Addr(), lastAddr(m), p.Addr(), m.String(), netip.PrefixFrom(p.Addr(), p.Addr().BitLen()).String())
	}
}

// lastAddr returns the last address of a masked prefix.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

// keyType is what a known condition key holds, and which operator
// families compare it as meant.
type keyType struct {
	holds   string        // "a date and time"
	ok      []eval.Family // the families that fit
	use     string        // the operators to use instead
	literal string        // what a string operator compares instead of the value
}

var (
	dateKey    = keyType{"a date and time", []eval.Family{eval.FamilyDate}, "a Date operator such as DateLessThan", "the date"}
	epochKey   = keyType{"a time in epoch seconds", []eval.Family{eval.FamilyDate, eval.FamilyNumeric}, "a Date or Numeric operator such as DateLessThan or NumericLessThan", "the time"}
	numberKey  = keyType{"a number of seconds", []eval.Family{eval.FamilyNumeric}, "a Numeric operator such as NumericLessThan", "the number"}
	ipAddrKey  = keyType{"an IP address", []eval.Family{eval.FamilyIPAddress}, "IpAddress or NotIpAddress", "the address"}
	boolKey    = keyType{"a boolean", []eval.Family{eval.FamilyBool}, "Bool (or BoolIfExists)", "the boolean"}
	stringKey  = keyType{"a string", []eval.Family{eval.FamilyString, eval.FamilyARN}, "a String operator such as StringEquals", ""}
	arnKey     = keyType{"an ARN", []eval.Family{eval.FamilyARN, eval.FamilyString}, "an ARN operator such as ArnLike, or a String operator", ""}
	familyName = map[eval.Family]string{eval.FamilyString: "a string operator", eval.FamilyNumeric: "a numeric operator", eval.FamilyDate: "a date operator", eval.FamilyBool: "Bool", eval.FamilyBinary: "BinaryEquals", eval.FamilyIPAddress: "an IP address operator", eval.FamilyARN: "an ARN operator"}
	familyRead = map[eval.Family]string{eval.FamilyNumeric: "a number", eval.FamilyDate: "a date", eval.FamilyBool: "true or false", eval.FamilyBinary: "base64 bytes", eval.FamilyIPAddress: "an IP address", eval.FamilyARN: "an ARN"}
)

// keyTypes are the global keys of RP-CONDKEYS (API Gateway's table) and
// a few more with a single documented type (IAM-GLOBALKEYS: "Works with
// ... operators"), lower-cased. Unknown keys are not checked.
var keyTypes = map[string]keyType{
	"aws:currenttime":               dateKey,
	"aws:tokenissuetime":            dateKey,
	"aws:epochtime":                 epochKey,
	"aws:multifactorauthage":        numberKey,
	"aws:sourceip":                  ipAddrKey,
	"aws:vpcsourceip":               ipAddrKey,
	"aws:securetransport":           boolKey,
	"aws:multifactorauthpresent":    boolKey,
	"aws:viaawsservice":             boolKey,
	"aws:principalisawsservice":     boolKey,
	"aws:sourcevpce":                stringKey,
	"aws:sourcevpc":                 stringKey,
	"aws:principalaccount":          stringKey,
	"aws:principalorgid":            stringKey,
	"aws:principalorgpaths":         stringKey,
	"aws:principaltype":             stringKey,
	"aws:userid":                    stringKey,
	"aws:username":                  stringKey,
	"aws:referer":                   stringKey,
	"aws:useragent":                 stringKey,
	"aws:requestedregion":           stringKey,
	"aws:principalarn":              arnKey,
	"aws:sourcearn":                 arnKey,
	"execute-api:viadomainarn":      arnKey,
	"aws:principalservicename":      stringKey,
	"aws:principalservicenameslist": stringKey,
	"aws:calledvia":                 stringKey,
	"aws:calledviafirst":            stringKey,
	"aws:calledvialast":             stringKey,
}

// checkKeyType reports an operator whose family does not fit the known
// type of its key (IG503), as Access Analyzer's "Type mismatch" does.
func checkKeyType(f *finder, st *policy.Statement, c *policy.Condition, op eval.Operator, key string) {
	kt, known := keyTypes[key]
	if !known || op.Family() == eval.FamilyNull || slices.Contains(kt.ok, op.Family()) {
		return
	}
	var why string
	switch {
	case op.Family() == eval.FamilyString:
		why = fmt.Sprintf("a string operator compares the text of the value character by character, not %s it stands for", kt.literal)
	case op.Family() == eval.FamilyDate && kt.holds == numberKey.holds:
		why = "a date operator reads the number of seconds as an epoch time in January 1970, so the comparison means nothing"
	default:
		why = fmt.Sprintf("%s reads the request value as %s, which %s is not, so %s", familyName[op.Family()], familyRead[op.Family()], kt.holds, neverMatches(st, c, op))
	}
	f.add("IG503", c.Key.Pos, c.Key.Path, "statement %d%s tests %s, which holds %s, with %s: %s. Use %s",
		st.Index, sid(st), c.Key.Value, kt.holds, c.Operator.Value, why, kt.use)
}

var (
	vpceID = regexp.MustCompile(`^vpce-(?:[0-9a-f]{8}|[0-9a-f]{17})$`)
	vpcID  = regexp.MustCompile(`^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$`)
)

// checkVPCIDs reports values of aws:SourceVpce and aws:SourceVpc that are
// not VPC endpoint or VPC ids (IG505): "vpce-" or "vpc-" and 8 or 17
// lowercase hexadecimal digits. Values with policy variables or
// wildcards are not checked (a wildcard under an exact operator is
// IG500's finding); the IgnoreCase operators accept upper case.
func checkVPCIDs(f *finder, st *policy.Statement, c *policy.Condition, op eval.Operator, key string) {
	if op.Family() != eval.FamilyString || (key != "aws:sourcevpce" && key != "aws:sourcevpc") {
		return
	}
	re, what, example, other, otherKey := vpceID, "VPC endpoint id", "vpce-0a1b2c3d4e5f67890", vpcID, "aws:SourceVpc"
	if key == "aws:sourcevpc" {
		re, what, example, other, otherKey = vpcID, "VPC id", "vpc-0a1b2c3d4e5f67890", vpceID, "aws:SourceVpce"
	}
	fold := op.Base().IgnoresCase()
	effect := neverMatches(st, c, op)
	if len(c.Values) > 1 {
		effect = "it never matches: the callers it was meant to name are treated as any other caller"
	}
	for _, v := range c.Values {
		if strings.Contains(v.Value, "${") || hasWildcard(v.Value) {
			continue
		}
		s := v.Value
		if fold {
			s = strings.ToLower(s)
		}
		if re.MatchString(s) {
			continue
		}
		hint := ""
		switch {
		case other.MatchString(s):
			hint = fmt.Sprintf("; it looks like a value for %s: test that key instead", otherKey)
		case s != strings.ToLower(s) && re.MatchString(strings.ToLower(s)):
			hint = fmt.Sprintf("; AWS writes ids in lower case and %s compares case-sensitively: write %q", c.Operator.Value, strings.ToLower(s))
		case strings.Contains(s, "."):
			hint = "; a DNS name is not an id: use the id it starts with"
		}
		f.add("IG505", v.Pos, v.Path, "statement %d%s compares %s with %q, which is not a %s (%s followed by 8 or 17 lowercase hexadecimal digits, such as %s): no request carries it, so %s%s",
			st.Index, sid(st), c.Key.Value, v.Value, what, strings.SplitN(example, "-", 2)[0]+"-", example, effect, hint)
	}
}

// neverMatches words the effect of a test that no request value passes:
// a positive operator never matches, a negated one always does, and then
// a Deny denies every request that reaches it.
func neverMatches(st *policy.Statement, c *policy.Condition, op eval.Operator) string {
	if !op.Negated() {
		return "the test never matches"
	}
	if st.Effect == policy.Deny {
		return fmt.Sprintf("%s is true for every request and the Deny applies to every caller", c.Operator.Value)
	}
	return fmt.Sprintf("%s is true for every request", c.Operator.Value)
}
