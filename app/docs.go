package app

import (
	"bytes"
	"errors"

	"upgradedesk/data"
	"upgradedesk/forms"
)

// newDocsExporter creates the PDF exporter that case windows use for the
// documents of a case (package reports). It returns nil until the
// exporter is wired in, which hides the export buttons.
func newDocsExporter() forms.Exporter {
	return nil
}

// dossierMaker returns the function that makes the dossier PDF archived
// with a closed case, for the demo data; nil without an exporter.
func dossierMaker(exp forms.Exporter) func(*data.Dossier) ([]byte, error) {
	if exp == nil {
		return nil
	}
	return func(d *data.Dossier) ([]byte, error) {
		for _, doc := range exp.Documents(d) {
			if doc.Kind == "dossier" {
				var buf bytes.Buffer
				err := exp.Write(&buf, doc, d)
				return buf.Bytes(), err
			}
		}
		return nil, errors.New("the exporter offers no dossier document")
	}
}
