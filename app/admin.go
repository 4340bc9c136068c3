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

// masterSpec describes one kind of master record (users, departments,
// vendors, systems) for the generic list-and-edit panel masterList.
type masterSpec[T any] struct {
	// title is the translation key of the kind, for the tab and dialogs;
	// heading, when set, that of the list's heading instead.
	title   string
	heading string
	cols    []column[T]
	stretch int
	// load reads the records and the lists their forms choose from; it
	// runs off the UI goroutine.
	load func() ([]T, lookups, error)
	// blank returns a new record.
	blank func() T
	// form adds the form's fields, bound to rec, to b.
	form func(b *binder, rec *T, l *lookups)
	// save stores rec; it runs off the UI goroutine.
	save func(rec *T) error
	// actions act on the selected record besides 编辑.
	actions []rowAction[T]
	// adds are further 新建 buttons, each making its own kind of record.
	adds []addAction[T]
	// editable, when set, says whether the user may change a record: 编辑
	// and the actions are enabled for those only.
	editable func(rec *T) bool
}

// addAction is a button making a new record of a kind besides the one of
// 新建.
type addAction[T any] struct {
	label string
	icon  fyne.Resource
	blank func() T
}

// rowAction is a button acting on the selected record.
type rowAction[T any] struct {
	label string
	icon  fyne.Resource
	run   func(m *masterList[T], rec T)
}

// masterList is the list of one kind of master record with 新建 and 编辑
// buttons; editing happens in a form dialog bound to a copy of the
// record, which is saved through the store (which checks that the user is
// an administrator). A refused save shows why and opens the form again
// with what was typed.
type masterList[T any] struct {
	spec   masterSpec[T]
	s      *session
	rows   []T
	looks  lookups
	grid   *grid[T]
	root   fyne.CanvasObject
	add    *uikit.Button
	edit   *uikit.Button
	extras []*uikit.Button
	adders []*uikit.Button
	// dialog is the form dialog open, if any, and form its fields.
	dialog *uikit.FormDialog
	form   *binder
}

func newMasterList[T any](s *session, spec masterSpec[T]) *masterList[T] {
	m := &masterList[T]{spec: spec, s: s}
	m.grid = sliceGrid(spec.cols, spec.stretch, &m.rows)
	m.grid.onSelect = func(int) { m.enableButtons() }
	m.grid.onOpen = func(int) { m.onEdit() }
	m.add = uikit.NewButtonWithIcon(lang.L("common.new"), theme.ContentAddIcon(), m.onAdd)
	m.edit = uikit.NewButtonWithIcon(lang.L("common.edit"), theme.DocumentCreateIcon(), m.onEdit)
	heading := spec.heading
	if heading == "" {
		heading = spec.title
	}
	bar := []fyne.CanvasObject{widget.NewLabelWithStyle(lang.L(heading), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true}), layout.NewSpacer()}
	for _, a := range spec.actions {
		b := uikit.NewButtonWithIcon(lang.L(a.label), a.icon, func() {
			if rec, ok := m.grid.selectedRow(); ok {
				a.run(m, *rec)
			}
		})
		m.extras = append(m.extras, b)
		bar = append(bar, b)
	}
	bar = append(bar, m.edit, m.add)
	for _, a := range spec.adds {
		b := uikit.NewButtonWithIcon(lang.L(a.label), a.icon, func() {
			rec := a.blank()
			m.showForm(&rec, lang.L(a.label))
		})
		m.adders = append(m.adders, b)
		bar = append(bar, b)
	}
	m.root = container.NewBorder(container.NewHBox(bar...), nil, nil, nil, m.grid.root)
	m.enableButtons()
	return m
}

// enableButtons enables what the selection and the database allow.
func (m *masterList[T]) enableButtons() {
	rec, picked := m.grid.selectedRow()
	writable := m.s.canWrite()
	if picked && m.spec.editable != nil {
		picked = m.spec.editable(rec)
	}
	enable(m.add, writable)
	enable(m.edit, writable && picked)
	for _, b := range m.extras {
		enable(b, writable && picked)
	}
	for _, b := range m.adders {
		enable(b, writable)
	}
}

// refresh reloads the records off the UI goroutine.
func (m *masterList[T]) refresh() {
	type loaded struct {
		rows  []T
		looks lookups
	}
	uikit.Background(m.s.jobs, func() (loaded, error) {
		rows, l, err := m.spec.load()
		return loaded{rows, l}, err
	}, func(r loaded, err error) {
		if err != nil {
			m.s.showError("load "+m.spec.title, err)
			return
		}
		m.rows, m.looks = r.rows, r.looks
		m.grid.clearSelection()
		m.grid.refresh()
	})
}

func (m *masterList[T]) onAdd() {
	rec := m.spec.blank()
	m.showForm(&rec, lang.L("admin.new", map[string]any{"What": lang.L(m.spec.title)}))
}

func (m *masterList[T]) onEdit() {
	sel, ok := m.grid.selectedRow()
	if !ok || !m.s.canWrite() || m.spec.editable != nil && !m.spec.editable(sel) {
		return
	}
	rec := *sel
	m.showForm(&rec, lang.L("admin.edit", map[string]any{"What": lang.L(m.spec.title)}))
}

