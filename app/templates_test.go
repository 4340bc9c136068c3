package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

// addLeaders adds the IT director and a library leader to the fixture.
func (f *fixture) addLeaders(t *testing.T) {
	admin := f.sess(f.users["admin"])
	office := data.Department{Name: "馆办公室", Kind: data.DeptManagement}
	must(t, f.store.SaveDepartment(admin, &office))
	for _, u := range []struct {
		name, full string
		dept       uint
		role       data.Role
	}{
		{"director", "王建国", f.depts["信息管理部"].ID, data.RoleITDirector},
		{"leader", "冯志远", office.ID, data.RoleManagement},
	} {
		nu, err := f.store.CreateUser(admin, data.NewUser{Username: u.name, FullName: u.full, DepartmentID: u.dept,
			Roles: []data.Role{u.role}, Password: testPassword})
		must(t, err)
		f.users[u.name] = nu
	}
}

// TestTemplatesWrittenAndApprovedInSettings has the sysadmin write a
// template of standard changes in 设置 and submit it, the leader approve
// it, and the IT director find it in 待办 and approve it there.
func TestTemplatesWrittenAndApprovedInSettings(t *testing.T) {
	f := newFixture(t)
	f.addLeaders(t)
	c := startClient(t, newTestApp(t), f.path, f.clock)
	s := signInAs(t, c, "sysadmin")
	p := s.settings.build().templates
	p.refresh()
	c.jobs.Wait()
	if p.add.Disabled() || len(p.rows) != 0 {
		t.Fatalf("templates page: add disabled %v, %d rows", p.add.Disabled(), len(p.rows))
	}
	test.Tap(p.add)
	e := p.editor
	if e == nil {
		t.Fatal("no editor")
	}
	e.Entry("name").SetText("集成管理系统月度安全补丁")
	e.Choice("system_id").SetSelectedIndex(0)
	e.Choice("upgrade_type").SetValue("security")
	e.Entry("budget_ceiling").SetText("3,000")
	e.Entry("goals").SetText("安装当月安全补丁。")
	e.Entry("scope").SetText("应用服务器。")
	e.Entry("tech_approach").SetText("测试机验证后在闭馆日安装。")
	e.Entry("rollback_plan").SetText("卸载补丁，恢复快照。")
	e.Rows("risks").SetRows([][]string{{"补丁与接口不兼容", "low", "medium", "测试机先行验证"}})
	p.save(e, p.dlg)
	c.jobs.Wait()
	if len(p.rows) != 1 || p.rows[0].State != data.TemplateDraft || p.rows[0].BudgetCeiling != 300000 ||
		!strings.HasPrefix(p.rows[0].No, "BZ-2025-") || len(p.rows[0].Risks) != 1 {
		t.Fatalf("saved template: %+v", p.rows)
	}
	p.grid.selectRow(0)
	if p.acts[data.ActSubmit].Disabled() || !p.acts[data.ActApprove].Disabled() || p.edit.Disabled() {
		t.Fatalf("sysadmin's buttons on a draft: submit %v approve %v edit %v", !p.acts[data.ActSubmit].Disabled(),
			!p.acts[data.ActApprove].Disabled(), !p.edit.Disabled())
	}
	test.Tap(p.acts[data.ActSubmit])
	p.act()
	c.jobs.Wait()
	if p.rows[0].State != data.TemplatePending {
		t.Fatalf("submitted template is %s", p.rows[0].State)
	}
	id := p.rows[0].ID
	_, err := f.store.ActOnTemplate(f.sess(f.users["leader"]), data.TemplateRequest{TemplateID: id, Action: data.ActApprove,
		Opinion: "同意"})
	must(t, err)

	c.signOut()
	c.jobs.Wait()
	s = signInAs(t, c, "director")
	s.todo.refresh()
	c.jobs.Wait()
	i := slices.IndexFunc(s.todo.items, func(it data.TodoItem) bool { return it.Template == id })
	if i < 0 {
		t.Fatalf("template not in the director's 待办: %+v", s.todo.items)
	}
	it := &s.todo.items[i]
	if got := todoState(it) + " " + expectedText(it); got != "模板待审批 批准标准升级模板" {
		t.Errorf("待办 says %q", got)
	}
	s.todo.onOpenRow(i)
	c.jobs.Wait()
	p = s.settings.build().templates
	r, ok := p.grid.selectedRow()
	if !ok || r.ID != id || p.acts[data.ActApprove].Disabled() {
		t.Fatalf("opened from 待办: selected %v %+v", ok, r)
	}
	test.Tap(p.acts[data.ActApprove])
	test.Type(p.opinion, "同意，按月执行。")
	p.act()
	c.jobs.Wait()
	if p.rows[0].State != data.TemplateApproved || p.rows[0].ApprovedAt == nil {
		t.Fatalf("approved template is %s", p.rows[0].State)
	}
	test.Tap(p.view)
	c.jobs.Wait()
	if got := p.approvals.Text; !strings.Contains(got, "冯志远（馆领导）批准：同意") || !strings.Contains(got, "王建国（信息主管）批准：同意，按月执行。") {
		t.Errorf("the template's approvals show %q", got)
	}
}

// TestStatsShowKindsUpgradesAndStages checks the figures of the kinds of
// change, the days per stage and the upgrades of each system on 统计,
// and the export of the statistics.
func TestStatsShowKindsUpgradesAndStages(t *testing.T) {
	f := newFixture(t)
	f.addLeaders(t)
	cases := f.addCases(t, 3, 0)
	f.act(t, "staff", cases[0], data.ActSubmit, "")
	f.clock.advance(48 * time.Hour)
	f.act(t, "head", cases[0], data.ActApprove, "同意")
	c := startClient(t, newTestApp(t), f.path, f.clock)
	s := signInAs(t, c, "admin")
	showTab(c, s, 3)
	st := s.stats
	if len(st.kinds.bars) != 3 || st.kinds.bars[0].value != 3 || st.kinds.bars[1].value != 0 {
		t.Errorf("kinds %+v", st.kinds.bars)
	}
	if len(st.stageDays.bars) != 2 || st.stageDays.bars[1].label != "部门审核中" || st.stageDays.bars[1].text != "2.0 天" {
		t.Errorf("days per stage %+v", st.stageDays.bars)
	}
	if st.retro.Text != "紧急升级待事后补办 0 件，其中逾期 0 件（已报馆领导）" || st.export.Disabled() {
		t.Errorf("retro %q, export disabled %v", st.retro.Text, st.export.Disabled())
	}
	if !strings.HasPrefix(st.upgradesTitle.Text, "各系统升级、回退与停机：共升级 0 次") {
		t.Errorf("upgrades title %q", st.upgradesTitle.Text)
	}
}
