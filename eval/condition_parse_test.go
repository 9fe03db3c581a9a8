package eval

import (
	"encoding/base64"
	"math/big"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCompareDecimal(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"0", "-0", 0},
		{"0", "0.000e5", 0},
		{"1", "1.0", 0},
		{"10", "1e1", 0},
		{"0.1", "1E-1", 0},
		{"100", "99.999", 1},
		{"-100", "-99.999", -1},
		{"-1", "0", -1},
		{"0", "-1", 1},
		{"0.5", "0", 1},
		{"-0.5", "0", -1},
		{"1.05", "1.5", -1},
		{"123.456", "123.4560", 0},
		{"123.456", "123.4561", -1},
		{"9007199254740993", "9007199254740992", 1},
		{"1e999999999", "1e999999998", 1},
		{"1e-999999999", "0", 1},
		{"+7", "7", 0},
		{"5.", ".5e1", 0},
		{"0010", "10", 0},
		{"0.0010", ".001", 0},
	}
	for _, tc := range cases {
		t.Run(tc.a+" vs "+tc.b, func(t *testing.T) {
			a, ok1 := parseDecimal(tc.a)
			b, ok2 := parseDecimal(tc.b)
			if !ok1 || !ok2 {
				t.Fatalf("parse: %v %v", ok1, ok2)
			}
			if got := compareDecimal(&a, &b); got != tc.want {
				t.Errorf("compare = %d, want %d", got, tc.want)
			}
			if got := compareDecimal(&b, &a); got != -tc.want {
				t.Errorf("reverse compare = %d, want %d", got, -tc.want)
			}
		})
	}
}

// FuzzDecimal compares parseDecimal and compareDecimal with math/big.
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"0", "-0", "1.5", "1e3", ".5", "5.", "+2", "1e", "0x1", "1_0", "Inf", "12345678901234567890", "-1.000e-2"} {
		f.Add(s, "10")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		da, okA := parseDecimal(a)
		db, okB := parseDecimal(b)
		if okA {
			checkDecimalSyntax(t, a)
		}
		if !okA || !okB || len(a) > 40 || len(b) > 40 {
			return
		}
		ra, okRA := new(big.Rat).SetString(a)
		rb, okRB := new(big.Rat).SetString(b)
		if !okRA || !okRB {
			if strings.ContainsAny(a+b, "eE") {
				return // big.Rat refuses exponents beyond about a million
			}
			t.Fatalf("parseDecimal accepted %q and %q but big.Rat did not (%v, %v)", a, b, okRA, okRB)
		}
		if got, want := compareDecimal(&da, &db), ra.Cmp(rb); got != want {
			t.Errorf("compareDecimal(%q, %q) = %d, big.Rat says %d", a, b, got, want)
		}
	})
}

// checkDecimalSyntax is the grammar parseDecimal documents, spelled out
// independently.
func checkDecimalSyntax(t *testing.T, s string) {
	t.Helper()
	rest := strings.TrimLeft(s, "+-")
	if len(s)-len(rest) > 1 {
		t.Fatalf("parseDecimal accepted %q with two signs", s)
	}
	mant, exp, hasExp := strings.Cut(strings.ReplaceAll(rest, "E", "e"), "e")
	intPart, frac, _ := strings.Cut(mant, ".")
	allDigits := func(x string) bool { return strings.Trim(x, "0123456789") == "" }
	if !allDigits(intPart) || !allDigits(frac) || intPart+frac == "" {
		t.Fatalf("parseDecimal accepted %q with mantissa %q", s, mant)
	}
	if hasExp {
		e := strings.TrimLeft(exp, "+-")
		if e == "" || len(exp)-len(e) > 1 || !allDigits(e) {
			t.Fatalf("parseDecimal accepted %q with exponent %q", s, exp)
		}
	}
}