// showForm shows the form dialog of rec; 保存 saves it.
func (m *masterList[T]) showForm(rec *T, title string) {
	b := &binder{win: m.s.win}
	m.spec.form(b, rec, &m.looks)
	var d *uikit.FormDialog
	d = uikit.NewFormDialog(title, lang.L("common.save"), b.items, func(ok bool) {
		m.dialog = nil
		if ok {
			b.apply()
			m.save(rec, d)
		}
	}, m.s.win)
	d.Check = b.check
	m.dialog, m.form = d, b
	d.ShowWidth(520)
}

// save stores rec off the UI goroutine; when the store refuses, the
// reason is shown and then the form d again.
func (m *masterList[T]) save(rec *T, d *uikit.FormDialog) {
	m.run(func() error { return m.spec.save(rec) }, func() {
		m.dialog = d
		d.Show()
	})
}

// run does work off the UI goroutine, then reloads the list and tells the
// other tabs; on failure it shows the error and calls again, if not nil,
// when the error is dismissed.
func (m *masterList[T]) run(work func() error, again func()) {
	uikit.Background(m.s.jobs, func() (struct{}, error) { return struct{}{}, work() }, func(_ struct{}, err error) {
		if data.ErrorCode(err) == data.EConfirm {
			m.s.confirmPassword(err, func() { m.run(work, again) }, again)
			return
		}
		if err != nil {
			showErrorThen(m.s.win, "save "+m.spec.title, err, again)
			return
		}
		m.s.changed(false)
		m.refresh()
	})
}

// binder builds the form items of a record and remembers how to copy
// each widget's value back into it.
type binder struct {
	win     fyne.Window
	items   []*widget.FormItem
	applies []func()
	// check, when set, checks the inputs together once each passed its own
	// check (see uikit.FormDialog.Check).
	check func() error
	// byKey finds a row's widget by its label's key.
	byKey map[string]fyne.CanvasObject
}

// item adds a form row; apply copies its value back.
func (b *binder) item(key string, w fyne.CanvasObject, apply func()) {
	if b.byKey == nil {
		b.byKey = map[string]fyne.CanvasObject{}
	}
	b.byKey[key] = w
	b.items = append(b.items, formItem(key, w))
	if apply != nil {
		b.applies = append(b.applies, apply)
	}
}

// apply copies every widget's value into the record.
func (b *binder) apply() {
	for _, f := range b.applies {
		f()
	}
}

// text adds a one-line entry for *v checked by valid.
func (b *binder) text(key string, v *string, valid func(string) error) *uikit.Entry {
	e := newEntry(valid)
	e.SetText(*v)
	b.item(key, e, func() { *v = strings.TrimSpace(e.Text) })
	return e
}

// multiline adds a multi-line entry for *v.
func (b *binder) multiline(key string, v *string) *uikit.Entry {
	e := uikit.NewMultiLineEntry()
	e.Validator = validator(data.ValidText)
	e.SetMinRowsVisible(3)
	e.SetText(*v)
	b.item(key, e, func() { *v = strings.TrimSpace(e.Text) })
	return e
}

// date adds a date field for *v.
func (b *binder) date(key string, v *string) *dateField {
	d := newDateField(b.win, placeholderDate(), false)
	d.entry.SetText(*v)
	b.item(key, d.root, func() { *v = d.text() })
	return d
}

// fixed adds a row showing text that the form does not change.
func (b *binder) fixed(key, text string) {
	b.item(key, widget.NewLabel(text), nil)
}

// choose adds a drop-down for *v among labelled values.
func choose[V comparable](b *binder, key string, labels []string, values []V, v *V) *selectOf[V] {
	s := newSelectOf(labels, values, nil)
	s.setValue(*v)
	b.item(key, s.sel, func() {
		if x, ok := s.value(); ok {
			*v = x
		}
	})
	return s
}

// deptChoice adds a drop-down of the departments for *id.
func (b *binder) deptChoice(key string, l *lookups, id *uint) {
	labels, values := make([]string, len(l.depts)), make([]uint, len(l.depts))
	for i, d := range l.depts {
		labels[i], values[i] = d.Name, d.ID
	}
	choose(b, key, labels, values, id)
}

// roles adds a check box for each role, three to a row.
func (b *binder) roles(u *data.User) map[data.Role]*uikit.Check {
	checks := map[data.Role]*uikit.Check{}
	boxes := make([]fyne.CanvasObject, len(data.AllRoles))
	for i, r := range data.AllRoles {
		c := uikit.NewCheck(lang.L(r.LabelKey()), nil)
		c.Checked = u.HasRole(r)
		checks[r], boxes[i] = c, c
	}
	b.item("field.roles", container.NewGridWithColumns(3, boxes...), func() {
		var rs []data.Role
		for _, r := range data.AllRoles {
			if checks[r].Checked {
				rs = append(rs, r)
			}
		}
		u.SetRoles(rs...)
	})
	return checks
}
