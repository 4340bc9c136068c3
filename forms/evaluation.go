package forms

import (
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// evaluationForm is the post-evaluation (后评估): did the upgrade do what
// it was for, at what cost, and what the procedure should learn.
type evaluationForm struct {
	frame *formFrame
	base  *data.Evaluation

	Effect       *widget.Entry
	Improvements *widget.Entry
	CostBenefit  *widget.Entry
	Outcome      *uikit.Choice
	Conclusion   *widget.Entry
}

func newEvaluationForm(w *caseWindow) *evaluationForm {
	f := &evaluationForm{frame: newFrame(w, data.FormEvaluation)}
	fs := f.frame.Fields
	f.Effect = fs.Entry(textSpec("effect", true, 3))
	f.Improvements = fs.Entry(textSpec("process_improvements", false, 3))
	f.CostBenefit = fs.Entry(textSpec("cost_benefit", true, 3))
	f.Outcome = fs.Choice(uikit.Spec{Label: fieldLabel("outcome"), Required: true}, "outcome")
	f.Conclusion = fs.Entry(textSpec("evaluation_conclusion", true, 3))
	f.frame.attach(f, func(w *caseWindow) *formFrame { return newEvaluationForm(w).frame })
	return f
}

func (f *evaluationForm) rebase(cd *caseData) { f.base = cd.d.Evaluation }

func (f *evaluationForm) meta() *data.Meta { return &f.base.Meta }

func (f *evaluationForm) show() {
	e := f.base
	f.Effect.SetText(e.Effect)
	f.Improvements.SetText(e.Improvements)
	f.CostBenefit.SetText(e.CostBenefit)
	f.Outcome.SetValue(e.Outcome)
	f.Conclusion.SetText(e.Conclusion)
}

func (f *evaluationForm) prepare() (saveOp, error) {
	e := *f.base
	e.Effect, e.Improvements, e.CostBenefit = f.Effect.Text, f.Improvements.Text, f.CostBenefit.Text
	e.Outcome, e.Conclusion = f.Outcome.Value(), f.Conclusion.Text
	return func(s *data.Store, u *data.User) error { return s.SaveStage(u, &e) }, nil
}
