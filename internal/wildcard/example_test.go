package wildcard_test

import (
	"fmt"

	"github.com/iamgate/iamgate/internal/wildcard"
)

// user resolves the policy variables of one caller.
type user struct{ name string }

func (u *user) LookupVariable(lowerName string) (string, bool) {
	if lowerName == "aws:username" {
		return u.name, true
	}
	return "", false
}

func Example() {
	const method = "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets"

	// A Resource element: the region and account are partial wildcards,
	// and the stage wildcard spans the slashes of the path.
	res := wildcard.MustCompile("arn:aws:execute-api:us-*:*:abc/*/GET/*", wildcard.ARN, false)
	fmt.Println(res.Match(method, nil), res.LiteralPrefix())

	// Every character but `*` and `?` is literal, and a pattern covers the
	// whole value.
	exact := wildcard.MustCompile("arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pet", wildcard.ARN, false)
	fmt.Println(exact.Match(method, nil))

	// An Action element is case-insensitive: the caller lower-cases the
	// action.
	act := wildcard.MustCompile("Execute-API:*", wildcard.Action, false)
	fmt.Println(act.Match("execute-api:invoke", nil))

	// A policy variable is substituted as literal text.
	home := wildcard.MustCompile("home/${aws:username}/*", wildcard.Like, true)
	fmt.Println(home.Match("home/alice/notes", &user{name: "alice"}))
	fmt.Println(home.Match("home/alice/notes", &user{name: "a*"}))
	fmt.Println(home.Variables())

	_, err := wildcard.Compile("home/${aws:username", wildcard.Like, true)
	fmt.Println(err)
	// Output:
	// true arn:aws:execute-api:us-
	// false
	// true
	// true
	// false
	// [aws:username]
	// wildcard: policy variable with no closing '}' at offset 5 in "home/${aws:username"
}
