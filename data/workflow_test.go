package data

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestTransitions takes a fresh case of each kind of change to each state
// and tries each action as each kind of user: allowed ones must land in
// the right state, refused ones must fail with the right code and change
// nothing. The templates of standard changes are tried the same way.
func TestTransitions(t *testing.T) {
	f := newFixture(t)
	other := f.driveTo(t, StateScreening) // a merge target
	type row struct {
		name    string
		kind    string // of change; "" for a normal one
		from    State
		setup   func(c *Case)
		user    string
		action  Action
		opinion string
		merge   string
		want    State  // when allowed
		code    string // when refused
	}
	rows := []row{
		{name: "applicant submits", from: StateDraft, user: "staff", action: ActSubmit, want: StateDeptReview},
		{name: "other user cannot submit", from: StateDraft, user: "head", action: ActSubmit, code: EForbidden},
		{name: "applicant cancels draft", from: StateDraft, user: "staff", action: ActCancel, opinion: "不再需要", want: StateCancelled},
		{name: "cancel needs reason", from: StateDraft, user: "staff", action: ActCancel, code: EInvalid},
		{name: "approve not in draft", from: StateDraft, user: "head", action: ActApprove, code: EState},
		{name: "incomplete request not submitted", from: StateDraft, user: "staff", action: ActSubmit, code: EIncomplete,
			setup: func(c *Case) {
				c.Content = ""
				if err := f.s.SaveRequest(f.u["staff"], c); err != nil {
					t.Fatal(err)
				}
			}},

		{name: "head approves own department", from: StateDeptReview, user: "head", action: ActApprove, want: StateScreening},
		{name: "head of another department refused", from: StateDeptReview, user: "otherhead", action: ActApprove, code: EForbidden},
		{name: "staff cannot review", from: StateDeptReview, user: "staff", action: ActApprove, code: EForbidden},
		{name: "director cannot review", from: StateDeptReview, user: "director", action: ActApprove, code: EForbidden},
		{name: "head returns", from: StateDeptReview, user: "head", action: ActReturn, opinion: "补充影响", want: StateDraft},
		{name: "head rejects", from: StateDeptReview, user: "head", action: ActReject, opinion: "不必要", want: StateRejected},
		{name: "reject needs reason", from: StateDeptReview, user: "head", action: ActReject, code: EInvalid},
		{name: "director cancels any open case", from: StateDeptReview, user: "director", action: ActCancel, opinion: "合同终止", want: StateCancelled},

		{name: "sysadmin accepts", from: StateScreening, user: "sysadmin", action: ActAccept, want: StateAssessing},
		{name: "director accepts", from: StateScreening, user: "director", action: ActAccept, want: StateAssessing},
		{name: "staff cannot accept", from: StateScreening, user: "staff", action: ActAccept, code: EForbidden},
		{name: "data admin cannot accept", from: StateScreening, user: "dataadmin", action: ActAccept, code: EForbidden},
		{name: "merge into another case", from: StateScreening, user: "sysadmin", action: ActMerge, opinion: "同一需求", merge: other.No, want: StateMerged},
		{name: "merge into unknown case", from: StateScreening, user: "sysadmin", action: ActMerge, opinion: "同一需求", merge: "SJ-1999-0001", code: ENotFound},
		{name: "merge needs a number", from: StateScreening, user: "sysadmin", action: ActMerge, opinion: "同一需求", code: EInvalid},
		{name: "screening rejects", from: StateScreening, user: "director", action: ActReject, opinion: "不予受理", want: StateRejected},

		{name: "incomplete assessment not submitted", from: StateAssessing, user: "sysadmin", action: ActSubmit, code: EIncomplete},
		{name: "assessment submitted", from: StateAssessing, setup: func(c *Case) { f.completeAssessment(t, c) },
			user: "director", action: ActSubmit, want: StateMgmtApproval},
		{name: "management cannot submit assessment", from: StateAssessing, setup: func(c *Case) { f.completeAssessment(t, c) },
			user: "leader", action: ActSubmit, code: EForbidden},

		{name: "management approves", from: StateMgmtApproval, user: "leader", action: ActApprove, want: StatePlanning},
		{name: "director cannot approve for management", from: StateMgmtApproval, user: "director", action: ActApprove, code: EForbidden},
		{name: "management returns", from: StateMgmtApproval, user: "leader", action: ActReturn, opinion: "补充成本", want: StateAssessing},
		{name: "management rejects", from: StateMgmtApproval, user: "leader", action: ActReject, opinion: "暂缓", want: StateRejected},

		{name: "incomplete plan not submitted", from: StatePlanning, user: "sysadmin", action: ActSubmit, code: EIncomplete},
		{name: "plan submitted", from: StatePlanning, setup: func(c *Case) { f.completePlan(t, c) },
			user: "sysadmin", action: ActSubmit, want: StatePlanApproval},
		{name: "finance cannot submit plan", from: StatePlanning, setup: func(c *Case) { f.completePlan(t, c) },
			user: "finmgr", action: ActSubmit, code: EForbidden},

		{name: "plan approval alone waits for budget", from: StatePlanApproval, user: "director", action: ActApprovePlan, want: StatePlanApproval},
		{name: "budget approval completes", from: StatePlanApproval, setup: func(c *Case) { f.act(t, "director", c, ActApprovePlan, "") },
			user: "finmgr", action: ActApproveBudget, want: StateImplementing},
		{name: "plan approved twice", from: StatePlanApproval, setup: func(c *Case) { f.act(t, "director", c, ActApprovePlan, "") },
			user: "director2", action: ActApprovePlan, code: EState},
		{name: "finance cannot approve plan", from: StatePlanApproval, user: "finmgr", action: ActApprovePlan, code: EForbidden},
		{name: "director cannot approve budget", from: StatePlanApproval, user: "director", action: ActApproveBudget, code: EForbidden},
		{name: "finance returns plan", from: StatePlanApproval, user: "finmgr", action: ActReturn, opinion: "预算过高", want: StatePlanning},

		{name: "implementation needs record", from: StateImplementing, user: "sysadmin", action: ActComplete, code: EIncomplete},
		{name: "implementation done", from: StateImplementing, setup: func(c *Case) { f.implement(t, c) },
			user: "sysadmin", action: ActComplete, want: StateAccepting},
		{name: "data admin cannot complete", from: StateImplementing, setup: func(c *Case) { f.implement(t, c) },
			user: "dataadmin", action: ActComplete, code: EForbidden},
		{name: "rollback needs report", from: StateImplementing, user: "sysadmin", action: ActRollback, opinion: "失败", code: EIncomplete},
		{name: "rollback with report", from: StateImplementing, setup: func(c *Case) { f.rollbackReport(t, c) },
			user: "sysadmin", action: ActRollback, opinion: "失败", want: StateRolledBack},

		{name: "acceptance needs conclusion and tests", from: StateAccepting, user: "head", action: ActSign, code: EIncomplete},
		{name: "one signature waits", from: StateAccepting, setup: func(c *Case) { f.acceptance(t, c, "pass") },
			user: "head", action: ActSign, want: StateAccepting},
		{name: "both signatures pass", from: StateAccepting, setup: func(c *Case) { f.acceptance(t, c, "pass"); f.act(t, "head", c, ActSign, "") },
			user: "director", action: ActSign, want: StateRegistering},
		{name: "conditional goes back to implementing", from: StateAccepting,
			setup: func(c *Case) { f.acceptance(t, c, "conditional"); f.act(t, "director", c, ActSign, "") },
			user:  "head", action: ActSign, want: StateImplementing},
		{name: "failed acceptance rolls back", from: StateAccepting,
			setup: func(c *Case) {
				f.acceptance(t, c, "fail")
				f.rollbackReport(t, c)
				f.act(t, "director", c, ActSign, "")
			},
			user: "head", action: ActSign, want: StateRolledBack},
		{name: "failed acceptance needs rollback report", from: StateAccepting, setup: func(c *Case) { f.acceptance(t, c, "fail") },
			user: "head", action: ActSign, code: EIncomplete},
		{name: "head of other department cannot sign", from: StateAccepting, setup: func(c *Case) { f.acceptance(t, c, "pass") },
			user: "otherhead", action: ActSign, code: EForbidden},
		{name: "sysadmin cannot sign acceptance", from: StateAccepting, setup: func(c *Case) { f.acceptance(t, c, "pass") },
			user: "sysadmin", action: ActSign, code: EForbidden},

		{name: "register needs the form", from: StateRegistering, user: "sysadmin", action: ActRegister, code: EIncomplete},
		{name: "director cannot register", from: StateRegistering, user: "director", action: ActRegister, code: EForbidden},

		{name: "close needs training and evaluation", from: StateFollowUp, user: "director", action: ActClose, code: EIncomplete},
		{name: "sysadmin cannot close", from: StateFollowUp, user: "sysadmin", action: ActClose, code: EForbidden},

		{name: "terminal state refuses everything", from: StateRejected, user: "director", action: ActCancel, opinion: "x", code: EState},

		// 标准升级: accepted straight into planning, its template in force.
		{name: "standard change accepted into planning", kind: ChangeStandard, from: StateScreening, user: "sysadmin",
			action: ActAccept, want: StatePlanning},
		{name: "staff cannot accept a standard change", kind: ChangeStandard, from: StateScreening, user: "staff",
			action: ActAccept, code: EForbidden},
		{name: "withdrawn template refused at acceptance", kind: ChangeStandard, from: StateScreening,
			setup: func(c *Case) { f.withdrawTemplateOf(t, c) }, user: "sysadmin", action: ActAccept, code: EState},
		{name: "standard plan within the ceiling submitted", kind: ChangeStandard, from: StatePlanning,
			setup: func(c *Case) { f.smallPlan(t, c) }, user: "sysadmin", action: ActSubmit, want: StatePlanApproval},
		{name: "standard plan above the ceiling refused", kind: ChangeStandard, from: StatePlanning,
			setup: func(c *Case) { f.completePlan(t, c) }, user: "sysadmin", action: ActSubmit, code: EInvalid},
		{name: "standard plan approved as any", kind: ChangeStandard, from: StatePlanApproval,
			setup: func(c *Case) { f.act(t, "finmgr", c, ActApproveBudget, "") }, user: "director", action: ActApprovePlan,
			want: StateImplementing},
		{name: "director converts at screening", kind: ChangeStandard, from: StateScreening, user: "director",
			action: ActConvert, opinion: "模板已撤回", want: StateScreening},
		{name: "converted case accepted into assessment", kind: ChangeStandard, from: StateScreening,
			setup: func(c *Case) { f.act(t, "director", c, ActConvert, "改为一般升级") }, user: "sysadmin", action: ActAccept,
			want: StateAssessing},
		{name: "director converts a plan over the ceiling", kind: ChangeStandard, from: StatePlanning, user: "director",
			action: ActConvert, opinion: "预算超出上限", want: StateAssessing},
		{name: "conversion needs a reason", kind: ChangeStandard, from: StatePlanning, user: "director",
			action: ActConvert, code: EInvalid},
		{name: "sysadmin cannot convert", kind: ChangeStandard, from: StatePlanning, user: "sysadmin",
			action: ActConvert, opinion: "x", code: EForbidden},
		{name: "normal change cannot be converted", from: StateScreening, user: "director",
			action: ActConvert, opinion: "x", code: EState},

		// 紧急升级: implemented before the assessment and the 馆领导's
		// approval, which are completed afterwards.
		{name: "director lets an emergency be implemented at screening", kind: ChangeEmergency, from: StateScreening,
			user: "director", action: ActEmergency, opinion: "漏洞正被利用", want: StateImplementing},
		{name: "emergency needs a reason", kind: ChangeEmergency, from: StateScreening, user: "director",
			action: ActEmergency, code: EInvalid},
		{name: "sysadmin cannot allow an emergency", kind: ChangeEmergency, from: StateScreening, user: "sysadmin",
			action: ActEmergency, opinion: "x", code: EForbidden},
		{name: "leader cannot allow an emergency", kind: ChangeEmergency, from: StateScreening, user: "leader",
			action: ActEmergency, opinion: "x", code: EForbidden},
		{name: "normal change has no emergency path", from: StateScreening, user: "director",
			action: ActEmergency, opinion: "x", code: EState},
		{name: "emergency still needs a verified backup", kind: ChangeEmergency, from: StateImplementing,
			setup: func(c *Case) { f.implementWithoutBackup(t, c) }, user: "sysadmin", action: ActComplete, code: EIncomplete},
		{name: "emergency implemented with a backup", kind: ChangeEmergency, from: StateImplementing,
			setup: func(c *Case) { f.implement(t, c) }, user: "sysadmin", action: ActComplete, want: StateAccepting},
		{name: "confirmation needs the assessment and plan", kind: ChangeEmergency, from: StateImplementing,
			user: "leader", action: ActRatify, code: EIncomplete},
		{name: "leader confirms afterwards", kind: ChangeEmergency, from: StateImplementing,
			setup: func(c *Case) { f.completeAssessment(t, c); f.completePlan(t, c) }, user: "leader", action: ActRatify,
			want: StateImplementing},
		{name: "leader confirms in acceptance", kind: ChangeEmergency, from: StateAccepting,
			setup: func(c *Case) { f.completeAssessment(t, c); f.completePlan(t, c) }, user: "leader", action: ActRatify,
			want: StateAccepting},
		{name: "director cannot confirm for the leaders", kind: ChangeEmergency, from: StateImplementing,
			setup: func(c *Case) { f.completeAssessment(t, c); f.completePlan(t, c) }, user: "director", action: ActRatify,
			code: EForbidden},
		{name: "confirmed once only", kind: ChangeEmergency, from: StateImplementing,
			setup: func(c *Case) {
				f.completeAssessment(t, c)
				f.completePlan(t, c)
				f.act(t, "leader", c, ActRatify, "")
			}, user: "leader", action: ActRatify, code: EState},
		{name: "normal change has nothing to confirm", from: StateImplementing, user: "leader", action: ActRatify, code: EState},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			c := f.caseOfKind(t, r.kind, r.from)
			if r.setup != nil {
				r.setup(c)
				fresh, _ := f.s.Case(c.ID)
				*c = *fresh
			}
			before := *c
			decisions, _ := f.s.Decisions(c.ID)
			out, err := f.s.Act(f.u[r.user], ActionRequest{CaseID: c.ID, Action: r.action, Opinion: r.opinion, MergeInto: r.merge})
			if r.code != "" {
				if ErrorCode(err) != r.code {
					t.Fatalf("want %s, got %v", r.code, err)
				}
				if msg := ErrorMessage(err, LangZH); msg == "" || msg == err.(*Error).Key {
					t.Errorf("no Chinese message for %s", err.(*Error).Key)
				}
				after, _ := f.s.Case(c.ID)
				afterDecisions, _ := f.s.Decisions(c.ID)
				if after.State != before.State || after.Version != before.Version || len(afterDecisions) != len(decisions) {
					t.Errorf("refused action changed the case: %s v%d → %s v%d", before.State, before.Version, after.State, after.Version)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if out.State != r.want {
				t.Fatalf("state %s, want %s", out.State, r.want)
			}
		})
	}
	t.Run("templates", func(t *testing.T) { templateTransitions(t, f) })
}

