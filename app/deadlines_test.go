package app

import (
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"

	"upgradedesk/data"
)

// deadlinesOf shows 设置 and returns the page of time limits and holidays.
func deadlinesOf(t *testing.T, c *Client, s *session) *deadlinesPage {
	t.Helper()
	showTab(c, s, 4)
	return s.settings.build().deadlines
}

func TestAdministratorSetsStageLimits(t *testing.T) {
	f, c, s := clientAs(t, "admin")
	p := deadlinesOf(t, c, s)
	if got := p.limits[data.StateDeptReview].Text; got != "3" {
		t.Errorf("the department review's limit shows %q, want the default 3", got)
	}
	p.limits[data.StateDeptReview].SetText("2")
	p.limits[data.StateAssessing].SetText("abc")
	test.Tap(p.saveLimits)
	c.jobs.Wait()
	if got := topMessage(c); !strings.Contains(got, "“需求评估中”的办理时限") || !strings.Contains(got, "0 到 365") {
		t.Errorf("a bad limit: %q", got)
	}
	if days, _ := f.store.StageDays(); days[data.StateDeptReview] != 3 {
		t.Error("saved although a limit is bad")
	}
	p.limits[data.StateAssessing].SetText("")
	p.escalate.SetText("5")
	test.Tap(p.saveLimits)
	c.jobs.Wait()
	days, err := f.store.StageDays()
	must(t, err)
	if days[data.StateDeptReview] != 2 || days[data.StateAssessing] != data.DefaultStageDays(data.StateAssessing) {
		t.Errorf("limits %v", days)
	}
	if v, _ := f.store.Setting(data.SettingEscalateDays, ""); v != "5" {
		t.Errorf("escalation days %q", v)
	}
	if got := topMessage(c); !strings.Contains(got, "已保存 2 项更改") {
		t.Errorf("after saving: %q", got)
	}
}

func TestOthersSeeTheLimitsButCannotChangeThem(t *testing.T) {
	_, c, s := clientAs(t, "staff")
	p := deadlinesOf(t, c, s)
	if !p.limits[data.StatePlanning].Disabled() || !p.escalate.Disabled() || p.saveLimits.Visible() {
		t.Error("staff can change the limits")
	}
	if p.importBtn.Visible() || p.days.add.Visible() || p.days.edit.Visible() {
		t.Error("staff can change the holidays")
	}
	if !p.exportBtn.Visible() {
		t.Error("staff cannot export the holidays")
	}
}

func TestAdministratorKeepsTheHolidayList(t *testing.T) {
	f, c, s := clientAs(t, "admin")
	p := deadlinesOf(t, c, s)
	add := func(date, kind, name string) {
		t.Helper()
		test.Tap(p.days.add)
		b := p.days.form
		inputOf(t, b, "field.calendar_date").SetText(date)
		pick(t, b, "field.calendar_kind", kind)
		inputOf(t, b, "field.calendar_name").SetText(name)
		test.Tap(p.days.dialog.OK)
		c.jobs.Wait()
	}
	add("2025-05-01", "休息日", "劳动节")
	add("2025-04-27", "调休上班日", "劳动节调休")
	days, err := f.store.CalendarDays()
	must(t, err)
	if len(days) != 2 || days[0] != (data.CalendarDay{Date: "2025-04-27", Working: true, Name: "劳动节调休"}) ||
		days[1] != (data.CalendarDay{Date: "2025-05-01", Name: "劳动节"}) {
		t.Fatalf("saved %+v", days)
	}
	if len(p.days.rows) != 2 || weekdayName(p.days.rows[0].Date) != "星期日" {
		t.Errorf("listed %+v", p.days.rows)
	}
	// A date listed already is refused with the day it is.
	add("2025-05-01", "调休上班日", "")
	if got := topMessage(c); !strings.Contains(got, "2025-05-01 已在列表中（休息日）") {
		t.Errorf("a date twice: %q", got)
	}
	// Changing a day's date replaces the day.
	p.days.grid.selectRow(1)
	test.Tap(p.days.edit)
	inputOf(t, p.days.form, "field.calendar_date").SetText("2025-05-02")
	test.Tap(p.days.dialog.OK)
	c.jobs.Wait()
	days, _ = f.store.CalendarDays()
	if len(days) != 2 || days[1].Date != "2025-05-02" || days[1].Name != "劳动节" {
		t.Errorf("after moving a day: %+v", days)
	}
	p.days.grid.selectRow(0)
	sel, _ := p.days.grid.selectedRow()
	deleteCalendarDay(p.days, *sel)
	tapDialogButton(t, c, "删除")
	c.jobs.Wait()
	if days, _ = f.store.CalendarDays(); len(days) != 1 || days[0].Date != "2025-05-02" {
		t.Errorf("after deleting: %+v", days)
	}
}

