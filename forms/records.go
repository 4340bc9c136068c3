package forms

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// recordKind describes a form of which a case has several records, each
// saved on its own (backups, tests, costs, training sessions): how its
// records read as rows and back, and how the store keeps them.
type recordKind[T any] struct {
	form data.Form
	// title names one record in dialogs.
	title string
	cols  []uikit.Column
	list  func(cd *caseData) []T
	// blank returns a new record of the case.
	blank   func(caseID uint) T
	toRow   func(r *T) []string
	fromRow func(r *T, vals []string) error
	save    func(s *data.Store, u *data.User, r *T) error
	del     func(s *data.Store, u *data.User, r *T) error
	// summary, when set, is shown under the table, such as a total.
	summary func(cd *caseData) string
}

// recordList is the table of the records of one recordKind: 添加 and 编辑
// save the record of the dialog at once, 删除 removes it after asking.
type recordList[T any] struct {
	w    *caseWindow
	kind recordKind[T]
	recs []T

	Rows    *uikit.Rows
	Note    *widget.Label
	Summary *widget.Label
	box     fyne.CanvasObject
}

func newRecordList[T any](w *caseWindow, k recordKind[T]) *recordList[T] {
	l := &recordList[T]{w: w, kind: k}
	l.Rows = uikit.NewRows(w.win, k.title, k.cols...)
	l.Rows.Save = l.onSave
	l.Rows.Delete = l.onDelete
	l.Note = widget.NewLabel("")
	l.Note.Wrapping = fyne.TextWrapWord
	l.Summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.box = container.NewVBox(l.Note, l.Rows, l.Summary)
	return l
}

func (l *recordList[T]) content() fyne.CanvasObject { return l.box }

func (l *recordList[T]) title() string { return vocab("form", string(l.kind.form)) }

// load shows the records of cd, locked when the user may not change them.
// While a record's dialog is open the list stays as it is, so that the
// dialog still saves the record it was opened on; it is read again after.
func (l *recordList[T]) load(cd *caseData) {
	if l.Rows.Editing() {
		return
	}
	l.recs = l.kind.list(cd)
	rows := make([][]string, len(l.recs))
	for i := range l.recs {
		rows[i] = l.kind.toRow(&l.recs[i])
	}
	l.Rows.SetRows(rows)
	err := data.CanEdit(l.w.user(), cd.c(), l.kind.form)
	l.Rows.SetReadOnly(err != nil)
	l.Note.SetText("")
	if err != nil {
		l.Note.SetText(uikit.Message(err))
	}
	l.Summary.Hide()
	if l.kind.summary != nil {
		l.Summary.SetText(l.kind.summary(cd))
		l.Summary.Show()
	}
}

// record returns a copy of record row, or a new record for row -1.
func (l *recordList[T]) record(row int) T {
	if row < 0 || row >= len(l.recs) {
		return l.kind.blank(l.w.caseID)
	}
	return l.recs[row]
}

// onSave stores the record of the row dialog off the UI goroutine.
func (l *recordList[T]) onSave(row int, vals []string, done func(error)) {
	r := l.record(row)
	if err := l.kind.fromRow(&r, vals); err != nil {
		done(err)
		return
	}
	l.w.run(func() error { return l.kind.save(l.w.store(), l.w.user(), &r) }, func(err error) {
		done(err)
		if err == nil {
			l.w.afterSave()
		}
	})
}

// onDelete removes the record of row off the UI goroutine.
func (l *recordList[T]) onDelete(row int, done func(error)) {
	r := l.record(row)
	l.w.run(func() error { return l.kind.del(l.w.store(), l.w.user(), &r) }, func(err error) {
		done(err)
		if err == nil {
			l.w.afterSave()
		}
	})
}
