package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// caseColumns are the columns of the 升级事项 list; due tells how each case
// stands against its stage's time limit.
func caseColumns(due *deadline) []column[data.CaseRow] {
	return []column[data.CaseRow]{
		{"field.no", "no", 118, func(r *data.CaseRow) string { return r.No }},
		{"field.title", "title", 200, func(r *data.CaseRow) string { return r.Title }},
		{"field.system", "system", 140, func(r *data.CaseRow) string { return r.SystemName }},
		{"field.department", "department", 96, func(r *data.CaseRow) string { return r.DeptName }},
		{"field.state", "state", stateWidth(118), func(r *data.CaseRow) string { return stateName(r.State) }},
		{"cases.due", "due_at", 140, func(r *data.CaseRow) string { return due.text(r) }},
		{"field.applicant", "applicant", 72, func(r *data.CaseRow) string { return r.ApplicantName }},
		{"cases.updated", "updated_at", 142, func(r *data.CaseRow) string { return formatTime(r.UpdatedAt) }},
	}
}

// dueColumn is the index of the 办理时限 column of caseColumns.
const dueColumn = 5

// stateChoice is one entry of the state filter.
type stateChoice struct {
	label  string
	states []data.State
}

// stateChoices are the state filter's entries: all, open, ended, then
// every state.
func stateChoices() []stateChoice {
	var open, ended []data.State
	for _, s := range data.AllStates {
		if s.Terminal() {
			ended = append(ended, s)
		} else {
			open = append(open, s)
		}
	}
	out := []stateChoice{{lang.L("cases.all_states"), nil}, {lang.L("cases.open"), open}, {lang.L("cases.ended"), ended}}
	for _, s := range data.AllStates {
		out = append(out, stateChoice{stateName(s), []data.State{s}})
	}
	return out
}

// casesTab is the 升级事项 tab: every case, filtered and sorted in the
// database and shown page by page, so that it stays smooth with a hundred
// thousand cases.
type casesTab struct {
	s     *session
	item  *container.TabItem
	pager *casePager
	grid  *grid[data.CaseRow]

	states   []stateChoice
	state    *uikit.Dropdown
	dept     *selectOf[uint]
	system   *selectOf[uint]
	from, to *dateField
	text     *uikit.Entry
	// overdue keeps the cases past their stage's time limit.
	overdue *widget.Check
	// due is the calendar and time the 办理时限 column is told by.
	due deadline

	total         *widget.Label
	empty         *widget.Label
	open, newCase *uikit.Button
	export        *uikit.Button
	clear         *uikit.Button
	// muted ignores filter changes while the filters are set in code.
	muted bool
}

func newCasesTab(s *session) *casesTab {
	t := &casesTab{s: s, states: stateChoices()}
	t.pager = newCasePager(s.store.ListCases, s.jobs, t.onLoaded)
	t.grid = newGrid(caseColumns(&t.due), 1, t.pager.count, t.pager.row).keepWhole(0, dueColumn, 7)
	t.grid.warn = func(r *data.CaseRow, col int) bool { return col == dueColumn && t.due.late(r) }
	t.grid.onSort = t.onSort
	t.grid.onOpen = t.onOpenRow
	t.grid.onSelect = func(i int) { enable(t.open, i >= 0) }
	t.grid.setSort("no", true)
	t.pager.filter = data.CaseFilter{Sort: "no", Desc: true}
	t.item = container.NewTabItemWithIcon(lang.L("tab.cases"), theme.DocumentIcon(), t.buildUI())
	return t
}

func (t *casesTab) tabItem() *container.TabItem { return t.item }

