package data

import (
	"time"
)

// The demo library plans its upgrades: its systems depend on the ILS,
// its calendar has closing days, exam weeks, the summer peak and the
// year-end inventory, the library opens at 13:00 on Mondays (the morning
// is for staff, and for upgrades), and three plans waiting for the IT
// director's approval conflict: two on dependent systems at the same
// time, one in a closing week.

// demoDependencies are the systems each demo system depends on, by name.
var demoDependencies = map[string][]string{
	"RFID 自助借还系统":  {"图书馆集成管理系统"},
	"数字资源发现系统":     {"图书馆集成管理系统"},
	"门禁与客流统计系统":    {"图书馆集成管理系统"},
	"座位预约系统":       {"门禁与客流统计系统"},
	"电子资源远程访问系统":   {"数字资源发现系统"},
	"图书馆网站与微信服务平台": {"图书馆集成管理系统", "数字资源发现系统"},
}

// dependsOn returns the IDs of the systems a demo system depends on (all
// entered before it).
func (r *demoRun) dependsOn(name string) SystemIDs {
	var out SystemIDs
	for _, n := range demoDependencies[name] {
		out = append(out, r.sys[n].ID)
	}
	return out
}

// demoScenario says what a demo case waiting for plan approval shows of
// planning: nothing (0), an ILS upgrade on a Monday morning (1), a gate
// upgrade at the same time, which depends on the ILS (2), a seat booking
// upgrade in the closing week (3).
type demoScenario int

// demoScenarioSystems are the systems of the scenario cases.
var demoScenarioSystems = map[demoScenario]string{1: "图书馆集成管理系统", 2: "门禁与客流统计系统", 3: "座位预约系统"}

// scenarios gives the first three cases waiting for plan approval the
// requests of the conflicts the demo shows.
func (r *demoRun) scenarios(plans []demoPlan) {
	next := demoScenario(1)
	for i := range plans {
		if plans[i].target != StatePlanApproval || next > 3 {
			continue
		}
		for _, t := range demoRequests {
			if t.system == demoScenarioSystems[next] && t.dept != "信息管理部" {
				plans[i].tmpl, plans[i].scenario = t, next
				next++
				break
			}
		}
	}
}

