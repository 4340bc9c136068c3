package app

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"upgradedesk/data"
	"upgradedesk/reports"
)

func TestExportsOfListAndLedger(t *testing.T) {
	f, _, _ := clientAs(t, "admin")
	f.addCases(t, 5, 0)
	x, err := caseListXLSX(f.store, data.CaseFilter{})
	if err != nil || !bytes.HasPrefix(x, []byte("PK")) {
		t.Fatalf("case list workbook: %v", err)
	}
	pdf, err := ledgerFile(f.store, false, f.clock.now())
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("ledger PDF: %v", err)
	}
	book, err := ledgerFile(f.store, true, f.clock.now())
	if err != nil {
		t.Fatal(err)
	}
	systems, _, problems, err := reports.ReadLedgerXLSX(bytes.NewReader(book))
	if err != nil || len(problems) > 0 || len(systems) != len(f.systems) {
		t.Fatalf("ledger workbook read back: %v %v %d", err, problems, len(systems))
	}
}

func TestExportAllDocumentsOfTheList(t *testing.T) {
	f, c, s := clientAs(t, "admin")
	f.addCases(t, 3, 0)
	dir := t.TempDir()
	s.startDocsExport(data.CaseFilter{}, dir)
	c.jobs.Wait()
	pdfs, _ := filepath.Glob(filepath.Join(dir, "*", "*.pdf"))
	if len(pdfs) < 3 {
		t.Fatalf("%d documents written: %v", len(pdfs), pdfs)
	}
}

func TestImportLedgerFromTheClient(t *testing.T) {
	f, c, s := clientAs(t, "admin")
	book, err := ledgerFile(f.store, true, f.clock.now())
	if err != nil {
		t.Fatal(err)
	}
	refreshed := false
	s.runImport(book, func() { refreshed = true }) // the ledger's own workbook imports cleanly
	c.jobs.Wait()
	if !refreshed {
		t.Fatal("a clean workbook was not imported")
	}
	s.runImport([]byte("not a workbook"), func() { t.Error("rubbish imported") })
	c.jobs.Wait()
	if text := importSummaryText(data.ImportSummary{SystemsCreated: 2}); !strings.Contains(text, "新增系统 2 个") {
		t.Errorf("summary text %q", text)
	}
}
