package data

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// standIn names a stand-in as the administrator does.
func (f *fixture) standIn(t testing.TB, sub Substitute) *Substitute {
	t.Helper()
	if err := f.s.SaveSubstitute(f.u["admin"], &sub); err != nil {
		t.Fatalf("save substitute: %v", err)
	}
	return &sub
}

func TestStandIns(t *testing.T) {
	f := newFixture(t)
	t.Run("a head's own request is approved by the role's stand-in, recorded as 代签", func(t *testing.T) {
		c := f.file(t, "head")
		f.act(t, "head", c, ActSubmit, "")
		if _, err := f.s.Act(f.u["head"], ActionRequest{CaseID: c.ID, Action: ActApprove}); ErrorCode(err) != EDuties {
			t.Fatalf("the head approving his own request: %v", err)
		}
		if acts, _ := f.s.AvailableActions(f.u["leader"].User(), c.ID); len(acts) != 0 {
			t.Fatalf("the leader may act without a stand-in arrangement: %v", acts)
		}
		ns, err := f.s.NextStep(f.u["head"].User(), c.ID)
		if err != nil || !ns.Stuck || len(ns.Waiting) != 0 || ErrorCode(ns.WhyNot) != EDuties {
			t.Fatalf("next step before a stand-in: %+v, %v", ns, err)
		}
		stuck, err := f.s.StuckCases(context.Background())
		if err != nil || !slices.ContainsFunc(stuck, func(sc StuckCase) bool { return sc.ID == c.ID && ErrorCode(sc.Reason) == EDuties }) {
			t.Fatalf("stuck cases %+v, %v", stuck, err)
		}
		f.standIn(t, Substitute{Role: RoleDeptHead, DepartmentID: f.lending.ID, StandInID: f.u["leader"].User().ID})
		todo, _ := f.s.Todo(f.u["leader"].User())
		if !slices.ContainsFunc(todo, func(it TodoItem) bool { return it.ID == c.ID && slices.Contains(it.Actions, ActApprove) }) {
			t.Fatalf("the stand-in's 待办 lacks the case: %+v", todo)
		}
		ns, _ = f.s.NextStep(f.u["head"].User(), c.ID)
		if ns.Stuck || len(ns.Waiting) != 1 || ns.Waiting[0].Name != "冯馆长" || ns.Waiting[0].For != "刘部长" {
			t.Fatalf("next step with a stand-in: %+v", ns)
		}
		if stuck, _ := f.s.StuckCases(context.Background()); slices.ContainsFunc(stuck, func(sc StuckCase) bool { return sc.ID == c.ID }) {
			t.Fatal("still stuck with a stand-in")
		}
		f.act(t, "leader", c, ActApprove, "同意（代部门负责人）")
		ds, _ := f.s.Decisions(c.ID)
		d := ds[len(ds)-1]
		if d.ActorRole != RoleDeptHead || d.ForID == nil || *d.ForID != f.u["head"].User().ID {
			t.Fatalf("decision %+v", d)
		}
		if got := d.ActorText(LangZH); got != "冯馆长 代 刘部长" {
			t.Errorf("recorded as %q", got)
		}
		h, _ := f.s.History(c.ID)
		if lines := ChangeLines(LangZH, "cases", h[len(h)-1].ChangeList(), nil); !strings.Contains(lines[len(lines)-1].New, "刘部长") {
			t.Errorf("history: %+v", lines)
		}
	})
	t.Run("a one-director library approves a plan the director wrote through the stand-in", func(t *testing.T) {
		c := f.driveTo(t, StatePlanning)
		f.completePlan(t, c)
		p, _ := f.s.Plan(c.ID)
		p.Goals += "（主任修改）"
		if err := f.s.SaveStage(f.u["director"], p); err != nil {
			t.Fatal(err)
		}
		f.act(t, "sysadmin", c, ActSubmit, "")
		sub := f.standIn(t, Substitute{Role: RoleITDirector, StandInID: f.u["leader"].User().ID})
		_, err := f.s.Act(f.u["leader"], ActionRequest{CaseID: c.ID, Action: ActApprovePlan})
		if ErrorCode(err) != EForbidden || !strings.Contains(err.Error(), "赵副主任") {
			t.Fatalf("a stand-in while the second director can act: %v", err)
		}
		second := f.u["director2"].User()
		second.Disabled = true
		if err := f.s.SaveUser(f.u["admin"], second); err != nil {
			t.Fatal(err)
		}
		f.act(t, "leader", c, ActApprovePlan, "同意")
		f.act(t, "finmgr", c, ActApproveBudget, "")
		if c.State != StateImplementing {
			t.Fatalf("state %s", c.State)
		}
		if err := f.s.DeleteSubstitute(f.u["admin"], sub); err != nil {
			t.Fatal(err)
		}
		second.Disabled = false
		if err := f.s.SaveUser(f.u["admin"], second); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a stand-in never lifts a rule for themselves", func(t *testing.T) {
		c := f.file(t, "otherhead")
		f.standIn(t, Substitute{Role: RoleDeptHead, StandInID: f.u["otherhead"].User().ID, DepartmentID: 0})
		f.act(t, "otherhead", c, ActSubmit, "")
		_, err := f.s.Act(f.u["otherhead"], ActionRequest{CaseID: c.ID, Action: ActApprove})
		if ErrorCode(err) != EDuties {
			t.Fatalf("a stand-in approving their own request: %v", err)
		}
	})
	t.Run("a person away is stood in for; the stand-in gives one half of a pair", func(t *testing.T) {
		c := f.driveTo(t, StatePlanApproval)
		today := f.s.today()
		f.standIn(t, Substitute{PrincipalID: f.u["finmgr"].User().ID, StandInID: f.u["director2"].User().ID,
			StartsOn: today, EndsOn: today, Reason: "出差"})
		f.act(t, "director2", c, ActApproveBudget, "代财务经理")
		_, err := f.s.Act(f.u["director2"], ActionRequest{CaseID: c.ID, Action: ActApprovePlan})
		if ErrorCode(err) != EState {
			t.Fatalf("the same person giving both halves: %v", err)
		}
		f.act(t, "director", c, ActApprovePlan, "")
		ds, _ := f.s.Decisions(c.ID)
		var budget Decision
		for _, d := range ds {
			if d.Action == ActApproveBudget {
				budget = d
			}
		}
		if budget.ActorText(LangZH) != "赵副主任 代 钱经理" || budget.ActorRole != RoleFinanceManager {
			t.Errorf("budget approval %+v", budget)
		}
	})
	t.Run("who may name stand-ins", func(t *testing.T) {
		own := &Substitute{PrincipalID: f.u["staff"].User().ID, StandInID: f.u["otherstaff"].User().ID,
			StartsOn: "2026-05-01", EndsOn: "2026-05-07"}
		if err := f.s.SaveSubstitute(f.u["staff"], own); err != nil {
			t.Fatalf("one's own stand-in: %v", err)
		}
		other := &Substitute{PrincipalID: f.u["head"].User().ID, StandInID: f.u["staff"].User().ID,
			StartsOn: "2026-05-01", EndsOn: "2026-05-07"}
		if err := f.s.SaveSubstitute(f.u["staff"], other); ErrorCode(err) != EForbidden {
			t.Errorf("someone else's stand-in: %v", err)
		}
		role := &Substitute{Role: RoleManagement, StandInID: f.u["staff"].User().ID}
		if err := f.s.SaveSubstitute(f.u["staff"], role); ErrorCode(err) != EForbidden {
			t.Errorf("a role's stand-in: %v", err)
		}
		bad := &Substitute{PrincipalID: f.u["head"].User().ID, StandInID: f.u["head"].User().ID, StartsOn: "2026-05-01", EndsOn: "2026-05-07"}
		if err := f.s.SaveSubstitute(f.u["admin"], bad); ErrorCode(err) != EInvalid {
			t.Errorf("standing in for oneself: %v", err)
		}
	})
}

// TestTodoCoversEveryStep checks that each form a stage waits for puts the
// case in the 待办 of those who fill it.
func TestTodoCoversEveryStep(t *testing.T) {
	f := newFixture(t)
	has := func(key string, c *Case, form Form) bool {
		todo, err := f.s.Todo(f.u[key].User())
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(todo, func(it TodoItem) bool { return it.ID == c.ID && slices.Contains(it.Forms, form) })
	}
	acc := f.driveTo(t, StateAccepting)
	for _, key := range []string{"sysadmin", "dataadmin", "staff"} {
		if !has(key, acc, FormTest) {
			t.Errorf("%s: no test to record in 测试验收", key)
		}
	}
	if has("otherstaff", acc, FormTest) {
		t.Error("another department's staff asked for a business test")
	}
	fu := f.driveTo(t, StateFollowUp)
	for _, key := range []string{"sysadmin", "director"} {
		if !has(key, fu, FormTraining) || !has(key, fu, FormEvaluation) {
			t.Errorf("%s: 培训与后评估 not in 待办", key)
		}
	}
}