// templateTransitions tries each action on a template of standard changes
// in each state as each kind of user, as TestTransitions does with cases.
func templateTransitions(t *testing.T, f *fixture) {
	type row struct {
		name    string
		from    TemplateState
		setup   func(tp *ChangeTemplate)
		user    string
		action  Action
		opinion string
		want    TemplateState
		code    string
	}
	save := func(key string, tp *ChangeTemplate) {
		if err := f.s.SaveTemplate(f.u[key], tp); err != nil {
			t.Fatal(err)
		}
	}
	approve := func(key string, tp *ChangeTemplate) {
		if _, err := f.s.ActOnTemplate(f.u[key], TemplateRequest{TemplateID: tp.ID, Action: ActApprove}); err != nil {
			t.Fatal(err)
		}
	}
	rows := []row{
		{name: "author submits a complete draft", from: TemplateDraft, user: "sysadmin", action: ActSubmit, want: TemplatePending},
		{name: "incomplete draft not submitted", from: TemplateDraft,
			setup: func(tp *ChangeTemplate) { tp.RollbackPlan, tp.Risks = "", nil; save("sysadmin", tp) },
			user:  "sysadmin", action: ActSubmit, code: EIncomplete},
		{name: "draft past its period not submitted", from: TemplateDraft,
			setup: func(tp *ChangeTemplate) {
				tp.ValidFrom, tp.ValidUntil = "2020-01-01", "2020-12-31"
				save("sysadmin", tp)
			},
			user: "sysadmin", action: ActSubmit, code: EInvalid},
		{name: "staff cannot submit", from: TemplateDraft, user: "staff", action: ActSubmit, code: EForbidden},
		{name: "leader approves and waits for the director", from: TemplatePending, user: "leader", action: ActApprove,
			want: TemplatePending},
		{name: "director approves and waits for the leader", from: TemplatePending, user: "director", action: ActApprove,
			want: TemplatePending},
		{name: "second approval approves", from: TemplatePending, setup: func(tp *ChangeTemplate) { approve("leader", tp) },
			user: "director", action: ActApprove, want: TemplateApproved},
		{name: "leader approves once", from: TemplatePending, setup: func(tp *ChangeTemplate) { approve("leader", tp) },
			user: "leader", action: ActApprove, code: EState},
		{name: "author cannot approve", from: TemplateDraft,
			setup: func(tp *ChangeTemplate) {
				tp.Scope += "（主任补充）"
				save("director", tp)
				if _, err := f.s.ActOnTemplate(f.u["sysadmin"], TemplateRequest{TemplateID: tp.ID, Action: ActSubmit}); err != nil {
					t.Fatal(err)
				}
			}, user: "director", action: ActApprove, code: EDuties},
		{name: "finance cannot approve", from: TemplatePending, user: "finmgr", action: ActApprove, code: EForbidden},
		{name: "sysadmin cannot approve", from: TemplatePending, user: "sysadmin", action: ActApprove, code: EForbidden},
		{name: "return needs a reason", from: TemplatePending, user: "leader", action: ActReturn, code: EInvalid},
		{name: "leader returns", from: TemplatePending, user: "leader", action: ActReturn, opinion: "预算上限过高", want: TemplateDraft},
		{name: "approved cannot be submitted", from: TemplateApproved, user: "sysadmin", action: ActSubmit, code: EState},
		{name: "director withdraws an approved one", from: TemplateApproved, user: "director", action: ActWithdraw,
			opinion: "系统更换", want: TemplateWithdrawn},
		{name: "withdrawal needs a reason", from: TemplateApproved, user: "director", action: ActWithdraw, code: EInvalid},
		{name: "sysadmin cannot withdraw", from: TemplateApproved, user: "sysadmin", action: ActWithdraw, opinion: "x",
			code: EForbidden},
		{name: "leader cannot withdraw", from: TemplatePending, user: "leader", action: ActWithdraw, opinion: "x",
			code: EForbidden},
		{name: "withdrawn refuses everything", from: TemplateWithdrawn, user: "director", action: ActApprove, code: EState},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			tp := f.template(t, r.from)
			if r.setup != nil {
				r.setup(tp)
				fresh, _ := f.s.Template(tp.ID)
				*tp = *fresh
			}
			before, _ := f.s.TemplateDecisions(tp.ID)
			out, err := f.s.ActOnTemplate(f.u[r.user], TemplateRequest{TemplateID: tp.ID, Action: r.action, Opinion: r.opinion})
			if r.code != "" {
				if ErrorCode(err) != r.code {
					t.Fatalf("want %s, got %v", r.code, err)
				}
				if msg := ErrorMessage(err, LangZH); msg == "" || msg == err.(*Error).Key {
					t.Errorf("no Chinese message for %s", err.(*Error).Key)
				}
				after, _ := f.s.Template(tp.ID)
				decided, _ := f.s.TemplateDecisions(tp.ID)
				if after.State != tp.State || after.Version != tp.Version || len(decided) != len(before) {
					t.Errorf("refused action changed the template: %s v%d → %s v%d", tp.State, tp.Version, after.State, after.Version)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if out.State != r.want {
				t.Fatalf("state %s, want %s", out.State, r.want)
			}
		})
	}
}

