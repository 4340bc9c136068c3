package forms

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
)

// TestStandardChangeThroughTheWindows files a standard change by its
// template, takes it past screening straight to its plan, which starts
// from the template, and checks what the window says of it.
func TestStandardChangeThroughTheWindows(t *testing.T) {
	f := newFixture(t)
	m := f.manager("staff", nil)
	m.NewCase()
	w := m.windows[0]
	r := w.request
	fill(r.Entry("title"), "集成管理系统安装例行补丁")
	r.Choice("change_kind").SetValue(data.ChangeStandard)
	tmpl := r.Choice("template_id")
	if len(tmpl.Options) != 1 || !strings.Contains(tmpl.Options[0], "集成管理系统例行功能补丁") {
		t.Fatalf("templates offered: %v", tmpl.Options)
	}
	tmpl.SetSelectedIndex(0)
	if r.Choice("system_id").Value() == "" || r.Choice("upgrade_type").Value() != data.UpgradeTypes[0] {
		t.Errorf("the template did not choose the system and type: %q %q", r.Choice("system_id").Value(),
			r.Choice("upgrade_type").Value())
	}
	r.Choice("urgency").SetValue("routine")
	r.Choice("source").SetValue("vendor")
	fill(r.Entry("expected_date"), "2026-12-31")
	fill(r.Entry("content"), "安装供应商四月例行补丁。")
	fill(r.Entry("problem"), "补丁修复检索缺陷。")
	fill(r.Entry("impact"), "闭馆日停机一小时。")
	save(t, r)
	act(t, w, data.ActSubmit, "")
	id := w.caseID
	if err := f.do("head", id, data.ActApprove); err != nil {
		t.Fatal(err)
	}
	act(t, f.open("sysadmin", id), data.ActAccept, "按标准升级办理")
	if got := f.state(id); got != data.StatePlanning {
		t.Fatalf("standard change accepted into %s", got)
	}
	sw := f.open("sysadmin", id)
	if got := sw.header.State.Text; got != "标准升级 · 计划制定中" {
		t.Errorf("header state %q", got)
	}
	if got := sw.header.Kind.Text; !strings.Contains(got, "BZ-") || !strings.Contains(got, "冯馆长（馆领导）") {
		t.Errorf("header kind %q", got)
	}
	p := sw.forms[data.FormPlan]
	if got := p.Entry("goals").Text; got != "安装供应商例行补丁。" {
		t.Errorf("plan starts with goals %q", got)
	}
	if n := len(p.Rows("risks").Rows()); n != 1 || !p.unsaved() {
		t.Errorf("plan from the template: %d risks, unsaved %v", n, p.unsaved())
	}
	addRow(t, p.Rows("milestones"), "name", "安装补丁", "start", "2026-04-20", "end", "2026-04-20")
	addRow(t, p.Rows("responsibilities"), "task", "安装", "person", "李工")
	fill(p.Entry("training_plan"), "发布通知。")
	addRow(t, p.Rows("budget_items"), "item", "补丁服务费", "amount", "6,000")
	save(t, p)
	test.Tap(sw.header.ActionButtons[data.ActSubmit])
	test.Type(sw.actionDlg.Opinion, "")
	test.Tap(sw.actionDlg.OK)
	if sw.actionDlg == nil || !strings.Contains(sw.actionDlg.Problem.Text, "预算上限 5,000.00 元") {
		t.Fatalf("budget above the ceiling not refused in the dialog")
	}
	sw.actionDlg.close()
	plan := sw.forms[data.FormPlan]
	rows := plan.Rows("budget_items")
	rows.SetRows([][]string{{"补丁服务费", "4,000"}})
	plan.changed()
	save(t, plan)
	act(t, sw, data.ActSubmit, "")
	if got := f.state(id); got != data.StatePlanApproval {
		t.Fatalf("plan within the ceiling submitted into %s", got)
	}
}

