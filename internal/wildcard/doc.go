// Package wildcard compiles and matches the text patterns of IAM policies:
// the Resource, NotResource, Action and NotAction elements and the values of
// the string and ARN condition operators. It is the only package of iamgate
// that uses github.com/gobwas/glob; no type of that module appears in its API.
//
// IAM knows two wildcards only: `*` matches any run of characters, possibly
// empty, and `?` matches exactly one character (one Unicode code point; a
// byte that is not valid UTF-8 counts as one character). Every other
// character, `.`, `+`, `[`, `{`, `\` and `$` included, stands for itself, and
// a pattern always covers the whole string: `rod/GET/*` does not match
// `prod/GET/pets`. The [Mode] of a pattern picks one of these rule sets:
//
//   - [ARN] (Resource, NotResource) follows D13 (docs/fidelity.md): the pattern is read
//     segment-wise on its first five colons (arn, partition, service, region,
//     account; everything after the fifth colon is the resource part). In the
//     first five segments `?` is one character other than `:` and `*` is a
//     run without `:`, except that a `*` that is the last character of its
//     segment may extend across later colons, as the IAM Resource element
//     documentation says. In the resource part `*` and `?` match any
//     characters, `/` and `:` included. Matching is case-sensitive.
//   - [ArnLike] (ArnLike, ArnEquals and their negations) is [ARN] without
//     the exception: the first five segments are matched strictly one by
//     one, as the IAM condition operators page shows with its own ArnLike
//     example.
//   - [Action] (Action, NotAction) matches `*` and `?` anywhere,
//     case-insensitively: the pattern is lower-cased when it is compiled and
//     the caller passes a lower-cased value.
//   - [Like] (StringLike, StringNotLike) matches `*` and `?` anywhere,
//     case-sensitively.
//   - [Exact] and [ExactFold] (StringEquals, StringEqualsIgnoreCase and the
//     like) have no wildcards at all; they exist here so that policy
//     variables are substituted the same way for every operator.
//
// With policy variables enabled (documents with Version 2012-10-17),
// `${name}` and `${name, 'default'}` are replaced at match time by the value a
// [Resolver] supplies, or by the default. A substituted value is always
// literal text: a `*` in a user name is a star, not a wildcard. A variable
// that cannot be resolved and has no default makes the pattern match nothing.
// `${*}`, `${?}` and `${$}` stand for the characters `*`, `?` and `$`. The
// segments of an ARN pattern are those of its text: colons in a substituted
// value do not count, and a `*` followed by a variable is not the last
// character of its segment. Substituted values are compared case-insensitively
// in the Action and ExactFold modes, like the rest of the pattern.
//
// A compiled [Pattern] is immutable and safe for concurrent use; matching
// does not allocate. No pattern can make matching blow up: literal, prefix
// and star-only shapes are matched by substring search; gobwas/glob, which
// backtracks, only gets pieces with at most two stars (quadratic at worst);
// longer pieces, and patterns with wildcards before a policy variable (whose
// values are substituted first), are simulated as automata in
// O(len(value) * tokens) at worst; the automaton drops the threads a live
// `*` makes redundant, so that on most patterns (`*?*?...` included) it
// costs O(len(value)) times the longest run of text and `?` between two
// stars. A value shorter than the text and `?` of a pattern is refused
// before any of this.
package wildcard