// mondayAfter returns the first Monday at or after t's day, at midnight.
func mondayAfter(t time.Time) time.Time {
	d := dayStart(t)
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// demoClosingWeek is the demo's closing week: the library closes for
// building repairs three weeks after the demo's today, Monday to Sunday.
func (r *demoRun) demoClosingWeek() (time.Time, time.Time) {
	start := mondayAfter(r.opt.Now.AddDate(0, 0, 21))
	return start, start.AddDate(0, 0, 6)
}

// calendar enters the library's blackout periods and opening hours.
func (r *demoRun) calendar(b *Store) error {
	admin := b.sessionOf(r.users["admin"])
	now := r.opt.Now.In(time.Local)
	y := now.Year()
	closeFrom, closeTo := r.demoClosingWeek()
	d := func(t time.Time) string { return t.Format(DateLayout) }
	periods := []BlackoutPeriod{
		{Kind: "closed", Name: "馆舍维修闭馆周", From: d(closeFrom), To: d(closeTo)},
		{Kind: "closed", Name: "元旦闭馆", From: d(time.Date(y+1, 1, 1, 0, 0, 0, 0, time.Local)), To: d(time.Date(y+1, 1, 1, 0, 0, 0, 0, time.Local))},
		{Kind: "closed", Name: "春节闭馆", From: d(time.Date(y+1, 2, 16, 0, 0, 0, 0, time.Local)), To: d(time.Date(y+1, 2, 18, 0, 0, 0, 0, time.Local))},
		{Kind: "exam", Name: "秋季学期期末考试周", From: d(time.Date(y+1, 1, 5, 0, 0, 0, 0, time.Local)), To: d(time.Date(y+1, 1, 18, 0, 0, 0, 0, time.Local))},
		{Kind: "exam", Name: "春季学期期末考试周", From: d(time.Date(y+1, 6, 15, 0, 0, 0, 0, time.Local)), To: d(time.Date(y+1, 6, 28, 0, 0, 0, 0, time.Local))},
		{Kind: "summer", Name: "暑期读者高峰", From: d(time.Date(y+1, 7, 10, 0, 0, 0, 0, time.Local)), To: d(time.Date(y+1, 8, 31, 0, 0, 0, 0, time.Local))},
		{Kind: "inventory", Name: "年终盘点", From: d(time.Date(y, 12, 22, 0, 0, 0, 0, time.Local)), To: d(time.Date(y, 12, 28, 0, 0, 0, 0, time.Local))},
		{Kind: "summer", Name: "暑期读者高峰", From: d(time.Date(y, 7, 10, 0, 0, 0, 0, time.Local)), To: d(time.Date(y, 8, 31, 0, 0, 0, 0, time.Local))},
	}
	for i := range periods {
		if err := b.SaveBlackout(admin, &periods[i]); err != nil {
			return err
		}
	}
	var h OpeningHours
	for _, wd := range weekOrder {
		h[wd].Open, h[wd].Close = "08:30", "21:00"
	}
	h[time.Monday].Open = "13:00"
	return b.SetOpeningHours(admin, h)
}

// windows returns the downtime windows of the plan of case c, written
// now: a Monday morning a fortnight on, before the library opens, its
// system and a system depending on it down; the scenario cases' windows
// are the demo's conflicts.
func (r *demoRun) windows(c *Case, sc demoScenario) []DowntimeWindow {
	at := func(day time.Time, h, m int) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, time.Local).UTC()
	}
	sys := r.sysByID(c.SystemID)
	systems := SystemIDs{c.SystemID}
	switch sc {
	case 1, 2:
		monday := mondayAfter(r.opt.Now.AddDate(0, 0, 7))
		if sc == 1 {
			return []DowntimeWindow{{StartAt: at(monday, 8, 30), EndAt: at(monday, 12, 30),
				Systems: SystemIDs{c.SystemID, r.sys["RFID 自助借还系统"].ID}, Notes: "开馆前完成，自助借还机同时停用"}}
		}
		return []DowntimeWindow{{StartAt: at(monday, 9, 0), EndAt: at(monday, 11, 30), Systems: systems,
			Notes: "门禁改为人工放行"}}
	case 3:
		from, _ := r.demoClosingWeek()
		wed := from.AddDate(0, 0, 2)
		return []DowntimeWindow{{StartAt: at(wed, 9, 30), EndAt: at(wed, 16, 0), Systems: systems, Notes: "闭馆期间集中升级"}}
	}
	for _, dep := range r.dependantsOf(sys.Name) {
		if r.rng.Intn(2) == 0 {
			systems = append(systems, r.sys[dep].ID)
			break
		}
	}
	monday := mondayAfter(r.clock.AddDate(0, 0, 14))
	start := 8*60 + 30 + 30*r.rng.Intn(3)
	length := 120 + 30*r.rng.Intn(3) // done by 12:30, before the library opens at 13:00

	return []DowntimeWindow{{StartAt: at(monday, start/60, start%60), EndAt: at(monday, start/60, start%60).Add(time.Duration(length) * time.Minute),
		Systems: systems}}
}

// dependantsOf returns the names of the demo systems depending on name
// directly.
func (r *demoRun) dependantsOf(name string) []string {
	var out []string
	for _, ds := range demoSystems {
		for _, n := range demoDependencies[ds.name] {
			if n == name {
				out = append(out, ds.name)
			}
		}
	}
	return out
}

// sysByID returns the demo system with id.
func (r *demoRun) sysByID(id uint) System {
	for _, s := range r.sys {
		if s.ID == id {
			return s
		}
	}
	return System{}
}
