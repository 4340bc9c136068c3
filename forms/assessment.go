package forms

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// assessmentForm is the assessment meeting and report (需求评估报告): who
// met, how the six criteria of the regulation were judged, and the
// conclusion put to the library's management.
type assessmentForm struct {
	frame *formFrame
	base  *data.Assessment

	MeetingDate  *widget.Entry
	MeetingPlace *widget.Entry
	Participants *uikit.Rows
	// Ratings and Notes hold the six criteria, by data.Criteria name.
	Ratings         map[string]*uikit.Choice
	Notes           map[string]*widget.Entry
	EstimatedCost   *widget.Entry
	Conclusion      *uikit.Choice
	Recommendation  *widget.Entry
	PreliminaryPlan *widget.Entry
}

func newAssessmentForm(w *caseWindow) *assessmentForm {
	f := &assessmentForm{frame: newFrame(w, data.FormAssessment),
		Ratings: map[string]*uikit.Choice{}, Notes: map[string]*widget.Entry{}}
	fs := f.frame.Fields
	fs.Section(lang.L("assessment.section_meeting"))
	f.MeetingDate = fs.Entry(dateSpec("meeting_date", true))
	f.MeetingPlace = fs.Entry(uikit.Spec{Label: fieldLabel("meeting_place"), Required: true, Valid: data.MaxLen(128)})
	f.Participants = fs.Rows(uikit.Spec{Label: fieldLabel("participants"), Required: true}, uikit.NewRows(w.win,
		lang.L("assessment.participant"),
		uikit.Column{Spec: uikit.Spec{Label: lang.L("assessment.participant_name"), Required: true, Valid: data.MaxLen(64)}, Width: 160},
		uikit.Column{Spec: uikit.Spec{Label: lang.L("assessment.participant_side"), Required: true}, Kind: uikit.ChoiceColumn, List: "side", Width: 150},
		uikit.Column{Spec: uikit.Spec{Label: lang.L("assessment.participant_org"), Valid: data.MaxLen(128)}, Width: 260}))
	fs.Section(lang.L("assessment.section_criteria"))
	for _, k := range data.Criteria {
		f.Ratings[k], f.Notes[k] = fs.Rated(uikit.Spec{Label: vocab("criterion", k), Required: true,
			Valid: data.ValidText, Lines: 2, Placeholder: lang.L("assessment.criterion_placeholder")}, "rating")
	}
	fs.Section(lang.L("assessment.section_conclusion"))
	f.EstimatedCost = fs.Entry(moneySpec("estimated_cost", false))
	f.Conclusion = fs.Choice(uikit.Spec{Label: fieldLabel("conclusion"), Required: true}, "feasibility")
	f.Recommendation = fs.Entry(textSpec("recommendation", true, 3))
	f.PreliminaryPlan = fs.Entry(textSpec("preliminary_plan", false, 3))
	f.frame.attach(f, func(w *caseWindow) *formFrame { return newAssessmentForm(w).frame })
	return f
}

func (f *assessmentForm) rebase(cd *caseData) { f.base = cd.d.Assessment }

func (f *assessmentForm) meta() *data.Meta { return &f.base.Meta }

func (f *assessmentForm) show() {
	a := f.base
	f.MeetingDate.SetText(a.MeetingDate)
	f.MeetingPlace.SetText(a.MeetingPlace)
	rows := make([][]string, len(a.Participants))
	for i, p := range a.Participants {
		rows[i] = []string{p.Name, p.Side, p.Org}
	}
	f.Participants.SetRows(rows)
	for _, k := range data.Criteria {
		r := a.Criterion(k)
		f.Ratings[k].SetValue(r.Rating)
		f.Notes[k].SetText(r.Notes)
	}
	f.EstimatedCost.SetText(moneyText(a.EstimatedCost))
	f.Conclusion.SetValue(a.Conclusion)
	f.Recommendation.SetText(a.Recommendation)
	f.PreliminaryPlan.SetText(a.PreliminaryPlan)
}

func (f *assessmentForm) prepare() (saveOp, error) {
	a := *f.base
	cost, err := parseMoney("estimated_cost", f.EstimatedCost.Text)
	if err != nil {
		return nil, err
	}
	a.MeetingDate, a.MeetingPlace, a.EstimatedCost = f.MeetingDate.Text, f.MeetingPlace.Text, cost
	a.Participants = nil
	for _, r := range f.Participants.Rows() {
		a.Participants = append(a.Participants, data.Participant{Name: r[0], Side: r[1], Org: r[2]})
	}
	for _, k := range data.Criteria {
		*a.Criterion(k) = data.Rating{Rating: f.Ratings[k].Value(), Notes: f.Notes[k].Text}
	}
	a.Conclusion, a.Recommendation, a.PreliminaryPlan = f.Conclusion.Value(), f.Recommendation.Text, f.PreliminaryPlan.Text
	return func(s *data.Store, u *data.User) error { return s.SaveStage(u, &a) }, nil
}
