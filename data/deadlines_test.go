package data

import (
	"math/rand"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// testCalendar has the 2026 National Day holiday (1–7 October, a Thursday
// to a Wednesday) with its make-up working days (Sunday 27 September,
// Saturday 10 October).
func testCalendar() *Calendar {
	var days []CalendarDay
	for d := 1; d <= 7; d++ {
		days = append(days, CalendarDay{Date: time.Date(2026, 10, d, 0, 0, 0, 0, time.Local).Format(DateLayout), Name: "国庆节"})
	}
	return NewCalendar(append(days, CalendarDay{Date: "2026-09-27", Working: true, Name: "国庆节调休"},
		CalendarDay{Date: "2026-10-10", Working: true, Name: "国庆节调休"}))
}

func day(s string) time.Time {
	t, _ := time.ParseInLocation(DateTimeLayout, s, time.Local)
	return t
}

func TestWorkingDays(t *testing.T) {
	c := testCalendar()
	for _, x := range []struct {
		start string
		n     int
		due   string
	}{
		{"2026-09-25 16:00", 1, "2026-09-27"}, // Friday + 1: the make-up Sunday
		{"2026-09-28 09:00", 3, "2026-10-08"}, // Monday + 3: Tue, Wed, then past the holiday
		{"2026-10-09 10:00", 1, "2026-10-10"}, // Friday + 1: the make-up Saturday
		{"2026-11-06 10:00", 1, "2026-11-09"}, // an ordinary weekend
	} {
		got := c.AddWorkingDays(day(x.start), x.n)
		if got.Format(DateLayout) != x.due || got.Format("15:04:05") != "23:59:59" {
			t.Errorf("%s + %d working days = %s, want the end of %s", x.start, x.n, got, x.due)
		}
	}
	if n := c.WorkingDaysSince(day("2026-09-30 23:59"), day("2026-10-09 12:00")); n != 2 {
		t.Errorf("overdue from 30 September to 9 October: %d working days, want 2 (8 and 9 October)", n)
	}
	rng := rand.New(rand.NewSource(3))
	base := day("2026-09-01 00:00")
	for range 2000 {
		due := base.Add(time.Duration(rng.Intn(60*24)) * time.Hour)
		now := due.Add(time.Duration(rng.Intn(30*24)) * time.Hour)
		n := rng.Intn(8)
		late := due.Before(c.WorkingDaysBefore(now, n))
		if want := c.WorkingDaysSince(due, now) >= n; late != want && n > 0 {
			t.Fatalf("due %s, now %s, %d days: WorkingDaysBefore says %v, WorkingDaysSince %d", due, now, n, late,
				c.WorkingDaysSince(due, now))
		}
	}
}

// TestStageDeadlines checks that a stage is due by its limit in working
// days, that a late case is marked and listed, brought to the IT director
// when long late, and that changing the limit or the calendar moves the
// due time of open cases.
func TestStageDeadlines(t *testing.T) {
	now := day("2026-09-25 10:00") // a Friday
	clock := func() time.Time { return now }
	f := newFixtureOn(t, mustOpenPath(t, filepath.Join(t.TempDir(), "late.db"), Options{Create: true, Now: clock}))
	c := f.file(t, "staff")
	f.act(t, "staff", c, ActSubmit, "") // dept review: 3 working days
	if c.DueAt == nil || c.DueAt.In(time.Local).Format(DateLayout) != "2026-09-30" {
		t.Fatalf("due %v, want the end of 30 September", c.DueAt)
	}
	late := func() []CaseRow {
		rows, _, err := f.s.ListCases(CaseFilter{Overdue: true})
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	if len(late()) != 0 {
		t.Fatal("late before its time")
	}
	now = day("2026-10-01 09:00")
	if rows := late(); len(rows) != 1 || !rows[0].OverdueAt(now) {
		t.Fatalf("late cases %+v", rows)
	}
	escalated := func() bool {
		todo, err := f.s.Todo(f.u["director"].User())
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(todo, func(it TodoItem) bool { return it.ID == c.ID && it.Escalated })
	}
	if escalated() {
		t.Fatal("escalated one day late")
	}
	now = day("2026-10-06 09:00") // 1–5 October: Thursday and Friday working days
	if !escalated() {
		t.Fatal("not escalated three working days late")
	}
	if err := f.s.SetSetting(f.u["admin"], SettingStageDays+string(StateDeptReview), "10"); err != nil {
		t.Fatal(err)
	}
	if len(late()) != 0 {
		t.Fatal("still late after the limit grew")
	}
	holiday := []CalendarDay{{Date: "2026-10-01", Name: "国庆节"}, {Date: "2026-10-02", Name: "国庆节"}}
	if err := f.s.SaveCalendarDays(f.u["admin"], []int{2026}, holiday); err != nil {
		t.Fatal(err)
	}
	got, _ := f.s.Case(c.ID)
	if got.DueAt.In(time.Local).Format(DateLayout) != "2026-10-13" {
		t.Errorf("due %v after the holiday, want 13 October", got.DueAt)
	}
	st, err := f.s.Stats(12)
	if err != nil || st.LateTotal != 0 {
		t.Errorf("stats %+v %v", st, err)
	}
}

// TestCalendarFromICS reads a holiday list as published: all-day events,
// the make-up working days among them.
func TestCalendarFromICS(t *testing.T) {
	const feed = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//holiday//CN\r\n" +
		"BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20261001\r\nDTEND;VALUE=DATE:20261008\r\nSUMMARY:国庆节 休\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20260927\r\nDTEND;VALUE=DATE:20260928\r\nSUMMARY:国庆节 补班\r\nEND:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	days, err := ParseCalendarICS(strings.NewReader(feed))
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 8 {
		t.Fatalf("%d days: %+v", len(days), days)
	}
	c := NewCalendar(days)
	if c.Working(day("2026-10-07 00:00")) || !c.Working(day("2026-09-27 00:00")) || !c.Working(day("2026-10-08 00:00")) {
		t.Errorf("calendar %+v", days)
	}
	if _, err := ParseCalendarICS(strings.NewReader("not a calendar")); ErrorCode(err) != EInvalid {
		t.Errorf("a file that is no calendar: %v", err)
	}
}
