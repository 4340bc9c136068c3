package app

import (
	"bytes"
	"testing"
	"time"

	"upgradedesk/data"
	"upgradedesk/forms"
	"upgradedesk/reports"
)

// TestDossierDocuments checks what the case windows offer of the dossier:
// for an archived case the archived file (handed out as stored) and a
// copy; for a case not archived only a copy.
func TestDossierDocuments(t *testing.T) {
	x := newDocsExporter(time.Now)
	d := &data.Dossier{Case: data.Case{No: "SJ-2026-0007", State: data.StateFollowUp}}
	dossiers := func() []forms.Document {
		var out []forms.Document
		for _, doc := range x.Documents(d) {
			if doc.Kind == string(reports.KindDossier) {
				out = append(out, doc)
			}
		}
		return out
	}
	if got := dossiers(); len(got) != 1 || got[0].Archived || got[0].Title != reports.DossierCopyTitle ||
		got[0].FileName != "SJ-2026-0007-升级事项案卷（副本）.pdf" {
		t.Errorf("dossier of an open case: %+v", got)
	}
	d.Case.State = data.StateClosed
	d.Archive = &data.ArchiveEntry{CaseID: 7, DossierSHA: "ab12", ArchivedBy: "王建国"}
	got := dossiers()
	if len(got) != 2 || !got[0].Archived || got[0].Title != reports.ArchivedDossierTitle ||
		got[0].FileName != reports.FileName(reports.KindDossier, d) || got[1].Archived || got[1].Title != reports.DossierCopyTitle {
		t.Errorf("dossier of an archived case: %+v", got)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf, got[1], d); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Errorf("copy: %v", err)
	}
}