// TestEmergencyChangeThroughTheWindows has the IT director let an
// emergency change be implemented from screening, the sysadmin write its
// assessment afterwards, and the leader confirm it in the 馆领导 tab.
func TestEmergencyChangeThroughTheWindows(t *testing.T) {
	f := newFixture(t)
	m := f.manager("staff", nil)
	m.NewCase()
	w := m.windows[0]
	r := w.request
	fill(r.Entry("title"), "门禁读卡服务崩溃紧急修复")
	r.Choice("change_kind").SetValue(data.ChangeEmergency)
	if got := r.Choice("urgency").Value(); got != "urgent" {
		t.Errorf("an emergency is %q", got)
	}
	r.Choice("system_id").SetSelectedIndex(0)
	r.Choice("upgrade_type").SetValue("bugfix")
	r.Choice("source").SetValue("business")
	fill(r.Entry("expected_date"), "2026-04-14")
	fill(r.Entry("content"), "安装修复版本。")
	fill(r.Entry("problem"), "读卡服务反复崩溃。")
	fill(r.Entry("impact"), "读者无法刷卡入馆。")
	save(t, r)
	act(t, w, data.ActSubmit, "")
	id := w.caseID
	if err := f.do("head", id, data.ActApprove); err != nil {
		t.Fatal(err)
	}
	dw := f.open("director", id)
	if dw.decisions[data.StateScreening].ActionButtons[data.ActEmergency] == nil {
		t.Fatalf("no 紧急实施 in the screening tab: %v", dw.cd.actions)
	}
	act(t, dw, data.ActEmergency, "读者无法入馆，立即修复")
	if got := f.state(id); got != data.StateImplementing {
		t.Fatalf("emergency implemented from %s", got)
	}
	sw := f.open("sysadmin", id)
	if got := sw.header.Kind.Text; !strings.Contains(got, "2026-04-20") || sw.header.Kind.Importance != widget.WarningImportance {
		t.Errorf("header kind %q (%v)", got, sw.header.Kind.Importance)
	}
	a := sw.forms[data.FormAssessment]
	if !a.SaveButton.Visible() {
		t.Fatalf("assessment not editable afterwards: %s", a.Note.Text)
	}
	lw := f.open("leader", id)
	mt := lw.decisions[data.StateMgmtApproval]
	if mt.ActionButtons[data.ActRatify] == nil || !strings.Contains(mt.Status.Text, "2026-04-20") {
		t.Fatalf("leader's tab: buttons %v, status %q", mt.ActionButtons, mt.Status.Text)
	}
	test.Tap(mt.ActionButtons[data.ActRatify])
	test.Tap(lw.actionDlg.OK)
	if lw.actionDlg == nil || !strings.Contains(lw.actionDlg.Problem.Text, "需求评估报告") {
		t.Fatalf("confirmation before the assessment not refused")
	}
	lw.actionDlg.close()
	assessForm(t, sw)
	fillPlan(t, sw.forms[data.FormPlan])
	save(t, sw.forms[data.FormPlan])
	lw = f.open("leader", id)
	test.Tap(lw.decisions[data.StateMgmtApproval].ActionButtons[data.ActRatify])
	test.Type(lw.actionDlg.Opinion, "同意追认")
	test.Tap(lw.actionDlg.OK)
	if lw.actionDlg != nil {
		t.Fatalf("confirmation refused: %s", lw.actionDlg.Problem.Text)
	}
	c, _ := f.s.Case(id)
	if c.RetroDoneAt == nil || c.State != data.StateImplementing {
		t.Fatalf("after confirmation: %s %v", c.State, c.RetroDoneAt)
	}
	lw = f.open("leader", id)
	rows := lw.decisions[data.StateMgmtApproval].Decisions.Rows()
	if len(rows) != 1 || rows[0][2] != "追认" {
		t.Errorf("leader's tab shows %v", rows)
	}
	if got := lw.header.Kind.Text; !strings.Contains(got, "已补办") {
		t.Errorf("header kind after confirmation %q", got)
	}
}

// assessForm types a complete assessment into w's form and saves it.
func assessForm(t *testing.T, w *caseWindow) {
	a := w.forms[data.FormAssessment]
	fill(a.Entry("meeting_date"), "2026-04-13")
	fill(a.Entry("meeting_place"), "信息管理部")
	addRow(t, a.Rows("participants"), "name", "王主任", "side", "it")
	for _, k := range data.Criteria {
		a.Choice(k).SetValue("high")
		fill(a.Notes(k), "事后补办："+k)
	}
	a.Choice("conclusion").SetValue("feasible")
	fill(a.Entry("recommendation"), "纳入月度补丁管理。")
	fill(a.Entry("preliminary_plan"), "已实施。")
	save(t, a)
}
