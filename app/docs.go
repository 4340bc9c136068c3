package app

import (
	"io"
	"time"

	"upgradedesk/data"
	"upgradedesk/forms"
	"upgradedesk/reports"
)

// pdfExporter writes the documents of a case with package reports, for
// the case windows' export buttons and archiving.
type pdfExporter struct {
	now func() time.Time
}

// newDocsExporter creates the PDF exporter that case windows use.
func newDocsExporter(now func() time.Time) forms.Exporter {
	return pdfExporter{now: now}
}

// Documents lists the documents the case has at its stage.
func (e pdfExporter) Documents(d *data.Dossier) []forms.Document {
	kinds := reports.Available(d)
	out := make([]forms.Document, len(kinds))
	for i, k := range kinds {
		out[i] = forms.Document{Kind: string(k), Title: reports.Title(k), FileName: reports.FileName(k, d)}
	}
	return out
}

// Write writes one document of the case.
func (e pdfExporter) Write(w io.Writer, doc forms.Document, d *data.Dossier) error {
	k, err := reports.ParseKind(doc.Kind)
	if err != nil {
		return err
	}
	return reports.WriteCase(w, k, d, e.now())
}
