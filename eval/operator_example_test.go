package eval_test

import (
	"fmt"

	"github.com/iamgate/iamgate/eval"
)

func ExampleLookupOperator() {
	op, ok := eval.LookupOperator("ForAnyValue:StringNotLikeIfExists")
	fmt.Println(ok, op.Qualifier(), op.Base(), op.IfExists())
	fmt.Println(op.Family(), op.Negated(), op.Base().Opposite())
	_, ok = eval.LookupOperator("NullIfExists")
	fmt.Println(ok)
	// Output:
	// true ForAnyValue StringNotLike true
	// String true StringLike
	// false
}

func ExampleOperators() {
	for _, b := range eval.Operators() {
		if b.Family() == eval.FamilyIPAddress {
			fmt.Println(b, b.Negated(), b.Opposite())
		}
	}
	// Output:
	// IpAddress false NotIpAddress
	// NotIpAddress true IpAddress
}
