package reqhint

import "testing"

func TestURLLine(t *testing.T) {
	for in, want := range map[string]string{
		"GET https://abc.execute-api.us-east-1.amazonaws.com/prod/pets/1?x=1": "GET /prod/pets/1?x=1",
		"POST http://localhost:3000/dev/orders":                               "POST /dev/orders",
		"GET https://example.com/a%20b":                                       "GET /a%20b",
	} {
		if got, ok := URLLine(in); !ok || got != want {
			t.Errorf("URLLine(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"GET /prod/pets", "GET https://example.com", "GET https://example.com/", "GET ftp://x/y", "GET"} {
		if got, ok := URLLine(in); ok {
			t.Errorf("URLLine(%q) = %q, want none", in, got)
		}
	}
}

func TestIsTemplate(t *testing.T) {
	for path, want := range map[string]bool{"/pets/{id}": true, "/{proxy+}": true, "/pets/42": false, "/a{": false, "/}{": false} {
		if IsTemplate(path) != want {
			t.Errorf("IsTemplate(%q) = %v", path, !want)
		}
	}
}
