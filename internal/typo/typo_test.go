package typo

import (
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"resourcepolicy", "resourcePolicy"},
		{"case", "cases"},
		{"expct", "expect"},
		{"zzzzzz", ""},
	} {
		if got := Closest(tc.name, "resourcePolicy", "cases", "expect", "api"); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance = %d, want 3", d)
	}
}

// A long name is not compared letter by letter with every candidate: its
// length alone tells it is no typo of theirs.
func TestClosestLongName(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	if n := testing.AllocsPerRun(3, func() { Closest(long, "cases", "expect") }); n > 1 {
		t.Errorf("%v allocations, want at most 1 (the lower-case copy)", n)
	}
	if got := Closest("EXPECTS", "cases", "expect"); got != "expect" {
		t.Errorf("got %q", got)
	}
}
