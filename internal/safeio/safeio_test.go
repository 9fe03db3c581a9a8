package safeio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.json")
	os.WriteFile(small, []byte(`{"a":1}`), 0o644)
	got, err := ReadFile(small, 7)
	if err != nil || string(got) != `{"a":1}` {
		t.Fatalf("ReadFile(small, 7) = %q, %v", got, err)
	}
	_, err = ReadFile(small, 6)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Path != small || tl.Limit != 6 {
		t.Fatalf("ReadFile(small, 6) = %v, want a *TooLargeError naming the file and 6", err)
	}
	if !strings.Contains(err.Error(), small) || !strings.Contains(err.Error(), "6 bytes") {
		t.Errorf("message %q does not name the file and the limit", err)
	}
	_, err = ReadFile(dir, 0)
	var nr *NotRegularError
	if !errors.As(err, &nr) {
		t.Errorf("ReadFile(folder) = %v, want a *NotRegularError", err)
	}
}

func TestReadFileDevice(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, err := ReadFile("/dev/zero", 0)
	var nr *NotRegularError
	if !errors.As(err, &nr) || !strings.Contains(err.Error(), "character device") {
		t.Fatalf("ReadFile(/dev/zero) = %v, want a *NotRegularError", err)
	}
	// A link to the device is the device.
	link := filepath.Join(t.TempDir(), "p.json")
	os.Symlink("/dev/zero", link)
	if _, err := ReadFile(link, 0); !errors.As(err, &nr) {
		t.Fatalf("ReadFile(link to /dev/zero) = %v, want a *NotRegularError", err)
	}
}

func TestResolve(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	os.MkdirAll(filepath.Join(root, "sub"), 0o755)
	in := filepath.Join(root, "sub", "p.json")
	os.WriteFile(in, []byte("{}"), 0o644)
	secret := filepath.Join(outside, "secret")
	os.WriteFile(secret, []byte("x"), 0o644)
	os.Symlink(secret, filepath.Join(root, "link.json"))
	os.Symlink(in, filepath.Join(outside, "back.json"))

	for _, tc := range []struct {
		name string
		path string
		ok   bool
	}{
		{"inside", in, true},
		{"dot-dot inside", filepath.Join(root, "sub", "..", "sub", "p.json"), true},
		{"dot-dot out", filepath.Join(root, "..", filepath.Base(outside), "secret"), false},
		{"absolute out", secret, false},
		{"link out", filepath.Join(root, "link.json"), false},
		{"link from outside to inside", filepath.Join(outside, "back.json"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Resolve(tc.path, []string{root})
			var oe *OutsideError
			if tc.ok && err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if !tc.ok && !errors.As(err, &oe) {
				t.Fatalf("Resolve = %v, want an *OutsideError", err)
			}
		})
	}
	// A second root widens.
	if _, err := Resolve(secret, []string{root, outside}); err != nil {
		t.Errorf("Resolve with the second root: %v", err)
	}
}

func TestWithin(t *testing.T) {
	sep := string(filepath.Separator)
	root := sep + "a" + sep + "b"
	for p, want := range map[string]bool{
		root:                               true,
		root + sep + "c":                   true,
		root + sep + "..c":                 true,
		root + "c":                         false,
		sep + "a":                          false,
		sep + "a" + sep + "bc" + sep + "d": false,
	} {
		if got := Within(p, root); got != want {
			t.Errorf("Within(%q, %q) = %v, want %v", p, root, got, want)
		}
	}
}

func TestParseSize(t *testing.T) {
	for s, want := range map[string]int64{"1": 1, "1048576": 1 << 20, "4MiB": 4 << 20, "4 MiB": 4 << 20, "512KiB": 512 << 10, "2mb": 2 << 20, "1G": 1 << 30, "10B": 10} {
		if got, err := ParseSize(s); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"", "0", "-1", "MiB", "1.5MiB", "4XB", "2000GiB"} {
		if _, err := ParseSize(s); err == nil {
			t.Errorf("ParseSize(%q) = nil error", s)
		}
	}
	for n, want := range map[int64]string{1 << 20: "1 MiB", 8 << 20: "8 MiB", 3 << 10: "3 KiB", 1000: "1000 bytes", 1 << 30: "1 GiB"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestIsText(t *testing.T) {
	for s, want := range map[string]bool{
		"{\n\t\"a\": \"é\"\r\n}": true,
		"":                       true,
		"A=1\x00B=2":             false,
		"\xff\xfe":               false,
		"a\x1b[31m":              false,
		"a\x7f":                  false,
	} {
		if got := IsText([]byte(s)); got != want {
			t.Errorf("IsText(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	for s, want := range map[string]string{
		`{"a":1}`:                   "",
		"\ufeff\n [1]":              "",
		"":                          "",
		" \n":                       "",
		"AWS_SECRET_ACCESS_KEY=x\n": "does not begin with { or [",
		"\"str\"":                   "does not begin with { or [",
		"{\x00}":                    "not text",
		"{\xff}":                    "not text",
	} {
		err := CheckJSON("f", []byte(s))
		switch {
		case want == "" && err != nil:
			t.Errorf("CheckJSON(%q) = %v", s, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("CheckJSON(%q) = %v, want %q", s, err, want)
		case err != nil && strings.Contains(err.Error(), "AWS"):
			t.Errorf("CheckJSON(%q) quotes the file: %v", s, err)
		}
	}
}
