package forms

import (
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// rollbackForm is the rollback report (软件升级回退报告): what went wrong,
// which version was restored and what is to be learnt.
type rollbackForm struct {
	frame *formFrame
	base  *data.RollbackReport

	Date            *widget.Entry
	Problem         *widget.Entry
	RestoredVersion *widget.Entry
	RestoreStatus   *uikit.Choice
	Cause           *widget.Entry
	Improvements    *widget.Entry
}

func newRollbackForm(w *caseWindow) *rollbackForm {
	f := &rollbackForm{frame: newFrame(w, data.FormRollback)}
	fs := f.frame.Fields
	f.Date = fs.Entry(dateSpec("rollback_date", true))
	f.Problem = fs.Entry(textSpec("rollback_problem", true, 3))
	f.RestoredVersion = fs.Entry(uikit.Spec{Label: fieldLabel("restored_version"), Required: true,
		Valid: data.ValidVersion, Placeholder: "V3.2.0"})
	f.RestoreStatus = fs.Choice(uikit.Spec{Label: fieldLabel("restore_status"), Required: true}, "restore")
	f.Cause = fs.Entry(textSpec("cause", true, 3))
	f.Improvements = fs.Entry(textSpec("improvements", false, 3))
	f.frame.attach(f, func(w *caseWindow) *formFrame { return newRollbackForm(w).frame })
	return f
}

func (f *rollbackForm) rebase(cd *caseData) { f.base = cd.d.Rollback }

func (f *rollbackForm) meta() *data.Meta { return &f.base.Meta }

func (f *rollbackForm) show() {
	r := f.base
	f.Date.SetText(r.Date)
	f.Problem.SetText(r.Problem)
	f.RestoredVersion.SetText(r.RestoredVersion)
	f.RestoreStatus.SetValue(r.RestoreStatus)
	f.Cause.SetText(r.Cause)
	f.Improvements.SetText(r.Improvements)
}

func (f *rollbackForm) prepare() (saveOp, error) {
	r := *f.base
	r.Date, r.Problem, r.RestoredVersion = f.Date.Text, f.Problem.Text, f.RestoredVersion.Text
	r.RestoreStatus, r.Cause, r.Improvements = f.RestoreStatus.Value(), f.Cause.Text, f.Improvements.Text
	return func(s *data.Store, u *data.User) error { return s.SaveStage(u, &r) }, nil
}
