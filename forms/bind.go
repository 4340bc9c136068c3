package forms

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// extra is what a form's layout says about one field beyond the field's
// description.
type extra struct {
	// lines is the number of lines a long text shows.
	lines int
	// placeholder is shown in an empty entry, such as an example; beside a
	// check box it is the box's text.
	placeholder string
	// hint is shown under the input.
	hint string
	// def is the value of a new row or record.
	def string
	// total labels the sum shown under a table with a total (Field.Total).
	total string
	// status, when set, shows the read-only field as this text of the
	// record instead of its value.
	status func(rec any) string
	// hintOf, when set, is the hint under the input, from the case.
	hintOf func(cd *caseData) string
}

// binding is the widgets of a described record, one per field the form
// shows, made after the field's kind and found by the field's key: it
// shows a record in them and reads them back into one. Fields the store
// fills in are shown read-only; the procedure's own bookkeeping is left
// out.
type binding struct {
	Fields *uikit.Fields

	desc  *data.Record
	list  []*bound
	byKey map[string]*bound
	// now is the store's clock, for times that must not be in the future.
	now func() time.Time
}

// bound is one field and its widgets; which of them is set depends on the
// field's kind.
type bound struct {
	f      *data.Field
	x      extra
	entry  *uikit.Entry
	note   *uikit.Entry // the notes of a rating
	choice *uikit.Choice
	check  *uikit.Check
	rows   *uikit.Rows
	static *widget.Label
	total  *widget.Label
}

// newBinding makes the widgets of every field of r a form shows, in form
// order and sections, with the layout's extras by field key. current
// returns the record as the form holds it now, for fields required only
// at times; row dialogs open over win and check rows against now.
func newBinding(win fyne.Window, r *data.Record, extras map[string]extra, current func() any,
	now func() time.Time) *binding {
	b := &binding{Fields: uikit.NewFields(), desc: r, byKey: map[string]*bound{}, now: now}
	for _, f := range r.Fields {
		if f.Filler == data.ByWorkflow {
			continue
		}
		if f.Section != "" {
			b.Fields.Section(lang.L(f.Section))
		}
		bf := &bound{f: f, x: extras[f.Key]}
		spec := fieldSpec(f, bf.x)
		if f.OptionalIf != nil {
			spec.Needed = func() bool { return r.RequiredIn(f, current()) }
		}
		b.add(win, bf, spec)
		b.list = append(b.list, bf)
		b.byKey[f.Key] = bf
	}
	return b
}

// add makes the widget of a field after its kind.
func (b *binding) add(win fyne.Window, bf *bound, spec uikit.Spec) {
	fs, f := b.Fields, bf.f
	switch {
	case f.Filler == data.ByStore:
		bf.static = fs.Static(spec)
	case f.Kind == data.KindChoice:
		bf.choice = fs.Choice(spec, f.List)
	case f.Kind.Ref():
		bf.choice = fs.Pick(spec, uikit.NewPick(nil, nil))
	case f.Kind == data.KindRated:
		bf.choice, bf.note = fs.Rated(spec, f.List)
	case f.Kind == data.KindBool:
		bf.check = fs.Check(spec, bf.x.placeholder)
	case f.Kind == data.KindRows:
		bf.rows = fs.Rows(spec, uikit.NewRows(win, vocab("row", f.Rows.Table), columnsOf(f.Rows, nil)...))
		bf.rows.CheckRow = func(vals []string) error { return f.Rows.CheckInputs(vals, b.now()) }
		if f.Total != "" {
			bf.total = fs.Static(uikit.Spec{Key: f.Key + ".total", Label: totalLabel(bf)})
		}
	default:
		bf.entry = fs.Entry(spec)
	}
}

// totalLabel labels the sum under a table: the layout's label, else the
// table's.
func totalLabel(bf *bound) string {
	if bf.x.total != "" {
		return bf.x.total
	}
	return lang.L(bf.f.LabelKey())
}

// fieldSpec is the input of a field: its label, star and validator from
// the description, the rest from the layout or the field's kind.
func fieldSpec(f *data.Field, x extra) uikit.Spec {
	s := uikit.Spec{Key: f.Key, Label: lang.L(f.LabelKey()), Required: f.Required && f.Filler == data.ByUser,
		Valid: f.Valid, Lines: x.lines, Placeholder: x.placeholder, Hint: x.hint}
	switch f.Kind {
	case data.KindLongText:
		s.Lines = orLines(s.Lines, 3)
	case data.KindRated:
		s.Valid, s.Lines = data.ValidText, orLines(s.Lines, 2) // the rating is a choice; its notes are typed
	case data.KindDate:
		s.Placeholder = or(s.Placeholder, lang.L("case.date_placeholder"))
	case data.KindDateTime:
		s.Placeholder = or(s.Placeholder, lang.L("case.datetime_placeholder"))
	case data.KindMoney:
		s.Placeholder = or(s.Placeholder, "0.00")
	}
	return s
}

// orLines returns n, or def when n is 0.
func orLines(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}

