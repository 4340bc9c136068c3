package forms

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// acceptanceForm is the acceptance form (软件升级验收单) without its
// signatures, which are decisions of the department head and the IT
// director.
type acceptanceForm struct {
	frame *formFrame
	base  *data.Acceptance

	Conclusion  *uikit.Choice
	Outstanding *widget.Entry
	Notes       *widget.Entry
}

func newAcceptanceForm(w *caseWindow) *acceptanceForm {
	f := &acceptanceForm{frame: newFrame(w, data.FormAcceptance)}
	fs := f.frame.Fields
	f.Conclusion = fs.Choice(uikit.Spec{Label: fieldLabel("acceptance_result"), Required: true,
		Hint: lang.L("acceptance.conclusion_hint")}, "acceptance")
	f.Outstanding = fs.Entry(textSpec("outstanding", false, 3))
	f.Notes = fs.Entry(textSpec("notes", false, 2))
	f.frame.attach(f, func(w *caseWindow) *formFrame { return newAcceptanceForm(w).frame })
	return f
}

func (f *acceptanceForm) rebase(cd *caseData) { f.base = cd.d.Acceptance }

func (f *acceptanceForm) meta() *data.Meta { return &f.base.Meta }

func (f *acceptanceForm) show() {
	f.Conclusion.SetValue(f.base.Conclusion)
	f.Outstanding.SetText(f.base.Outstanding)
	f.Notes.SetText(f.base.Notes)
}

func (f *acceptanceForm) prepare() (saveOp, error) {
	ac := *f.base
	ac.Conclusion, ac.Outstanding, ac.Notes = f.Conclusion.Value(), f.Outstanding.Text, f.Notes.Text
	return func(s *data.Store, u *data.User) error { return s.SaveStage(u, &ac) }, nil
}