// caseOfKind returns a fresh case of a kind of change in state st.
func (f *fixture) caseOfKind(t *testing.T, kind string, st State) *Case {
	t.Helper()
	if kind == "" {
		return f.caseIn(t, st)
	}
	return f.driveKind(t, kind, st)
}

// withdrawTemplateOf withdraws the template of a standard change.
func (f *fixture) withdrawTemplateOf(t *testing.T, c *Case) {
	t.Helper()
	if _, err := f.s.ActOnTemplate(f.u["director"], TemplateRequest{TemplateID: *c.TemplateID, Action: ActWithdraw,
		Opinion: "供应商停止提供此类补丁"}); err != nil {
		t.Fatal(err)
	}
}

// implementWithoutBackup saves an implementation record of a case that
// has no backup.
func (f *fixture) implementWithoutBackup(t *testing.T, c *Case) {
	t.Helper()
	start := f.s.Now().Add(-2 * time.Hour)
	end := start.Add(time.Hour)
	im := &Implementation{CaseID: c.ID, ActualStart: &start, ActualEnd: &end, Steps: "安装补丁。"}
	if err := f.s.SaveStage(f.u["sysadmin"], im); err != nil {
		t.Fatal(err)
	}
}

// caseIn returns a fresh case in state st; terminal states other than the
// ones reached by driveTo are produced by a rejection.
func (f *fixture) caseIn(t *testing.T, st State) *Case {
	t.Helper()
	if st == StateRejected {
		c := f.driveTo(t, StateDeptReview)
		return f.act(t, "head", c, ActReject, "不必要")
	}
	if st == StateRolledBack {
		c := f.driveTo(t, StateImplementing)
		f.rollbackReport(t, c)
		return f.act(t, "sysadmin", c, ActRollback, "失败")
	}
	return f.driveTo(t, st)
}

