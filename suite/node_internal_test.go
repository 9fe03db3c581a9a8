package suite

import "testing"

func TestJoinSurrogates(t *testing.T) {
	for in, want := range map[string]string{
		`"\ud83d\ude00"`:         `"\U0001f600"`,
		`"a\uD83D\uDE00b\u00e9"`: `"a\U0001f600b\u00e9"`,
		`"\\ud83d\ude00"`:        `"\\ud83d\ude00"`, // an escaped backslash, then text
		`"\ud83d"`:               `"\ud83d"`,        // a lone half stays for the reader to reject
		`"\u0041\u0042"`:         `"\u0041\u0042"`,
	} {
		if got := string(joinSurrogates([]byte(in))); got != want {
			t.Errorf("joinSurrogates(%s) = %s, want %s", in, got, want)
		}
	}
}
