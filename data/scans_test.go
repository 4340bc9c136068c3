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

// Signed paper not back (待回收签字件) is in the 待办 of the 信息主管 and
// of whoever printed copies, in 统计 per case, and on the dossier's cover;
// a copy that came back stale asks its signer to sign again; closing with
// signatures outstanding is refused until the 信息主管 gives a reason,
// which is audited and kept on the archive entry.
func TestPaperDueTodoStatsAndArchiveGate(t *testing.T) {
	f := newFixture(t)
	f.paper = map[string]bool{"head": true, "leader": true}
	c := f.driveTo(t, StateFollowUp)
	f.paper = nil
	if err := f.s.SaveStage(f.u["sysadmin"], &Training{CaseID: c.ID, Date: "2026-04-14", Audience: "流通部", Content: "培训",
		Trainer: "李工", Attendees: 12}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SaveStage(f.u["director"], &Evaluation{CaseID: c.ID, Effect: "好", CostBenefit: "合理", Outcome: "good",
		Conclusion: "达到预期"}); err != nil {
		t.Fatal(err)
	}
	paperOf := func(key string) []PaperDue {
		t.Helper()
		items, err := f.s.Todo(f.u[key].User())
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.ID == c.ID {
				return it.Paper
			}
		}
		return nil
	}
	if got := paperOf("director"); len(got) != 3 || got[0].Resign() ||
		!strings.HasSuffix(got[0].Text(LangZH), "纸质签字件待回收") {
		t.Fatalf("director's 待办: %+v", got)
	}
	if got := paperOf("sysadmin"); len(got) != 0 {
		t.Fatalf("sysadmin printed nothing yet: %+v", got)
	}
	code := "UD-01-" + c.No
	if err := f.s.RecordPrints(f.u["sysadmin"], []PaperCopy{{CaseID: c.ID, Code: code, Check: "AAAAAAAAAAAA", Pages: 1}}); err != nil {
		t.Fatal(err)
	}
	if got := paperOf("sysadmin"); len(got) != 3 {
		t.Fatalf("the printer's 待办: %+v", got)
	}
	if got := paperOf("head"); len(got) != 0 {
		t.Fatalf("nothing came back stale yet: %+v", got)
	}
	st, err := f.s.Stats(12)
	if err != nil || st.PaperDue != 3 || len(st.PaperByCase) != 1 || st.PaperByCase[0] != (Count{Key: c.No, Label: c.No, N: 3}) {
		t.Fatalf("stats: %d %+v, %v", st.PaperDue, st.PaperByCase, err)
	}

	// The request form came back signed on a copy printed before a change.
	ds, _ := f.s.Decisions(c.ID)
	var headApproval uint
	for _, d := range ds {
		if d.Action == ActApprove && d.ActorRole == RoleDeptHead {
			headApproval = d.ID
		}
	}
	out, err := f.s.AddScanPages(f.u["sysadmin"], "scan.pdf", []ScanPageIn{
		{Image: []byte("signed request"), SourcePage: 1, Code: code, Page: 1, Pages: 1, Check: "AAAAAAAAAAAA"}})
	if err != nil {
		t.Fatal(err)
	}
	filed, err := f.s.FileDocument(f.u["sysadmin"], FileDocumentRequest{CaseID: c.ID, Code: code, Check: "AAAAAAAAAAAA",
		PageIDs: []uint{out[0].Page.ID}, Name: "签字件.pdf", Content: []byte("%PDF-1.4 signed"), Current: false,
		Decisions: []uint{headApproval}})
	if err != nil || !filed.Stale || len(filed.Marked) != 0 {
		t.Fatalf("stale copy: %+v, %v", filed, err)
	}
	if got := paperOf("head"); len(got) != 2 || !got[0].Resign() || !strings.Contains(got[0].Text(LangZH), "须重新签字") {
		t.Fatalf("the signer's 待办 after a stale copy: %+v", got)
	}

	var archived *Dossier
	f.s.archiver = func(d *Dossier) ([]byte, error) { archived = d; return []byte("%PDF-1.7 " + d.Case.No), nil }
	_, err = f.s.Act(f.u["director"], ActionRequest{CaseID: c.ID, Action: ActClose})
	if ErrorCode(err) != EIncomplete || !strings.Contains(ErrorMessage(err, LangZH), "3 份纸质签字件未收回") {
		t.Fatalf("closing with signatures outstanding: %v", err)
	}
	if stored, _ := f.s.Case(c.ID); stored.State != StateFollowUp || archived != nil {
		t.Fatalf("a refused closing changed the case: %s", stored.State)
	}
	reason := "签字纸件随卷移交档案室"
	if _, err := f.s.Act(f.u["director"], ActionRequest{CaseID: c.ID, Action: ActClose, PaperOverride: reason}); err != nil {
		t.Fatal(err)
	}
	e, _, err := f.s.ArchivedDossier(c.ID)
	if err != nil || e.PaperOverride != reason {
		t.Fatalf("archive entry: %+v, %v", e, err)
	}
	if archived == nil || archived.Archive.PaperOverride != reason || len(archived.PaperDue) != 3 {
		t.Fatalf("the dossier archived: %+v", archived)
	}
	hist, _ := f.s.History(c.ID)
	var last AuditEntry
	for _, h := range hist {
		if h.Op == OpTransition && h.Decision == string(ActClose) {
			last = h
		}
	}
	if !strings.Contains(last.Changes, "paper_override") || !strings.Contains(last.Changes, reason) {
		t.Fatalf("closing audited as %+v", last)
	}
	if got := paperOf("director"); len(got) != 0 {
		t.Fatalf("a closed case stays out of the director's 待办: %+v", got)
	}
}
