package forms

import (
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// attachmentsTab lists the files attached to the case (scans of signed
// forms, vendor documents, the archived dossier) and lets the user attach,
// save a copy of and remove them.
type attachmentsTab struct {
	w    *caseWindow
	atts []data.Attachment

	Files  *uikit.Rows
	Add    *uikit.Button
	SaveAs *uikit.Button
	Remove *uikit.Button
	Note   *widget.Label
	box    fyne.CanvasObject
}

func newAttachmentsTab(w *caseWindow) *attachmentsTab {
	t := &attachmentsTab{w: w}
	t.Files = uikit.NewRows(w.win, lang.L("form.attachment"),
		uikit.Column{Spec: uikit.Spec{Label: fieldLabel("file_name")}, Width: 280},
		uikit.Column{Spec: uikit.Spec{Label: lang.L("attachments.size")}, Width: 90},
		uikit.Column{Spec: uikit.Spec{Label: fieldLabel("attachment_note")}, Width: 200},
		uikit.Column{Spec: uikit.Spec{Label: lang.L("attachments.by")}, Width: 90},
		uikit.Column{Spec: uikit.Spec{Label: lang.L("attachments.at")}, Width: 140},
		uikit.Column{Spec: uikit.Spec{Label: fieldLabel("sha256")}})
	t.Files.SetReadOnly(true)
	t.Add = uikit.NewButtonWithIcon(lang.L("attachments.add"), theme.ContentAddIcon(), t.onAdd)
	t.SaveAs = uikit.NewButtonWithIcon(lang.L("attachments.save_as"), theme.DownloadIcon(), t.onSaveAs)
	t.Remove = uikit.NewButtonWithIcon(lang.L("uikit.remove"), theme.DeleteIcon(), t.onRemove)
	t.Note = widget.NewLabel("")
	t.box = container.NewVBox(t.Files, container.NewHBox(t.Add, t.SaveAs, t.Remove), t.Note)
	return t
}

func (t *attachmentsTab) content() fyne.CanvasObject { return t.box }

// load lists the attachments of cd.
func (t *attachmentsTab) load(cd *caseData) {
	t.atts = cd.d.Attachments
	rows := make([][]string, len(t.atts))
	for i, a := range t.atts {
		rows[i] = []string{a.Name, data.FormatSize(a.Size), a.Note, a.UploadedBy, fmtTime(a.CreatedAt), a.SHA256}
	}
	t.Files.SetRows(rows)
	err := data.CanEdit(t.w.user(), cd.c(), data.FormAttachment)
	t.Note.SetText("")
	if err != nil {
		t.Note.SetText(uikit.Message(err))
		t.Add.Hide()
		t.Remove.Hide()
		return
	}
	t.Add.Show()
	t.Remove.Show()
}

// selected returns the selected attachment, nil when none is.
func (t *attachmentsTab) selected() *data.Attachment {
	i := t.Files.Selected()
	if i < 0 || i >= len(t.atts) {
		return nil
	}
	return &t.atts[i]
}

func (t *attachmentsTab) onAdd() {
	uikit.AskOpenFile(t.w.win, uikit.FileSpec{Title: lang.L("attachments.add_title")}, t.onAddChosen)
}

// onAddChosen attaches the chosen file; a nil reader is a cancel.
func (t *attachmentsTab) onAddChosen(r fyne.URIReadCloser, err error) {
	if err != nil {
		uikit.ShowError("choose attachment", err, t.w.win)
		return
	}
	if r == nil {
		return
	}
	name := r.URI().Name()
	t.w.run(func() error {
		defer r.Close()
		b, err := io.ReadAll(io.LimitReader(r, data.MaxAttachment+1))
		if err != nil {
			return uikit.NewProblem("attachments.unreadable", err, "Name", name)
		}
		_, err = t.w.store().AttachFile(t.w.session(), t.w.caseID, name, "", b)
		return err
	}, t.done)
}

func (t *attachmentsTab) done(err error) {
	if err != nil {
		uikit.ShowError("attachment", err, t.w.win)
		return
	}
	t.w.afterSave()
}

func (t *attachmentsTab) onSaveAs() {
	a := t.selected()
	if a == nil {
		return
	}
	att := *a
	uikit.AskSaveFile(t.w.win, uikit.FileSpec{Name: att.Name},
		func(wr fyne.URIWriteCloser, err error) { t.onSaveTarget(att, wr, err) })
}

// onSaveTarget writes a copy of att off the UI goroutine; a nil writer is
// a cancel.
func (t *attachmentsTab) onSaveTarget(att data.Attachment, wr fyne.URIWriteCloser, err error) {
	if err != nil {
		uikit.ShowError("choose file", err, t.w.win)
		return
	}
	if wr == nil {
		return
	}
	t.w.run(func() error { return t.writeCopy(att, wr) }, func(err error) {
		uikit.ShowError("save attachment", err, t.w.win)
	})
}

// writeCopy writes the content of att to wr.
func (t *attachmentsTab) writeCopy(att data.Attachment, wr fyne.URIWriteCloser) error {
	return uikit.WriteAll(wr, func() ([]byte, error) { return t.w.store().AttachmentContent(att.ID) })
}

// onRemove removes the selected attachment after asking.
func (t *attachmentsTab) onRemove() {
	a := t.selected()
	if a == nil {
		return
	}
	id := a.ID
	uikit.ShowConfirm(t.w.win, uikit.ConfirmSpec{Title: lang.L("attachments.remove_title"),
		Message: lang.L("attachments.remove_confirm", map[string]any{"Name": a.Name}),
		Confirm: lang.L("uikit.remove"), Danger: true, OnConfirm: func() {
			t.w.run(func() error { return t.w.store().DeleteAttachment(t.w.session(), id) }, t.done)
		}})
}
