package forms

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
)

// buildTabs builds every tab of the case window, in the order of the
// procedure. This is the one place where the tabs are assembled.
func (w *caseWindow) buildTabs() []*container.TabItem {
	w.request = newRequestForm(w)
	w.assessment = newAssessmentForm(w)
	w.plan = newPlanForm(w)
	w.backups = newBackupList(w)
	w.implementation = newImplementationForm(w)
	w.migration = newMigrationForm(w)
	w.tests = newTestList(w)
	w.acceptance = newAcceptanceForm(w)
	w.rollback = newRollbackForm(w)
	w.registration = newRegistrationForm(w)
	w.costs = newCostList(w)
	w.trainings = newTrainingList(w)
	w.evaluation = newEvaluationForm(w)
	w.attachments = newAttachmentsTab(w)
	w.history = newHistoryTab(w)
	w.decisions = map[data.State]*decisionTab{}
	w.lazy = map[*container.TabItem]lazyContent{}
	return []*container.TabItem{
		w.tab(lang.L("case.tab.request"), w.request.frame),
		w.tab(lang.L("case.tab.dept_review"), w.decisionTab(data.StateDeptReview)),
		w.tab(lang.L("case.tab.screening"), w.decisionTab(data.StateScreening)),
		w.tab(lang.L("case.tab.assessment"), w.assessment.frame),
		w.tab(lang.L("case.tab.mgmt_approval"), w.decisionTab(data.StateMgmtApproval)),
		w.tab(lang.L("case.tab.plan"), w.plan.frame),
		w.tab(lang.L("case.tab.plan_approval"), w.decisionTab(data.StatePlanApproval)),
		w.tab(lang.L("case.tab.implementation"), w.backups, w.implementation.frame, w.migration.frame),
		w.tab(lang.L("case.tab.acceptance"), w.tests, w.acceptance.frame, w.decisionTab(data.StateAccepting)),
		w.tab(lang.L("case.tab.rollback"), w.rollback.frame),
		w.tab(lang.L("case.tab.registration"), w.registration.frame),
		w.tab(lang.L("case.tab.costs"), w.costs),
		w.tab(lang.L("case.tab.follow_up"), w.trainings, w.evaluation.frame),
		w.tab(lang.L("case.tab.attachments"), w.attachments),
		w.lazyTab(lang.L("case.tab.history"), func() fyne.CanvasObject { return w.history.content() }, w.history),
	}
}

// decisionTab builds the decisions of the stage in state st.
func (w *caseWindow) decisionTab(st data.State) *decisionTab {
	d := newDecisionTab(w, st)
	w.decisions[st] = d
	return d
}

// lazyTab returns a tab whose content is built the first time it is
// shown: a case window opens without laying out fifteen tabs of forms.
// The parts are told about each load from the start.
func (w *caseWindow) lazyTab(title string, build func() fyne.CanvasObject, parts ...part) *container.TabItem {
	w.parts = append(w.parts, parts...)
	holder := container.NewStack()
	item := container.NewTabItem(title, holder)
	w.lazy[item] = lazyContent{holder: holder, build: build}
	return item
}

// lazyContent is a tab's empty holder and what builds its content.
type lazyContent struct {
	holder *fyne.Container
	build  func() fyne.CanvasObject
}

// onTabSelected builds the content of a tab shown for the first time.
func (w *caseWindow) onTabSelected(item *container.TabItem) {
	l, ok := w.lazy[item]
	if !ok {
		return
	}
	delete(w.lazy, item)
	l.holder.Objects = []fyne.CanvasObject{l.build()}
	l.holder.Refresh()
}

// titled is a part with a heading of its own in a tab of several parts.
type titled interface {
	title() string
}

// tab returns a scrolling tab of parts; in a tab of several parts each
// part is headed by its title.
func (w *caseWindow) tab(title string, parts ...part) *container.TabItem {
	return w.lazyTab(title, func() fyne.CanvasObject {
		box := container.NewVBox()
		for i, p := range parts {
			if t, ok := p.(titled); ok && len(parts) > 1 {
				if i > 0 {
					box.Add(widget.NewSeparator())
				}
				box.Add(heading(t.title()))
			}
			box.Add(p.content())
		}
		return container.NewVScroll(container.NewPadded(box))
	}, parts...)
}

// heading returns the heading of a section.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// title returns the name of the frame's form.
func (fr *formFrame) title() string { return vocab("form", string(fr.kind)) }
