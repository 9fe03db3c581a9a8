package eval

import (
	"testing"

	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/policy"
)

// FuzzEvaluate runs documents of any content through Parse, Compile,
// Decide and Evaluate: nothing may panic, and Decide must always agree
// with Evaluate, whose reasons must agree with the decision.
func FuzzEvaluate(f *testing.F) {
	seeds := []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"execute-api:/prod/*","Condition":{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["123456789012","arn:aws:iam::123456789012:role/r"]},"NotAction":"s3:*","NotResource":"arn:aws:execute-api:*:*:*/dev/*"}}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"*","Resource":"arn:aws:execute-api:us-east-1:*","Condition":{"ForAnyValue:StringLike":{"k":["a*","${aws:username}"]},"DateLessThanIfExists":{"aws:CurrentTime":"2030-01-01"}}}]}`,
		`{"Statement":{"Effect":"Allow","Principal":"*","Action":"execute-api:Inv?ke","Resource":"arn:aws:execute-api:us-*:1234*:a*/*/GET/${x}","Condition":{"Null":{"aws:SourceVpce":"true"},"Bool":{"aws:SecureTransport":true}}}}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s), "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/pets/1", "192.0.2.7", "arn:aws:sts::123456789012:assumed-role/r/s")
	}
	// Shapes that once made Decide disagree with Evaluate: a shared prefix
	// ending inside a character, and ${$} spelling the shared prefix.
	const apiARN = "arn:aws:execute-api:us-east-1:123456789012:abc123defg"
	f.Add([]byte(`{"Statement":[{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"`+apiARN+`/prod/GET/é*"},{"Effect":"Allow","Action":"*","NotResource":"`+apiARN+`/prod/GET/è*"}]}`), apiARN+"/prod/GET/é", "a", "")
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"`+apiARN+`/${$}{$}"},{"Effect":"Allow","Action":"*","Resource":["`+apiARN+`/*${aws:username}?*","`+apiARN+`/$*"]}]}`), apiARN+"/${$}", "$", "")
	api := arn.MustParseAPI("arn:aws:execute-api:us-east-1:123456789012:abc123defg")
	f.Fuzz(func(t *testing.T, data []byte, resource, value, caller string) {
		if len(data) > 4096 || len(resource) > 512 || len(value) > 256 {
			t.Skip()
		}
		doc, err := policy.Parse(data, policy.ParseOptions{File: "fuzz.json", Kind: policy.Generic})
		if err != nil {
			return
		}
		set, err := Compile(CompileOptions{API: api}, doc)
		if err != nil {
			for _, e := range policy.AsList(err) {
				if e.File != "fuzz.json" || e.Msg == "" {
					t.Fatalf("compile error without file or message: %#v", e)
				}
			}
			return
		}
		ctx := NewContext().Set("aws:SourceIp", value).Set("aws:username", value).Set("k", value, resource).
			Set("aws:CurrentTime", "2026-11-22T10:00:00Z").Set("aws:SecureTransport", "true")
		reqs := []*Request{
			{Resource: resource, Context: ctx},
			{Action: NewAction(value), Resource: resource},
		}
		if c, err := NewCaller(caller); err == nil {
			reqs = append(reqs, &Request{Resource: resource, Caller: c, Context: ctx})
		}
		for _, req := range reqs {
			d := set.Decide(req)
			res := set.Evaluate(req)
			if d != res.Decision {
				t.Fatalf("Decide = %v, Evaluate = %v for %+v", d, res.Decision, req)
			}
			if len(res.Statements) != set.Len() {
				t.Fatalf("Evaluate explained %d of %d statements", len(res.Statements), set.Len())
			}
			if (d == ImplicitDeny) != (len(res.Deciding()) == 0) {
				t.Fatalf("decision %v with %d deciding statements", d, len(res.Deciding()))
			}
		}
	})
}
