package forms

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// planForm is the upgrade plan (软件升级计划): goals and scope, schedule,
// who does what, the technical approach with its risks, the way back,
// training and the budget.
type planForm struct {
	frame *formFrame
	base  *data.Plan

	Goals            *widget.Entry
	Scope            *widget.Entry
	Milestones       *uikit.Rows
	Responsibilities *uikit.Rows
	TechApproach     *widget.Entry
	Risks            *uikit.Rows
	RollbackPlan     *widget.Entry
	DowntimeWindow   *widget.Entry
	TrainingPlan     *widget.Entry
	Budget           *uikit.Rows
	BudgetTotal      *widget.Label
}

func newPlanForm(w *caseWindow) *planForm {
	f := &planForm{frame: newFrame(w, data.FormPlan)}
	fs := f.frame.Fields
	fs.Section(lang.L("plan.section_goals"))
	f.Goals = fs.Entry(textSpec("goals", true, 2))
	f.Scope = fs.Entry(textSpec("scope", true, 2))
	fs.Section(lang.L("plan.section_schedule"))
	f.Milestones = fs.Rows(uikit.Spec{Label: fieldLabel("milestones"), Required: true}, newMilestoneRows(w))
	f.Responsibilities = fs.Rows(uikit.Spec{Label: fieldLabel("responsibilities"), Required: true}, uikit.NewRows(w.win,
		lang.L("plan.responsibility"),
		uikit.Column{Spec: uikit.Spec{Label: lang.L("plan.task"), Required: true, Valid: data.MaxLen(200)}, Width: 380},
		uikit.Column{Spec: uikit.Spec{Label: lang.L("plan.person"), Required: true, Valid: data.MaxLen(64)}, Width: 180}))
	fs.Section(lang.L("plan.section_approach"))
	f.TechApproach = fs.Entry(textSpec("tech_approach", true, 4))
	f.Risks = fs.Rows(uikit.Spec{Label: fieldLabel("risks"), Required: true}, newRiskRows(w))
	f.RollbackPlan = fs.Entry(textSpec("rollback_plan", true, 3))
	f.DowntimeWindow = fs.Entry(uikit.Spec{Label: fieldLabel("downtime_window"), Valid: data.MaxLen(128),
		Placeholder: lang.L("plan.downtime_placeholder")})
	fs.Section(lang.L("plan.section_training_budget"))
	f.TrainingPlan = fs.Entry(textSpec("training_plan", true, 3))
	f.Budget = fs.Rows(uikit.Spec{Label: fieldLabel("budget"), Required: true}, uikit.NewRows(w.win,
		lang.L("plan.budget_item"),
		uikit.Column{Spec: uikit.Spec{Label: fieldLabel("item"), Required: true, Valid: data.MaxLen(200)}, Width: 380},
		uikit.Column{Spec: moneySpec("amount", true), Width: 180}))
	f.BudgetTotal = fs.Static(lang.L("plan.budget_total"))
	f.frame.onEdit = f.showTotal
	f.frame.attach(f, func(w *caseWindow) *formFrame { return newPlanForm(w).frame })
	return f
}

func newMilestoneRows(w *caseWindow) *uikit.Rows {
	return uikit.NewRows(w.win, lang.L("plan.milestone"),
		uikit.Column{Spec: uikit.Spec{Label: lang.L("plan.milestone_name"), Required: true, Valid: data.MaxLen(128)}, Width: 300},
		uikit.Column{Spec: uikit.Spec{Label: lang.L("plan.start"), Required: true, Valid: data.ValidDate,
			Placeholder: lang.L("case.date_placeholder")}, Width: 130},
		uikit.Column{Spec: uikit.Spec{Label: lang.L("plan.end"), Required: true, Valid: data.ValidDate,
			Placeholder: lang.L("case.date_placeholder")}, Width: 130})
}