// holidayBook writes a holiday workbook of rows.
func holidayBook(t *testing.T, rows [][]string) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for r, row := range rows {
		for col, v := range row {
			cell, _ := excelize.CoordinatesToCellName(col+1, r+1)
			must(t, x.SetCellValue("Sheet1", cell, v))
		}
	}
	var buf bytes.Buffer
	must(t, x.Write(&buf))
	return buf.Bytes()
}

func TestHolidaysImportedFromAWorkbookOrACalendar(t *testing.T) {
	f, c, s := clientAs(t, "admin")
	p := deadlinesOf(t, c, s)

	// A workbook with a bad row imports nothing and names the row.
	p.importContent("2026.xlsx", holidayBook(t, [][]string{
		{"日期", "类型", "名称"}, {"2026-10-01", "休息日", "国庆节"}, {"2026-10-02", "加班", ""},
	}))
	c.jobs.Wait()
	if got := topMessage(c); !strings.Contains(got, "第 3 行（2026-10-02），类型：类型“加班”无法识别") {
		t.Errorf("the bad row: %q", got)
	}
	if days, _ := f.store.CalendarDays(); len(days) != 0 {
		t.Fatalf("imported %+v", days)
	}

	// A good one is imported once the user agreed.
	p.importContent("2026.xlsx", holidayBook(t, [][]string{
		{"2026-10-01", "休息日", "国庆节"}, {"2026-10-02", "休息日", "国庆节"}, {"2026-10-10", "调休上班日", "国庆节调休"},
	}))
	c.jobs.Wait()
	if got := topMessage(c); !strings.Contains(got, "2026 年：休息日 2 天，调休上班日 1 天。") {
		t.Errorf("asked %q", got)
	}
	tapDialogButton(t, c, "导入")
	c.jobs.Wait()
	if days, _ := f.store.CalendarDays(); len(days) != 3 {
		t.Fatalf("imported %+v", days)
	}
	if p.shownYear() != 2026 || len(p.days.rows) != 3 {
		t.Errorf("shows %d days of %d", len(p.days.rows), p.shownYear())
	}

	// An .ics calendar replaces the list of its year.
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//CN\r\n" +
		"BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20261001\r\nDTEND;VALUE=DATE:20261004\r\nSUMMARY:国庆节\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20260927\r\nDTEND;VALUE=DATE:20260928\r\nSUMMARY:国庆节补班\r\nEND:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	p.importContent("holidays.ics", []byte(ics))
	c.jobs.Wait()
	if got := topMessage(c); !strings.Contains(got, "2026 年：休息日 3 天，调休上班日 1 天，将替换该年原有的 3 天。") {
		t.Errorf("asked %q", got)
	}
	tapDialogButton(t, c, "导入")
	c.jobs.Wait()
	days, err := f.store.CalendarDays()
	must(t, err)
	if len(days) != 4 || days[0] != (data.CalendarDay{Date: "2026-09-27", Working: true, Name: "国庆节补班"}) {
		t.Errorf("after the calendar: %+v", days)
	}
}