func TestParseDate(t *testing.T) {
	utc := func(s string) instant {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return instant{sec: tm.Unix(), nsec: int32(tm.Nanosecond())}
	}
	cases := []struct {
		in   string
		want instant
	}{
		{"2026", utc("2026-01-01T00:00:00Z")},
		{"2026-07", utc("2026-07-01T00:00:00Z")},
		{"2026-07-16", utc("2026-07-16T00:00:00Z")},
		{"2026-07-16T19:20+01:00", utc("2026-07-16T18:20:00Z")},
		{"2026-07-16T19:20:30Z", utc("2026-07-16T19:20:30Z")},
		{"2026-07-16T19:20:30.45+01:00", utc("2026-07-16T18:20:30.45Z")},
		{"2026-07-16T19:20:30.123456789123Z", utc("2026-07-16T19:20:30.123456789Z")},
		{"2024-02-29T23:59:59-23:59", utc("2024-03-01T23:58:59Z")},
		{"0000", utc("0000-01-01T00:00:00Z")},
		{"1784229630", instant{sec: 1784229630}},
		{"0", instant{}},
		{"-86400", instant{sec: -86400}},
		{"12345", instant{sec: 12345}},
		{"999", instant{sec: 999}},
		{"000000000000000001", instant{sec: 1}},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := parseDate(tc.in)
			if !ok {
				t.Fatalf("parseDate(%q) failed", tc.in)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(instant{})); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
	for _, bad := range []string{"", "-", "2026-", "2026-7", "2026-07-1", "2026-07-16T", "2026-07-16T19", "2026-07-16T19:20",
		"2026-07-16T19:20:3Z", "2026-07-16T19:20+1:00", "2026-07-16T19:20+01", "2026-07-16T19:20+24:00", "2026-07-16T19:20Z ",
		"2026-07-16Z", "1234567890123456789", "+1", "1e9", "2026-06-31", "1900-02-29", "２０２６"} {
		if got, ok := parseDate(bad); ok {
			t.Errorf("parseDate(%q) = %v, want failure", bad, got)
		}
	}
}

// FuzzParseDate compares parseDate with time.Parse on the forms both read.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026", "2026-07-16", "2026-07-16T19:20:30Z", "2026-07-16T19:20:30.5-07:00", "2026-02-29", "1784229630"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseDate(s)
		var layout string
		switch {
		case len(s) == 10 && s[4] == '-':
			// Both directions: a YYYY-MM-DD date is valid for both or neither.
			layout = "2006-01-02"
		case ok && len(s) >= 20 && s[10] == 'T' && s[16] == ':':
			// One direction: time.Parse accepts more than the W3C profiles.
			layout = time.RFC3339Nano
		default:
			return
		}
		tm, err := time.Parse(layout, s)
		if ok != (err == nil) {
			t.Fatalf("parseDate(%q) = %v, %v; time.Parse: %v, %v", s, got, ok, tm, err)
		}
		if !ok {
			return
		}
		if want := (instant{sec: tm.Unix(), nsec: int32(tm.Nanosecond())}); got != want {
			t.Errorf("parseDate(%q) = %v, time.Parse says %v", s, got, want)
		}
	})
}

func TestParseIPRange(t *testing.T) {
	cases := map[string]string{
		"10.0.0.0/8":          "10.0.0.0/8",
		"10.1.2.3/8":          "10.0.0.0/8",
		"203.0.113.9":         "203.0.113.9/32",
		"2001:DB8::1":         "2001:db8::1/128",
		"2001:db8::ff/64":     "2001:db8::/64",
		"::ffff:10.0.0.0/104": "10.0.0.0/8",
		"::ffff:10.1.2.3":     "10.1.2.3/32",
		"::ffff:0:0/80":       "::/80",
		"0.0.0.0/0":           "0.0.0.0/0",
	}
	for in, want := range cases {
		p, ok := parseIPRange(in)
		if !ok || p != netip.MustParsePrefix(want) {
			t.Errorf("parseIPRange(%q) = %v, %v; want %v", in, p, ok, want)
		}
	}
	for _, in := range []string{"::ffff:1.2.3.4%eth0", "1.2.3.4", "1.2.3.4%x", "2001:db8::1%eth0"} {
		a, ok := parseRequestAddr(in)
		if want := !strings.Contains(in, "%"); ok != want {
			t.Errorf("parseRequestAddr(%q) = %v, %v", in, a, ok)
		}
		if ok && a.Is4In6() {
			t.Errorf("parseRequestAddr(%q) = %v, not unmapped", in, a)
		}
	}
}

