package semver

import "testing"

func TestCompare(t *testing.T) {
	ordered := []string{"0.9.9", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2", "1.10.0", "2.0.0"}
	for i := range ordered {
		for j := range ordered {
			a, _ := Parse(ordered[i])
			b, _ := Parse(ordered[j])
			if got, want := a.Compare(b), cmpInt(i, j); got != want {
				t.Errorf("%s vs %s: %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
	for _, bad := range []string{"", "1", "1.x.0", "1.2.3.4", "01.2.0", "-1.0.0", "1..0"} {
		if _, ok := Parse(bad); ok {
			t.Errorf("%q read as a version", bad)
		}
	}
	if !Newer("1.10.0", "1.9.3") || Newer("1.0.0", "1.0.0") || Newer("junk", "1.0.0") || !Newer("v2.0.0+build.5", "1.0.0") {
		t.Error("Newer")
	}
}
