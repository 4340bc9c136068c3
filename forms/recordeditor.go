package forms

import (
	"time"

	"fyne.io/fyne/v2"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// RecordEditor shows a described record that is no form of a case — a
// template of standard changes, say — as the case window's forms show
// theirs: the same widgets after the fields' kinds, labels, sections,
// stars and checks, and tables with their row dialogs.
type RecordEditor struct {
	b   *binding
	rec any
	r   *data.Record
}

// NewRecordEditor builds the fields of records described by r, in win;
// choices gives the records a reference may choose, by kind; now is the
// store's clock.
func NewRecordEditor(win fyne.Window, r *data.Record, choices func(data.FieldKind) (values, labels []string),
	now func() time.Time) *RecordEditor {
	e := &RecordEditor{r: r}
	e.b = newBinding(win, r, nil, e.current, now)
	e.b.offer(choices)
	e.b.Fields.OnChanged = func() { e.b.update(e.current(), nil) }
	return e
}

// current returns the record as the editor holds it now.
func (e *RecordEditor) current() any {
	if e.rec == nil || e.b == nil {
		return e.r.New()
	}
	cur := clone(e.rec)
	_ = e.b.read(cur)
	return cur
}

// Show puts rec (a pointer) into the fields; names names its references
// shown read-only.
func (e *RecordEditor) Show(rec any, names data.Names) {
	e.rec = rec
	e.b.show(rec, names)
}

// Read reads the fields into a copy of the record shown and returns it;
// the error lists every value that cannot be read.
func (e *RecordEditor) Read() (any, error) {
	cp := clone(e.rec)
	return cp, e.b.read(cp)
}

// SetReadOnly locks or unlocks every field.
func (e *RecordEditor) SetReadOnly(ro bool) { e.b.Fields.SetReadOnly(ro) }

// Content returns the fields.
func (e *RecordEditor) Content() fyne.CanvasObject { return e.b.Fields.Content() }

// Entry, Choice and Rows return the widget of the field with key, for
// tests.
func (e *RecordEditor) Entry(key string) *uikit.Entry { return e.b.Entry(key) }

// Choice returns the drop-down of the field with key.
func (e *RecordEditor) Choice(key string) *uikit.Choice { return e.b.Choice(key) }

// Rows returns the table of the field with key.
func (e *RecordEditor) Rows(key string) *uikit.Rows { return e.b.Rows(key) }
