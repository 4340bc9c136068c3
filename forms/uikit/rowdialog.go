package uikit

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// RowDialog is the dialog that adds, changes or shows one row of a Rows
// editor: one input per column, 确定 and 取消.
type RowDialog struct {
	OK     *Button
	Cancel *Button
	// Problem shows why the row cannot be stored yet.
	Problem *widget.Label

	rows    *Rows
	row     int
	inputs  []input
	widgets []fyne.CanvasObject
	items   []*widget.FormItem
	dlg     *Dialog
}

func newRowDialog(r *Rows, row int, vals []string) *RowDialog {
	d := &RowDialog{rows: r, row: row}
	var items []*widget.FormItem
	for i, c := range r.cols {
		in, obj := newColumnInput(c)
		in.setValue(vals[i])
		in.setEnabled(!r.readOnly)
		d.inputs = append(d.inputs, in)
		d.widgets = append(d.widgets, obj)
		item := widget.NewFormItem(c.label(), obj)
		item.HintText = c.Hint
		items = append(items, item)
	}
	d.items = items
	d.Problem = widget.NewLabel("")
	d.Problem.Importance = widget.DangerImportance
	d.Problem.Wrapping = fyne.TextWrapWord
	d.Problem.Hide()
	d.Cancel = NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), d.close)
	d.OK = NewButtonWithIcon(lang.L("OK"), theme.ConfirmIcon(), d.onOK)
	d.OK.Importance = widget.HighImportance
	content := container.NewVBox(&widget.Form{Items: items}, d.Problem)
	d.dlg = NewDialog(d.title(), content, r.win)
	d.dlg.OnEscape(d.close)
	if r.readOnly {
		d.Cancel.SetText(lang.L("uikit.close"))
		d.dlg.SetButtons(d.Cancel)
		d.dlg.OnEnter(d.close)
	} else {
		d.dlg.SetButtons(d.Cancel, d.OK)
		d.dlg.OnEnter(d.onOK)
	}
	d.dlg.Resize(fyne.NewSize(560, content.MinSize().Height+120))
	return d
}

func (d *RowDialog) title() string {
	key := "uikit.row_edit"
	switch {
	case d.rows.readOnly:
		key = "uikit.row_view"
	case d.row < 0:
		key = "uikit.row_add"
	}
	return lang.L(key, map[string]any{"What": d.rows.title})
}

// newColumnInput returns the input widget of a column.
func newColumnInput(c Column) (input, fyne.CanvasObject) {
	switch c.Kind {
	case ChoiceColumn:
		ch := NewChoice(c.List, choiceValues(c.List))
		return choiceInput{ch}, ch
	case CheckColumn:
		ck := NewCheck(c.Placeholder, nil)
		return checkInput{ck}, ck
	case StaticColumn:
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		return &staticInput{l: l, c: c}, l
	case ListColumn:
		g := widget.NewCheckGroup(c.OptionLabels, nil)
		return &listInput{g: g, c: c}, g
	case LongTextColumn:
		if c.Lines < 2 {
			c.Lines = 3
		}
	}
	e := NewEntry(c.Spec)
	return newEntryInput(e), e
}

// widget returns the input widget of the column with key, nil when there
// is none.
func (d *RowDialog) widget(key string) fyne.CanvasObject {
	for i, c := range d.rows.cols {
		if c.Key == key {
			return d.widgets[i]
		}
	}
	return nil
}

// Entry returns the entry of the column with key, nil when it has none.
func (d *RowDialog) Entry(key string) *Entry {
	e, _ := d.widget(key).(*Entry)
	return e
}

// Choice returns the drop-down of the column with key, nil when it has
// none.
func (d *RowDialog) Choice(key string) *Choice {
	c, _ := d.widget(key).(*Choice)
	return c
}

// CheckGroup returns the check boxes of the ListColumn with key, nil when
// it has none.
func (d *RowDialog) CheckGroup(key string) *widget.CheckGroup {
	g, _ := d.widget(key).(*widget.CheckGroup)
	return g
}

// Check returns the check box of the column with key, nil when it has
// none.
func (d *RowDialog) Check(key string) *Check {
	c, _ := d.widget(key).(*Check)
	return c
}

// Label returns the label shown beside the input of the column with key,
// marked when it is required; "" when there is no such column.
func (d *RowDialog) Label(key string) string {
	for i, c := range d.rows.cols {
		if c.Key == key {
			return d.items[i].Text
		}
	}
	return ""
}

// Value returns the value the input of the column with key holds, "" when
// there is no such column.
func (d *RowDialog) Value(key string) string {
	for i, c := range d.rows.cols {
		if c.Key == key {
			return d.inputs[i].value()
		}
	}
	return ""
}

// Values returns the values the inputs hold, one per column.
func (d *RowDialog) Values() []string {
	out := make([]string, len(d.inputs))
	for i, in := range d.inputs {
		out[i] = in.value()
	}
	return out
}

// onOK checks the values against the columns and stores the row.
func (d *RowDialog) onOK() {
	vals := d.Values()
	if check := d.rows.CheckRow; check != nil {
		if err := check(vals); err != nil {
			d.showProblem(Message(err))
			return
		}
		d.rows.commit(d, vals)
		return
	}
	for i, c := range d.rows.cols {
		valid := c.validator()
		if valid == nil {
			continue
		}
		if err := valid(vals[i]); err != nil {
			d.showProblem(FieldProblem(c.Label, err).Error())
			return
		}
	}
	d.rows.commit(d, vals)
}

func (d *RowDialog) showProblem(msg string) {
	d.Problem.SetText(msg)
	d.Problem.Show()
}

func (d *RowDialog) close() {
	d.dlg.Hide()
	if d.rows.Dialog == d {
		d.rows.Dialog = nil
	}
}

// staticInput shows a column's value read-only and hands it back as it is.
type staticInput struct {
	l *widget.Label
	c Column
	v string
}

func (i *staticInput) text() string       { return i.l.Text }
func (i *staticInput) value() string      { return i.v }
func (i *staticInput) setValue(v string)  { i.v = v; i.l.SetText(i.c.display(v)) }
func (i *staticInput) setEnabled(bool)    {}
func (i *staticInput) onChange(fn func()) {}

// listInput is the check boxes of a ListColumn: a box per option; its
// value lists the values of those ticked, in the order of the options,
// then any value of the row that is no option (kept as it was).
type listInput struct {
	g     *widget.CheckGroup
	c     Column
	extra []string
}

func (i *listInput) text() string { return i.c.display(i.value()) }

func (i *listInput) value() string {
	var out []string
	for j, l := range i.c.OptionLabels {
		if slices.Contains(i.g.Selected, l) && j < len(i.c.Options) {
			out = append(out, i.c.Options[j])
		}
	}
	return strings.Join(append(out, i.extra...), ",")
}

func (i *listInput) setValue(v string) {
	var sel []string
	i.extra = nil
	for _, x := range strings.Split(v, ",") {
		if x = strings.TrimSpace(x); x == "" {
			continue
		}
		if j := slices.Index(i.c.Options, x); j >= 0 && j < len(i.c.OptionLabels) {
			sel = append(sel, i.c.OptionLabels[j])
		} else {
			i.extra = append(i.extra, x)
		}
	}
	i.g.SetSelected(sel)
}

func (i *listInput) setEnabled(on bool) { setEnabled(i.g, on) }
func (i *listInput) onChange(fn func()) { i.g.OnChanged = func([]string) { fn() } }
