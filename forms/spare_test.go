package forms

import (
	"testing"

	"upgradedesk/data"
)

// TestCaseOpensInTheSpareWindow checks that a case opened while a window
// was built ahead shows in that window, as in one built for it, and that
// closing every window lets the spare go, and one still coming too.
func TestCaseOpensInTheSpareWindow(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StatePlanning)
	m := f.manager("sysadmin", nil)
	spare := buildCaseWindow(m) // as Env.SpareAfter does while the user reads the lists
	m.spare = spare
	m.Open(id)
	w := m.find(id)
	if w != spare || m.spare != nil {
		t.Fatalf("the case opened in a new window (%p), not in the spare (%p)", w, spare)
	}
	fresh := f.open("sysadmin", id)
	if len(w.tabs.Items) != len(fresh.tabs.Items) || w.tabs.Selected().Text != fresh.tabs.Selected().Text {
		t.Errorf("the spare shows %d tabs on %q, a window built for the case %d on %q",
			len(w.tabs.Items), w.tabs.Selected().Text, len(fresh.tabs.Items), fresh.tabs.Selected().Text)
	}
	if w.header.No.Text != fresh.header.No.Text || w.win.Title() != fresh.win.Title() {
		t.Errorf("the spare shows %q (%q), a window built for the case %q (%q)",
			w.header.No.Text, w.win.Title(), fresh.header.No.Text, fresh.win.Title())
	}

	m.NewCase() // a new request in a window built now: no spare is left
	if n := len(m.windows); n != 2 {
		t.Fatalf("%d windows open, want the case and the new request", n)
	}
	m.spare = buildCaseWindow(m)
	m.spareDue = true
	ended := m.ended
	m.CloseAll(func() {})
	if m.spare != nil || m.ended == ended {
		t.Error("closing every window kept the spare, or would build the one coming")
	}
}
