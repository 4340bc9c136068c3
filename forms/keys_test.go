package forms

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
	"upgradedesk/forms/uikit/keytest"
)

// TestCaseWindowOpensOnTheUsersStep checks that a case window opens on
// the tab of the user's step, with the focus in its first field, and on
// the request for a user without a step.
func TestCaseWindowOpensOnTheUsersStep(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StatePlanning)
	w := f.open("sysadmin", id)
	plan := w.forms[data.FormPlan]
	if got := w.tabs.Selected(); got != w.items[5] {
		t.Errorf("the system administrator's window opened on %q, not on the plan", got.Text)
	}
	if got := w.win.Canvas().Focused(); got != plan.Entry("goals") {
		t.Errorf("the focus is on %T, not in the plan's first field", got)
	}
	if staff := f.open("staff", id); staff.tabs.Selected() != staff.items[0] {
		got := staff.tabs.Selected()
		t.Errorf("the applicant's window opened on %q, not on the request", got.Text)
	}
}

// TestCaseWindowAnswersTheKeyboard checks Ctrl+S from a multi-line field,
// and Esc in the dialog of a step.
func TestCaseWindowAnswersTheKeyboard(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StatePlanning)
	w := f.open("sysadmin", id)
	c := w.win.Canvas()
	plan := w.forms[data.FormPlan]
	test.Type(plan.Entry("goals"), "升级到 V3.3.0")
	keytest.Press(c, fyne.KeyTab)
	if c.Focused() != plan.Entry("scope") {
		t.Fatalf("Tab left the focus on %T", c.Focused())
	}
	test.Type(plan.Entry("scope"), "流通模块")
	keytest.Ctrl(c, fyne.KeyS)
	w.m.jobs.Wait()
	if plan.dirty {
		t.Fatal("Ctrl+S left the plan unsaved")
	}
	p, err := f.s.Plan(id)
	must(t, err)
	if p == nil || p.Goals != "升级到 V3.3.0" || p.Scope != "流通模块" {
		t.Fatalf("stored plan %+v", p)
	}

	test.Tap(w.header.ActionButtons[data.ActSubmit])
	if w.actionDlg == nil {
		t.Fatal("no dialog for the step")
	}
	keytest.Press(c, fyne.KeyEscape)
	if w.actionDlg != nil || c.Overlays().Top() != nil {
		t.Error("Esc left the dialog open")
	}
	if f.state(id) != data.StatePlanning {
		t.Errorf("Esc took the step: the case is in %s", f.state(id))
	}
}