// or returns s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// columnsOf returns the columns of a table of records described by r: a
// row's dialog shows every field, the table those with a width.
func columnsOf(r *data.Record, extras map[string]extra) []uikit.Column {
	var cols []uikit.Column
	for _, f := range r.Fields {
		if f.Filler == data.ByWorkflow {
			continue
		}
		x := extras[f.Key]
		c := uikit.Column{Spec: fieldSpec(f, x), List: f.List, Width: f.Width, Default: x.def}
		switch {
		case f.Filler == data.ByStore:
			c.Kind = uikit.StaticColumn
		case f.Kind == data.KindChoice:
			c.Kind = uikit.ChoiceColumn
		case f.Kind == data.KindBool:
			c.Kind = uikit.CheckColumn
		case f.Kind == data.KindLongText:
			c.Kind = uikit.LongTextColumn
		case f.Kind == data.KindSystems:
			c.Kind = uikit.ListColumn
		}
		cols = append(cols, c)
	}
	return cols
}

// offer gives the drop-downs of references the records they may choose,
// as values (IDs) and labels by kind, and the columns of tables listing
// systems (KindSystems) theirs, the first ticked in a new row.
func (b *binding) offer(choices func(data.FieldKind) (values, labels []string)) {
	for _, bf := range b.list {
		if bf.f.Kind.Ref() && bf.choice != nil {
			bf.choice.SetChoices(choices(bf.f.Kind))
		}
		if bf.rows == nil {
			continue
		}
		for _, c := range bf.f.Rows.Fields {
			if c.Kind == data.KindSystems {
				values, labels := choices(c.Kind)
				def := ""
				if len(values) > 0 {
					def = values[0] // the case's own system
				}
				bf.rows.SetOptions(c.Key, values, labels, def)
			}
		}
	}
}

// show puts the fields of rec into the widgets; references read-only are
// named after names.
func (b *binding) show(rec any, names data.Names) {
	for _, bf := range b.list {
		bf.show(rec, names)
	}
	b.update(rec, names)
}

func (bf *bound) show(rec any, names data.Names) {
	f := bf.f
	switch {
	case bf.static != nil:
	case bf.note != nil:
		r := f.Rating(rec)
		bf.choice.SetValue(r.Rating)
		bf.note.SetText(r.Notes)
	case bf.choice != nil:
		bf.choice.SetValue(f.Input(rec))
	case bf.check != nil:
		bf.check.SetChecked(f.Input(rec) == "true")
	case bf.rows != nil:
		bf.rows.SetRows(f.RowInputs(rec))
	default:
		bf.entry.SetText(f.Input(rec))
	}
}

// update shows what follows from rec, the record as the form holds it:
// the read-only fields, the totals of tables and the stars of fields
// required only at times.
func (b *binding) update(rec any, names data.Names) {
	for _, bf := range b.list {
		switch {
		case bf.static != nil && bf.x.status != nil:
			bf.static.SetText(bf.x.status(rec))
		case bf.static != nil:
			bf.static.SetText(bf.f.Text(uikit.Language(), rec, names))
		case bf.total != nil:
			bf.total.SetText(lang.L("case.yuan", map[string]any{"Amount": bf.f.Sum(rec).String()}))
		}
	}
	b.Fields.Relabel()
}

// read reads the widgets into the fields of rec (a pointer) that the user
// fills in; the error lists every value that cannot be read.
func (b *binding) read(rec any) error {
	var errs []error
	for _, bf := range b.list {
		if err := bf.read(rec); err != nil {
			errs = append(errs, err)
		}
	}
	return data.JoinProblems(errs)
}

func (bf *bound) read(rec any) error {
	f := bf.f
	switch {
	case bf.static != nil:
		return nil
	case bf.note != nil:
		*f.Rating(rec) = data.Rating{Rating: bf.choice.Value(), Notes: bf.note.Text}
		return nil
	case bf.choice != nil:
		return f.SetInput(rec, bf.choice.Value())
	case bf.check != nil:
		return f.SetInput(rec, strconv.FormatBool(bf.check.Checked))
	case bf.rows != nil:
		rows := bf.rows.Rows()
		if len(rows) == 0 && f.Len(rec) == 0 {
			return nil // an empty table stays as it was read, no edit of the user's
		}
		return f.SetRowInputs(rec, rows)
	}
	return f.SetInput(rec, bf.entry.Text)
}

// Entry returns the entry of the field with key, nil when it has none.
func (b *binding) Entry(key string) *uikit.Entry { return b.field(key).entry }

// Notes returns the entry of the notes of the rating with key.
func (b *binding) Notes(key string) *uikit.Entry { return b.field(key).note }

// Choice returns the drop-down of the field with key (a choice, a rating
// or a reference), nil when it has none.
func (b *binding) Choice(key string) *uikit.Choice { return b.field(key).choice }

// Check returns the check box of the field with key.
func (b *binding) Check(key string) *uikit.Check { return b.field(key).check }

// Rows returns the table of the field with key.
func (b *binding) Rows(key string) *uikit.Rows { return b.field(key).rows }

// Static returns the read-only text of the field with key.
func (b *binding) Static(key string) *widget.Label { return b.field(key).static }

// Total returns the sum shown under the table of the field with key.
func (b *binding) Total(key string) *widget.Label { return b.field(key).total }

// field returns the widgets of the field with key; none for a field the
// form does not show.
func (b *binding) field(key string) *bound {
	if bf := b.byKey[key]; bf != nil {
		return bf
	}
	return &bound{}
}