func (t *casesTab) buildUI() fyne.CanvasObject {
	t.muted = true
	defer func() { t.muted = false }()
	labels := make([]string, len(t.states))
	for i, c := range t.states {
		labels[i] = c.label
	}
	t.state = uikit.NewDropdown(labels, func(string) { t.onFilter() })
	t.state.SetSelectedIndex(0)
	t.dept = newSelectOf[uint](nil, nil, func(uint) { t.onFilter() })
	t.system = newSelectOf[uint](nil, nil, func(uint) { t.onFilter() })
	t.from = newDateField(t.s.win, lang.L("cases.from"), false)
	t.to = newDateField(t.s.win, lang.L("cases.to"), false)
	t.from.onChanged = func(string) { t.onFilter() }
	t.to.onChanged = func(string) { t.onFilter() }
	t.text = uikit.NewLineEntry()
	t.text.SetPlaceHolder(lang.L("cases.search_hint"))
	t.text.ActionItem = widget.NewIcon(theme.SearchIcon())
	t.text.OnChanged = func(string) { t.onFilter() }
	t.overdue = widget.NewCheck(lang.L("cases.overdue_only"), func(bool) { t.onFilter() })
	t.total = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})
	t.clear = uikit.NewButtonWithIcon(lang.L("cases.clear"), theme.ContentClearIcon(), t.onClear)
	t.open = uikit.NewButtonWithIcon(lang.L("common.open"), theme.FolderOpenIcon(), t.onOpenSelected)
	t.open.Disable()
	t.export = uikit.NewButtonWithIcon(lang.L("cases.export"), theme.DownloadIcon(), t.onExport)
	t.newCase = uikit.NewButtonWithIcon(lang.L("todo.new_case"), theme.ContentAddIcon(), t.s.cases.NewCase)
	t.newCase.Importance = widget.HighImportance
	if !t.s.canWrite() {
		t.newCase.Disable()
	}
	t.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	t.empty.Importance = widget.LowImportance
	t.empty.Hide()
	return container.NewBorder(t.toolbar(), nil, nil, nil, container.NewStack(t.grid.root, container.NewCenter(t.empty)))
}

// toolbar is the two rows above the list: the text search and the
// drop-down filters, then the dates, the count and the buttons.
func (t *casesTab) toolbar() fyne.CanvasObject {
	selects := container.NewHBox(withMinSize(t.state, 150, 0), withMinSize(t.dept.sel, 150, 0),
		withMinSize(t.system.sel, 190, 0))
	row1 := container.NewBorder(nil, nil, nil, selects, t.text)
	row2 := container.NewHBox(widget.NewLabel(lang.L("cases.filed")), withMinSize(t.from.root, 150, 0),
		widget.NewLabel(lang.L("cases.until")), withMinSize(t.to.root, 150, 0), t.overdue, t.clear,
		layout.NewSpacer(), t.total, t.export, t.open, t.newCase)
	return container.NewVBox(row1, row2)
}

// onExport offers the exports of the cases the filters select: the list
// as a spreadsheet, or every document of every case into a folder.
func (t *casesTab) onExport() {
	f := t.pager.currentFilter()
	menu := fyne.NewMenu("",
		fyne.NewMenuItem(lang.L("cases.export_xlsx"), func() { t.s.exportCaseList(f) }),
		fyne.NewMenuItem(lang.L("cases.export_pdfs"), func() { t.s.exportDocuments(f) }),
	)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(t.export).Add(fyne.NewPos(0, t.export.Size().Height))
	widget.ShowPopUpMenuAtPosition(menu, t.s.win.Canvas(), pos)
}

// refresh reloads the filter choices, the calendar and the rows in view.
func (t *casesTab) refresh() {
	type loaded struct {
		l   lookups
		due deadline
	}
	uikit.Background(t.s.jobs, func() (loaded, error) {
		l, err := loadLookups(t.s.store)
		if err != nil {
			return loaded{}, err
		}
		due, err := loadDeadline(t.s.store)
		return loaded{l, due}, err
	}, func(l loaded, err error) {
		if err != nil {
			t.s.showError("load filters", err)
			return
		}
		t.setLookups(l.l)
		t.due = l.due
		t.grid.refresh()
	})
	t.pager.reload()
}