func newRiskRows(w *caseWindow) *uikit.Rows {
	return uikit.NewRows(w.win, lang.L("plan.risk"),
		uikit.Column{Spec: uikit.Spec{Label: lang.L("plan.risk"), Required: true, Valid: data.ValidText}, Kind: uikit.LongTextColumn, Width: 220},
		uikit.Column{Spec: uikit.Spec{Label: lang.L("plan.likelihood")}, Kind: uikit.ChoiceColumn, List: "likelihood", Width: 80},
		uikit.Column{Spec: uikit.Spec{Label: lang.L("plan.impact")}, Kind: uikit.ChoiceColumn, List: "likelihood", Width: 80},
		uikit.Column{Spec: uikit.Spec{Label: fieldLabel("countermeasure"), Required: true, Valid: data.ValidText},
			Kind: uikit.LongTextColumn, Width: 250})
}

func (f *planForm) rebase(cd *caseData) { f.base = cd.d.Plan }

func (f *planForm) meta() *data.Meta { return &f.base.Meta }

func (f *planForm) show() {
	p := f.base
	f.Goals.SetText(p.Goals)
	f.Scope.SetText(p.Scope)
	f.TechApproach.SetText(p.TechApproach)
	f.RollbackPlan.SetText(p.RollbackPlan)
	f.DowntimeWindow.SetText(p.DowntimeWindow)
	f.TrainingPlan.SetText(p.TrainingPlan)
	f.Milestones.SetRows(mapRows(p.Milestones, func(m data.Milestone) []string { return []string{m.Name, m.Start, m.End} }))
	f.Responsibilities.SetRows(mapRows(p.Responsibilities, func(r data.Responsibility) []string {
		return []string{r.Task, r.Person}
	}))
	f.Risks.SetRows(mapRows(p.Risks, func(r data.Risk) []string {
		return []string{r.Risk, r.Likelihood, r.Impact, r.Countermeasure}
	}))
	f.Budget.SetRows(mapRows(p.BudgetItems, func(b data.BudgetItem) []string { return []string{b.Item, moneyText(b.Amount)} }))
	f.showTotal()
}

// showTotal shows the sum of the budget rows.
func (f *planForm) showTotal() {
	var sum data.Money
	for _, r := range f.Budget.Rows() {
		m, _ := data.ParseMoney(r[1]) // rows were checked in their dialog
		sum += m
	}
	f.BudgetTotal.SetText(lang.L("case.yuan", map[string]any{"Amount": sum.String()}))
}

func (f *planForm) prepare() (saveOp, error) {
	p := *f.base
	p.Goals, p.Scope, p.TechApproach = f.Goals.Text, f.Scope.Text, f.TechApproach.Text
	p.RollbackPlan, p.DowntimeWindow, p.TrainingPlan = f.RollbackPlan.Text, f.DowntimeWindow.Text, f.TrainingPlan.Text
	p.Milestones = mapRows(f.Milestones.Rows(), func(r []string) data.Milestone {
		return data.Milestone{Name: r[0], Start: r[1], End: r[2]}
	})
	p.Responsibilities = mapRows(f.Responsibilities.Rows(), func(r []string) data.Responsibility {
		return data.Responsibility{Task: r[0], Person: r[1]}
	})
	p.Risks = mapRows(f.Risks.Rows(), func(r []string) data.Risk {
		return data.Risk{Risk: r[0], Likelihood: r[1], Impact: r[2], Countermeasure: r[3]}
	})
	var err error
	p.BudgetItems = mapRows(f.Budget.Rows(), func(r []string) data.BudgetItem {
		m, perr := parseMoney("amount", r[1])
		if err == nil {
			err = perr
		}
		return data.BudgetItem{Item: r[0], Amount: m}
	})
	if err != nil {
		return nil, err
	}
	return func(s *data.Store, u *data.User) error { return s.SaveStage(u, &p) }, nil
}

// mapRows converts every element of in; nothing gives nil.
func mapRows[A, B any](in []A, fn func(A) B) []B {
	if len(in) == 0 {
		return nil
	}
	out := make([]B, len(in))
	for i, a := range in {
		out[i] = fn(a)
	}
	return out
}