func TestSeparationOfDuties(t *testing.T) {
	f := newFixture(t)
	t.Run("IT applicant cannot accept own request", func(t *testing.T) {
		c := f.file(t, "sysadmin")
		f.act(t, "sysadmin", c, ActSubmit, "")
		if c.State != StateScreening {
			t.Fatalf("IT request went to %s, want screening", c.State)
		}
		_, err := f.s.Act(f.u["sysadmin"], ActionRequest{CaseID: c.ID, Action: ActAccept})
		if ErrorCode(err) != EDuties {
			t.Fatalf("want duties error, got %v", err)
		}
		f.act(t, "sysadmin2", c, ActAccept, "")
	})
	t.Run("plan author cannot approve the plan", func(t *testing.T) {
		c := f.driveTo(t, StatePlanning)
		f.completePlan(t, c)
		p, _ := f.s.Plan(c.ID)
		p.Goals += "（主任修改）"
		if err := f.s.SaveStage(f.u["director"], p); err != nil {
			t.Fatal(err)
		}
		f.act(t, "sysadmin", c, ActSubmit, "")
		_, err := f.s.Act(f.u["director"], ActionRequest{CaseID: c.ID, Action: ActApprovePlan})
		if ErrorCode(err) != EDuties {
			t.Fatalf("want duties error, got %v", err)
		}
		f.act(t, "director2", c, ActApprovePlan, "")
	})
	t.Run("who wrote the acceptance conclusion cannot sign it", func(t *testing.T) {
		c := f.driveTo(t, StateAccepting)
		f.acceptance(t, c, "pass")
		ac := &Acceptance{}
		if err := loadByCase(f.s.db, ac, c.ID); err != nil {
			t.Fatal(err)
		}
		ac.Outstanding = "无"
		if err := f.s.SaveStage(f.u["director"], ac); err != nil {
			t.Fatal(err)
		}
		_, err := f.s.Act(f.u["director"], ActionRequest{CaseID: c.ID, Action: ActSign})
		if ErrorCode(err) != EDuties || !strings.Contains(err.Error(), "验收单") {
			t.Fatalf("want duties error about the acceptance, got %v", err)
		}
		f.act(t, "director2", c, ActSign, "")
	})
	t.Run("department head cannot approve own request", func(t *testing.T) {
		c := f.file(t, "head")
		f.act(t, "head", c, ActSubmit, "")
		_, err := f.s.Act(f.u["head"], ActionRequest{CaseID: c.ID, Action: ActApprove})
		if ErrorCode(err) != EDuties {
			t.Fatalf("want duties error, got %v", err)
		}
	})
}

