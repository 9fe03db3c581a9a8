package httpfield

import "testing"

func TestValue(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{"Bearer alice", "Bearer alice", false},
		{"  Bearer alice\t", "Bearer alice", false},
		{"   ", "", false},
		{"", "", false},
		{"a  b", "a  b", false},
		{"a\r\nX-Injected: 1", "", true},
		{"a\nb", "", true},
		{"a\x00", "", true},
		{"a\tb", "a\tb", false},
		{"caf\xc3\xa9 \xff", "caf\xc3\xa9 \xff", false}, // obs-text (0x80-0xFF) is allowed
		{"\x1b[31mred", "", true},
		{"a\x01", "", true},
		{"a\x7f", "", true},
		{"a\x1f", "", true},
		{"\x0b", "", true},
	}
	for _, tt := range tests {
		got, err := Value(tt.in)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("Value(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"Authorization", "x-api-key", "X_Tenant", "a!#$%&'*+-.^_`|~z"} {
		if err := CheckName(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "X Tenant", "X:Tenant", "Ünïcode", "a\tb"} {
		if err := CheckName(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
