package forms

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/app/uikit"
	"upgradedesk/data"
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

// exportMenu returns one item per document of the case, nil when there is
// no exporter or no case yet.
func (w *caseWindow) exportMenu() *fyne.Menu {
	if w.m.env.Docs == nil || w.cd == nil || w.caseID == 0 {
		return nil
	}
	var items []*fyne.MenuItem
	for _, doc := range w.m.env.Docs.Documents(w.cd.d) {
		items = append(items, fyne.NewMenuItem(doc.Title, func() { w.onExport(doc) }))
	}
	return fyne.NewMenu(lang.L("case.export"), items...)
}

// onExport asks where to save doc.
func (w *caseWindow) onExport(doc Document) {
	fd := dialog.NewFileSave(func(wr fyne.URIWriteCloser, err error) { w.onExportTarget(doc, wr, err) }, w.win)
	fd.SetFileName(doc.FileName)
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	fd.Show()
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

// writeDocument renders doc from the case as stored now into memory and
// writes it to wr.
func (w *caseWindow) writeDocument(doc Document, wr fyne.URIWriteCloser) error {
	return writeAll(wr, func() ([]byte, error) { return w.render(doc) })
}

// writeAll writes what produce returns to wr and closes it. When anything
// fails, the file is removed so that no half-written file is left behind,
// and the error says what went wrong.
func writeAll(wr fyne.URIWriteCloser, produce func() ([]byte, error)) error {
	b, err := produce()
	if err == nil {
		if _, err = wr.Write(b); err != nil {
			err = writeProblem(wr.URI(), err)
		}
	}
	if cerr := wr.Close(); err == nil && cerr != nil {
		err = writeProblem(wr.URI(), cerr)
	}
	if err != nil {
		if rerr := storage.Delete(wr.URI()); rerr != nil {
			fyne.LogError("write "+wr.URI().String(), err)
			return uikit.NewProblem("export.left_incomplete", rerr, "Name", wr.URI().Name())
		}
	}
	return err
}

// render reads the case and writes doc into memory.
func (w *caseWindow) render(doc Document) ([]byte, error) {
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

// writeProblem explains in the user's words why a file could not be
// written.
func writeProblem(u fyne.URI, err error) error {
	why := lang.L("export.io_error")
	switch {
	case errors.Is(err, fs.ErrPermission):
		why = lang.L("export.no_permission")
	case errors.Is(err, syscall.ENOSPC):
		why = lang.L("export.disk_full")
	}
	return uikit.NewProblem("export.write_failed", err, "Name", u.Name(), "Why", why)
}

// offerOpen tells the user where the document went and offers to open it
// in the system's PDF viewer.
func (w *caseWindow) offerOpen(u fyne.URI) {
	d := dialog.NewConfirm(lang.L("export.done_title"), lang.L("export.done", map[string]any{"Name": u.Name()}),
		func(open bool) {
			if open {
				w.openFile(u)
			}
		}, w.win)
	d.SetConfirmText(lang.L("export.open"))
	d.SetDismissText(lang.L("uikit.close"))
	w.openDlg = d
	d.Show()
}

// openFile opens a file with the program the system uses for it.
func (w *caseWindow) openFile(u fyne.URI) {
	link, err := url.Parse(u.String())
	if err == nil {
		err = w.m.env.App.OpenURL(link)
	}
	if err != nil {
		uikit.ShowError("open file", uikit.NewProblem("export.open_failed", err, "Name", u.Name()), w.win)
	}
}

// dossierPDF renders the case dossier for archiving. It runs off the UI
// goroutine.
func (w *caseWindow) dossierPDF() ([]byte, string, error) {
	x := w.m.env.Docs
	if x == nil {
		return nil, "", uikit.NewProblem("export.unavailable", nil)
	}
	d, err := w.store().Dossier(w.caseID)
	if err != nil {
		return nil, "", fmt.Errorf("read dossier: %w", err)
	}
	doc := dossierDocument(x.Documents(d), d)
	pdf, err := renderDoc(x, doc, d)
	return pdf, doc.FileName, err
}

// dossierDocument returns the dossier among docs, or a description of it
// when the exporter does not list it.
func dossierDocument(docs []Document, d *data.Dossier) Document {
	for _, doc := range docs {
		if doc.Kind == "dossier" {
			return doc
		}
	}
	return Document{Kind: "dossier", Title: lang.L("export.dossier"), FileName: d.Case.No + "-dossier.pdf"}
}
