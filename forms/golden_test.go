package forms

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

// goldenSize is the window size of the golden images.
var goldenSize = fyne.NewSize(1000, 740)

// golden compares the window of case id as user key sees it on tab with
// the image name in testdata. A fresh window is used, so that no entry is
// left focused by the typing that filled it.
func golden(t *testing.T, f *fixture, key string, id uint, tab int, name string) {
	t.Helper()
	w := f.open(key, id)
	w.tabs.SelectIndex(tab)
	w.win.Resize(goldenSize)
	test.AssertImageMatches(t, name, w.win.Canvas().Capture())
}

// TestGoldenImages renders key screens under the bundled fonts: the
// applicant's draft request, the department head reviewing it, and the
// plan as its author writes it.
func TestGoldenImages(t *testing.T) {
	f := newFixture(t)
	id := draftRequest(t, f).caseID
	golden(t, f, "staff", id, 0, "case_request.png")

	act(t, f.open("staff", id), data.ActSubmit, "")
	golden(t, f, "head", id, 0, "case_request_review.png")

	for _, s := range []struct {
		key string
		a   data.Action
	}{{"head", data.ActApprove}, {"sysadmin", data.ActAccept}} {
		act(t, f.open(s.key, id), s.a, "同意")
	}
	assess(t, f.open("sysadmin", id))
	act(t, f.open("leader", id), data.ActApprove, "批准")
	w := f.open("sysadmin", id)
	fillPlan(t, w.forms[data.FormPlan])
	save(t, w.forms[data.FormPlan])
	golden(t, f, "sysadmin", id, 5, "case_plan.png")
}