// FuzzBase64Equal compares base64Equal with encoding/base64.
func FuzzBase64Equal(f *testing.F) {
	for _, s := range []string{"", "YQ==", "YQ", "YWI=", "YWJj", "YR==", "Y", "YQ=", "====", "-_8=", "+/8=", "YQ==\n"} {
		f.Add(s, []byte("a"))
	}
	f.Fuzz(func(t *testing.T, enc string, want []byte) {
		var decoded []byte
		var err error
		body := strings.TrimRight(enc, "=")
		padded := len(enc)%4 == 0 && len(enc)-len(body) <= 2
		switch {
		case strings.ContainsAny(enc, "\r\n"):
			err = errBadBase64
		case padded:
			decoded, err = base64.StdEncoding.DecodeString(enc)
		default:
			decoded, err = base64.RawStdEncoding.DecodeString(enc)
		}
		if got := isBase64(enc); got != (err == nil) {
			t.Fatalf("isBase64(%q) = %v, encoding/base64 error %v", enc, got, err)
		}
		if got, wantEq := base64Equal(enc, string(want)), err == nil && string(decoded) == string(want); got != wantEq {
			t.Errorf("base64Equal(%q, %q) = %v, want %v", enc, want, got, wantEq)
		}
		if err == nil && !base64Equal(enc, string(decoded)) {
			t.Errorf("base64Equal(%q, its own bytes) = false", enc)
		}
		// Policy values: canonical encodings only.
		if b, ok := decodePolicyBase64(enc); ok {
			if !base64Equal(enc, string(b)) {
				t.Errorf("decodePolicyBase64(%q) = %q, which base64Equal rejects", enc, b)
			}
			if re := base64.StdEncoding.EncodeToString(b); strings.TrimRight(re, "=") != body {
				t.Errorf("decodePolicyBase64 accepted non-canonical %q (canonical %q)", enc, re)
			}
		}
	})
}

var errBadBase64 = base64.CorruptInputError(0)

func TestParseBool(t *testing.T) {
	for in, want := range map[string]bool{"true": true, "TRUE": true, "True": true, "false": false, "fAlSe": false} {
		if got, ok := parseBool(in); !ok || got != want {
			t.Errorf("parseBool(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "t", "1", "yes", "truee", " true", "trUe\x00", "ｔrue"} {
		if _, ok := parseBool(in); ok {
			t.Errorf("parseBool(%q) ok", in)
		}
	}
}

// FuzzParseRequestAddr compares parseRequestAddr with netip.ParseAddr.
func FuzzParseRequestAddr(f *testing.F) {
	for _, s := range []string{"1.2.3.4", "01.2.3.4", "256.1.1.1", "1.2.3", "::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::8",
		"::ffff:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%eth0", "12345::", "::1.2.3.4", "1:::2", ":1::", "1::2:", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseRequestAddr(s)
		want, err := netip.ParseAddr(s)
		if err == nil && want.Zone() != "" {
			if ok {
				t.Fatalf("parseRequestAddr(%q) = %v, want failure for a zone", s, got)
			}
			return
		}
		if ok != (err == nil) {
			t.Fatalf("parseRequestAddr(%q) = %v, %v; netip.ParseAddr: %v, %v", s, got, ok, want, err)
		}
		if ok && got != want.Unmap() {
			t.Errorf("parseRequestAddr(%q) = %v, netip says %v", s, got, want.Unmap())
		}
	})
}
