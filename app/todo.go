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

// todoColumns are the columns of the 待办 list; due tells how each case
// stands against its stage's time limit.
func todoColumns(due *deadline) []column[data.TodoItem] {
	return []column[data.TodoItem]{
		{"field.no", "", 118, func(t *data.TodoItem) string { return t.No }},
		{"field.title", "", 150, func(t *data.TodoItem) string { return t.Title }},
		{"field.state", "", stateWidth(118), todoState},
		{"todo.expected", "", 170, expectedText},
		{"cases.due", "", 140, func(t *data.TodoItem) string { return due.text(&t.CaseRow) }},
		{"field.system", "", 120, func(t *data.TodoItem) string { return t.SystemName }},
		{"field.department", "", 90, func(t *data.TodoItem) string { return t.DeptName }},
		{"todo.since", "", 142, func(t *data.TodoItem) string { return formatTime(t.StateAt) }},
	}
}

// todoState is what the 状态 column says of an item: the state of a case,
// or that a template awaits approval.
func todoState(t *data.TodoItem) string {
	if t.Template != 0 {
		return lang.L("todo.template_state")
	}
	return stateName(t.State)
}

// Columns of the 待办 list shown as warnings.
const (
	todoExpectedColumn = 3
	todoDueColumn      = 4
)

// todoWarn says which cells of the 待办 list are warnings: the time limit
// of a case past it, and what is expected of a case nobody may take
// forward or brought to the IT director.
func todoWarn(due *deadline) func(t *data.TodoItem, col int) bool {
	return func(t *data.TodoItem, col int) bool {
		switch col {
		case todoDueColumn:
			return due.late(&t.CaseRow)
		case todoExpectedColumn:
			return t.Stuck != nil || t.Escalated
		}
		return false
	}
}

// expectedText says what the case waits for from the user: the decisions
// they may take, the records they are to fill and the signed paper still
// to come back (or to sign again); for an IT director, that
// it was brought to them as overdue; for an IT director or an account
// administrator, why nobody may take it forward.
func expectedText(t *data.TodoItem) string {
	sep := lang.L("list.sep")
	var parts []string
	if t.Stuck != nil {
		parts = append(parts, lang.L("todo.stuck", map[string]any{"Step": lang.L(t.StuckAction.LabelKeyIn(t.State)),
			"Why": uikit.Message(t.Stuck)}))
	}
	if len(t.Actions) > 0 {
		names := make([]string, len(t.Actions))
		for i, a := range t.Actions {
			names[i] = lang.L(a.LabelKeyFor(&data.Case{State: t.State, ChangeKind: t.ChangeKind}))
			if t.Template != 0 {
				names[i] = lang.L("todo.template_action", map[string]any{"Action": lang.L(data.TemplateActionKey(a))})
			}
		}
		parts = append(parts, strings.Join(names, sep))
	}
	if len(t.Forms) > 0 {
		names := make([]string, len(t.Forms))
		for i, f := range t.Forms {
			names[i] = lang.L(formKey(f))
		}
		parts = append(parts, lang.L("todo.fill", map[string]any{"Forms": strings.Join(names, sep)}))
	}
	if len(t.Paper) > 0 {
		key := "todo.paper"
		for i := range t.Paper {
			if t.Paper[i].Resign() {
				key = "todo.paper_resign"
			}
		}
		parts = append(parts, lang.L(key, map[string]any{"N": len(t.Paper)}))
	}
	if t.RetroPending() { // an emergency change's skipped steps, due apart from its stage
		parts = append(parts, lang.L("todo.retro", map[string]any{"Date": t.RetroDueAt.Local().Format(data.DateLayout)}))
	}
	text := strings.Join(parts, lang.L("todo.part_sep"))
	if !t.Escalated {
		return text
	}
	if text == "" {
		text = lang.L("todo.escalated_only")
	}
	return lang.L("todo.escalated", map[string]any{"Text": text})
}

// formKey returns the translation key of a form's name.
func formKey(f data.Form) string { return "form." + string(f) }

// todoTab is the 待办 tab: the cases waiting for the signed-in user, oldest
// first. A case that newly appears is announced with a desktop
// notification.
type todoTab struct {
	s     *session
	item  *container.TabItem
	items []data.TodoItem
	grid  *grid[data.TodoItem]
	empty *widget.Label
	count *widget.Label

	open, newCase *uikit.Button
	// known holds the cases listed at the last load; nil before the first.
	known map[uint]bool
	// due is the calendar and time the 办理时限 column is told by.
	due deadline
}

func newTodoTab(s *session) *todoTab {
	t := &todoTab{s: s}
	t.grid = sliceGrid(todoColumns(&t.due), todoExpectedColumn, &t.items).keepWhole(0, todoDueColumn, 7)
	t.grid.warn = todoWarn(&t.due)
	t.grid.onOpen = t.onOpenRow
	t.grid.onSelect = func(i int) { enable(t.open, i >= 0) }
	t.item = container.NewTabItemWithIcon(lang.L("tab.todo"), theme.ListIcon(), t.buildUI())
	return t
}

func (t *todoTab) tabItem() *container.TabItem { return t.item }

