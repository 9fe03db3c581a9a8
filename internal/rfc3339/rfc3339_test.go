package rfc3339

import (
	"testing"
	"time"
)

// TestCheckParsed checks times as users write them: the UTC offset can
// move a time on the first or last day across the limits.
func TestCheckParsed(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"2026-01-02T15:04:05Z", nil},
		{"9999-12-31T23:59:59Z", nil},
		{"9999-12-31T23:59:59.999Z", nil},
		{"9999-12-31T23:59:59+01:00", nil},
		{"0000-01-01T00:00:00Z", nil},
		{"0000-01-01T00:00:00-01:00", nil},
		{"1969-12-31T23:59:59Z", nil},
		{"9999-12-31T23:59:59-00:01", ErrAfter},
		{"9999-12-31T23:00:00-10:00", ErrAfter},
		{"0000-01-01T00:00:00+00:01", ErrBefore},
	}
	for _, tt := range tests {
		tm, err := time.Parse(time.RFC3339, tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(tm); err != tt.want {
			t.Errorf("Check(%s) = %v, want %v", tt.in, err, tt.want)
		}
		if tt.want == nil {
			if s := tm.UTC().Format(time.RFC3339); len(s) != len("2006-01-02T15:04:05Z") {
				t.Errorf("%s formats as %q", tt.in, s)
			}
		}
	}
}

func TestCheck(t *testing.T) {
	last, _ := time.Parse(time.RFC3339, Last)
	first, _ := time.Parse(time.RFC3339, First)
	tests := []struct {
		t    time.Time
		want error
	}{
		{last, nil},
		{last.Add(time.Second), ErrAfter},
		{last.Add(2562047 * time.Hour), ErrAfter}, // the longest wait, as a sequence adds them
		{first, nil},
		{first.Add(-time.Nanosecond), ErrBefore},
		{time.Unix(0, 0), nil},
	}
	for _, tt := range tests {
		if err := Check(tt.t); err != tt.want {
			t.Errorf("Check(%v) = %v, want %v", tt.t, err, tt.want)
		}
	}
}

func TestCheckCache(t *testing.T) {
	last, _ := time.Parse(time.RFC3339, Last)
	const ttl = time.Hour
	if err := CheckCache(last.Add(-ttl), ttl); err != nil {
		t.Errorf("an hour before the end: %v", err)
	}
	const want = "is after 9999-12-31T22:59:59Z: an authorizer's result cached then (for up to 1h0m0s) would expire after 9999-12-31T23:59:59Z, the last time RFC 3339 can write"
	if err := CheckCache(last.Add(-ttl+time.Second), ttl); err == nil || err.Error() != want {
		t.Errorf("less than an hour before the end: %v, want %q", err, want)
	}
	if err := CheckCache(last.Add(time.Second), ttl); err != ErrAfter {
		t.Errorf("after the end: %v, want ErrAfter", err)
	}
	first, _ := time.Parse(time.RFC3339, First)
	if err := CheckCache(first.Add(-time.Second), ttl); err != ErrBefore {
		t.Errorf("before the start: %v, want ErrBefore", err)
	}
}
