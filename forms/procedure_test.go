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
			addRow(t, w.lists[data.FormBackup].Rows, "kind", "before", "taken_at", "2026-04-13 08:00", "scope", "全库",
				"method", "数据库全量导出", "location", `\\nas\backup\ils`, "verified", "true")
		}},
		{"sysadmin implements", data.StateAccepting, func(t *testing.T) { implement(t, f.open("sysadmin", id)) }},
		{"tests and acceptance", data.StateAccepting, func(t *testing.T) {
			w := f.open("sysadmin", id)
			addRow(t, w.lists[data.FormTest].Rows, "date", "2026-04-13", "items", "登录、借还、续借、挂失提示", "result", "pass")
			staff := f.open("staff", id)
			addRow(t, staff.lists[data.FormTest].Rows, "date", "2026-04-13", "items", "流通台借还书业务全流程", "result", "pass")
			ac := w.forms[data.FormAcceptance]
			ac.Choice("conclusion").SetValue("pass")
			fill(ac.Entry("outstanding"), "无")
			save(t, ac)
		}},
		{"dept head and IT director sign", data.StateRegistering, func(t *testing.T) {
			act(t, f.open("head", id), data.ActSign, "业务验收通过")
			act(t, f.open("director", id), data.ActSign, "同意")
		}},
		{"sysadmin registers", data.StateFollowUp, func(t *testing.T) {
			w := f.open("sysadmin", id)
			r := w.forms[data.FormRegistration]
			if got := r.Entry("new_version").Text; got != "V3.3.0" {
				t.Errorf("registration starts with new version %q, want the requested V3.3.0", got)
			}
			if got := r.Static("system_id").Text; got != "图书馆集成管理系统" {
				t.Errorf("registration names the system %q", got)
			}
			fill(r.Entry("effective_date"), "2026-04-13")
			save(t, r)
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
	fill(r.Entry("title"), "借还书界面挂失提示与批量续借")
	r.Choice("system_id").SetSelectedIndex(0)
	if got := r.Static("current_version").Text; got != "V3.2.0" {
		t.Errorf("current version shows %q, want V3.2.0 from the ledger", got)
	}
	if got := r.Static("vendor_id").Text; got != "图创科技" {
		t.Errorf("vendor shows %q, want the system's", got)
	}
	if got := r.Static("department_id").Text + " " + r.Static("applicant_id").Text; got != "流通部 张馆员" {
		t.Errorf("department and applicant show %q", got)
	}
	fill(r.Entry("target_version"), "V3.3.0")
	r.Choice("upgrade_type").SetValue("feature")
	r.Choice("urgency").SetValue("routine")
	r.Choice("source").SetValue("business")
	fill(r.Entry("expected_date"), "2026-12-31")
	fill(r.Entry("content"), "流通部需要在借还书界面增加读者证挂失状态的实时提示，并支持批量续借。")
	fill(r.Entry("problem"), "目前挂失证仍可借书，批量续借需要逐本操作，效率低。")
	fill(r.Entry("impact"), "影响流通部全部借还业务，高峰期排队时间长。")
	save(t, r)
	if w.caseID == 0 || m.find(w.caseID) != w {
		t.Fatal("the first save did not file the case")
	}
	if len(w.tabs.Items) != 15 {
		t.Errorf("filed case shows %d tabs, want 15", len(w.tabs.Items))
	}
	return w
}

func assess(t *testing.T, w *caseWindow) {
	a := w.forms[data.FormAssessment]
	fill(a.Entry("meeting_date"), "2026-03-10")
	fill(a.Entry("meeting_place"), "三楼会议室")
	people := a.Rows("participants")
	addRow(t, people, "name", "王主任", "side", "it")
	addRow(t, people, "name", "刘部长", "side", "business")
	addRow(t, people, "name", "钱经理", "side", "finance")
	addRow(t, people, "name", "黄经理", "side", "vendor", "org", "图创科技")
	for _, k := range data.Criteria {
		a.Choice(k).SetValue("high")
		fill(a.Notes(k), "经评估："+k)
	}
	fill(a.Entry("estimated_cost"), "38,000")
	a.Choice("conclusion").SetValue("feasible")
	fill(a.Entry("recommendation"), "采用供应商 V3.3.0 版本。")
	fill(a.Entry("preliminary_plan"), "四月闭馆日实施。")
	save(t, a)
	act(t, w, data.ActSubmit, "评估报告已完成")
}

func plan(t *testing.T, w *caseWindow) {
	fillPlan(t, w.forms[data.FormPlan])
	save(t, w.forms[data.FormPlan])
	act(t, w, data.ActSubmit, "")
}

// fillPlan types a complete plan into the form, rows and all.
func fillPlan(t *testing.T, p *stageForm) {
	fill(p.Entry("goals"), "升级到 V3.3.0，增加挂失提示与批量续借。")
	fill(p.Entry("scope"), "流通模块")
	addRow(t, p.Rows("milestones"), "name", "测试环境验证", "start", "2026-04-01", "end", "2026-04-05")
	addRow(t, p.Rows("milestones"), "name", "正式升级", "start", "2026-04-13", "end", "2026-04-13")
	addRow(t, p.Rows("responsibilities"), "task", "技术实施", "person", "李工")
	addRow(t, p.Rows("responsibilities"), "task", "数据备份", "person", "陈数据")
	fill(p.Entry("tech_approach"), "供应商远程升级，先在测试机验证。")
	addRow(t, p.Rows("risks"), "risk", "数据迁移失败", "likelihood", "low", "impact", "high",
		"countermeasure", "回退到升级前备份")
	fill(p.Entry("rollback_plan"), "恢复升级前备份。")
	fill(p.Entry("downtime_window"), "周一闭馆日 8:00–18:00")
	fill(p.Entry("training_plan"), "闭馆日培训流通部全体。")
	addRow(t, p.Rows("budget_items"), "item", "升级服务费", "amount", "30,000")
	addRow(t, p.Rows("budget_items"), "item", "培训费", "amount", "8,000")
	if got := p.Total("budget_items").Text; got != "38,000.00 元" {
		t.Errorf("budget total %q", got)
	}
}

func implement(t *testing.T, w *caseWindow) {
	im := w.forms[data.FormImplementation]
	fill(im.Entry("actual_start"), "2026-04-13 08:30")
	fill(im.Entry("actual_end"), "2026-04-13 09:40")
	fill(im.Entry("steps"), "停服务；升级；启动；验证。")
	fill(im.Entry("downtime_minutes"), "70")
	save(t, im)
	act(t, w, data.ActComplete, "")
}

func followUp(t *testing.T, f *fixture, id uint) {
	acc := f.open("accountant", id)
	costs := acc.lists[data.FormCost]
	addRow(t, costs.Rows, "item", "升级服务费", "amount", "30,000", "invoice_no", "FP-2026-001", "date", "2026-04-14")
	if costs.Summary.Text != "实际费用合计 30,000.00 元（计划预算 38,000.00 元）" {
		t.Errorf("costs total %q", costs.Summary.Text)
	}
	w := f.open("sysadmin", id)
	addRow(t, w.lists[data.FormTraining].Rows, "date", "2026-04-14", "audience", "流通部全体",
		"content", "挂失提示与批量续借操作", "trainer", "李工", "attendees", "18")
	e := w.forms[data.FormEvaluation]
	fill(e.Entry("effect"), "挂失证借书问题消除，批量续借效率提高。")
	fill(e.Entry("cost_benefit"), "费用在预算内。")
	e.Choice("outcome").SetValue("good")
	fill(e.Entry("conclusion"), "升级达到预期。")
	save(t, e)
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
	// Closing is the 归档 decision, then the dossier made after it stored
	// as an attachment.
	if e := w.history.Entries; len(e) < 20 || e[1].Decision != "归档" || e[0].What != "附件" {
		t.Errorf("history shows %d entries, newest %+v, %+v", len(e), e[0], e[1])
	}
	if len(w.header.ActionButtons) != 0 {
		t.Errorf("closed case offers %v", w.cd.actions)
	}
	if len(f.changed) == 0 {
		t.Error("the client was never told about changes")
	}
}
