package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// plannedCase takes case c to plan approval with windows ws.
func (f *fixture) plannedCase(t *testing.T, c *data.Case, ws ...data.DowntimeWindow) {
	t.Helper()
	admin := f.sess(f.users["admin"])
	for _, u := range []struct {
		name, full string
		role       data.Role
	}{{"director", "王建国", data.RoleITDirector}, {"leader", "冯志远", data.RoleManagement}} {
		if f.users[u.name] == nil {
			nu, err := f.store.CreateUser(admin, data.NewUser{Username: u.name, FullName: u.full,
				DepartmentID: f.depts["信息管理部"].ID, Roles: []data.Role{u.role}, Password: testPassword})
			must(t, err)
			f.users[u.name] = nu
		}
	}
	f.act(t, "staff", c, data.ActSubmit, "")
	f.act(t, "head", c, data.ActApprove, "同意")
	f.act(t, "sysadmin", c, data.ActAccept, "纳入评估")
	a := &data.Assessment{CaseID: c.ID, MeetingDate: "2025-04-01", MeetingPlace: "会议室",
		Participants: []data.Participant{{Name: "王建国", Side: "it"}}, Conclusion: "feasible", Recommendation: "升级。",
		PreliminaryPlan: "闭馆日实施。"}
	for _, k := range data.Criteria {
		*a.Criterion(k) = data.Rating{Rating: "high", Notes: "可行"}
	}
	must(t, f.store.SaveStage(f.sess(f.users["sysadmin"]), a))
	f.act(t, "sysadmin", c, data.ActSubmit, "")
	f.act(t, "leader", c, data.ActApprove, "同意")
	p := &data.Plan{CaseID: c.ID, Goals: "升级", Scope: "全部", TechApproach: "远程升级。", RollbackPlan: "恢复备份。",
		TrainingPlan: "培训。", Windows: ws,
		Milestones:       []data.Milestone{{Name: "正式升级", Start: "2025-04-14", End: "2025-04-14"}},
		Responsibilities: []data.Responsibility{{Task: "实施", Person: "李明"}},
		Risks:            []data.Risk{{Risk: "失败", Countermeasure: "回退"}},
		BudgetItems:      []data.BudgetItem{{Item: "服务费", Amount: 100000}}}
	must(t, f.store.SaveStage(f.sess(f.users["sysadmin"]), p))
	cs, err := f.store.Warnings(c.ID, data.ActSubmit)
	must(t, err)
	_, err = f.store.Act(f.sess(f.users["sysadmin"]), data.ActionRequest{CaseID: c.ID, Action: data.ActSubmit, Warned: cs.Fingerprint()})
	must(t, err)
}

// TestCalendarTab checks the upgrade calendar: the month of the test
// clock with two windows in conflict and a blackout period, the week
// view, the case a downtime opens, and the width it needs.
func TestCalendarTab(t *testing.T) {
	f := newFixture(t)
	cs := f.addCases(t, 2, time.Hour)
	ils, rfid := f.systems[0], f.systems[1]
	rfid.DependsOn = data.SystemIDs{ils.ID}
	must(t, f.store.SaveSystem(f.sess(f.users["admin"]), &rfid))
	day := time.Date(2025, 4, 14, 0, 0, 0, 0, time.Local) // a Monday
	f.plannedCase(t, cs[0], data.DowntimeWindow{StartAt: day.Add(8 * time.Hour), EndAt: day.Add(12 * time.Hour),
		Systems: data.SystemIDs{cs[0].SystemID}})
	f.plannedCase(t, cs[1], data.DowntimeWindow{StartAt: day.Add(9 * time.Hour), EndAt: day.Add(11 * time.Hour),
		Systems: data.SystemIDs{rfid.ID}})
	must(t, f.store.SaveBlackout(f.sess(f.users["admin"]), &data.BlackoutPeriod{Kind: "exam", Name: "期中考试周",
		From: "2025-04-21", To: "2025-04-27"}))

	c := startClient(t, newTestApp(t), f.path, f.clock)
	s := signInAs(t, c, "sysadmin")
	showTab(c, s, len(s.pages)-1)
	cal := s.calendar
	if cal.Title.Text != "2025年4月" || len(cal.Entries) != 2 {
		t.Fatalf("%s: %d entries", cal.Title.Text, len(cal.Entries))
	}
	for _, e := range cal.Entries {
		if e.Conflicts != 1 || !strings.Contains(e.Text(), "⚠") {
			t.Errorf("entry %q: %d conflicts", e.Text(), e.Conflicts)
		}
	}
	if !strings.Contains(cal.Summary.Text, "计划停机 2 次") || !strings.Contains(cal.Summary.Text, "有冲突的 2 次") {
		t.Errorf("summary %q", cal.Summary.Text)
	}
	if !showsText(cal.body, "期中考试周") {
		t.Error("the blackout period is not named")
	}

	// The week view says what the conflict is; a downtime opens its case.
	cal.View.SetSelected("周")
	c.jobs.Wait()
	cal.anchor = day
	cal.refresh()
	c.jobs.Wait()
	if cal.Title.Text != "2025-04-14 至 2025-04-20" || len(cal.Entries) != 2 ||
		!strings.Contains(cal.Entries[0].Text(), "与 "+cs[1].No+" 重叠") {
		t.Fatalf("week %s: %v", cal.Title.Text, entryTexts(cal))
	}
	test.Tap(cal.Entries[0])
	c.jobs.Wait()
	if !caseWindowOpen(cs[0].No) {
		t.Error("the downtime did not open its case")
	}
	cal.move(1)
	c.jobs.Wait()
	if len(cal.Entries) != 0 || !showsText(cal.body, "考试周：期中考试周") {
		t.Errorf("the next week: %v", entryTexts(cal))
	}

	// The calendar takes no more than a 1024-pixel screen, in Chinese
	// and in English.
	for _, code := range []string{data.LangZH, data.LangEN} {
		must(t, uikit.SetLanguage(code))
		tab := newCalendarTab(s)
		tab.anchor = day
		tab.refresh()
		c.jobs.Wait()
		// However busy the days, the month asks for a heading and a line a
		// day: six weeks fit the 768 pixels of a screen under the window's
		// own header.
		if min := tab.item.Content.MinSize(); min.Width > 1000 || min.Height > 560 {
			t.Errorf("%s: the calendar needs %v", code, min)
		}
	}
	must(t, uikit.SetLanguage(data.LangZH))
}

func entryTexts(cal *calendarTab) []string {
	var out []string
	for _, e := range cal.Entries {
		out = append(out, e.Text())
	}
	return out
}

// showsText reports whether a text of o, or drawn inside it, holds s.
func showsText(o fyne.CanvasObject, s string) bool {
	found := false
	walkObjects(o, func(x fyne.CanvasObject) {
		if t, ok := x.(*cutText); ok && strings.Contains(t.full, s) {
			found = true
		}
	})
	return found
}
