package app

import (
	"strings"
	"testing"
	"time"

	"upgradedesk/data"
)

// TestOverdueCasesAreMarked submits two requests ten days apart: the one
// past 部门审核's limit of three working days is marked in the head's 待办
// and in 升级事项 with the working days it is late, and the 已逾期 filter
// keeps it alone.
func TestOverdueCasesAreMarked(t *testing.T) {
	f := newFixture(t)
	cs := f.addCases(t, 3, time.Hour)
	f.act(t, "staff", cs[0], data.ActSubmit, "") // Tuesday 2025-04-01: due at the end of Friday
	f.clock.advance(10 * 24 * time.Hour)         // Friday 2025-04-11: 5 working days late
	f.act(t, "staff", cs[1], data.ActSubmit, "")
	c := startClient(t, newTestApp(t), f.path, f.clock)
	s := signInAs(t, c, "head")
	todo := s.todo
	if len(todo.items) != 2 {
		t.Fatalf("%d cases in the head's 待办", len(todo.items))
	}
	due := todo.grid.cols[todoDueColumn]
	late, fresh := &todo.items[0], &todo.items[1]
	if late.ID != cs[0].ID {
		late, fresh = fresh, late
	}
	if got := due.text(late); got != "逾期 5 个工作日" || !todo.grid.warn(late, todoDueColumn) {
		t.Errorf("the late case's time limit: %q", got)
	}
	if got := due.text(fresh); got != "2025-04-16 前" || todo.grid.warn(fresh, todoDueColumn) {
		t.Errorf("the fresh case's time limit: %q", got)
	}

	showTab(c, s, 1)
	list := s.list
	for i := range list.pager.count() {
		r, ok := list.pager.row(i)
		if !ok {
			t.Fatalf("row %d not loaded", i)
		}
		text, warn := list.grid.cols[dueColumn].text(r), list.grid.warn(r, dueColumn)
		switch r.ID {
		case cs[0].ID:
			if text != "逾期 5 个工作日" || !warn {
				t.Errorf("%s: %q", r.No, text)
			}
		case cs[1].ID:
			if text != "2025-04-16 前" || warn {
				t.Errorf("%s: %q", r.No, text)
			}
		default: // a draft has no time limit
			if text != "" || warn {
				t.Errorf("%s (%s): %q", r.No, r.State, text)
			}
		}
	}
	list.overdue.SetChecked(true)
	c.jobs.Wait()
	if n := list.pager.count(); n != 1 {
		t.Fatalf("%d cases overdue, want 1", n)
	}
	if r, _ := list.pager.row(0); r.ID != cs[0].ID {
		t.Errorf("the overdue filter keeps %s", r.No)
	}
	list.onClear()
	c.jobs.Wait()
	if list.overdue.Checked || list.pager.count() != 3 {
		t.Errorf("清除筛选 leaves the filter on: %d cases", list.pager.count())
	}
}

// TestNobodyMayActIsReported files the department head's own request in a
// department with no other head: the administrator's 待办 and 统计 say so,
// with the reason.
func TestNobodyMayActIsReported(t *testing.T) {
	f := newFixture(t)
	c := f.newCase(0)
	must(t, f.store.NewCase(f.sess(f.users["head"]), c))
	f.act(t, "head", c, data.ActSubmit, "")
	cl := startClient(t, newTestApp(t), f.path, f.clock)
	s := signInAs(t, cl, "admin")
	var item *data.TodoItem
	for i := range s.todo.items {
		if s.todo.items[i].ID == c.ID {
			item = &s.todo.items[i]
		}
	}
	if item == nil {
		t.Fatal("the stuck case is not in the administrator's 待办")
	}
	want := "无人可办理“同意”：职责分离：不能审批自己提交的升级事项。"
	if got := expectedText(item); got != want || !s.todo.grid.warn(item, todoExpectedColumn) {
		t.Errorf("expected %q, want %q", got, want)
	}
	showTab(cl, s, 3)
	st := s.stats
	if len(st.stuckRows) != 1 || st.stuckRows[0].ID != c.ID || st.stuckTitle.Text != "无人可以办理下一步（共 1 件）" {
		t.Fatalf("统计 lists %+v under %q", st.stuckRows, st.stuckTitle.Text)
	}
	cols := stuckColumns()
	if got := cols[3].text(&st.stuckRows[0]) + "：" + cols[4].text(&st.stuckRows[0]); got != "同意：职责分离：不能审批自己提交的升级事项。" {
		t.Errorf("stuck row says %q", got)
	}
}

func TestStatsLateAndOverBudget(t *testing.T) {
	bars := lateBars([]data.Count{{Key: "dept_review", N: 7}, {Key: "screening"}, {Key: "assessing", N: 2}})
	if len(bars) != 2 || bars[0].label != "部门审核中" || bars[1].value != 2 {
		t.Errorf("late bars %+v", bars)
	}
	row := &data.BudgetRow{CaseRow: data.CaseRow{No: "SJ-2026-0001"}, Spent: 4200000, Budget: 3800000,
		Approval: &data.Decision{ActorName: "冯志远", ForName: "钱晓东"}}
	var got []string
	for _, col := range budgetColumns() {
		got = append(got, col.text(row))
	}
	if strings.Join(got, "|") != "SJ-2026-0001||42,000.00|4,000.00|冯志远 代 钱晓东" {
		t.Errorf("over-budget row %q", got)
	}
	row.Approval = nil
	if s := budgetColumns()[4].text(row); s != "未批准" {
		t.Errorf("unapproved budget: %q", s)
	}
}

func TestEscalatedItemsAreMarked(t *testing.T) {
	it := &data.TodoItem{Escalated: true}
	if got := expectedText(it); got != "【督办】本阶段已超过办理时限" {
		t.Errorf("escalated only: %q", got)
	}
	it.Actions = []data.Action{data.ActClose}
	it.State = data.StateFollowUp
	if got := expectedText(it); got != "【督办】归档" {
		t.Errorf("escalated with a step: %q", got)
	}
	if !todoWarn(&deadline{})(it, todoExpectedColumn) {
		t.Error("not shown as a warning")
	}
}
