package golden

import (
	"path/filepath"
	"testing"
)

type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }

func TestLines(t *testing.T) {
	file := filepath.Join(t.TempDir(), "g", "x.txt")
	Lines(t, file, []string{"a", "b"}, true)
	Lines(t, file, []string{"a", "b"}, false)
	r := &recorder{TB: t}
	Lines(r, file, []string{"a", "c"}, false)
	if !r.failed {
		t.Error("a different summary passed")
	}
	r = &recorder{TB: t}
	Lines(r, filepath.Join(t.TempDir(), "missing.txt"), []string{"a"}, false)
	if !r.failed {
		t.Error("a missing golden file passed")
	}
}
