package forms

import (
	"bytes"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// onExportMenu lists the documents the case has at its stage.
func (w *caseWindow) onExportMenu() {
	menu := w.exportMenu()
	if menu == nil {
		return
	}
	b := w.header.Export
	widget.ShowPopUpMenuAtRelativePosition(menu, w.win.Canvas(), fyne.NewPos(0, b.Size().Height), b)
}

// exportMenu returns one item per document the case has as stored (not
// the empty forms of stages not reached), nil when there is no exporter
// or no case yet.
func (w *caseWindow) exportMenu() *fyne.Menu {
	if w.m.env.Docs == nil || w.cd == nil || w.caseID == 0 {
		return nil
	}
	var items []*fyne.MenuItem
	for _, doc := range w.m.env.Docs.Documents(w.cd.stored()) {
		items = append(items, fyne.NewMenuItem(doc.Title, func() { w.onExport(doc) }))
	}
	return fyne.NewMenu(lang.L("case.export"), items...)
}

// onExport asks where to save doc.
func (w *caseWindow) onExport(doc Document) {
	uikit.AskSaveFile(w.win, uikit.FileSpec{Title: doc.Title, Name: doc.FileName, Exts: []string{".pdf"}},
		func(wr fyne.URIWriteCloser, err error) { w.onExportTarget(doc, wr, err) })
}

// onExportTarget writes doc to the chosen file off the UI goroutine and
// offers to open it; a nil writer is a cancel.
func (w *caseWindow) onExportTarget(doc Document, wr fyne.URIWriteCloser, err error) {
	if err != nil {
		uikit.ShowError("choose export file", err, w.win)
		return
	}
	if wr == nil {
		return
	}
	w.run(func() error { return w.writeDocument(doc, wr) }, func(err error) {
		if err != nil {
			uikit.ShowError("export "+doc.Kind, err, w.win)
			return
		}
		w.offerOpen(wr.URI())
	})
}

// writeDocument writes doc to wr: the archived file as stored, byte for
// byte, or a rendering of the case as stored now.
func (w *caseWindow) writeDocument(doc Document, wr fyne.URIWriteCloser) error {
	return uikit.WriteAll(wr, func() ([]byte, error) { return w.render(doc) })
}

// render returns doc: for the archived dossier the file archived with
// the case, otherwise the document rendered from the case as read now.
func (w *caseWindow) render(doc Document) ([]byte, error) {
	if doc.Archived {
		_, pdf, err := w.store().ArchivedDossier(w.caseID)
		if err != nil {
			return nil, fmt.Errorf("read archived dossier: %w", err)
		}
		return pdf, nil
	}
	d, err := w.store().Dossier(w.caseID)
	if err != nil {
		return nil, fmt.Errorf("read dossier: %w", err)
	}
	return renderDoc(w.m.env.Docs, doc, d)
}

// renderDoc writes doc of d into memory.
func renderDoc(x Exporter, doc Document, d *data.Dossier) ([]byte, error) {
	var buf bytes.Buffer
	if err := x.Write(&buf, doc, d); err != nil {
		return nil, uikit.NewProblem("export.render_failed", err, "Title", doc.Title)
	}
	return buf.Bytes(), nil
}

// offerOpen tells the user where the document went and offers to open it
// in the system's PDF viewer.
func (w *caseWindow) offerOpen(u fyne.URI) {
	w.openDlg = uikit.OfferOpen(w.m.env.App, w.win, u)
}
