package forms

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// recordList is the table of the records of a form of which a case has
// several, each saved on its own (backups, tests, costs, training
// sessions): its columns are the fields of the record's description, a row
// is a record. 添加 and 编辑 save the record of the dialog at once, 删除
// removes it after asking.
type recordList struct {
	w    *caseWindow
	kind data.Form
	desc *data.Record
	lay  layout
	cols []*data.Field
	recs []any

	Rows    *uikit.Rows
	Note    *widget.Label
	Summary *widget.Label
	box     fyne.CanvasObject
}

func newRecordList(w *caseWindow, kind data.Form) *recordList {
	l := &recordList{w: w, kind: kind, desc: data.RecordOf(kind), lay: layoutOf(kind, w.user())}
	for _, f := range l.desc.Fields {
		if f.Filler != data.ByWorkflow {
			l.cols = append(l.cols, f)
		}
	}
	l.Rows = uikit.NewRows(w.win, l.title(), columnsOf(l.desc, l.lay.extras)...)
	l.Rows.Save = l.onSave
	l.Rows.Delete = l.onDelete
	l.Rows.CheckRow = func(vals []string) error { return l.desc.CheckInputs(vals, w.store().Now()) }
	l.Note = widget.NewLabel("")
	l.Note.Wrapping = fyne.TextWrapWord
	l.Summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Summary.Wrapping = fyne.TextWrapWord
	l.box = container.NewVBox(l.Note, l.Rows, l.Summary)
	return l
}

func (l *recordList) content() fyne.CanvasObject { return l.box }

func (l *recordList) title() string { return vocab("form", string(l.kind)) }

// load shows the records of cd, locked when the user may not change them.
// While a record's dialog is open the list stays as it is, so that the
// dialog still saves the record it was opened on; it is read again after.
func (l *recordList) load(cd *caseData) {
	if l.Rows.Editing() {
		return
	}
	l.recs = cd.records(l.kind)
	rows := make([][]string, len(l.recs))
	for i, rec := range l.recs {
		rows[i] = make([]string, len(l.cols))
		for j, f := range l.cols {
			rows[i][j] = f.Input(rec)
		}
	}
	l.Rows.SetRows(rows)
	err := data.CanEdit(l.w.user(), cd.c(), l.kind)
	l.Rows.SetReadOnly(err != nil)
	l.Note.SetText("")
	if err != nil {
		l.Note.SetText(uikit.Message(err))
	} else if l.lay.note != nil {
		l.Note.SetText(l.lay.note(cd))
	}
	l.Summary.Hide()
	if l.lay.summary != nil {
		text, warn := l.lay.summary(cd)
		l.Summary.Importance = widget.MediumImportance
		if warn {
			l.Summary.Importance = widget.DangerImportance
		}
		l.Summary.SetText(text)
		l.Summary.Show()
	}
}

// record returns a copy of the record of row, or a new record for row -1.
func (l *recordList) record(row int) any {
	if row < 0 || row >= len(l.recs) {
		return l.desc.NewFor(l.w.caseID)
	}
	return clone(l.recs[row])
}

// onSave stores the record of the row dialog off the UI goroutine.
func (l *recordList) onSave(row int, vals []string, done func(error)) {
	rec := l.record(row)
	for i, f := range l.cols {
		if f.Filler != data.ByUser {
			continue
		}
		if err := f.SetInput(rec, vals[i]); err != nil {
			done(err)
			return
		}
	}
	l.store(func(s *data.Store, ss *data.Session) error { return s.SaveStage(ss, rec) }, done)
}

// onDelete removes the record of row off the UI goroutine.
func (l *recordList) onDelete(row int, done func(error)) {
	rec := l.record(row)
	l.store(func(s *data.Store, ss *data.Session) error { return s.DeleteStage(ss, rec) }, done)
}

// store runs op off the UI goroutine and reads the case again after it.
func (l *recordList) store(op saveOp, done func(error)) {
	l.w.run(func() error { return op(l.w.store(), l.w.session()) }, func(err error) {
		done(err)
		if err == nil {
			l.w.afterSave()
		}
	})
}
