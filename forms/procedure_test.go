package forms

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

// TestWholeProcedure drives one case from the request to the archive
// through the case windows of every role, typing into the forms and
// tapping their buttons.
func TestWholeProcedure(t *testing.T) {
	f := newFixture(t)
	id := fileRequest(t, f)
	steps := []struct {
		name string
		want data.State
		do   func(t *testing.T)
	}{
		{"dept head approves", data.StateScreening, func(t *testing.T) {
			w := f.open("head", id)
			test.Tap(w.decisions[data.StateDeptReview].ActionButtons[data.ActApprove])
			test.Type(w.actionDlg.Opinion, "同意，业务急需。")
			test.Tap(w.actionDlg.OK)
		}},
		{"sysadmin accepts", data.StateAssessing, func(t *testing.T) {
			act(t, f.open("sysadmin", id), data.ActAccept, "纳入评估")
		}},
		{"sysadmin assesses", data.StateMgmtApproval, func(t *testing.T) { assess(t, f.open("sysadmin", id)) }},
		{"management approves", data.StatePlanning, func(t *testing.T) {
			act(t, f.open("leader", id), data.ActApprove, "批准")
		}},
		{"sysadmin plans", data.StatePlanApproval, func(t *testing.T) { plan(t, f.open("sysadmin", id)) }},
		{"IT director approves the plan", data.StatePlanApproval, func(t *testing.T) {
			act(t, f.open("director", id), data.ActApprovePlan, "同意")
		}},
		{"finance approves the budget", data.StateImplementing, func(t *testing.T) {
			act(t, f.open("finmgr", id), data.ActApproveBudget, "预算同意")
		}},
		{"data admin backs up", data.StateImplementing, func(t *testing.T) {
			w := f.open("dataadmin", id)
			addRow(t, w.backups.Rows, "before", "2026-04-13 08:00", "全库", "数据库全量导出", `\\nas\backup\ils`, "true")
		}},
		{"sysadmin implements", data.StateAccepting, func(t *testing.T) { implement(t, f.open("sysadmin", id)) }},
		{"tests and acceptance", data.StateAccepting, func(t *testing.T) {
			w := f.open("sysadmin", id)
			addRow(t, w.tests.Rows, "", "2026-04-13", "", "登录、借还、续借、挂失提示", "pass")
			staff := f.open("staff", id)
			addRow(t, staff.tests.Rows, "", "2026-04-13", "", "流通台借还书业务全流程", "pass")
			w.acceptance.Conclusion.SetValue("pass")
			fill(w.acceptance.Outstanding, "无")
			save(t, w.acceptance.frame)
		}},
		{"dept head and IT director sign", data.StateRegistering, func(t *testing.T) {
			act(t, f.open("head", id), data.ActSign, "业务验收通过")
			act(t, f.open("director", id), data.ActSign, "同意")
		}},
		{"sysadmin registers", data.StateFollowUp, func(t *testing.T) {
			w := f.open("sysadmin", id)
			if got := w.registration.NewVersion.Text; got != "V3.3.0" {
				t.Errorf("registration starts with new version %q, want the requested V3.3.0", got)
			}
			fill(w.registration.EffectiveDate, "2026-04-13")
			save(t, w.registration.frame)
			act(t, w, data.ActRegister, "")
		}},
		{"costs, training and evaluation", data.StateFollowUp, func(t *testing.T) { followUp(t, f, id) }},
		{"IT director archives", data.StateClosed, func(t *testing.T) {
			act(t, f.open("director", id), data.ActClose, "资料齐全，归档。")
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, func(t *testing.T) {
			s.do(t)
			if got := f.state(id); got != s.want {
				t.Fatalf("case is %s, want %s", got, s.want)
			}
		}) {
			return
		}
	}
	checkClosed(t, f, id)
}

// fileRequest has the member of staff type a request into a new window,
// save it and submit it; it returns the new case.
func fileRequest(t *testing.T, f *fixture) uint {
	w := draftRequest(t, f)
	act(t, w, data.ActSubmit, "")
	if got := f.state(w.caseID); got != data.StateDeptReview {
		t.Fatalf("submitted request is %s", got)
	}
	return w.caseID
}

// draftRequest has the member of staff type a request into a new window
// and save it, which files it as a draft; it returns the window.
func draftRequest(t *testing.T, f *fixture) *caseWindow {
	m := f.manager("staff", nil)
	m.NewCase()
	w := m.windows[0]
	r := w.request
	fill(r.Title, "借还书界面挂失提示与批量续借")
	r.System.SetSelectedIndex(0)
	if r.CurrentVersion.Text != "V3.2.0" {
		t.Errorf("current version shows %q, want V3.2.0 from the ledger", r.CurrentVersion.Text)
	}
	fill(r.TargetVersion, "V3.3.0")
	r.UpgradeType.SetValue("feature")
	r.Urgency.SetValue("routine")
	r.Source.SetValue("business")
	fill(r.ExpectedDate, "2026-12-31")
	fill(r.Content, "流通部需要在借还书界面增加读者证挂失状态的实时提示，并支持批量续借。")
	fill(r.Problem, "目前挂失证仍可借书，批量续借需要逐本操作，效率低。")
	fill(r.Impact, "影响流通部全部借还业务，高峰期排队时间长。")
	save(t, r.frame)
	if w.caseID == 0 || m.find(w.caseID) != w {
		t.Fatal("the first save did not file the case")
	}
	if len(w.tabs.Items) != 15 {
		t.Errorf("filed case shows %d tabs, want 15", len(w.tabs.Items))
	}
	return w
}

func assess(t *testing.T, w *caseWindow) {
	a := w.assessment
	fill(a.MeetingDate, "2026-03-10")
	fill(a.MeetingPlace, "三楼会议室")
	addRow(t, a.Participants, "王主任", "it")
	addRow(t, a.Participants, "刘部长", "business")
	addRow(t, a.Participants, "钱经理", "finance")
	addRow(t, a.Participants, "黄经理", "vendor", "图创科技")
	for _, k := range data.Criteria {
		a.Ratings[k].SetValue("high")
		fill(a.Notes[k], "经评估："+k)
	}
	fill(a.EstimatedCost, "38,000")
	a.Conclusion.SetValue("feasible")
	fill(a.Recommendation, "采用供应商 V3.3.0 版本。")
	fill(a.PreliminaryPlan, "四月闭馆日实施。")
	save(t, a.frame)
	act(t, w, data.ActSubmit, "评估报告已完成")
}

func plan(t *testing.T, w *caseWindow) {
	fillPlan(t, w.plan)
	save(t, w.plan.frame)
	act(t, w, data.ActSubmit, "")
}

// fillPlan types a complete plan into the form, rows and all.
func fillPlan(t *testing.T, p *planForm) {
	fill(p.Goals, "升级到 V3.3.0，增加挂失提示与批量续借。")
	fill(p.Scope, "流通模块")
	addRow(t, p.Milestones, "测试环境验证", "2026-04-01", "2026-04-05")
	addRow(t, p.Milestones, "正式升级", "2026-04-13", "2026-04-13")
	addRow(t, p.Responsibilities, "技术实施", "李工")
	addRow(t, p.Responsibilities, "数据备份", "陈数据")
	fill(p.TechApproach, "供应商远程升级，先在测试机验证。")
	addRow(t, p.Risks, "数据迁移失败", "low", "high", "回退到升级前备份")
	fill(p.RollbackPlan, "恢复升级前备份。")
	fill(p.DowntimeWindow, "周一闭馆日 8:00–18:00")
	fill(p.TrainingPlan, "闭馆日培训流通部全体。")
	addRow(t, p.Budget, "升级服务费", "30,000")
	addRow(t, p.Budget, "培训费", "8,000")
	if p.BudgetTotal.Text != "38,000.00 元" {
		t.Errorf("budget total %q", p.BudgetTotal.Text)
	}
}

func implement(t *testing.T, w *caseWindow) {
	im := w.implementation
	fill(im.ActualStart, "2026-04-13 08:30")
	fill(im.ActualEnd, "2026-04-13 09:40")
	fill(im.Steps, "停服务；升级；启动；验证。")
	fill(im.Downtime, "70")
	save(t, im.frame)
	act(t, w, data.ActComplete, "")
}

func followUp(t *testing.T, f *fixture, id uint) {
	acc := f.open("accountant", id)
	addRow(t, acc.costs.Rows, "升级服务费", "30,000", "FP-2026-001", "2026-04-14")
	if acc.costs.Summary.Text == "" {
		t.Error("costs show no total")
	}
	w := f.open("sysadmin", id)
	addRow(t, w.trainings.Rows, "2026-04-14", "流通部全体", "挂失提示与批量续借操作", "李工", "18")
	e := w.evaluation
	fill(e.Effect, "挂失证借书问题消除，批量续借效率提高。")
	fill(e.CostBenefit, "费用在预算内。")
	e.Outcome.SetValue("good")
	fill(e.Conclusion, "升级达到预期。")
	save(t, e.frame)
}

// checkClosed checks what archiving left: the ledger's new version, the
// archived dossier and the history shown in the window.
func checkClosed(t *testing.T, f *fixture, id uint) {
	c, err := f.s.Case(id)
	if err != nil {
		t.Fatal(err)
	}
	sys, err := f.s.System(c.SystemID)
	if err != nil {
		t.Fatal(err)
	}
	if sys.CurrentVersion != "V3.3.0" {
		t.Errorf("ledger version %s, want V3.3.0", sys.CurrentVersion)
	}
	d, err := f.s.Dossier(id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Archive == nil {
		t.Fatal("no archive entry")
	}
	w := f.open("staff", id)
	if len(w.history.Entries) < 20 || w.history.Entries[0].Decision != "归档" {
		t.Errorf("history shows %d entries, newest %+v", len(w.history.Entries), w.history.Entries[0])
	}
	if len(w.header.ActionButtons) != 0 {
		t.Errorf("closed case offers %v", w.cd.actions)
	}
	if len(f.changed) == 0 {
		t.Error("the client was never told about changes")
	}
}
