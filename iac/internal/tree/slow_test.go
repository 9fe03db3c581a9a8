package tree

import (
	"strings"
	"testing"
	"time"
)

func TestHostileInputsEndQuickly(t *testing.T) {
	for name, src := range map[string]string{
		"deep flow":     strings.Repeat("[", 100000),
		"deep block":    strings.Repeat("- ", 20000) + "x",
		"deep map":      strings.Repeat("{a: ", 100000),
		"deep JSON":     strings.Repeat("[", 100000),
		"alias bomb":    aliasBomb(9),
		"many aliases":  "a: &a x\nb: [" + strings.Repeat("*a, ", 200000) + "*a]\n",
		"long tag text": "A: !Sub '" + strings.Repeat("${x}", 100000) + "'\n",
	} {
		start := time.Now()
		_, err := Parse("t", []byte(src), Limits{})
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s: %v (err %v)", name, d, err)
		}
	}
}
