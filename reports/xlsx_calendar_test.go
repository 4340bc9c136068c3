package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"upgradedesk/data"
)

// calendarBook writes rows (cells by column) into the first sheet of a new
// workbook named sheet; a float64 cell is written as a number, as Excel
// stores dates.
func calendarBook(t *testing.T, sheet string, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if sheet != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			t.Fatal(err)
		}
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadCalendarXLSX reads a hand-made list: a header, dates in the
// ways people type them and as Excel dates, kinds in words people use,
// and three-column and two-column rows.
func TestReadCalendarXLSX(t *testing.T) {
	book := calendarBook(t, "2026", [][]any{
		{"日期", "类型", "名称"},
		{"2026-10-01", "休息日", "国庆节"},
		{"2026/10/2", "放假", "国庆节"},
		{"2026年10月3日", "休息", ""},
		{float64(46305), "补班"}, // 2026-10-10, an Excel date
		{},
		{"2026.9.27", "调休上班日", "国庆节调休"},
		{"2026-02-28", "Make-up working day", "Spring Festival"},
	})
	days, problems, err := ReadCalendarXLSX(bytes.NewReader(book))
	if err != nil || len(problems) > 0 {
		t.Fatalf("read: %v %v", err, problems)
	}
	want := []data.CalendarDay{
		{Date: "2026-10-01", Name: "国庆节"}, {Date: "2026-10-02", Name: "国庆节"}, {Date: "2026-10-03"},
		{Date: "2026-10-10", Working: true}, {Date: "2026-09-27", Working: true, Name: "国庆节调休"},
		{Date: "2026-02-28", Working: true, Name: "Spring Festival"},
	}
	if len(days) != len(want) {
		t.Fatalf("read %d days, want %d: %+v", len(days), len(want), days)
	}
	for i := range want {
		if days[i] != want[i] {
			t.Errorf("day %d = %+v, want %+v", i, days[i], want[i])
		}
	}
}

// TestReadCalendarXLSXProblems reports each bad row with its row number
// and what is wrong, and keeps the good ones.
func TestReadCalendarXLSXProblems(t *testing.T) {
	book := calendarBook(t, "Sheet1", [][]any{
		{"2026-01-01", "休息日", "元旦"},
		{"2026-13-01", "休息日", "没有的月份"},
		{"2026-01-02", "", "没有类型"},
		{"2026-01-03", "加班", ""},
		{"2026-01-01", "休息日", "又一次"},
		{"2026-01-04", "调休上班日", strings.Repeat("长", 65)},
	})
	days, problems, err := ReadCalendarXLSX(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 1 || days[0].Date != "2026-01-01" {
		t.Errorf("good days %+v", days)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Message(data.LangZH))
	}
	want := []string{
		"“Sheet1”第 2 行（2026-13-01），日期：",
		"“Sheet1”第 3 行（2026-01-02），类型：类型“”无法识别，请填写“休息日”或“调休上班日”",
		"“Sheet1”第 4 行（2026-01-03），类型：类型“加班”无法识别，请填写“休息日”或“调休上班日”",
		"“Sheet1”第 5 行（2026-01-01），日期：日期与第 1 行重复",
		"“Sheet1”第 6 行（2026-01-04），名称：",
	}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d = %q, want it to start %q", i, got[i], want[i])
		}
	}
	if en := problems[2].Message(data.LangEN); !strings.Contains(en, `write "Holiday" or "Make-up working day"`) {
		t.Errorf("in English: %q", en)
	}
}

// TestCalendarXLSXRoundTrip writes a list and reads it back unchanged.
func TestCalendarXLSXRoundTrip(t *testing.T) {
	days := []data.CalendarDay{{Date: "2026-01-01", Name: "元旦"}, {Date: "2026-02-14", Working: true, Name: "春节调休"}}
	var buf bytes.Buffer
	if err := WriteCalendarXLSX(&buf, days); err != nil {
		t.Fatal(err)
	}
	got, problems, err := ReadCalendarXLSX(bytes.NewReader(buf.Bytes()))
	if err != nil || len(problems) > 0 || len(got) != 2 || got[0] != days[0] || got[1] != days[1] {
		t.Fatalf("read back %+v %v %v", got, problems, err)
	}
}

// TestReadCalendarXLSXNotAList refuses a file that is no workbook and a
// workbook without a date.
func TestReadCalendarXLSXNotAList(t *testing.T) {
	if _, _, err := ReadCalendarXLSX(strings.NewReader("BEGIN:VCALENDAR")); data.ErrorCode(err) != data.EInvalid {
		t.Errorf("not a workbook: %v", err)
	}
	_, _, err := ReadCalendarXLSX(bytes.NewReader(calendarBook(t, "Sheet1", [][]any{{"日期", "类型"}})))
	if msg := data.ErrorMessage(err, data.LangZH); !strings.HasPrefix(msg, "工作簿中没有日期") {
		t.Errorf("no dates: %q", msg)
	}
}
