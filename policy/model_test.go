package policy

import "testing"

func TestEffectText(t *testing.T) {
	for _, e := range []Effect{Allow, Deny} {
		b, err := e.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Effect
		if err := back.UnmarshalText(b); err != nil || back != e {
			t.Errorf("round trip of %v: %v, %v", e, back, err)
		}
	}
	var e Effect
	for _, bad := range []string{"allow", "DENY", ""} {
		if err := e.UnmarshalText([]byte(bad)); err == nil {
			t.Errorf("UnmarshalText(%q) succeeded", bad)
		}
	}
	if _, err := Effect(0).MarshalText(); err == nil {
		t.Error("MarshalText of the zero Effect succeeded")
	}
}

func TestVersionAndKindStrings(t *testing.T) {
	if Version2012.String() != "2012-10-17" || Version2008.String() != "2008-10-17" || VersionNone.String() != "" {
		t.Error("Version.String")
	}
	if !Version2012.SupportsVariables() || Version2008.SupportsVariables() || VersionNone.SupportsVariables() {
		t.Error("only 2012-10-17 supports policy variables (D18)")
	}
	if ResourceBased.String() != "resource policy" || Authorizer.String() != "authorizer policy" || Kind(9).String() != "Kind(9)" {
		t.Error("Kind.String")
	}
}
