package forms

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/forms/uikit"
)

// unsavedPrompt asks what to do with unsaved edits before the window
// closes or the case is reloaded: save them, discard them, or go back.
type unsavedPrompt struct {
	w    *caseWindow
	then func()

	Save    *uikit.Button
	Discard *uikit.Button
	Cancel  *uikit.Button
	dlg     *uikit.Dialog
}

// askUnsaved calls then at once when no form has unsaved edits; otherwise
// it asks first, and calls then after the edits were saved or discarded.
func (w *caseWindow) askUnsaved(then func()) {
	frames := w.dirtyFrames()
	if len(frames) == 0 {
		then()
		return
	}
	if w.unsavedDlg != nil {
		w.unsavedDlg.close() // the newer question replaces the older
	}
	p := &unsavedPrompt{w: w, then: then}
	p.Save = uikit.NewButtonWithIcon(lang.L("unsaved.save"), theme.DocumentSaveIcon(), p.onSave)
	p.Save.Importance = widget.HighImportance
	p.Discard = uikit.NewButtonWithIcon(lang.L("unsaved.discard"), theme.DeleteIcon(), p.onDiscard)
	p.Discard.Importance = widget.DangerImportance
	p.Cancel = uikit.NewButtonWithIcon(lang.L("unsaved.cancel"), theme.CancelIcon(), p.close)
	names := make([]string, len(frames))
	for i, fr := range frames {
		names[i] = fr.title()
	}
	msg := widget.NewLabel(lang.L("unsaved.message",
		map[string]any{"Forms": strings.Join(names, lang.L("value.list_sep"))}))
	msg.Wrapping = uikit.Wrapping()
	p.dlg = uikit.NewDialog(lang.L("unsaved.title"), msg, w.win)
	p.dlg.SetButtons(p.Cancel, p.Discard, p.Save)
	p.dlg.OnEscape(p.close)
	p.dlg.OnEnter(p.onSave)
	p.dlg.Resize(fyne.NewSize(520, 0))
	p.dlg.Resize(fyne.NewSize(520, p.dlg.MinSize().Height))
	w.unsavedDlg = p
	w.win.RequestFocus()
	p.dlg.Show()
}

// onSave saves every form with edits and goes on when all were saved.
func (p *unsavedPrompt) onSave() {
	p.close()
	p.w.saveAll(func(ok bool) {
		if ok {
			p.then()
		}
	})
}

// onDiscard drops every unsaved edit and goes on.
func (p *unsavedPrompt) onDiscard() {
	p.close()
	for _, fr := range p.w.dirtyFrames() {
		fr.discard()
	}
	p.then()
}

func (p *unsavedPrompt) close() {
	p.dlg.Hide()
	if p.w.unsavedDlg == p {
		p.w.unsavedDlg = nil
	}
}

// pendingSave is the save of one form with edits.
type pendingSave struct {
	fr    *stageForm
	op    saveOp
	edits int
}

// saveAll saves every form with edits, one after the other off the UI
// goroutine, and calls done with whether all of them were saved. The first
// refusal stops the others and is shown as a refused save of that form.
func (w *caseWindow) saveAll(done func(ok bool)) {
	var todo []pendingSave
	for _, fr := range w.dirtyFrames() {
		op, err := fr.prepare()
		if err != nil {
			w.saveFailed(fr, err)
			done(false)
			return
		}
		todo = append(todo, pendingSave{fr: fr, op: op, edits: fr.edits})
	}
	stored := 0
	w.run(func() error {
		for _, p := range todo {
			if err := p.op(w.store(), w.session()); err != nil {
				return err
			}
			stored++
		}
		return nil
	}, func(err error) {
		for _, p := range todo[:stored] {
			p.fr.markSaved(p.edits)
		}
		if err != nil {
			w.saveFailed(todo[stored].fr, err)
		}
		w.afterSave()
		done(err == nil)
	})
}
