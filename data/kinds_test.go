package data

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestStandardChange takes a standard change from its request to
// registration without the assessment meeting, and checks what refuses
// one: a template not in force, another system, a budget above the
// ceiling.
func TestStandardChange(t *testing.T) {
	f := newFixture(t)
	t.Run("request needs a template in force of its system", func(t *testing.T) {
		draft := f.template(t, TemplatePending)
		c := f.request("补丁")
		c.ChangeKind = ChangeStandard
		if err := f.s.NewCase(f.u["staff"], c); ErrorCode(err) != EInvalid || !strings.Contains(err.Error(), "标准升级模板") {
			t.Fatalf("standard change without a template: %v", err)
		}
		c.TemplateID = &draft.ID
		err := f.s.NewCase(f.u["staff"], c)
		if e, ok := err.(*Error); !ok || e.Key != "err.template_not_in_force" {
			t.Fatalf("template awaiting approval: %v", err)
		}
		tp := f.template(t, TemplateApproved)
		other := System{Name: "RFID 自助借还系统", OwnerDeptID: f.lending.ID, CurrentVersion: "2.0"}
		if err := f.s.SaveSystem(f.u["admin"], &other); err != nil {
			t.Fatal(err)
		}
		c.TemplateID, c.SystemID, c.UpgradeType = &tp.ID, other.ID, tp.UpgradeType
		if err := f.s.NewCase(f.u["staff"], c); err == nil || err.(*Error).Key != "err.template_system" {
			t.Fatalf("another system: %v", err)
		}
		c.SystemID, c.UpgradeType = f.system.ID, "feature"
		if err := f.s.NewCase(f.u["staff"], c); err == nil || err.(*Error).Key != "err.template_type" {
			t.Fatalf("another type: %v", err)
		}
		n := f.request("普通申请")
		n.TemplateID = &tp.ID
		if err := f.s.NewCase(f.u["staff"], n); err != nil || n.TemplateID != nil || n.ChangeKind != ChangeNormal {
			t.Fatalf("a normal change keeps no template: %v %v %q", err, n.TemplateID, n.ChangeKind)
		}
	})
	t.Run("request to registration without the meeting", func(t *testing.T) {
		c := f.driveKind(t, ChangeStandard, StateRegistering)
		ds, _ := f.s.Decisions(c.ID)
		for _, d := range ds {
			if d.FromState == StateAssessing || d.FromState == StateMgmtApproval {
				t.Errorf("standard change went through %s", d.FromState)
			}
		}
		if a, _ := f.s.Assessment(c.ID); a.ID != 0 {
			t.Error("standard change has an assessment")
		}
		d, err := f.s.Dossier(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		lines := d.KindLines(LangZH)
		text := kindText(lines)
		if d.Template == nil || len(d.TemplateApprovals) != 2 || !strings.Contains(text, "标准升级") ||
			!strings.Contains(text, d.Template.No) || !strings.Contains(text, "冯馆长（馆领导）") || !strings.Contains(text, "王主任（信息主管）") {
			t.Errorf("kind lines: %s", text)
		}
	})
	t.Run("plan starts from the template", func(t *testing.T) {
		tp := f.template(t, TemplateApproved)
		p := &Plan{}
		StartPlan(p, tp)
		if p.Goals != tp.Goals || p.RollbackPlan != tp.RollbackPlan || p.TechApproach != tp.TechApproach ||
			len(p.Risks) != 1 || p.Risks[0].Countermeasure != tp.Risks[0].Countermeasure || len(p.Milestones) != 0 {
			t.Errorf("plan from the template: %+v", p)
		}
	})
	t.Run("budget above the ceiling is refused with both amounts", func(t *testing.T) {
		c := f.driveKind(t, ChangeStandard, StatePlanning)
		f.completePlan(t, c)
		_, err := f.s.Act(f.u["sysadmin"], ActionRequest{CaseID: c.ID, Action: ActSubmit})
		msg := ErrorMessage(err, LangZH)
		if !strings.Contains(msg, "38,000.00") || !strings.Contains(msg, "5,000.00") {
			t.Fatalf("budget above the ceiling: %v", msg)
		}
		f.act(t, "director", c, ActConvert, "预算超出上限，按一般升级评估")
		if c.State != StateAssessing || c.ChangeKind != ChangeNormal || c.TemplateID != nil {
			t.Fatalf("converted: %s %s %v", c.State, c.ChangeKind, c.TemplateID)
		}
		stored, _ := f.s.Case(c.ID)
		if stored.ChangeKind != ChangeNormal || stored.TemplateID != nil || stored.Version != c.Version {
			t.Errorf("stored after conversion: %+v", stored)
		}
	})
	t.Run("templates waiting for approval are in the approvers' 待办", func(t *testing.T) {
		tp := f.template(t, TemplatePending)
		for key, want := range map[string]bool{"leader": true, "director": true, "director2": true, "sysadmin": false, "finmgr": false} {
			items, _ := f.s.Todo(f.u[key].User())
			found := slices.ContainsFunc(items, func(it TodoItem) bool { return it.Template == tp.ID })
			if found != want {
				t.Errorf("%s: template in 待办 %v, want %v", key, found, want)
			}
		}
		items, _ := f.s.Todo(f.u["leader"].User())
		if _, body := digestText(f.u["leader"].User(), "示例图书馆", f.s.Now(), items); !strings.Contains(body,
			"标准升级模板 "+tp.No) || !strings.Contains(body, "审批该标准升级模板") {
			t.Errorf("the leader's digest:\n%s", body)
		}
		if _, err := f.s.ActOnTemplate(f.u["leader"], TemplateRequest{TemplateID: tp.ID, Action: ActApprove}); err != nil {
			t.Fatal(err)
		}
		items, _ = f.s.Todo(f.u["leader"].User())
		if slices.ContainsFunc(items, func(it TodoItem) bool { return it.Template == tp.ID }) {
			t.Error("template still in the 待办 of the leader who approved it")
		}
	})
}

// kindText joins kind lines for a test to look into.
func kindText(lines []KindLine) string {
	var parts []string
	for _, l := range lines {
		parts = append(parts, T(LangZH, l.Key, nil)+"："+l.Value)
	}
	return strings.Join(parts, "\n")
}

// TestEmergencyChange implements an emergency change before its
// assessment and approval, and checks that the skipped steps are due,
// overdue for the 馆领导 until confirmed, and keep the case from being
// archived.
func TestEmergencyChange(t *testing.T) {
	clock := time.Date(2026, 4, 1, 9, 0, 0, 0, time.Local) // a Wednesday
	s := mustOpenPath(t, t.TempDir()+"/e.db", Options{Create: true, Now: func() time.Time { return clock }})
	f := newFixtureOn(t, s)
	c := f.driveKind(t, ChangeEmergency, StateImplementing)
	if c.RetroDueAt == nil || c.RetroDoneAt != nil {
		t.Fatalf("retro due %v done %v", c.RetroDueAt, c.RetroDoneAt)
	}
	if due := c.RetroDueAt.Local(); due.Format(DateLayout) != "2026-04-08" {
		t.Errorf("due %s, want 5 working days later, 2026-04-08", due)
	}
	if a, _ := f.s.Assessment(c.ID); a.ID != 0 {
		t.Fatal("assessment before")
	}
	// The leaders see it at once, not yet overdue.
	leaderTodo := func() *TodoItem {
		items, _ := f.s.Todo(f.u["leader"].User())
		for i := range items {
			if items[i].ID == c.ID {
				return &items[i]
			}
		}
		return nil
	}
	it := leaderTodo()
	if it == nil || !slices.Contains(it.Actions, ActRatify) || it.OverdueAt(f.s.Now()) {
		t.Fatalf("leader's 待办: %+v", it)
	}
	// The IT staff are to write the assessment and the plan afterwards.
	items, _ := f.s.Todo(f.u["sysadmin"].User())
	var forms []Form
	for _, x := range items {
		if x.ID == c.ID {
			forms = x.Forms
		}
	}
	if !slices.Contains(forms, FormAssessment) || !slices.Contains(forms, FormPlan) || !slices.Contains(forms, FormImplementation) {
		t.Errorf("sysadmin's forms: %v", forms)
	}
	// Past the due time the case is overdue, in the list and the 待办.
	clock = clock.AddDate(0, 0, 10)
	if it := leaderTodo(); it == nil || !it.OverdueAt(f.s.Now()) {
		t.Errorf("not overdue for the leader: %+v", it)
	}
	items, _ = f.s.Todo(f.u["leader"].User())
	subject, body := digestText(f.u["leader"].User(), "示例图书馆", f.s.Now(), items)
	if !strings.Contains(subject, "其中 1 项已逾期") || !strings.Contains(body, "追认紧急升级") ||
		!strings.Contains(body, "2026-04-08 逾期") {
		t.Errorf("the leader's digest:\n%s\n%s", subject, body)
	}
	rows, n, err := f.s.ListCases(CaseFilter{Overdue: true})
	if err != nil || n != 1 || rows[0].ID != c.ID || !rows[0].RetroLateAt(f.s.Now()) {
		t.Errorf("overdue list: %d %v %v", n, rows, err)
	}
	st, err := f.s.UpgradeStats()
	if err != nil || st.RetroOpen != 1 || st.RetroLate != 1 || st.Kinds.Emergency != 1 {
		t.Errorf("stats: %+v %v", st, err)
	}
	// Written afterwards, confirmed by the leader.
	f.implement(t, c)
	f.act(t, "sysadmin", c, ActComplete, "")
	f.completeAssessment(t, c)
	f.completePlan(t, c)
	if _, err := f.s.Act(f.u["director"], ActionRequest{CaseID: c.ID, Action: ActRatify}); ErrorCode(err) != EForbidden {
		t.Errorf("director confirming: %v", err)
	}
	f.act(t, "leader", c, ActRatify, "同意追认")
	if c.State != StateAccepting || c.RetroDoneAt == nil {
		t.Fatalf("after confirmation: %s %v", c.State, c.RetroDoneAt)
	}
	if it := leaderTodo(); it != nil {
		t.Errorf("still in the leader's 待办: %+v", it)
	}
	if _, n, _ := f.s.ListCases(CaseFilter{Overdue: true}); n != 0 {
		t.Errorf("still overdue")
	}
	if err := f.s.SaveStage(f.u["sysadmin"], &Assessment{CaseID: c.ID}); ErrorCode(err) != EState {
		t.Errorf("assessment editable after confirmation: %v", err)
	}
	d, _ := f.s.Dossier(c.ID)
	text := kindText(d.KindLines(LangZH))
	if !strings.Contains(text, "紧急升级") || !strings.Contains(text, "漏洞已被利用") || !strings.Contains(text, "冯馆长（馆领导）") {
		t.Errorf("kind lines: %s", text)
	}
	if !d.AfterTheFact(d.Assessment.CreatedAt) || d.AfterTheFact(d.Case.CreatedAt) {
		t.Error("after the fact")
	}
}

// TestEmergencyNotArchivedBeforeConfirmation checks that archiving waits
// for the confirmation of the skipped steps, with a message saying so.
func TestEmergencyNotArchivedBeforeConfirmation(t *testing.T) {
	f := newFixture(t)
	f.s.archiver = func(*Dossier) ([]byte, error) { return []byte("%PDF-1.7\n"), nil }
	c := f.driveKind(t, ChangeEmergency, StateRegistering)
	r, _ := f.s.Registration(c.ID)
	r.NewVersion, r.EffectiveDate = "V3.2.1", "2026-04-13"
	if err := f.s.SaveStage(f.u["sysadmin"], r); err != nil {
		t.Fatal(err)
	}
	f.act(t, "sysadmin", c, ActRegister, "")
	if err := f.s.SaveStage(f.u["sysadmin"], &Training{CaseID: c.ID, Date: "2026-04-14", Audience: "流通部",
		Content: "新版本操作", Trainer: "李工"}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SaveStage(f.u["director"], &Evaluation{CaseID: c.ID, Effect: "漏洞已修复", CostBenefit: "无费用",
		Outcome: "good", Conclusion: "达到预期"}); err != nil {
		t.Fatal(err)
	}
	_, err := f.s.Act(f.u["director"], ActionRequest{CaseID: c.ID, Action: ActClose})
	if e, ok := err.(*Error); !ok || e.Key != "err.retro_pending" {
		t.Fatalf("closing before confirmation: %v", err)
	}
	f.completeAssessment(t, c)
	f.completePlan(t, c)
	f.act(t, "leader", c, ActRatify, "")
	f.act(t, "director", c, ActClose, "")
	if c.State != StateClosed {
		t.Fatalf("state %s", c.State)
	}
}

// TestUpgradeStats counts upgrades, rollbacks and downtime per system and
// year, days per stage and the kinds of change.
func TestUpgradeStats(t *testing.T) {
	f := newFixture(t)
	f.driveTo(t, StateAccepting) // implemented: 90 minutes of downtime
	rolled := f.driveTo(t, StateImplementing)
	f.rollbackReport(t, rolled)
	f.act(t, "sysadmin", rolled, ActRollback, "失败")
	f.driveKind(t, ChangeStandard, StatePlanning)
	f.driveKind(t, ChangeEmergency, StateImplementing)
	st, err := f.s.UpgradeStats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Total.Upgrades != 2 || st.Total.RolledBack != 1 || st.Total.DowntimeMinutes != 90 || st.Total.RollbackRate() != 0.5 {
		t.Errorf("total %+v", st.Total)
	}
	if len(st.BySystem) != 1 || st.BySystem[0].System != f.system.Name || len(st.BySystemYear) != 1 ||
		st.BySystemYear[0].Year != f.s.Now().Local().Year() {
		t.Errorf("by system %+v by year %+v", st.BySystem, st.BySystemYear)
	}
	if st.Kinds.Normal != 2 || st.Kinds.Standard != 1 || st.Kinds.Emergency != 1 || len(st.KindYears) != 1 {
		t.Errorf("kinds %+v %+v", st.Kinds, st.KindYears)
	}
	states := map[State]StageTime{}
	for _, x := range st.StageTimes {
		states[x.State] = x
	}
	if states[StateDraft].N != 4 || states[StateScreening].N != 4 || states[StateAssessing].N != 2 || states[StateImplementing].N != 2 {
		t.Errorf("stage times %+v", st.StageTimes)
	}
}

// TestStageSecondsFilledOnMigration checks that a database of schema 3
// gets how long each stage lasted at every decision when it is migrated,
// and passes check after.
func TestStageSecondsFilledOnMigration(t *testing.T) {
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local)
	now := func() time.Time { return clock }
	path := t.TempDir() + "/old.db"
	s := mustOpenPath(t, path, Options{Create: true, Now: now})
	f := newFixtureOn(t, s)
	c := f.file(t, "staff")
	clock = clock.Add(2 * time.Hour)
	f.act(t, "staff", c, ActSubmit, "")
	clock = clock.Add(26 * time.Hour)
	f.act(t, "head", c, ActApprove, "同意")
	// As schema 3 left it: no stage times.
	if err := s.db.Exec("UPDATE decisions SET stage_seconds = 0").Error; err != nil {
		t.Fatal(err)
	}
	if err := s.db.Exec("UPDATE schema_meta SET value = '3' WHERE key = 'schema_version'").Error; err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = mustOpenPath(t, path, Options{Now: now})
	var secs []int64
	s.db.Model(&Decision{}).Where("case_id = ?", c.ID).Order("id").Pluck("stage_seconds", &secs)
	if !slices.Equal(secs, []int64{2 * 3600, 26 * 3600}) {
		t.Errorf("stage seconds %v", secs)
	}
	if v, _ := s.metaValue("schema_version"); v != "4" {
		t.Errorf("schema %s", v)
	}
	rep, err := s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Errorf("check after migration: %+v %v", rep, err)
	}
}

