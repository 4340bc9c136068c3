package data

import (
	"errors"
	"testing"
)

// TestEveryEndHasAnEndTime checks that rejecting, merging and cancelling
// a case set its end time, as closing does, to the time of the decision,
// and that a case still open has none.
func TestEveryEndHasAnEndTime(t *testing.T) {
	f := newFixture(t)
	open := f.driveTo(t, StateScreening)
	if open.ClosedAt != nil {
		t.Fatalf("an open case has the end time %v", open.ClosedAt)
	}
	ends := []struct {
		to   State
		take func(c *Case)
	}{
		{StateRejected, func(c *Case) { f.act(t, "head", c, ActReject, "不必要") }},
		{StateCancelled, func(c *Case) { f.act(t, "director", c, ActCancel, "合同终止") }},
		{StateMerged, func(c *Case) {
			if _, err := f.s.Act(f.u["sysadmin"], ActionRequest{CaseID: c.ID, Action: ActMerge, Opinion: "重复",
				MergeInto: open.No}); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, e := range ends {
		c := f.driveTo(t, StateDeptReview)
		if e.to == StateMerged {
			c = f.driveTo(t, StateScreening)
		}
		e.take(c)
		stored, err := f.s.Case(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.State != e.to || stored.ClosedAt == nil || !stored.ClosedAt.Equal(stored.StateAt) {
			t.Errorf("%s: state %s, end time %v, state time %v", e.to, stored.State, stored.ClosedAt, stored.StateAt)
		}
	}
}

// TestArchiveFailureChangesNothing checks that a dossier that cannot be
// made refuses the closing: the case stays where it was, with no
// decision, archive entry or attachment added.
func TestArchiveFailureChangesNothing(t *testing.T) {
	f := newFixture(t)
	c := f.driveTo(t, StateFollowUp)
	if err := f.s.SaveStage(f.u["sysadmin"], &Training{CaseID: c.ID, Date: "2026-04-14", Audience: "流通部",
		Content: "新版借还界面", Trainer: "李工", Attendees: 12}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SaveStage(f.u["director"], &Evaluation{CaseID: c.ID, Effect: "排队时间缩短", CostBenefit: "费用合理",
		Outcome: "good", Conclusion: "达到预期"}); err != nil {
		t.Fatal(err)
	}
	before, _ := f.s.Decisions(c.ID)
	for name, render := range map[string]func(*Dossier) ([]byte, error){
		"renderer fails": func(*Dossier) ([]byte, error) { return nil, errors.New("no fonts") },
		"not a PDF":      func(*Dossier) ([]byte, error) { return []byte("<html>"), nil },
	} {
		f.s.archiver = render
		_, err := f.s.Act(f.u["director"], ActionRequest{CaseID: c.ID, Action: ActClose})
		if ErrorCode(err) != EIncomplete {
			t.Errorf("%s: %v", name, err)
		}
		stored, _ := f.s.Case(c.ID)
		after, _ := f.s.Decisions(c.ID)
		atts, _ := f.s.Attachments(c.ID)
		if _, _, err := f.s.ArchivedDossier(c.ID); stored.State != StateFollowUp || stored.ClosedAt != nil ||
			len(after) != len(before) || len(atts) != 0 || ErrorCode(err) != ENotFound {
			t.Errorf("%s: state %s, end %v, %d decisions, %d attachments, archived: %v", name, stored.State,
				stored.ClosedAt, len(after), len(atts), err)
		}
	}
}

// TestArchivedDossierChanged checks that a stored dossier whose bytes no
// longer match the archived SHA-256 is not handed out.
func TestArchivedDossierChanged(t *testing.T) {
	f := newFixture(t)
	c := f.driveTo(t, StateFollowUp)
	f.s.SaveStage(f.u["sysadmin"], &Training{CaseID: c.ID, Date: "2026-04-14", Audience: "流通部", Content: "培训",
		Trainer: "李工", Attendees: 12})
	f.s.SaveStage(f.u["director"], &Evaluation{CaseID: c.ID, Effect: "好", CostBenefit: "合理", Outcome: "good", Conclusion: "达到预期"})
	f.s.archiver = func(d *Dossier) ([]byte, error) { return []byte("%PDF-1.7 " + d.Case.No), nil }
	f.act(t, "director", c, ActClose, "")
	e, pdf, err := f.s.ArchivedDossier(c.ID)
	if err != nil || string(pdf) != "%PDF-1.7 "+c.No {
		t.Fatalf("archived dossier: %v %q", err, pdf)
	}
	if err := f.s.db.Exec("UPDATE attachment_data SET data = ? WHERE attachment_id = ?", []byte("%PDF-1.7 forged"), e.AttachmentID).Error; err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.s.ArchivedDossier(c.ID); ErrorCode(err) != ECorrupt {
		t.Errorf("a changed archived file: %v", err)
	}
}
