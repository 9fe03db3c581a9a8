package eval

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iamgate/iamgate/policy"
)

func TestContext(t *testing.T) {
	c := NewContext().Set("aws:SourceIp", "192.0.2.1").Set("aws:TagKeys", "a", "b").Set("aws:empty")
	if v, ok := c.Get("AWS:SOURCEIP"); !ok || !cmp.Equal(v, []string{"192.0.2.1"}) {
		t.Errorf("Get is not case-insensitive: %v %v", v, ok)
	}
	if v, ok := c.Get("aws:empty"); !ok || len(v) != 0 {
		t.Errorf("a key set with no values is present and empty: %v %v", v, ok)
	}
	if diff := cmp.Diff([]string{"aws:empty", "aws:SourceIp", "aws:TagKeys"}, c.Keys()); diff != "" {
		t.Errorf("Keys (-want +got):\n%s", diff)
	}
	clone := c.Clone().Set("aws:SourceIp", "203.0.113.1").Delete("aws:TagKeys")
	if v, _ := c.Get("aws:SourceIp"); v[0] != "192.0.2.1" {
		t.Error("changing a clone changed the original")
	}
	if _, ok := c.Get("aws:TagKeys"); !ok {
		t.Error("deleting from a clone deleted from the original")
	}
	if _, ok := clone.Get("aws:tagkeys"); ok {
		t.Error("Delete is not case-insensitive")
	}
	values := []string{"x"}
	c.Set("k", values...)
	values[0] = "changed"
	if v, _ := c.Get("k"); v[0] != "x" {
		t.Error("Set keeps the caller's slice")
	}
	var nilCtx *Context
	if _, ok := nilCtx.Get("k"); ok || nilCtx.Keys() != nil || len(nilCtx.Clone().Keys()) != 0 {
		t.Error("a nil Context is not empty")
	}
	var zero Context
	zero.Set("k", "v")
	if _, ok := zero.Get("k"); !ok {
		t.Error("Set on a zero Context value")
	}
}

func TestUnnamedDocumentsAndCallers(t *testing.T) {
	doc, err := policy.Parse([]byte(stmt("Allow", "*", "*")), policy.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res := MustCompile(CompileOptions{}, doc).Evaluate(&Request{Resource: testMethod, Caller: MustNewCaller("arn:aws:iam::123456789012:user/alice")})
	if got := res.Statements[0].Document; got != "policy #1" {
		t.Errorf("unnamed document is %q", got)
	}
	c := MustNewCaller("arn:aws:sts::123456789012:federated-user/bob")
	if c.ARN() != "arn:aws:sts::123456789012:federated-user/bob" || c.Account() != "123456789012" {
		t.Errorf("caller %v", c)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustNewCaller did not panic on a bad ARN")
		}
	}()
	MustNewCaller("bob")
}

func TestResourceVariableErrors(t *testing.T) {
	doc := mustParse(t, "rp.json", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":["execute-api:/prod/${aws:username","arn:aws:execute-api:us-east-1:123456789012:abc/${}"]}}`, policy.ResourceBased)
	_, err := Compile(CompileOptions{API: mustAPI(t)}, doc)
	var msgs []string
	for _, e := range policy.AsList(err) {
		msgs = append(msgs, e.Msg)
	}
	want := []string{
		`invalid Resource "execute-api:/prod/${aws:username": policy variable with no closing '}' at byte 19`,
		`invalid Resource "arn:aws:execute-api:us-east-1:123456789012:abc/${}": empty policy variable at byte 48`,
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}
