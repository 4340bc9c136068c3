package data

import (
	"strings"
	"testing"
)

// TestCostsBeyondTheBudget checks that an overrun is told with the budget
// and who approved it, in the case and in the statistics.
func TestCostsBeyondTheBudget(t *testing.T) {
	f := newFixture(t)
	c := f.driveTo(t, StateImplementing)
	p, _ := f.s.Plan(c.ID)
	budget := p.Budget()
	if err := f.s.SaveStage(f.u["accountant"], &Cost{CaseID: c.ID, Item: "升级服务费", Amount: budget + 400000, Date: "2026-04-14"}); err != nil {
		t.Fatal(err)
	}
	d, _ := f.s.Dossier(c.ID)
	over, b, approval := d.Overrun()
	if over != 400000 || b != budget || approval == nil || approval.ActorName != "钱经理" {
		t.Fatalf("overrun %v of %v approved by %+v", over, b, approval)
	}
	st, err := f.s.Stats(12)
	if err != nil || len(st.OverBudget) != 1 || st.OverBudget[0].ID != c.ID || st.OverBudget[0].Spent-st.OverBudget[0].Budget != 400000 {
		t.Fatalf("stats %+v %v", st, err)
	}
}

// TestCostAfterArchiving checks that a cost recorded on an archived case
// is an addendum with a document of its own, final once saved, and that
// the archived dossier stays as sealed.
func TestCostAfterArchiving(t *testing.T) {
	f := newFixture(t)
	c := f.driveTo(t, StateFollowUp)
	f.s.SaveStage(f.u["sysadmin"], &Training{CaseID: c.ID, Date: "2026-04-14", Audience: "流通部", Content: "培训",
		Trainer: "李工", Attendees: 12})
	f.s.SaveStage(f.u["director"], &Evaluation{CaseID: c.ID, Effect: "好", CostBenefit: "合理", Outcome: "good", Conclusion: "达到预期"})
	f.s.archiver = func(d *Dossier) ([]byte, error) { return []byte("%PDF-1.7 dossier " + d.Case.No), nil }
	f.act(t, "director", c, ActClose, "")
	_, sealed, _ := f.s.ArchivedDossier(c.ID)
	k := &Cost{CaseID: c.ID, Item: "尾款", Amount: 120000, Date: "2026-05-20", InvoiceNo: "FP-0099"}
	if err := f.s.SaveStage(f.u["accountant"], k); ErrorCode(err) != EIncomplete {
		t.Fatalf("an addendum with nobody to print it: %v", err)
	}
	f.s.addendum = func(d *Dossier) ([]byte, error) {
		var items []string
		for _, x := range d.Costs {
			if x.Addendum {
				items = append(items, x.Item)
			}
		}
		return []byte("%PDF-1.7 addendum " + strings.Join(items, ",")), nil
	}
	if err := f.s.SaveStage(f.u["accountant"], k); err != nil {
		t.Fatal(err)
	}
	if !k.Addendum {
		t.Error("not marked as an addendum")
	}
	atts, _ := f.s.Attachments(c.ID)
	last := atts[len(atts)-1]
	if !strings.Contains(last.Name, "费用补记") {
		t.Errorf("addendum document %+v", last)
	}
	k.Notes = "改一下"
	if err := f.s.SaveStage(f.u["accountant"], k); ErrorCode(err) != EState {
		t.Errorf("changing an addendum: %v", err)
	}
	if err := f.s.DeleteStage(f.u["accountant"], k); ErrorCode(err) != EState {
		t.Errorf("deleting an addendum: %v", err)
	}
	if _, now, err := f.s.ArchivedDossier(c.ID); err != nil || string(now) != string(sealed) {
		t.Errorf("archived dossier changed: %v", err)
	}
}
