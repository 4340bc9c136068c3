package forms

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// saveOp stores a record read from a form.
type saveOp func(s *data.Store, u *data.User) error

// recordForm is what a form of one record does itself; formFrame does the
// rest.
type recordForm interface {
	// rebase takes the stored record from cd as the base of the next save.
	rebase(cd *caseData)
	// show puts the base record into the widgets.
	show()
	// prepare reads the widgets into a copy of the base record and returns
	// the store call that saves it.
	prepare() (saveOp, error)
	// meta returns the base record's bookkeeping.
	meta() *data.Meta
}

// filledByer is a record form whose record's own bookkeeping does not say
// who filled the form in: it returns who and when.
type filledByer interface {
	filledBy() *data.Meta
}

// formFrame is what every form of one record shares: its fields, a Save
// button, a note saying who filled it in or why it is locked, the tracking
// of unsaved edits, and the save with its conflict handling.
type formFrame struct {
	w    *caseWindow
	kind data.Form
	rec  recordForm
	// twin builds the same form on another window, to show a stored
	// version next to the user's edits.
	twin func(w *caseWindow) *formFrame

	Fields     *uikit.Fields
	SaveButton *widget.Button
	Note       *widget.Label

	// onEdit, when set, is called after the user changed a field.
	onEdit func()

	dirty    bool
	edits    int
	loading  bool
	editable bool
	bar      *fyne.Container
	box      fyne.CanvasObject
}

// newFrame returns the frame of form kind; the caller adds the fields
// and then calls attach with the form.
func newFrame(w *caseWindow, kind data.Form) *formFrame {
	fr := &formFrame{w: w, kind: kind, Fields: uikit.NewFields()}
	fr.Fields.OnChanged = fr.changed
	fr.SaveButton = widget.NewButtonWithIcon(lang.L("case.save"), theme.DocumentSaveIcon(), fr.onSave)
	fr.SaveButton.Importance = widget.HighImportance
	fr.Note = widget.NewLabel("")
	fr.Note.Wrapping = fyne.TextWrapWord
	return fr
}

// attach connects the frame with its form and registers it with the
// window.
func (fr *formFrame) attach(rec recordForm, twin func(w *caseWindow) *formFrame) *formFrame {
	fr.rec, fr.twin = rec, twin
	fr.w.frames = append(fr.w.frames, fr)
	fr.bar = container.NewBorder(nil, nil, fr.SaveButton, nil, fr.Note)
	fr.box = container.NewVBox(fr.bar, fr.Fields.Content())
	return fr
}

// content returns the Save bar over the fields.
func (fr *formFrame) content() fyne.CanvasObject { return fr.box }

// changed records a change the user made.
func (fr *formFrame) changed() {
	if fr.loading {
		return
	}
	fr.dirty = true
	fr.edits++
	if fr.onEdit != nil {
		fr.onEdit()
	}
	fr.w.updateTitle()
}

// load shows the case as read in cd. Unsaved edits are kept, as is a form
// with a row dialog open: the form then keeps its widgets and the version
// it was based on.
func (fr *formFrame) load(cd *caseData) {
	err := data.CanEdit(fr.w.user(), cd.c(), fr.kind)
	fr.editable = err == nil
	if !fr.dirty && !fr.Fields.Editing() {
		fr.refill(cd)
	}
	fr.Fields.SetReadOnly(!fr.editable)
	fr.SaveButton.Enable()
	if fr.editable {
		fr.SaveButton.Show()
	} else {
		fr.SaveButton.Hide()
	}
	if fr.bar != nil {
		fr.bar.Refresh() // lay the note out again where the button was
	}
	fr.Note.SetText(fr.noteText(err))
}

// refill puts the stored record of cd into the widgets.
func (fr *formFrame) refill(cd *caseData) {
	fr.loading = true
	defer func() { fr.loading = false }()
	fr.rec.rebase(cd)
	fr.rec.show()
	fr.dirty = false
}

// noteText says who filled the record in and, when it is locked, why;
// an editable form recalls what the asterisks mean.
func (fr *formFrame) noteText(why error) string {
	m := fr.rec.meta()
	if fb, ok := fr.rec.(filledByer); ok {
		m = fb.filledBy()
	}
	parts := []string{filledBy(m)}
	if why == nil {
		parts = append(parts, lang.L("case.required_legend"))
	} else {
		parts = append(parts, uikit.Message(why))
	}
	if parts[0] == "" {
		parts = parts[1:]
	}
	return strings.Join(parts, "  ·  ")
}

// onSave saves the record off the UI goroutine. The Save button stays
// locked until the saved record is read back, so that a second tap cannot
// save on the version just replaced.
func (fr *formFrame) onSave() {
	op, err := fr.rec.prepare()
	if err != nil {
		uikit.ShowError("read form", err, fr.w.win)
		return
	}
	edits := fr.edits
	fr.SaveButton.Disable()
	fr.w.run(func() error { return op(fr.w.store(), fr.w.user()) }, func(err error) {
		if err != nil {
			fr.SaveButton.Enable()
			fr.w.saveFailed(fr, err)
			return
		}
		fr.saved(edits)
		fr.w.afterSave()
	})
}

// saved marks the form clean unless the user changed it while saving.
func (fr *formFrame) saved(edits int) {
	if fr.edits == edits {
		fr.dirty = false
	}
}

// discard drops the unsaved edits; the next load refills the widgets.
func (fr *formFrame) discard() {
	fr.dirty = false
	fr.w.updateTitle()
}
