package arn_test

import (
	"testing"

	"github.com/iamgate/iamgate/arn"
)

// TestAllocs pins the parsers and Method at zero allocations on success:
// results share memory with their input.
func TestAllocs(t *testing.T) {
	const (
		apiText    = "arn:aws:execute-api:us-east-1:123456789012:abc123abc1"
		methodText = apiText + "/prod/GET/pets/1"
	)
	m := arn.MustParseMethodARN(methodText)
	tests := []struct {
		name string
		f    func()
		want float64
	}{
		{"Parse", func() { _, _ = arn.Parse(methodText) }, 0},
		{"ParseAPI", func() { _, _ = arn.ParseAPI(apiText) }, 0},
		{"ParseMethodARN", func() { _, _ = arn.ParseMethodARN(methodText) }, 0},
		{"Method", func() { _, _ = testAPI.Method("GET /prod/pets/1?x=1") }, 0},
		{"MethodFor", func() { _, _ = testAPI.MethodFor("GET", "/prod/") }, 0},
		{"TooLong", func() { _ = m.TooLong() }, 0},
		{"String", func() { _ = m.String() }, 1},
		{"MaskedString", func() { _ = m.MaskedString() }, 1},
		{"ExpandShorthand", func() { _, _ = testAPI.ExpandShorthand("execute-api:/*") }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := testing.AllocsPerRun(100, tt.f); got != tt.want {
				t.Errorf("%s: %v allocations, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func BenchmarkParseMethodARN(b *testing.B) {
	const s = "arn:aws:execute-api:us-east-1:123456789012:abc123abc1/prod/GET/pets/1"
	for b.Loop() {
		if _, err := arn.ParseMethodARN(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMethod(b *testing.B) {
	for b.Loop() {
		if _, err := testAPI.Method("GET /prod/pets/1?x=1"); err != nil {
			b.Fatal(err)
		}
	}
}
