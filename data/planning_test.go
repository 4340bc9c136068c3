package data

import (
	"context"
	"strings"
	"testing"
	"time"
)

// at returns a local time.
func at(y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, time.Local)
}

// addSystem enters a system in the ledger that depends on deps.
func (f *fixture) addSystem(t testing.TB, name, code string, deps ...uint) System {
	t.Helper()
	sys := System{Name: name, Code: code, OwnerDeptID: f.lending.ID, CurrentVersion: "1.0", DependsOn: deps}
	if err := f.s.SaveSystem(f.u["admin"], &sys); err != nil {
		t.Fatalf("SaveSystem %s: %v", name, err)
	}
	return sys
}

// setWindows saves the plan of c, complete, with windows.
func (f *fixture) setWindows(t testing.TB, c *Case, ws ...DowntimeWindow) {
	t.Helper()
	f.completePlan(t, c)
	p, err := f.s.Plan(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	p.Windows = ws
	if err := f.s.SaveStage(f.u["sysadmin"], p); err != nil {
		t.Fatalf("save windows: %v", err)
	}
}

func window(start, end time.Time, systems ...uint) DowntimeWindow {
	return DowntimeWindow{StartAt: start, EndAt: end, Systems: systems}
}

func TestDependencies(t *testing.T) {
	f := newFixture(t)
	ils := f.system
	rfid := f.addSystem(t, "RFID 自助借还系统", "SSC", ils.ID)
	discovery := f.addSystem(t, "资源发现系统", "DISC", ils.ID)
	web := f.addSystem(t, "图书馆网站", "WEB", discovery.ID)
	seats := f.addSystem(t, "座位预约系统", "SEAT")

	g, err := f.s.Dependencies()
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Dependants(ils.ID); !equalIDs(got, rfid.ID, discovery.ID, web.ID) {
		t.Errorf("dependants of the ILS %v", got)
	}
	if got := g.Prerequisites(web.ID); !equalIDs(got, discovery.ID, ils.ID) {
		t.Errorf("the website depends on %v", got)
	}
	if !g.Related(web.ID, ils.ID) || !g.Related(ils.ID, web.ID) || g.Related(seats.ID, ils.ID) || g.Related(rfid.ID, web.ID) {
		t.Error("Related is wrong")
	}

	refused := []struct {
		name string
		sys  System
		key  string
	}{
		{"itself", web, "err.depends_self"},
		{"a cycle", ils, "err.depends_cycle"},
		{"a system not in the ledger", seats, "valid.choice"},
	}
	refused[0].sys.DependsOn = SystemIDs{web.ID}
	refused[1].sys.DependsOn = SystemIDs{web.ID}
	refused[2].sys.DependsOn = SystemIDs{9999}
	for _, r := range refused {
		sys, _ := f.s.System(r.sys.ID)
		sys.DependsOn = r.sys.DependsOn
		err := f.s.SaveSystem(f.u["admin"], sys)
		var e *Error
		if ErrorCode(err) != EInvalid || !asError(err, &e) || e.Key != r.key || e.Field != "depends_on" {
			t.Errorf("%s: %v", r.name, err)
		}
	}
	if err := f.s.SaveSystem(f.u["director"], &rfid); ErrorCode(err) != EForbidden {
		t.Errorf("a director changes the ledger: %v", err)
	}

	// A system keeps its dependencies through a registration, which
	// saves it with its new version.
	got, _ := f.s.System(rfid.ID)
	if !equalIDs(got.DependsOn, ils.ID) {
		t.Errorf("RFID depends on %v", got.DependsOn)
	}
	c := f.driveTo(t, StateFollowUp) // registered: the ILS has a new version
	if sys, _ := f.s.System(ils.ID); sys.CurrentVersion == ils.CurrentVersion {
		t.Fatalf("not registered: %+v", sys)
	}
	all, _ := f.s.Systems()
	for _, s := range all {
		if s.ID == web.ID && !equalIDs(s.DependsOn, discovery.ID) {
			t.Errorf("the website depends on %v after a registration", s.DependsOn)
		}
	}
	d, err := f.s.Dossier(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !equalIDs(d.Dependants, rfid.ID, discovery.ID, web.ID) {
		t.Errorf("the dossier's dependants %v", d.Dependants)
	}

	// The change of a dependency is in the history, named.
	sys, _ := f.s.System(seats.ID)
	sys.DependsOn = SystemIDs{ils.ID, web.ID}
	if err := f.s.SaveSystem(f.u["admin"], sys); err != nil {
		t.Fatal(err)
	}
	var entries []AuditEntry
	if err := f.s.db.Where("entity = ? AND entity_id = ?", "systems", seats.ID).Order("seq").Find(&entries).Error; err != nil {
		t.Fatal(err)
	}
	last := entries[len(entries)-1]
	lines := ChangeLines(LangZH, "systems", last.ChangeList(), d.Names)
	if len(lines) != 1 || lines[0].Label != "依赖系统" || lines[0].New != "图书馆集成管理系统、图书馆网站" {
		t.Errorf("history %+v", lines)
	}
	if rep, err := f.s.Check(context.Background()); err != nil || !rep.OK() {
		t.Errorf("check: %v %+v", err, rep)
	}
}

func equalIDs(got SystemIDs, want ...uint) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func asError(err error, e **Error) bool {
	x, ok := err.(*Error)
	*e = x
	return ok
}

func TestParseDowntime(t *testing.T) {
	rows := []struct {
		text string
		want [][2]time.Time
		note string
	}{
		{"2026-05-01 22:00-02:00", [][2]time.Time{{at(2026, 5, 1, 22, 0), at(2026, 5, 2, 2, 0)}}, ""},
		{"2026-05-01 22:00 至 2026-05-02 02:00", [][2]time.Time{{at(2026, 5, 1, 22, 0), at(2026, 5, 2, 2, 0)}}, ""},
		{"2026/5/1 8:00～12:30", [][2]time.Time{{at(2026, 5, 1, 8, 0), at(2026, 5, 1, 12, 30)}}, ""},
		{"2026年5月1日 08:00—2026年5月1日 18:00（闭馆日）", [][2]time.Time{{at(2026, 5, 1, 8, 0), at(2026, 5, 1, 18, 0)}}, "闭馆日"},
		{"2026-05-01 22:00-02:00；2026-05-08 22:00-23:30", [][2]time.Time{{at(2026, 5, 1, 22, 0), at(2026, 5, 2, 2, 0)},
			{at(2026, 5, 8, 22, 0), at(2026, 5, 8, 23, 30)}}, ""},
		{"周一闭馆 8:00-18:00", nil, ""},
		{"2026-05-01 22:00-02:00；另行通知", nil, ""},
		{"2026-02-30 22:00-23:00", nil, ""},
		{"2026-05-01 22:00 至 2026-05-01 21:00", nil, ""},
		{"2026-05-01 22:00 至 2026-07-01 21:00", nil, ""},
		{"", nil, ""},
	}
	for _, r := range rows {
		got, ok := ParseDowntime(r.text)
		if ok != (r.want != nil) || len(got) != len(r.want) {
			t.Errorf("%q: %v %v", r.text, got, ok)
			continue
		}
		for i, w := range r.want {
			if !got[i].StartAt.Equal(w[0]) || !got[i].EndAt.Equal(w[1]) || got[i].StartAt.Location() != time.UTC {
				t.Errorf("%q window %d: %v — %v", r.text, i, got[i].StartAt, got[i].EndAt)
			}
		}
		if len(got) > 0 && got[0].Notes != r.note {
			t.Errorf("%q: notes %q", r.text, got[0].Notes)
		}
	}
}

func TestWindowsAreChecked(t *testing.T) {
	f := newFixture(t)
	c := f.driveTo(t, StatePlanning)
	f.completePlan(t, c)
	p, _ := f.s.Plan(c.ID)
	p.Windows = []DowntimeWindow{
		window(at(2027, 1, 9, 22, 0), at(2027, 1, 9, 22, 0), f.system.ID),
		window(at(2027, 1, 9, 22, 0), at(2027, 3, 9, 22, 0), f.system.ID),
		window(at(2027, 1, 9, 22, 0), at(2027, 1, 9, 23, 0), 9999),
	}
	err := f.s.SaveStage(f.u["sysadmin"], p)
	if ErrorCode(err) != EInvalid || !strings.Contains(err.Error(), "停机窗口第 1 行的结束时间：须晚于开始时间") {
		t.Errorf("an empty window: %v", err)
	}
	p.Windows = p.Windows[1:]
	err = f.s.SaveStage(f.u["sysadmin"], p)
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	if !strings.Contains(msg, "停机窗口第 1 行的结束时间：一个停机窗口不能超过 30 天") ||
		!strings.Contains(msg, "停机窗口第 2 行的停机系统") {
		t.Errorf("a long window and an unknown system: %v", err)
	}
}

// planningFixture is a library whose ILS feeds the RFID self-service
// and the discovery system, which feeds the website; the seat booking
// stands alone. Its calendar has a year-end inventory, closing days and
// opening hours from 08:00 to 22:00.
type planningFixture struct {
	*fixture
	rfid, discovery, web, seats System
}

func newPlanningFixture(t *testing.T) *planningFixture {
	f := &planningFixture{fixture: newFixture(t)}
	f.rfid = f.addSystem(t, "RFID 自助借还系统", "SSC", f.system.ID)
	f.discovery = f.addSystem(t, "资源发现系统", "DISC", f.system.ID)
	f.web = f.addSystem(t, "图书馆网站", "WEB", f.discovery.ID)
	f.seats = f.addSystem(t, "座位预约系统", "SEAT")
	for _, b := range []BlackoutPeriod{
		{Kind: "inventory", Name: "年终盘点", From: "2027-12-25", To: "2027-12-31"},
		{Kind: "closed", Name: "元旦闭馆", From: "2027-01-01", To: "2027-01-03"},
	} {
		if err := f.s.SaveBlackout(f.u["admin"], &b); err != nil {
			t.Fatal(err)
		}
	}
	var h OpeningHours
	for _, d := range WeekOrder() {
		h[d].Open, h[d].Close = "08:00", "22:00"
	}
	if err := f.s.SetOpeningHours(f.u["admin"], h); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestConflicts(t *testing.T) {
	f := newPlanningFixture(t)
	ils := f.system.ID
	night := window(at(2027, 1, 9, 22, 0), at(2027, 1, 10, 2, 0), ils)
	other := f.driveTo(t, StatePlanning)
	f.setWindows(t, other, night)

	rows := []struct {
		name string
		w    DowntimeWindow
		want []string // the conflicts' messages contain these, in order
	}{
		{"the same system at the same time", window(at(2027, 1, 10, 0, 0), at(2027, 1, 10, 4, 0), ils),
			[]string{"与 " + other.No + " 的停机窗口（2027-01-09 22:00—01-10 02:00）在同一系统“图书馆集成管理系统”上重叠"}},
		{"a dependant at the same time", window(at(2027, 1, 9, 23, 0), at(2027, 1, 10, 1, 0), f.rfid.ID),
			[]string{"“RFID 自助借还系统”依赖“图书馆集成管理系统”"}},
		{"a dependant of a dependant", window(at(2027, 1, 9, 23, 0), at(2027, 1, 10, 1, 0), f.web.ID),
			[]string{"“图书馆网站”依赖“图书馆集成管理系统”"}},
		{"an unrelated system", window(at(2027, 1, 9, 23, 0), at(2027, 1, 10, 1, 0), f.seats.ID), nil},
		{"the same system right after", window(at(2027, 1, 10, 2, 0), at(2027, 1, 10, 4, 0), ils), nil},
		{"a blackout period", window(at(2027, 12, 28, 22, 30), at(2027, 12, 29, 1, 0), f.seats.ID),
			[]string{"停机窗口 1（2027-12-28 22:30—12-29 01:00）落在年终盘点“年终盘点”（2027-12-25 至 2027-12-31）内"}},
		{"opening hours", window(at(2027, 1, 12, 20, 0), at(2027, 1, 12, 23, 0), f.seats.ID),
			[]string{"在开馆时间内（2027-01-12 星期二 08:00—22:00）"}},
		{"a closing day's daytime", window(at(2027, 1, 2, 9, 0), at(2027, 1, 2, 17, 0), f.seats.ID),
			[]string{"落在闭馆日“元旦闭馆”"}},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			c := f.driveTo(t, StatePlanning)
			got, err := f.s.WindowConflicts(c.ID, []DowntimeWindow{r.w})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(r.want) {
				t.Fatalf("conflicts:\n%s", got.Text(LangZH))
			}
			for i, want := range r.want {
				if m := got[i].Message(LangZH); !strings.Contains(m, want) {
					t.Errorf("%q lacks %q", m, want)
				}
				if m := got[i].Message(LangEN); strings.ContainsAny(m, "停在与") {
					t.Errorf("English: %q", m)
				}
			}
		})
	}

	// A case that ended has no windows to conflict with.
	f.act(t, "director", other, ActCancel, "并入年度计划")
	c := f.driveTo(t, StatePlanning)
	if got, _ := f.s.WindowConflicts(c.ID, []DowntimeWindow{night}); len(got) != 0 {
		t.Errorf("conflicts with a cancelled case: %s", got.Text(LangZH))
	}
}

// TestConflictsWarn checks the rules of warnings: submitting and approving
// a plan whose windows conflict is refused until the actor has seen the
// conflicts as they are, then taken, with the warning recorded.
func TestConflictsWarn(t *testing.T) {
	f := newPlanningFixture(t)
	first := f.driveTo(t, StatePlanning)
	f.setWindows(t, first, window(at(2027, 1, 9, 22, 0), at(2027, 1, 10, 2, 0), f.system.ID))
	c := f.driveTo(t, StatePlanning)
	f.setWindows(t, c, window(at(2027, 1, 9, 23, 0), at(2027, 1, 10, 1, 0), f.rfid.ID))
	warned, err := f.s.Warnings(c.ID, ActSubmit)
	if err != nil || len(warned) != 1 {
		t.Fatalf("warnings %v %v", warned, err)
	}
	fp := warned.Fingerprint()

	type step struct {
		name   string
		user   string
		action Action
		warned string
		want   State  // when taken
		code   string // when refused
	}
	steps := []step{
		{"submit unwarned", "sysadmin", ActSubmit, "", "", EWarning},
		{"submit warned of other conflicts", "sysadmin", ActSubmit, "0123456789ab", "", EWarning},
		{"submit warned", "sysadmin", ActSubmit, fp, StatePlanApproval, ""},
		{"approve unwarned", "director", ActApprovePlan, "", "", EWarning},
		{"budget needs no warning", "finmgr", ActApproveBudget, "", StatePlanApproval, ""},
		{"approve warned", "director", ActApprovePlan, fp, StateImplementing, ""},
	}
	for _, s := range steps {
		out, err := f.s.Act(f.u[s.user], ActionRequest{CaseID: c.ID, Action: s.action, Warned: s.warned})
		if s.code != "" {
			cs, got, ok := WarningsOf(err)
			if ErrorCode(err) != s.code || !ok || got != fp || len(cs) != 1 ||
				!strings.Contains(err.Error(), "停机窗口有 1 处冲突") || !strings.Contains(err.Error(), first.No) {
				t.Errorf("%s: %v", s.name, err)
			}
			continue
		}
		if err != nil || out.State != s.want {
			t.Fatalf("%s: %v %+v", s.name, err, out)
		}
	}
	d, _ := f.s.Dossier(c.ID)
	warnedOf := 0
	for _, dec := range d.Decisions {
		switch dec.Action {
		case ActSubmit, ActApprovePlan:
			if dec.FromState == StatePlanning || dec.FromState == StatePlanApproval {
				if !strings.Contains(dec.Warning, "“RFID 自助借还系统”依赖“图书馆集成管理系统”") {
					t.Errorf("%s recorded without its warning: %q", dec.Action, dec.Warning)
				}
				warnedOf++
			}
		case ActApproveBudget:
			if dec.Warning != "" {
				t.Errorf("budget approval warned: %q", dec.Warning)
			}
		}
	}
	if warnedOf != 2 {
		t.Errorf("%d decisions with warnings", warnedOf)
	}
	found := 0
	for _, e := range d.History {
		for _, ch := range e.ChangeList() {
			if ch.Field == "warning" && strings.Contains(ch.New, first.No) {
				found++
			}
		}
	}
	if found != 2 {
		t.Errorf("%d audit entries record the warning", found)
	}
	if rep, err := f.s.Check(context.Background()); err != nil || !rep.OK() {
		t.Errorf("check: %v %+v", err, rep)
	}
}

func TestSchedule(t *testing.T) {
	f := newPlanningFixture(t)
	a := f.driveTo(t, StatePlanning)
	f.setWindows(t, a, window(at(2027, 1, 9, 22, 0), at(2027, 1, 10, 2, 0), f.system.ID),
		window(at(2027, 3, 1, 22, 0), at(2027, 3, 1, 23, 0), f.system.ID))
	b := f.driveTo(t, StatePlanning)
	f.setWindows(t, b, window(at(2027, 1, 9, 23, 0), at(2027, 1, 10, 1, 0), f.web.ID))
	// A window starting before the range and ending in it is shown.
	early := f.driveTo(t, StatePlanning)
	f.setWindows(t, early, window(at(2026, 12, 31, 20, 0), at(2027, 1, 1, 6, 0), f.seats.ID))

	sch, err := f.s.Schedule(at(2027, 1, 1, 0, 0), at(2027, 2, 1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(sch.Entries) != 3 {
		t.Fatalf("entries %+v", sch.Entries)
	}
	e0, e1, e2 := sch.Entries[0], sch.Entries[1], sch.Entries[2]
	if e0.CaseID != early.ID || e1.CaseID != a.ID || e1.Window != 1 || e2.CaseID != b.ID || e1.Actual {
		t.Errorf("entries %+v", sch.Entries)
	}
	if len(e1.Conflicts) != 1 || e1.Conflicts[0].OtherCaseID != b.ID || len(e2.Conflicts) != 1 || e2.Conflicts[0].OtherCaseID != a.ID {
		t.Errorf("conflicts %+v / %+v", e1.Conflicts, e2.Conflicts)
	}
	if len(e0.Conflicts) != 2 { // in the opening hours of 2026-12-31, and on a closing day
		t.Errorf("conflicts of the early window: %s", e0.Conflicts.Text(LangZH))
	}
	if len(sch.Blackouts) != 1 || sch.Blackouts[0].Name != "元旦闭馆" || sch.Hours[time.Monday].Open != "08:00" ||
		sch.Names[f.web.ID] != "图书馆网站" {
		t.Errorf("calendar %+v %+v", sch.Blackouts, sch.Hours)
	}

	// The actual downtime of an implementation shows as such.
	c := f.driveTo(t, StateAccepting)
	im, _ := f.s.Implementation(c.ID)
	sch, err = f.s.Schedule(dayStart(*im.ActualStart), dayStart(*im.ActualStart).AddDate(0, 0, 7))
	if err != nil {
		t.Fatal(err)
	}
	actual := 0
	for _, e := range sch.Entries {
		if e.Actual && e.CaseID == c.ID && e.Start.Equal(*im.ActualStart) && e.End.Equal(*im.ActualEnd) && equalIDs(e.Systems, f.system.ID) {
			actual++
		}
	}
	if actual != 1 {
		t.Errorf("actual downtime %+v", sch.Entries)
	}
}

// TestMigrateWindows opens a database of version 3: the downtimes plans
// had as text become windows where they can be read, with an entry in
// the history, and the database checks out.
func TestMigrateWindows(t *testing.T) {
	p := t.TempDir() + "/v3.db"
	f := newFixtureOn(t, mustOpenPath(t, p, Options{Create: true}))
	texts := map[uint]string{}
	for _, text := range []string{"2027-05-01 22:00-02:00；2027-05-08 22:00-23:30", "周一闭馆 8:00-18:00", ""} {
		c := f.driveTo(t, StatePlanning)
		f.completePlan(t, c)
		plan, _ := f.s.Plan(c.ID)
		plan.DowntimeWindow = text
		if err := f.s.SaveStage(f.u["sysadmin"], plan); err != nil {
			t.Fatal(err)
		}
		texts[c.ID] = text
	}
	for _, q := range []string{"DROP TABLE downtime_windows", "DROP TABLE system_dependencies", "DROP TABLE blackout_periods",
		"ALTER TABLE decisions DROP COLUMN warning"} {
		if err := f.s.db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	f.s.db.Model(&metaRow{}).Where("key = ?", "schema_version").Update("value", "3")
	f.s.Close()

	s := mustOpenPath(t, p, Options{})
	for id, text := range texts {
		plan, err := s.Plan(id)
		if err != nil {
			t.Fatal(err)
		}
		switch text {
		case "":
			if len(plan.Windows) != 0 {
				t.Errorf("windows from nothing: %+v", plan.Windows)
			}
		case "周一闭馆 8:00-18:00":
			if plan.DowntimeWindow != text || len(plan.Windows) != 0 {
				t.Errorf("a text that is no window: %q %+v", plan.DowntimeWindow, plan.Windows)
			}
		default:
			if plan.DowntimeWindow != "" || len(plan.Windows) != 2 || !plan.Windows[0].StartAt.Equal(at(2027, 5, 1, 22, 0)) ||
				!plan.Windows[1].EndAt.Equal(at(2027, 5, 8, 23, 30)) || !equalIDs(plan.Windows[1].Systems, f.system.ID) {
				t.Errorf("migrated: %q %+v", plan.DowntimeWindow, plan.Windows)
			}
			h, _ := s.History(id)
			last := h[len(h)-1]
			if last.ActorName != "数据库升级" || last.Entity != "plans" || !strings.Contains(last.Comment, "停机窗口") {
				t.Errorf("history %+v", last)
			}
			// The plan is saved as usual afterwards.
			plan.Goals = "升级到 V3.3.0，并启用新流通模块"
			if err := s.SaveStage(s.sessionOf(f.u["sysadmin"].User()), plan); err != nil {
				t.Errorf("save after the migration: %v", err)
			}
		}
	}
	if v, _ := s.metaValue("schema_version"); v != "4" {
		t.Errorf("schema version %s", v)
	}
	if rep, err := s.Check(context.Background()); err != nil || !rep.OK() {
		t.Errorf("check after the migration: %v %+v", err, rep)
	}
}

func TestImportLedgerDependencies(t *testing.T) {
	f := newFixture(t)
	systems, vendors := importRows()
	systems[0].DependsOn, systems[0].SetsDependencies = []string{"图书馆集成管理系统"}, true // RFID, new
	systems = append(systems, SystemImport{System: System{Name: "图书馆网站", CurrentVersion: "2.0"}, OwnerDept: "流通部",
		DependsOn: []string{"RFID 自助借还系统", "图书馆集成管理系统"}, SetsDependencies: true, Row: 4})
	if sum, err := f.s.ImportLedger(context.Background(), f.u["admin"], systems, vendors); err != nil {
		t.Fatalf("import: %v %+v", err, sum.Problems)
	}
	byName := map[string]System{}
	all, _ := f.s.Systems()
	for _, s := range all {
		byName[s.Name] = s
	}
	ils, rfid, web := byName["图书馆集成管理系统"], byName["RFID 自助借还系统"], byName["图书馆网站"]
	if !equalIDs(rfid.DependsOn, ils.ID) || !equalIDs(web.DependsOn, rfid.ID, ils.ID) || len(ils.DependsOn) != 0 {
		t.Errorf("dependencies %v %v %v", rfid.DependsOn, web.DependsOn, ils.DependsOn)
	}

	// A workbook without the column keeps them; one naming a cycle, the
	// system itself or an unknown system is refused, naming the rows.
	systems, vendors = importRows()
	if _, err := f.s.ImportLedger(context.Background(), f.u["admin"], systems, vendors); err != nil {
		t.Fatal(err)
	}
	if sys, _ := f.s.System(rfid.ID); !equalIDs(sys.DependsOn, ils.ID) {
		t.Errorf("dependencies dropped by a workbook without them: %v", sys.DependsOn)
	}
	systems[1].DependsOn, systems[1].SetsDependencies = []string{"图书馆网站"}, true // ILS → website → ILS
	systems[0].DependsOn, systems[0].SetsDependencies = []string{"RFID 自助借还系统", "无此系统"}, true
	sum, err := f.s.ImportLedger(context.Background(), f.u["admin"], systems, vendors)
	if ErrorCode(err) != EInvalid || len(sum.Problems) != 2 {
		t.Fatalf("bad dependencies: %v %+v", err, sum.Problems)
	}
	for i, want := range []string{"第 2 行", "无此系统"} {
		if m := sum.Problems[i].Message(LangZH); !strings.Contains(m, want) || sum.Problems[i].Field != "depends_on" {
			t.Errorf("problem %d: %s", i, m)
		}
	}
	systems[0].DependsOn = nil
	sum, err = f.s.ImportLedger(context.Background(), f.u["admin"], systems, vendors)
	if ErrorCode(err) != EInvalid || len(sum.Problems) != 1 || !strings.Contains(sum.Problems[0].Message(LangZH), "循环依赖") ||
		sum.Problems[0].Row != 3 {
		t.Fatalf("a cycle: %v %+v", err, sum.Problems)
	}
	if rep, err := f.s.Check(context.Background()); err != nil || !rep.OK() {
		t.Errorf("check: %v %+v", err, rep)
	}
}
