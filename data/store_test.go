package data

import (
	"context"
	"testing"
)

func TestFullProcedure(t *testing.T) {
	f := newFixture(t)
	c := f.driveTo(t, StateFollowUp)
	sys, err := f.s.System(f.system.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sys.CurrentVersion != "V3.3.0" { // the first case has Seq 1
		t.Errorf("current version %s after registration", sys.CurrentVersion)
	}
	hist, _ := f.s.SystemHistory(f.system.ID)
	if len(hist) != 2 || hist[0].Version != sys.CurrentVersion || hist[0].PrevVersion != "V3.2.0" || hist[0].CaseNo != c.No {
		t.Errorf("history %+v", hist)
	}
	if err := f.s.SaveStage(f.u["sysadmin"], &Training{CaseID: c.ID, Date: "2026-04-14", Audience: "流通部",
		Content: "新版借还界面", Trainer: "李工", Attendees: 12}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SaveStage(f.u["director"], &Evaluation{CaseID: c.ID, Effect: "排队时间缩短", CostBenefit: "费用合理",
		Outcome: "good", Conclusion: "达到预期"}); err != nil {
		t.Fatal(err)
	}
	_, err = f.s.Act(f.u["director"], ActionRequest{CaseID: c.ID, Action: ActClose})
	if ErrorCode(err) != EIncomplete {
		t.Fatalf("close without a dossier renderer: %v", err)
	}
	// The renderer is handed the dossier as read inside the closing
	// transaction: the case closed with its end time, the closing decision
	// and its audit entry, the archive entry being made.
	var seen *Dossier
	var pdf []byte
	f.s.archiver = func(d *Dossier) ([]byte, error) {
		seen = d
		pdf = []byte("%PDF-1.7 dossier of " + d.Case.No + " " + string(d.Case.State))
		return pdf, nil
	}
	out, err := f.s.Act(f.u["director"], ActionRequest{CaseID: c.ID, Action: ActClose, Opinion: "归档"})
	if err != nil {
		t.Fatal(err)
	}
	if out.State != StateClosed || out.ClosedAt == nil {
		t.Fatalf("state %s", out.State)
	}
	last := seen.Decisions[len(seen.Decisions)-1]
	if seen.Case.State != StateClosed || seen.Case.ClosedAt == nil || !seen.Case.ClosedAt.Equal(*out.ClosedAt) ||
		last.Action != ActClose || seen.History[len(seen.History)-1].Decision != string(ActClose) {
		t.Errorf("rendered from %s, closed %v, last decision %s, newest history %q", seen.Case.State, seen.Case.ClosedAt,
			last.Action, seen.History[len(seen.History)-1].Decision)
	}
	if a := seen.Archive; a == nil || a.DossierSHA != "" || a.ArchivedBy != f.u["director"].User().FullName || !a.ArchivedAt.Equal(*out.ClosedAt) {
		t.Errorf("archive entry shown while archiving: %+v", seen.Archive)
	}
	e, cc, err := f.s.ArchivedFile(pdf)
	if err != nil || cc.ID != c.ID || e.DossierSHA != SHA256Hex(pdf) {
		t.Fatalf("archived file lookup: %v %+v", err, e)
	}
	if e2, got, err := f.s.ArchivedDossier(c.ID); err != nil || string(got) != string(pdf) || e2.ID != e.ID {
		t.Fatalf("archived dossier: %v %q", err, got)
	}
	if _, _, err := f.s.ArchivedFile([]byte("%PDF-other")); ErrorCode(err) != ENotFound {
		t.Fatalf("other file: %v", err)
	}
	rep, err := f.s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("check: %+v", rep)
	}
	d, err := f.s.Dossier(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Plan == nil || d.Assessment == nil || d.Archive == nil || len(d.Decisions) < 10 || len(d.History) < 10 {
		t.Fatalf("dossier incomplete: plan %v assessment %v archive %v decisions %d history %d",
			d.Plan != nil, d.Assessment != nil, d.Archive != nil, len(d.Decisions), len(d.History))
	}
	if len(d.Plan.Risks) != 1 || len(d.Plan.BudgetItems) != 2 || d.Plan.Budget() != 3800000 {
		t.Errorf("plan rows %+v", d.Plan)
	}
}
