package uikit

import (
	"os"
	"strings"
	"testing"
)

// ReleaseWindow calls Fyne's internal cache functions by name, as they
// are in this version of Fyne: a newer one may have changed them, or no
// longer leak a closed window's content. Update the version here once
// release.go has been checked against the new Fyne (and the leak test,
// TestAClosedCaseWindowIsFreed in package forms, passes).
func TestFyneInternalsAreThoseOfTheVersionUsed(t *testing.T) {
	const checked = "fyne.io/fyne/v2 v2.7.1"
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(mod), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "fyne.io/fyne/v2" {
			if got := f[0] + " " + f[1]; got != checked {
				t.Errorf("go.mod requires %s: release.go was written for %s, check it again", got, checked)
			}
			return
		}
	}
	t.Error("go.mod does not require Fyne")
}
