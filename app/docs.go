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

// Documents lists the documents the case has at its stage. An archived
// case's dossier is offered twice: the archived file, handed out as
// stored, and a fresh rendering marked 副本（非归档件）.
func (e pdfExporter) Documents(d *data.Dossier) []forms.Document {
	kinds := reports.Available(d)
	out := make([]forms.Document, 0, len(kinds)+1)
	for _, k := range kinds {
		switch {
		case k != reports.KindDossier:
			out = append(out, forms.Document{Kind: string(k), Title: reports.Title(k), FileName: reports.FileName(k, d)})
		case d.Archive != nil:
			out = append(out, forms.Document{Kind: string(k), Title: reports.ArchivedDossierTitle,
				FileName: reports.FileName(k, d), Archived: true},
				forms.Document{Kind: string(k), Title: reports.DossierCopyTitle, FileName: reports.CopyFileName(d)})
		default:
			out = append(out, forms.Document{Kind: string(k), Title: reports.DossierCopyTitle, FileName: reports.CopyFileName(d)})
		}
	}
	return out
}

// Write writes one document of the case; a dossier written here is a copy.
func (e pdfExporter) Write(w io.Writer, doc forms.Document, d *data.Dossier) error {
	k, err := reports.ParseKind(doc.Kind)
	if err != nil {
		return err
	}
	return reports.WriteCase(w, k, d, e.now())
}
