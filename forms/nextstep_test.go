package forms

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
)

// TestWhoMayActOnAHeadsOwnRequest files the department head's own request:
// his window says why he may not approve it, and that nobody may until a
// stand-in is named; then who may; the stand-in approves it, and the
// stage's decisions and the history say who signed for whom (代签).
func TestWhoMayActOnAHeadsOwnRequest(t *testing.T) {
	f := newFixture(t)
	systems, _ := f.s.Systems()
	c := &data.Case{Title: "流通部自助借还机增加挂失拦截", SystemID: systems[0].ID, Phone: "010-6253 1234",
		UpgradeType: "feature", Urgency: "routine", Source: "business", Content: "自助借还机不识别已挂失的读者证。",
		Problem: "挂失证仍可借书。", Impact: "影响自助借还。", ExpectedDate: "2026-12-31"}
	must(t, f.s.NewCase(f.sess(f.u["head"]), c))
	must(t, f.do("head", c.ID, data.ActSubmit))

	w := f.open("head", c.ID)
	next := w.header.Next
	if !w.header.nextRow.Visible() || next.Importance != widget.DangerImportance ||
		!strings.Contains(next.Text, "无人可以办理下一步") || !strings.Contains(next.Text, "不能审批自己提交的") {
		t.Fatalf("before a stand-in: %q (importance %d)", next.Text, next.Importance)
	}
	if len(w.header.ActionButtons) != 1 || w.header.ActionButtons[data.ActReturn] == nil {
		t.Errorf("the head's actions on his own request: %v", w.header.ActionButtons)
	}
	if st := w.decisions[data.StateDeptReview].Status; st.Text != next.Text || st.Importance != widget.DangerImportance {
		t.Errorf("部门审核 says %q, not why", st.Text)
	}

	must(t, f.s.SaveSubstitute(f.sess(f.u["admin"]), &data.Substitute{Role: data.RoleDeptHead,
		DepartmentID: f.u["head"].DepartmentID, StandInID: f.u["leader"].ID}))
	w = f.open("head", c.ID)
	want := "职责分离：不能审批自己提交的升级事项。下一步可由 冯馆长（代理） 办理。"
	if got := w.header.Next.Text; got != want || w.header.Next.Importance != widget.MediumImportance {
		t.Errorf("the applicant head sees %q, want %q", got, want)
	}
	if got := f.open("staff", c.ID).header.Next.Text; !strings.Contains(got, "冯馆长（代理）") {
		t.Errorf("a member of staff sees %q", got)
	}

	w = f.open("leader", c.ID)
	if got := w.header.Next.Text; got != "可办理下一步：冯馆长（代理）" {
		t.Errorf("the stand-in sees %q", got)
	}
	test.Tap(w.header.ActionButtons[data.ActApprove])
	if d := w.actionDlg; d == nil || d.StandIn == nil ||
		d.StandIn.Text != "您以代理人身份代 刘部长 办理此步骤，决定将记录为“冯馆长 代 刘部长”（代签）。" {
		t.Fatalf("the stand-in's dialog does not say for whom: %+v", d)
	}
	w.actionDlg.close()
	act(t, w, data.ActApprove, "同意（代部门负责人）")
	if got := f.state(c.ID); got != data.StateScreening {
		t.Fatalf("state after the stand-in's approval: %s", got)
	}
	w = f.open("head", c.ID)
	rows := w.decisions[data.StateDeptReview].Decisions.Rows()
	if len(rows) != 1 || rows[0][0] != "冯馆长 代 刘部长" || rows[0][1] != "部门负责人" {
		t.Errorf("decisions of 部门审核: %v", rows)
	}
	if who := w.history.Entries[0].Who; who != "冯馆长 代 刘部长" {
		t.Errorf("history names %q", who)
	}
	if got := w.header.Changed.Text; !strings.Contains(got, "冯馆长 代 刘部长") {
		t.Errorf("last change: %q", got)
	}
	if got := w.header.Next.Text; !strings.Contains(got, "王主任") || !strings.Contains(got, "李工") {
		t.Errorf("next step in 受理筛选: %q", got)
	}
}

// TestCostsOverTheBudget records costs within and then beyond the plan's
// budget: the costs tab says by how much, and who approved the budget, as
// a warning.
func TestCostsOverTheBudget(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StateImplementing)
	d, err := f.s.Dossier(id)
	if err != nil {
		t.Fatal(err)
	}
	budget := d.Plan.Budget()
	acc := f.sess(f.u["accountant"])
	must(t, f.s.SaveStage(acc, &data.Cost{CaseID: id, Item: "首期款", Amount: budget / 2, Date: "2026-04-13"}))
	sum := f.open("accountant", id).lists[data.FormCost].Summary
	if strings.Contains(sum.Text, "超出预算") || sum.Importance != widget.MediumImportance {
		t.Errorf("within the budget: %q (importance %d)", sum.Text, sum.Importance)
	}
	must(t, f.s.SaveStage(acc, &data.Cost{CaseID: id, Item: "增购模块", Amount: budget/2 + 420000, Date: "2026-04-13"}))
	sum = f.open("accountant", id).lists[data.FormCost].Summary
	want := "超出预算 4,200.00 元（预算 " + budget.String() + " 元，由 钱经理 于 2026-04-13 批准）"
	if sum.Text != "实际费用合计 "+(budget+420000).String()+" 元；"+want || sum.Importance != widget.DangerImportance {
		t.Errorf("beyond the budget: %q (importance %d), want %q", sum.Text, sum.Importance, want)
	}
}

// TestCostNoteOnAnArchivedCase checks that the accountant is told, on an
// archived case, what a cost added there becomes, and on an open one
// nothing.
func TestCostNoteOnAnArchivedCase(t *testing.T) {
	note := layoutOf(data.FormCost, &data.User{}).note
	cd := &caseData{d: &data.Dossier{Case: data.Case{State: data.StateClosed}}}
	if got := note(cd); !strings.Contains(got, "费用补记单") || !strings.Contains(got, "案卷保持不变") {
		t.Errorf("archived: %q", got)
	}
	cd.d.Case.State = data.StateFollowUp
	if got := note(cd); got != "" {
		t.Errorf("open: %q", got)
	}
}