func TestAvailableActionsAndTodo(t *testing.T) {
	f := newFixture(t)
	c := f.driveTo(t, StateDeptReview)
	acts, err := f.s.AvailableActions(f.u["head"].User(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[Action]bool{ActApprove: true, ActReturn: true, ActReject: true}
	if len(acts) != len(want) {
		t.Fatalf("head actions %v", acts)
	}
	for _, a := range acts {
		if !want[a] {
			t.Errorf("unexpected action %s", a)
		}
	}
	if acts, _ := f.s.AvailableActions(f.u["otherhead"].User(), c.ID); len(acts) != 0 {
		t.Errorf("other department head offered %v", acts)
	}
	todo, err := f.s.Todo(f.u["head"].User())
	if err != nil {
		t.Fatal(err)
	}
	if len(todo) != 1 || todo[0].No != c.No || todo[0].Actions[0] != ActApprove {
		t.Fatalf("head todo %+v", todo)
	}
	if todo, _ := f.s.Todo(f.u["otherhead"].User()); len(todo) != 0 {
		t.Errorf("other head todo %+v", todo)
	}
	impl := f.driveTo(t, StateImplementing)
	todo, _ = f.s.Todo(f.u["dataadmin"].User())
	if len(todo) != 1 || todo[0].ID != impl.ID || todo[0].Forms[0] != FormBackup {
		t.Fatalf("data admin todo %+v", todo)
	}
}

// TestTodoListKeptWhileNothingChanges checks the memo of TodoList: a
// prefetched list serves the sign-in, a write computes it again, and so
// does the passing of todoMemoAge (a change made behind the audit chain's
// back shows only then).
func TestTodoListKeptWhileNothingChanges(t *testing.T) {
	f := newFixture(t)
	now := time.Now()
	f.s.now = func() time.Time { return now }
	head := f.u["head"].User()
	if _, _, ok := f.s.TodoListKept(head); ok {
		t.Error("a 待办 kept before any was computed")
	}
	f.s.PrefetchTodo(" head ")
	if _, total, ok := f.s.TodoListKept(head); !ok || total != 0 {
		t.Errorf("the prefetched 待办 is not kept: %d, %v", total, ok)
	}
	f.s.PrefetchTodo("nobody") // does nothing
	items, total, err := f.s.TodoList(head)
	if err != nil || total != 0 || len(items) != 0 {
		t.Fatalf("empty 待办: %+v, %d, %v", items, total, err)
	}
	c := f.driveTo(t, StateDeptReview) // written through the store: seen at once
	if _, _, ok := f.s.TodoListKept(head); ok {
		t.Error("the 待办 computed before a write is still offered as kept")
	}
	items, total, err = f.s.TodoList(head)
	if err != nil || total != 1 || len(items) != 1 || items[0].ID != c.ID {
		t.Fatalf("after the submission: %+v, %d, %v", items, total, err)
	}
	if err := f.s.db.Exec("UPDATE cases SET state = ? WHERE id = ?", StateDraft, c.ID).Error; err != nil {
		t.Fatal(err)
	}
	if _, total, _ := f.s.TodoList(head); total != 1 {
		t.Errorf("an unaudited change showed before todoMemoAge: %d cases", total)
	}
	now = now.Add(todoMemoAge)
	if _, total, _ := f.s.TodoList(head); total != 0 {
		t.Errorf("after todoMemoAge the list is still the kept one: %d cases", total)
	}
}

func TestOldestTodoCopiesOnlyWhatIsShown(t *testing.T) {
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	byID := map[uint]*TodoItem{}
	for id := uint(1); id <= 5; id++ {
		at := day.AddDate(0, 0, int(5-id)) // the higher the id, the older
		if id == 4 {
			at = day.AddDate(0, 0, 2) // as old as case 3: the id decides
		}
		byID[id] = &TodoItem{CaseRow: CaseRow{ID: id, StateAt: at}}
	}
	got := oldestTodo(byID, 3)
	var ids []uint
	for _, it := range got {
		ids = append(ids, it.ID)
	}
	if !slices.Equal(ids, []uint{5, 3, 4}) {
		t.Errorf("oldest three = %v, want [5 3 4]", ids)
	}
	if cap(got) != 3 {
		t.Errorf("the list kept has room for %d items: the cases not shown are held too", cap(got))
	}
	if n := len(oldestTodo(byID, 10)); n != 5 {
		t.Errorf("%d items under a limit above the count, want 5", n)
	}
}