func (t *todoTab) buildUI() fyne.CanvasObject {
	t.count = widget.NewLabel("")
	t.empty = widget.NewLabelWithStyle(lang.L("todo.empty"), fyne.TextAlignCenter, fyne.TextStyle{})
	t.empty.Importance = widget.LowImportance
	t.empty.Hide()
	t.open = uikit.NewButtonWithIcon(lang.L("common.open"), theme.FolderOpenIcon(), t.onOpenSelected)
	t.open.Disable()
	t.newCase = uikit.NewButtonWithIcon(lang.L("todo.new_case"), theme.ContentAddIcon(), t.s.cases.NewCase)
	t.newCase.Importance = widget.HighImportance
	enable(t.newCase, t.s.canWrite())
	bar := container.NewHBox(t.count, layout.NewSpacer(), t.open, t.newCase)
	return container.NewBorder(bar, nil, nil, nil, container.NewStack(t.grid.root, container.NewCenter(t.empty)))
}

// refresh reloads the list off the UI goroutine.
func (t *todoTab) refresh() { t.load(false) }

// load reloads the list off the UI goroutine; with announce, cases new in
// it are announced.
func (t *todoTab) load(announce bool) {
	store, user := t.s.store, t.s.user
	uikit.Background(t.s.jobs, func() (todoList, error) {
		items, total, err := store.TodoList(user)
		if err != nil {
			return todoList{}, err
		}
		due, err := loadDeadline(store)
		return todoList{items, total, due}, err
	}, func(l todoList, err error) {
		if err != nil {
			t.count.SetText(errorText(err))
			fyne.LogError("todo", err)
			return
		}
		t.show(l, announce)
	})
}

// todoList is what 待办 shows: the oldest items of the total cases
// waiting, and the time limits its due column reads.
type todoList struct {
	items []data.TodoItem
	total int
	due   deadline
}

// keptTodo returns user's 待办 if the store has it computed already (the
// sign-in dialog asked for it ahead), else nil: signing in then shows it
// with the main window's first frame.
func keptTodo(store *data.Store, user *data.User) *todoList {
	items, total, ok := store.TodoListKept(user)
	if !ok {
		return nil
	}
	due, err := loadDeadline(store)
	if err != nil {
		return nil
	}
	return &todoList{items, total, due}
}

// show shows l; with announce, it announces the cases new in it.
func (t *todoTab) show(l todoList, announce bool) {
	t.due = l.due
	t.setItems(l.items, l.total, announce)
	// Reading 待办 of many cases, and signing in before it, leave much
	// garbage behind.
	uikit.ReleaseMemorySoon()
}

// setItems shows items, the oldest of the total cases waiting; with
// announce, it announces the cases that were not listed before, except
// drafts, which are the user's own.
func (t *todoTab) setItems(items []data.TodoItem, total int, announce bool) {
	var fresh []data.TodoItem
	known := make(map[uint]bool, len(items))
	for _, it := range items {
		key := it.ID
		if it.Template != 0 { // a template, not a case: kept apart from the cases' IDs
			key = ^uint(0) - it.Template
		}
		known[key] = true
		if announce && t.known != nil && !t.known[key] && it.State != data.StateDraft {
			fresh = append(fresh, it)
		}
	}
	t.known = known
	t.items = items
	t.grid.clearSelection()
	t.grid.refresh()
	t.count.SetText(countText(len(items), total))
	if len(items) == 0 {
		t.count.SetText("")
		t.grid.root.Hide()
		t.empty.Show()
	} else {
		t.empty.Hide()
		t.grid.root.Show()
	}
	t.item.Text = lang.L("tab.todo")
	if total > 0 {
		t.item.Text = lang.L("todo.tab_count", map[string]any{"N": formatCount(total)})
	}
	if t.s.tabs != nil {
		t.s.tabs.Refresh()
	}
	t.announce(fresh)
}

// countText says how many cases wait for the user, and which of them the
// list shows when it cannot show them all.
func countText(shown, total int) string {
	if shown < total {
		return lang.L("todo.count_more", map[string]any{"N": formatCount(total), "Shown": shown})
	}
	return lang.L("todo.count", map[string]any{"N": formatCount(total)})
}

// announce sends a desktop notification about cases new in the list.
func (t *todoTab) announce(fresh []data.TodoItem) {
	switch len(fresh) {
	case 0:
		return
	case 1:
		it := &fresh[0]
		t.s.notify(lang.L("todo.notify_title"), lang.L("todo.notify_one",
			map[string]any{"No": it.No, "Title": it.Title, "Expected": expectedText(it)}))
	default:
		t.s.notify(lang.L("todo.notify_title"), lang.L("todo.notify_many", map[string]any{"N": len(fresh)}))
	}
}

func (t *todoTab) onOpenRow(i int) {
	if i >= 0 && i < len(t.items) {
		t.openItem(&t.items[i])
	}
}

// openItem opens the case of a 待办 item, or the page of the template of
// standard changes it is.
func (t *todoTab) openItem(it *data.TodoItem) {
	if it.Template != 0 {
		t.s.tabs.Select(t.s.settings.tabItem())
		t.s.settings.showTemplate(it.Template)
		return
	}
	t.s.cases.Open(it.ID)
}

func (t *todoTab) openSelected() { t.onOpenSelected() }

func (t *todoTab) onOpenSelected() {
	if r, ok := t.grid.selectedRow(); ok {
		t.openItem(r)
	}
}

// enable enables or disables b.
func enable(b *uikit.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}
