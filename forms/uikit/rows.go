package uikit

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ColumnKind says how the values of a column are entered and shown.
type ColumnKind int

// The kinds of columns.
const (
	TextColumn     ColumnKind = iota // one line of text
	LongTextColumn                   // several lines of text
	ChoiceColumn                     // a value of a choice list of package data
	CheckColumn                      // yes or no, stored as "true" or "false"
	StaticColumn                     // shown, never changed in the dialog, such as a value the store fills in
	ListColumn                       // several of the column's Options, stored as their values separated by commas
)

// Column describes one column of a Rows editor: how its value is entered
// in the row dialog and how wide it is in the table.
type Column struct {
	Spec
	Kind ColumnKind
	// List names the choice list of a ChoiceColumn (see data.ChoiceLists).
	List string
	// Width is the column's width in the table; 0 shows the value in the
	// row dialog only.
	Width float32
	// Default is the value of a new row.
	Default string
	// Options are the values a ListColumn chooses from and their labels
	// (see Rows.SetOptions).
	Options, OptionLabels []string
}

// Rows edits a list of rows with the same columns: a table with 添加,
// 编辑 and 删除 buttons and a dialog built from the column definitions.
// Rows are kept as strings, one per column, in the order of the columns.
//
// By default changes stay in memory and OnChanged reports them, for rows
// saved with their record (a plan's milestones). When Save and Delete are
// set, each row is a record of its own that they store at once.
type Rows struct {
	widget.BaseWidget

	Table        *widget.Table
	AddButton    *Button
	EditButton   *Button
	RemoveButton *Button
	// Dialog is the open row dialog, nil when none is open.
	Dialog *RowDialog

	// OnChanged is called after a row was added, changed or removed in
	// memory.
	OnChanged func()
	// Save, when set, stores a new (row -1) or changed row and calls done
	// with the outcome; the dialog stays open, with the text the user
	// typed, until done reports success.
	Save func(row int, values []string, done func(error))
	// Delete, when set, removes a stored row and calls done with the
	// outcome.
	Delete func(row int, done func(error))
	// CheckRow, when set, checks the values of a row as a whole (formats,
	// what is needed, the order of dates) in place of each column's own
	// validator, and lists every problem.
	CheckRow func(values []string) error

	title    string
	cols     []Column
	shown    []int
	rows     [][]string
	selected int
	readOnly bool
	win      fyne.Window
	table    *rowTable
	wheel    *wheelRelay
}

// NewRows returns an editor of rows with cols. title names one row in the
// dialogs, e.g. "里程碑"; dialogs open over win.
func NewRows(win fyne.Window, title string, cols ...Column) *Rows {
	r := &Rows{title: title, cols: slices.Clone(cols), selected: -1, win: win}
	for i, c := range r.cols {
		if c.Width > 0 {
			r.shown = append(r.shown, i)
			// A column is at least as wide as its heading.
			r.cols[i].Width = max(c.Width, CellWidth(true, c.Label))
		}
	}
	r.ExtendBaseWidget(r)
	r.table = r.newTable()
	r.Table = &r.table.Table
	r.wheel = newWheelRelay()
	r.AddButton = NewButtonWithIcon(lang.L("uikit.add"), theme.ContentAddIcon(), r.onAdd)
	r.EditButton = NewButtonWithIcon(lang.L("uikit.edit"), theme.DocumentCreateIcon(), r.onEdit)
	r.RemoveButton = NewButtonWithIcon(lang.L("uikit.remove"), theme.DeleteIcon(), r.onRemove)
	r.updateButtons()
	return r
}

// CreateRenderer returns the renderer of the table and its buttons. The
// table shows every row, so that the form around it scrolls instead (see
// ForwardWheel).
func (r *Rows) CreateRenderer() fyne.WidgetRenderer {
	bar := container.NewHBox(r.AddButton, r.EditButton, r.RemoveButton)
	table := container.NewStack(WithMinSize(r.table, r.tableSize), r.wheel)
	return widget.NewSimpleRenderer(container.NewBorder(nil, bar, nil, nil, table))
}

// rowTable is the table of a Rows editor: Enter opens the selected row,
// Delete removes it.
type rowTable struct {
	widget.Table
	r *Rows
}

// TypedKey opens (Enter) or removes (Delete) the selected row, and moves
// the selection with the arrows and Space as tables do.
func (t *rowTable) TypedKey(key *fyne.KeyEvent) {
	switch key.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		t.r.onEdit()
	case fyne.KeyDelete:
		t.r.onRemove()
	default:
		if !forward(t, key.Name) {
			t.Table.TypedKey(key)
		}
	}
}

