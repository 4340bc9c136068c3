package forms

import (
	"reflect"
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
type saveOp func(s *data.Store, ss *data.Session) error

// stageForm is the form of a stage record of which a case has one (the
// request, the assessment, the plan …): the widgets of its description
// bound to the record, a Save button, a note saying who filled it in or
// why it is locked, the tracking of unsaved edits, and the save with its
// conflict handling. What is particular to a form is its layout.
type stageForm struct {
	*binding
	w    *caseWindow
	kind data.Form
	lay  layout
	cd   *caseData
	// base is the stored record the next save is based on; saved is the
	// record of the last save, with the ID the store gave it.
	base, saved any

	SaveButton *uikit.Button
	Note       *widget.Label

	dirty bool
	// prefilled marks a record never saved that the store filled in for
	// the user (the registration from the case and its system): what the
	// form shows is not stored yet, as if the user had typed it.
	prefilled bool
	edits     int
	loading   bool
	editable  bool
	// why is the reason the user may not fill the form now, nil if they
	// may.
	why error
	// seen is the last entry of the case's history the user knew of when
	// the form was first shown or, since, when they saved it; others' saves
	// of the record after it are told in the note. shown is the last entry
	// the note tells of.
	seen, shown int64
	primed      bool
	bar         *fyne.Container
	box         fyne.CanvasObject
}

// newStageForm builds form kind on window w after its layout.
func newStageForm(w *caseWindow, kind data.Form) *stageForm {
	fr := &stageForm{w: w, kind: kind, lay: layoutOf(kind, w.user())}
	fr.binding = newBinding(w.win, data.RecordOf(kind), fr.lay.extras, fr.current, w.store().Now)
	fr.Fields.OnChanged = fr.changed
	fr.SaveButton = uikit.NewButtonWithIcon(lang.L("case.save"), theme.DocumentSaveIcon(), fr.onSave)
	fr.SaveButton.Importance = widget.HighImportance
	fr.Note = widget.NewLabel("")
	fr.Note.Wrapping = fyne.TextWrapWord
	fr.bar = container.NewBorder(nil, nil, fr.SaveButton, nil, fr.Note)
	fr.box = container.NewVBox(fr.bar, fr.Fields.Content())
	w.frames = append(w.frames, fr)
	return fr
}

// content returns the Save bar over the fields.
func (fr *stageForm) content() fyne.CanvasObject { return fr.box }

// changed records a change the user made and shows what follows from it.
func (fr *stageForm) changed() {
	if fr.loading {
		return
	}
	fr.dirty = true
	fr.edits++
	fr.update(fr.current(), fr.cd.names())
	fr.w.updateTitle()
}

// current returns the record as the form holds it now: the base record
// with what the widgets hold, and what the store would fill in from it.
func (fr *stageForm) current() any {
	if fr.binding == nil || fr.base == nil { // not built or not loaded yet
		return data.RecordOf(fr.kind).New()
	}
	rec := clone(fr.base)
	_ = fr.read(rec) // values that cannot be read yet show as before
	if fr.lay.preview != nil && fr.cd != nil {
		fr.lay.preview(fr.cd, rec)
	}
	return rec
}

// clone returns a copy of the record rec points to.
func clone(rec any) any {
	v := reflect.ValueOf(rec).Elem()
	cp := reflect.New(v.Type())
	cp.Elem().Set(v)
	return cp.Interface()
}

// load shows the case as read in cd. Unsaved edits are kept, as is a form
// with a row dialog open: the form then keeps its widgets and the version
// it was based on.
func (fr *stageForm) load(cd *caseData) {
	err := data.CanEdit(fr.w.user(), cd.c(), fr.kind)
	fr.editable, fr.why = err == nil, err
	if !fr.dirty && !fr.Fields.Editing() {
		fr.refill(cd)
	}
	fr.Fields.SetReadOnly(!fr.editable)
	for _, bf := range fr.list {
		if bf.x.hintOf != nil {
			fr.Fields.SetHint(bf.f.Key, bf.x.hintOf(cd))
		}
	}
	fr.SaveButton.Enable()
	if fr.editable {
		fr.SaveButton.Show()
	} else {
		fr.SaveButton.Hide()
	}
	fr.bar.Refresh() // lay the note out again where the button was
	fr.showNote(cd)
}

// rebase takes the stored record of cd as the base of the next save.
func (fr *stageForm) rebase(cd *caseData) {
	fr.cd, fr.base = cd, cd.record(fr.kind)
	fr.offer(cd.choices)
}

// refill puts the stored record of cd into the widgets.
func (fr *stageForm) refill(cd *caseData) {
	fr.loading = true
	defer func() { fr.loading = false }()
	fr.rebase(cd)
	fr.show(fr.base, cd.names())
	fr.update(fr.current(), cd.names())
	fr.dirty = false
	fr.prefilled = fr.editable && fr.kind != data.FormRequest && fr.meta().ID == 0 &&
		len(fr.edited(data.RecordOf(fr.kind).NewFor(cd.c().ID), fr.base)) > 0
}

// unsaved reports whether the form shows what is not stored: the user's
// edits or what the store filled in for a record never saved.
func (fr *stageForm) unsaved() bool { return fr.dirty || fr.prefilled }

// meta returns the base record's bookkeeping.
func (fr *stageForm) meta() *data.Meta { return data.MetaOf(fr.base) }

// showNote shows in the note line who filled the record in or, when
// others saved it since the user loaded it, who changed which fields; then
// why the form is locked, or what the asterisks mean.
func (fr *stageForm) showNote(cd *caseData) {
	if !fr.primed {
		fr.seen, fr.primed = cd.lastSeq(), true
	}
	changes := fr.othersChanges(cd)
	fr.Note.Importance = widget.MediumImportance
	if changes != "" {
		fr.Note.Importance = widget.WarningImportance
	}
	fr.Note.SetText(fr.noteText(changes))
}

// noteText is the text of the note line: changes, when others saved the
// record, else who filled it in; then why it is locked or, when it is
// editable and nothing changed, what the asterisks mean.
func (fr *stageForm) noteText(changes string) string {
	first := changes
	if first == "" {
		m := *fr.meta()
		if fr.lay.filledBy != nil {
			m = fr.lay.filledBy(fr.cd, m)
		}
		first = filledBy(&m)
	}
	parts := []string{first}
	switch {
	case fr.why != nil:
		parts = append(parts, uikit.Message(fr.why))
	case changes == "":
		parts = append(parts, lang.L("case.required_legend"))
	}
	if parts[0] == "" {
		parts = parts[1:]
	}
	return strings.Join(parts, notePartSep)
}

// notePartSep separates the parts of the note line.
const notePartSep = "  ·  "

// prepare reads the widgets into a copy of the base record and returns
// the store call that saves it: the user's edits, the fields where it
// differs from the base, merged with what others saved since.
func (fr *stageForm) prepare() (saveOp, error) {
	rec := clone(fr.base)
	if err := fr.read(rec); err != nil {
		return nil, err
	}
	return fr.saveOp(fr.base, rec), nil
}

// saveOp returns the store call that saves rec, the user's version of
// base.
func (fr *stageForm) saveOp(base, rec any) saveOp {
	return func(s *data.Store, ss *data.Session) error {
		var err error
		if fr.lay.save != nil {
			err = fr.lay.save(s, ss, base, rec)
		} else {
			err = s.SaveChanges(ss, base, rec)
		}
		if err == nil {
			fr.saved = rec
		}
		return err
	}
}

// mine returns the record as the user has it: the base record with what
// the widgets hold; values that cannot be read stay as in the base.
func (fr *stageForm) mine() any {
	rec := clone(fr.base)
	_ = fr.read(rec)
	return rec
}

// edited returns the fields the user fills in whose value in mine differs
// from base, in form order.
func (b *binding) edited(base, mine any) []*bound {
	var out []*bound
	for _, bf := range b.list {
		if bf.f.Filler == data.ByUser && !sameValue(bf.f, base, mine) {
			out = append(out, bf)
		}
	}
	return out
}

// sameValue reports whether field f holds the same value in records a and
// b. Times, in rows too, are the same when they are the same minute,
// wherever they were read (the store's in UTC, a form's in local time).
func sameValue(f *data.Field, a, b any) bool {
	switch f.Kind {
	case data.KindDateTime:
		return f.Input(a) == f.Input(b)
	case data.KindRows: // rows as shown, for the times they hold
		return reflect.DeepEqual(f.RowInputs(a), f.RowInputs(b))
	}
	return f.Raw(a) == f.Raw(b)
}

// onSave saves the record off the UI goroutine.
func (fr *stageForm) onSave() {
	op, err := fr.prepare()
	if err != nil {
		uikit.ShowError("read form", err, fr.w.win)
		return
	}
	fr.runSave(op)
}

// runSave runs op off the UI goroutine. The Save button stays locked until
// the saved record is read back, so that a second tap cannot save on the
// version just replaced.
func (fr *stageForm) runSave(op saveOp) {
	edits := fr.edits
	fr.SaveButton.Disable()
	w := fr.w
	read := w.readAfter()
	fr.w.run(func() error {
		if err := op(w.store(), w.session()); err != nil {
			return err
		}
		read.work()
		return nil
	}, func(err error) {
		if err != nil {
			fr.SaveButton.Enable()
			fr.w.saveFailed(fr, err)
			return
		}
		fr.markSaved(edits)
		w.afterSaveRead(read)
	})
}

// markSaved marks the form clean unless the user changed it while saving;
// the others' saves the note told of are known now.
func (fr *stageForm) markSaved(edits int) {
	fr.seen = max(fr.seen, fr.shown)
	if fr.edits == edits {
		fr.dirty, fr.prefilled = false, false
	}
}

// discard drops the unsaved edits; the next load refills the widgets.
func (fr *stageForm) discard() {
	fr.dirty, fr.prefilled = false, false
	fr.w.updateTitle()
}

// title returns the name of the form.
func (fr *stageForm) title() string { return vocab("form", string(fr.kind)) }
