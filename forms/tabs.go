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
	w.forms = map[data.Form]*stageForm{}
	w.lists = map[data.Form]*recordList{}
	w.decisions = map[data.State]*decisionTab{}
	w.lazy = map[*container.TabItem]lazyContent{}
	w.request = w.stage(data.FormRequest)
	w.attachments = newAttachmentsTab(w)
	w.history = newHistoryTab(w)
	return []*container.TabItem{
		w.tab(lang.L("case.tab.request"), w.request),
		w.tab(lang.L("case.tab.dept_review"), w.decisionTab(data.StateDeptReview)),
		w.tab(lang.L("case.tab.screening"), w.decisionTab(data.StateScreening)),
		w.tab(lang.L("case.tab.assessment"), w.stage(data.FormAssessment)),
		w.tab(lang.L("case.tab.mgmt_approval"), w.decisionTab(data.StateMgmtApproval)),
		w.tab(lang.L("case.tab.plan"), w.stage(data.FormPlan)),
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