func (r *Rows) newTable() *rowTable {
	t := &rowTable{r: r}
	t.Length = func() (int, int) { return len(r.rows), len(r.shown) }
	t.CreateCell = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(r.cell(id.Row, r.shown[id.Col]))
	}
	t.ShowHeaderRow = true
	t.ExtendBaseWidget(t)
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(r.cols[r.shown[id.Col]].Label)
		}
	}
	for i, c := range r.shown {
		t.SetColumnWidth(i, r.cols[c].Width)
	}
	t.OnSelected = func(id widget.TableCellID) { r.selected = id.Row; r.updateButtons() }
	t.OnUnselected = func(widget.TableCellID) { r.selected = -1; r.updateButtons() }
	return t
}

// tableSize is the size that shows the header and every row (at least
// one, so that an empty table still reads as a table).
func (r *Rows) tableSize() fyne.Size {
	gap := theme.Padding() // the table's space between cells
	rowH := widget.NewLabel("Ag").MinSize().Height + gap
	n := max(len(r.rows), 1)
	w := float32(0)
	for _, c := range r.shown {
		w += r.cols[c].Width + gap
	}
	return fyne.NewSize(w, rowH*float32(n+1))
}

// cell returns the shown text of column col of row i.
func (r *Rows) cell(i, col int) string {
	if i < 0 || i >= len(r.rows) {
		return ""
	}
	return r.cols[col].display(r.rows[i][col])
}

// display returns how a value of the column reads.
func (c Column) display(v string) string {
	switch c.Kind {
	case ChoiceColumn:
		if v == "" {
			return ""
		}
		return lang.L(c.List + "." + v)
	case CheckColumn:
		return YesNo(v == "true")
	case LongTextColumn:
		return FirstLine(v, 60)
	case ListColumn:
		return c.listText(v)
	}
	return v
}

// listText names the values of a ListColumn by their labels; a value not
// among the options shows as it is.
func (c Column) listText(v string) string {
	var out []string
	for _, x := range strings.Split(v, ",") {
		if x = strings.TrimSpace(x); x == "" {
			continue
		}
		if i := slices.Index(c.Options, x); i >= 0 && i < len(c.OptionLabels) {
			x = c.OptionLabels[i]
		}
		out = append(out, x)
	}
	return strings.Join(out, lang.L("value.list_sep"))
}

// SetOptions gives the ListColumn with key the values it chooses from,
// their labels, and the value of a new row.
func (r *Rows) SetOptions(key string, values, labels []string, def string) {
	for i := range r.cols {
		if r.cols[i].Key == key {
			r.cols[i].Options, r.cols[i].OptionLabels, r.cols[i].Default = values, labels, def
		}
	}
	r.Table.Refresh()
}

// SetRows replaces the rows without calling OnChanged.
func (r *Rows) SetRows(rows [][]string) {
	r.rows = make([][]string, len(rows))
	for i, row := range rows {
		r.rows[i] = r.normalise(row)
	}
	r.selected = -1
	r.Table.UnselectAll()
	r.updateButtons()
	r.Table.Refresh()
	r.Refresh()
}

// normalise returns a copy of row with exactly one value per column.
func (r *Rows) normalise(row []string) []string {
	out := make([]string, len(r.cols))
	copy(out, row)
	return out
}

// Rows returns a copy of the rows.
func (r *Rows) Rows() [][]string {
	out := make([][]string, len(r.rows))
	for i, row := range r.rows {
		out[i] = append([]string(nil), row...)
	}
	return out
}

// Len returns the number of rows.
func (r *Rows) Len() int { return len(r.rows) }

// Select selects row i, as a click on it does.
func (r *Rows) Select(i int) {
	r.Table.Select(widget.TableCellID{Row: i, Col: 0})
}

// Text returns every row on a line of its own, with all its values.
func (r *Rows) Text() string {
	lines := make([]string, len(r.rows))
	for i, row := range r.rows {
		vals := make([]string, 0, len(row))
		for c, v := range row {
			if v != "" {
				vals = append(vals, r.cols[c].display(v))
			}
		}
		lines[i] = fmt.Sprintf("%d. %s", i+1, strings.Join(vals, lang.L("value.sentence_sep")))
	}
	return strings.Join(lines, "\n")
}

// SetReadOnly hides the buttons that change rows; 编辑 becomes 查看.
func (r *Rows) SetReadOnly(ro bool) {
	r.readOnly = ro
	r.updateButtons()
}

// Disable locks the rows (Fields calls it for read-only forms).
func (r *Rows) Disable() { r.SetReadOnly(true) }

// Enable unlocks the rows.
func (r *Rows) Enable() { r.SetReadOnly(false) }

