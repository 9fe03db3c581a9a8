package typo

import "testing"

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
