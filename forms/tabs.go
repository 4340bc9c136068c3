package forms

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// buildTabs builds every tab of the case window, in the order of the
// procedure. This is the one place where the tabs are assembled.
func (w *caseWindow) buildTabs() []*container.TabItem {
	w.forms = map[data.Form]*stageForm{}
	w.lists = map[data.Form]*recordList{}
	w.decisions = map[data.State]*decisionTab{}
	w.lazy = map[*container.TabItem]lazyContent{}
	w.tabParts = map[*container.TabItem][]part{}
	w.request = w.stage(data.FormRequest)
	w.attachments = newAttachmentsTab(w)
	w.history = newHistoryTab(w)
	return []*container.TabItem{
		w.tab(lang.L("case.tab.request"), w.request),
		w.tab(lang.L("case.tab.dept_review"), w.decisionTab(data.StateDeptReview)),
		w.tab(lang.L("case.tab.screening"), w.decisionTab(data.StateScreening)),
		w.tab(lang.L("case.tab.assessment"), w.stage(data.FormAssessment)),
		w.tab(lang.L("case.tab.mgmt_approval"), w.decisionTab(data.StateMgmtApproval)),
		w.tab(lang.L("case.tab.plan"), w.stage(data.FormPlan), newPlanningPart(w)),
		w.tab(lang.L("case.tab.plan_approval"), w.decisionTab(data.StatePlanApproval)),
		w.tab(lang.L("case.tab.implementation"), w.list(data.FormBackup), w.stage(data.FormImplementation),
			w.stage(data.FormMigration)),
		w.tab(lang.L("case.tab.acceptance"), w.list(data.FormTest), w.stage(data.FormAcceptance),
			w.decisionTab(data.StateAccepting)),
		w.tab(lang.L("case.tab.rollback"), w.stage(data.FormRollback)),
		w.tab(lang.L("case.tab.registration"), w.stage(data.FormRegistration)),
		w.tab(lang.L("case.tab.costs"), w.list(data.FormCost)),
		w.tab(lang.L("case.tab.follow_up"), w.list(data.FormTraining), w.stage(data.FormEvaluation)),
		w.tab(lang.L("case.tab.attachments"), w.attachments),
		w.lazyTab(lang.L("case.tab.history"), func() fyne.CanvasObject { return w.history.content() }, w.history),
	}
}

// stage builds the form of a record of which a case has one.
func (w *caseWindow) stage(f data.Form) *stageForm {
	fr := newStageForm(w, f)
	w.forms[f] = fr
	return fr
}

// list builds the table of the records of a form of which a case has
// several.
func (w *caseWindow) list(f data.Form) *recordList {
	l := newRecordList(w, f)
	w.lists[f] = l
	return l
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
	w.tabParts[item] = parts
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
		scroll := container.NewVScroll(container.NewPadded(box))
		uikit.ForwardWheel(scroll, box)
		return scroll
	}, parts...)
}

// stateTabs are the tabs of the stages, by the state in which the case
// waits for their step: the tab a case window opens on when the user has
// a decision to take there.
var stateTabs = map[data.State]int{
	data.StateDraft: 0, data.StateDeptReview: 1, data.StateScreening: 2, data.StateAssessing: 3,
	data.StateMgmtApproval: 4, data.StatePlanning: 5, data.StatePlanApproval: 6, data.StateImplementing: 7,
	data.StateAccepting: 8, data.StateRolledBack: 9, data.StateRegistering: 10, data.StateFollowUp: 12,
}

// pendingTab returns the tab of the user's step in the case as read in
// cd: the tab of the case's stage when the user may decide there or fill
// in one of its forms, else the first tab with a form only the user's
// role fills now (costs, tests); the request when the user has no step.
func (w *caseWindow) pendingTab(cd *caseData) int {
	st := cd.c().State
	stage, staged := stateTabs[st]
	if staged && (w.decides(cd) || w.fillsIn(w.items[stage], cd)) {
		return stage
	}
	for i, item := range w.items {
		if w.fillsIn(item, cd) {
			return i
		}
	}
	return 0
}

// decides reports whether the user may take a step of the procedure on
// the case: any action but cancelling it or rolling it back.
func (w *caseWindow) decides(cd *caseData) bool {
	for _, a := range cd.actions {
		if a != data.ActCancel && a != data.ActRollback {
			return true
		}
	}
	return false
}

// fillsIn reports whether the user may fill in a form of tab item now;
// attachments, which many may add at any stage, are no step.
func (w *caseWindow) fillsIn(item *container.TabItem, cd *caseData) bool {
	for _, p := range w.tabParts[item] {
		var f data.Form
		switch x := p.(type) {
		case *stageForm:
			f = x.kind
		case *recordList:
			f = x.kind
		default:
			continue
		}
		if data.CanEdit(w.user(), cd.c(), f) == nil {
			return true
		}
	}
	return false
}

// openOnPending shows the tab of the user's step and puts the focus in
// its first field.
func (w *caseWindow) openOnPending(cd *caseData) {
	i := w.pendingTab(cd)
	if i >= len(w.tabs.Items) {
		return
	}
	w.tabs.SelectIndex(i)
	if f := uikit.FirstInput(w.tabs.Items[i].Content); f != nil {
		w.win.Canvas().Focus(f)
	}
}

// heading returns the heading of a section.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}