func (r *Rows) updateButtons() {
	if r.readOnly {
		r.AddButton.Hide()
		r.RemoveButton.Hide()
		r.EditButton.SetText(lang.L("uikit.view"))
		r.EditButton.SetIcon(theme.VisibilityIcon())
	} else {
		r.AddButton.Show()
		r.RemoveButton.Show()
		r.EditButton.SetText(lang.L("uikit.edit"))
		r.EditButton.SetIcon(theme.DocumentCreateIcon())
	}
	has := r.selected >= 0 && r.selected < len(r.rows)
	setEnabled(r.EditButton, has)
	setEnabled(r.RemoveButton, has)
}

func (r *Rows) onAdd() {
	vals := make([]string, len(r.cols))
	for i, c := range r.cols {
		vals[i] = c.Default
	}
	r.openDialog(-1, vals)
}

func (r *Rows) onEdit() {
	if r.selected < 0 || r.selected >= len(r.rows) {
		return
	}
	r.openDialog(r.selected, r.rows[r.selected])
}

func (r *Rows) onRemove() {
	row := r.selected
	if r.readOnly || row < 0 || row >= len(r.rows) {
		return
	}
	msg := lang.L("uikit.remove_confirm", map[string]any{"What": r.title, "Row": r.summary(row)})
	ShowConfirm(r.win, ConfirmSpec{Title: lang.L("uikit.remove_title", map[string]any{"What": r.title}),
		Message: msg, Confirm: lang.L("uikit.remove"), Danger: true, OnConfirm: func() { r.removeRow(row) }})
}

// summary names row i by the values of its first shown columns.
func (r *Rows) summary(i int) string {
	var vals []string
	for _, c := range r.shown {
		if v := r.cell(i, c); v != "" {
			vals = append(vals, v)
		}
		if len(vals) == 2 {
			break
		}
	}
	return strings.Join(vals, " ")
}

func (r *Rows) removeRow(row int) {
	if row >= len(r.rows) {
		return // the rows changed while the user was asked
	}
	if r.Delete == nil {
		r.rows = append(r.rows[:row], r.rows[row+1:]...)
		r.afterChange()
		return
	}
	r.Delete(row, func(err error) {
		ShowError("delete row", err, r.win)
	})
}

// afterChange refreshes the table after an in-memory change.
func (r *Rows) afterChange() {
	r.selected = -1
	r.Table.UnselectAll()
	r.updateButtons()
	r.Table.Refresh()
	r.Refresh()
	if r.OnChanged != nil {
		r.OnChanged()
	}
}

func (r *Rows) openDialog(row int, vals []string) {
	r.Dialog = newRowDialog(r, row, vals)
	r.Dialog.dlg.Show()
}

// ForwardWheel makes the mouse wheel over the tables of Rows editors and
// over multi-line entries in content scroll s, the form they are part of:
// the tables show all their rows and have nothing to scroll themselves,
// nor has an entry whose text fits.
func ForwardWheel(s *container.Scroll, content fyne.CanvasObject) {
	walkVisible(content, func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *Rows:
			x.wheel.target = s
			return false
		case *Entry:
			if x.wheel != nil {
				x.wheel.target = s
			}
			return false
		}
		return true
	})
}

// Editing reports whether a row dialog is open.
func (r *Rows) Editing() bool { return r.Dialog != nil }

// commit stores the values of the row dialog as row (-1 adds one).
func (r *Rows) commit(d *RowDialog, vals []string) {
	if r.Save == nil {
		if d.row < 0 || d.row >= len(r.rows) {
			r.rows = append(r.rows, vals)
		} else {
			r.rows[d.row] = vals
		}
		d.close()
		r.afterChange()
		return
	}
	d.OK.Disable()
	r.Save(d.row, vals, func(err error) {
		d.OK.Enable()
		if err != nil {
			fyne.LogError("save row", err)
			d.showProblem(Message(err))
			return
		}
		d.close()
	})
}

// Selected returns the selected row, -1 when none is.
func (r *Rows) Selected() int { return r.selected }

// wheelRelay lies over a table or a multi-line entry and hands the mouse
// wheel to the scroll of the form around it, or to own when that returns
// a scroll of the widget below that has something to scroll. It takes no
// taps or hovering, which reach the widget below.
type wheelRelay struct {
	widget.BaseWidget
	target *container.Scroll
	own    func() fyne.Scrollable
}

func newWheelRelay() *wheelRelay {
	w := &wheelRelay{}
	w.ExtendBaseWidget(w)
	return w
}

// Scrolled scrolls the widget below if it has something to scroll, else
// the form, if it is known.
func (w *wheelRelay) Scrolled(ev *fyne.ScrollEvent) {
	if w.own != nil {
		if s := w.own(); s != nil || w.target == nil {
			if s != nil {
				s.Scrolled(ev)
			}
			return
		}
	}
	if w.target != nil {
		w.target.Scrolled(ev)
	}
}

// CreateRenderer draws nothing.
func (w *wheelRelay) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(layout.NewSpacer())
}