// TestEmergencyDaysSetting checks that 设置 sets how many working days
// the skipped steps have, never none.
func TestEmergencyDaysSetting(t *testing.T) {
	f := newFixture(t)
	admin := f.u["admin"]
	if err := f.s.SetSettings(admin, map[string]string{SettingEmergencyDays: "0"}); ErrorCode(err) != EInvalid {
		t.Fatalf("0 days: %v", err)
	}
	if err := f.s.SetSettings(admin, map[string]string{SettingEmergencyDays: "10"}); err != nil {
		t.Fatal(err)
	}
	c := f.driveKind(t, ChangeEmergency, StateImplementing)
	cal, _ := f.s.Calendar()
	if want := cal.AddWorkingDays(c.StateAt, 10); !c.RetroDueAt.Equal(want.UTC().Truncate(time.Microsecond)) {
		t.Errorf("due %v, want %v", c.RetroDueAt, want)
	}
}

// TestEmergencyTellsTheLeaders checks that the 馆领导 are written to when
// the IT director lets an emergency change be implemented: they are to
// confirm it.
func TestEmergencyTellsTheLeaders(t *testing.T) {
	f := newFixture(t)
	f.mailOn(t)
	c := f.driveKind(t, ChangeEmergency, StateScreening)
	after := lastMailID(t, f.s)
	f.act(t, "director", c, ActEmergency, "读者无法入馆")
	mails := f.mailsOf(t, c, after)
	leader, ok := mails["leader"]
	if !ok || !strings.Contains(leader.Body, "追认紧急升级") {
		t.Fatalf("the leader is not asked to confirm: %+v", mails)
	}
	if _, ok := mails["sysadmin"]; !ok {
		t.Errorf("the sysadmin is not told to implement: %+v", mails)
	}
}
