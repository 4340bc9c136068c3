package data

import (
	"context"
	"strings"
	"testing"
)

// A document's pages wait until all are there; filed with the current
// check code, the decisions it confirms are marked returned, audited; the
// same page again is a duplicate; an unknown case goes to 待归类.
func TestScanPagesWaitAndFile(t *testing.T) {
	f := newFixture(t)
	c := f.file(t, "staff")
	f.act(t, "staff", c, ActSubmit, "")
	if _, err := f.s.Act(f.u["head"], ActionRequest{CaseID: c.ID, Action: ActApprove, Opinion: "同意", PaperSigned: true}); err != nil {
		t.Fatal(err)
	}
	due, err := f.s.PaperOutstanding(PaperFilter{CaseID: c.ID})
	if err != nil || len(due) != 1 || due[0].CaseNo != c.No {
		t.Fatalf("outstanding = %+v, %v", due, err)
	}
	head := f.u["head"].User().ID
	if d, _ := f.s.PaperOutstanding(PaperFilter{SignerID: head}); len(d) != 1 {
		t.Fatalf("by signer: %d", len(d))
	}
	if d, _ := f.s.PaperOutstanding(PaperFilter{SignerID: f.u["staff"].User().ID}); len(d) != 0 {
		t.Fatalf("someone else's: %d", len(d))
	}
	code := "UD-01-" + c.No
	if err := f.s.RecordPrints(f.u["director"], []PaperCopy{{CaseID: c.ID, Code: code, Check: "AAAAAAAAAAAA", Pages: 2}}); err != nil {
		t.Fatal(err)
	}
	out, err := f.s.AddScanPages(f.u["director"], "scan.pdf", []ScanPageIn{
		{Image: []byte("page two image"), SourcePage: 1, Code: code, Page: 2, Pages: 2, Check: "AAAAAAAAAAAA"},
		{Image: []byte("no code image"), SourcePage: 2},
		{Image: []byte("unknown case"), SourcePage: 3, Code: "UD-01-SJ-1999-0001", Page: 1, Pages: 1, Check: "BBBBBBBBBBBB"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Page.State != ScanWaiting || out[1].Page.Problem != "scan.problem.no_code" || out[2].Page.Problem != "scan.problem.unknown_case" {
		t.Fatalf("states: %+v %+v %+v", out[0].Page, out[1].Page, out[2].Page)
	}
	sets, err := f.s.WaitingScans(code)
	if err != nil || len(sets) != 1 || sets[0].Complete() {
		t.Fatalf("waiting = %+v, %v", sets, err)
	}
	if got := sets[0].MissingText(LangZH); got != "第 1 页缺失" {
		t.Fatalf("missing = %q", got)
	}
	again, err := f.s.AddScanPages(f.u["director"], "scan (2).pdf", []ScanPageIn{
		{Image: []byte("page two image"), SourcePage: 1, Code: code, Page: 2, Pages: 2, Check: "AAAAAAAAAAAA"},
		{Image: []byte("page one image"), SourcePage: 2, Code: code, Page: 1, Pages: 2, Check: "AAAAAAAAAAAA"},
	})
	if err != nil || !again[0].Duplicate || again[1].Duplicate {
		t.Fatalf("again = %+v, %v", again, err)
	}
	if u, _ := f.s.UnsortedScans(); len(u) != 2 {
		t.Fatalf("unsorted: %d", len(u))
	}
	sets, _ = f.s.WaitingScans(code)
	if len(sets) != 1 || !sets[0].Complete() {
		t.Fatalf("not complete: %+v", sets)
	}
	ids := []uint{sets[0].ByPage[1].ID, sets[0].ByPage[2].ID}
	due, _ = f.s.PaperOutstanding(PaperFilter{CaseID: c.ID})
	filed, err := f.s.FileDocument(f.u["director"], FileDocumentRequest{CaseID: c.ID, Code: code, Check: "AAAAAAAAAAAA",
		PageIDs: ids, Name: "signed.pdf", Content: []byte("%PDF-1.7 pages"), Current: true,
		Decisions: []uint{due[0].Decision.ID}})
	if err != nil || filed.Stale || len(filed.Marked) != 1 {
		t.Fatalf("filed = %+v, %v", filed, err)
	}
	if d, _ := f.s.PaperOutstanding(PaperFilter{CaseID: c.ID}); len(d) != 0 {
		t.Fatalf("still outstanding: %+v", d)
	}
	var dec Decision
	f.s.db.First(&dec, due[0].Decision.ID)
	if dec.ScanID == nil || *dec.ScanID != filed.Scan.ID || !dec.PaperSigned {
		t.Fatalf("decision = %+v", dec)
	}
	var e AuditEntry
	f.s.db.Where("entity = ? AND entity_id = ?", "decisions", dec.ID).Order("seq desc").First(&e)
	if !strings.Contains(e.Comment, filed.Scan.SHA256) {
		t.Fatalf("audit comment %q lacks the scan's SHA-256", e.Comment)
	}
	// Filing the same pages twice is refused: nothing is filed half.
	if _, err := f.s.FileDocument(f.u["director"], FileDocumentRequest{CaseID: c.ID, Code: code, Check: "AAAAAAAAAAAA",
		PageIDs: ids, Name: "signed.pdf", Content: []byte("%PDF-1.7 pages"), Current: true}); ErrorCode(err) != EConflict {
		t.Fatalf("second filing: %v", err)
	}
	if r, err := f.s.Check(context.Background()); err != nil || !r.OK() {
		t.Fatalf("check after filing: %+v, %v", r, err)
	}
}

// A copy whose check code is not the current one is kept as stale with
// what changed since it was printed, and marks nothing.
func TestStaleScanIsFlagged(t *testing.T) {
	f := newFixture(t)
	c := f.file(t, "staff")
	code := "UD-01-" + c.No
	if err := f.s.RecordPrints(f.u["staff"], []PaperCopy{{CaseID: c.ID, Code: code, Check: "111111111111", Pages: 1}}); err != nil {
		t.Fatal(err)
	}
	c.Title = "借还书界面挂失提示"
	if err := f.s.SaveRequest(f.u["staff"], c); err != nil {
		t.Fatal(err)
	}
	f.act(t, "staff", c, ActSubmit, "")
	if _, err := f.s.Act(f.u["head"], ActionRequest{CaseID: c.ID, Action: ActApprove, PaperSigned: true}); err != nil {
		t.Fatal(err)
	}
	out, err := f.s.AddScanPages(f.u["staff"], "photo.jpg", []ScanPageIn{{Image: []byte("old copy"), Code: code, Page: 1, Pages: 1, Check: "111111111111"}})
	if err != nil {
		t.Fatal(err)
	}
	due, _ := f.s.PaperOutstanding(PaperFilter{CaseID: c.ID})
	filed, err := f.s.FileDocument(f.u["staff"], FileDocumentRequest{CaseID: c.ID, Code: code, Check: "111111111111",
		PageIDs: []uint{out[0].Page.ID}, Name: "old.pdf", Content: []byte("%PDF old"), Current: false,
		Decisions: []uint{due[0].Decision.ID}})
	if err != nil || !filed.Stale || len(filed.Marked) != 0 || filed.PrintedAt.IsZero() {
		t.Fatalf("filed = %+v, %v", filed, err)
	}
	if !strings.Contains(strings.Join(filed.Changes, "\n"), "借还书界面挂失提示") {
		t.Fatalf("changes since printing: %q", filed.Changes)
	}
	due, _ = f.s.PaperOutstanding(PaperFilter{CaseID: c.ID})
	if len(due) != 1 || due[0].Stale == nil || due[0].Stale.ID != filed.Scan.ID {
		t.Fatalf("outstanding after a stale copy: %+v", due)
	}
}