// setLookups fills the department and system filters.
func (t *casesTab) setLookups(l lookups) {
	t.muted = true
	defer func() { t.muted = false }()
	dl, dv := []string{lang.L("cases.all_departments")}, []uint{0}
	for _, d := range l.depts {
		dl, dv = append(dl, d.Name), append(dv, d.ID)
	}
	t.dept.setOptions(dl, dv)
	sl, sv := []string{lang.L("cases.all_systems")}, []uint{0}
	for _, s := range l.systems {
		sl, sv = append(sl, s.Name), append(sv, s.ID)
	}
	t.system.setOptions(sl, sv)
	if t.dept.sel.SelectedIndex() < 0 {
		t.dept.sel.SetSelectedIndex(0)
	}
	if t.system.sel.SelectedIndex() < 0 {
		t.system.sel.SetSelectedIndex(0)
	}
}

// filter returns the filter the widgets describe, in the current order.
func (t *casesTab) filter() data.CaseFilter {
	f := t.pager.currentFilter()
	f.States = nil
	if i := t.state.SelectedIndex(); i >= 0 && i < len(t.states) {
		f.States = t.states[i].states
	}
	f.DepartmentID, _ = t.dept.value()
	f.SystemID, _ = t.system.value()
	f.From, f.To = t.from.text(), t.to.text()
	f.Text = t.text.Text
	f.Overdue = t.overdue.Checked
	return f
}

// onFilter lists the cases matching the filters, from the top.
func (t *casesTab) onFilter() {
	if !t.muted {
		t.apply(t.filter())
	}
}

func (t *casesTab) apply(f data.CaseFilter) {
	t.grid.clearSelection()
	t.pager.setFilter(f)
	t.grid.table.ScrollToTop()
	t.grid.refresh()
}

// onSort orders the list by a column.
func (t *casesTab) onSort(key string, desc bool) {
	f := t.filter()
	f.Sort, f.Desc = key, desc
	t.apply(f)
}

// onClear clears every filter.
func (t *casesTab) onClear() {
	t.muted = true // one query, not one per widget
	t.state.SetSelectedIndex(0)
	t.dept.sel.SetSelectedIndex(0)
	t.system.sel.SetSelectedIndex(0)
	t.from.entry.SetText("")
	t.to.entry.SetText("")
	t.text.SetText("")
	t.overdue.SetChecked(false)
	t.muted = false
	t.onFilter()
}

// onLoaded runs when a page arrived: the rows in view and the count are
// redrawn.
func (t *casesTab) onLoaded(err error) {
	if err != nil {
		fyne.LogError("list cases", err)
		t.total.SetText(errorText(err))
		t.total.Importance = widget.DangerImportance
		t.total.Refresh()
		return
	}
	t.total.Importance = widget.MediumImportance
	n := t.pager.count()
	t.total.SetText(lang.L("cases.total", map[string]any{"N": formatCount(n)}))
	t.showEmpty(n == 0)
	t.grid.refresh()
}

// showEmpty says, over the empty list, that no case matches the filters,
// or that there is none yet.
func (t *casesTab) showEmpty(empty bool) {
	if !empty {
		t.empty.Hide()
		return
	}
	key := "cases.none_match"
	if f := t.pager.currentFilter(); len(f.States) == 0 && f.DepartmentID == 0 && f.SystemID == 0 &&
		f.From == "" && f.To == "" && strings.TrimSpace(f.Text) == "" && !f.Overdue {
		key = "cases.none_yet"
	}
	t.empty.SetText(lang.L(key))
	t.empty.Show()
}

func (t *casesTab) onOpenRow(i int) {
	if r, ok := t.pager.row(i); ok {
		t.s.cases.Open(r.ID)
	}
}

func (t *casesTab) openSelected() { t.onOpenSelected() }

func (t *casesTab) onOpenSelected() {
	if r, ok := t.grid.selectedRow(); ok {
		t.s.cases.Open(r.ID)
	}
}
