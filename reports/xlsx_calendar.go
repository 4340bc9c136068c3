package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"upgradedesk/data"
)

// The holiday list (节假日与调休) as a workbook: one sheet of a date, its
// kind (休息日 or 调休上班日) and a name per row, which 设置 imports as
// next year's list and writes for editing.

// sheetCalendar is the sheet of the holiday list.
var sheetCalendar = label("entity.calendar_days")

// calendarColumns are the columns of the sheet, in their order.
var calendarColumns = []string{"calendar_date", "calendar_kind", "calendar_name"}

// kindWords are the words a kind cell may hold, besides the kinds' own
// labels, each meaning a make-up working day (true) or a holiday (false).
var kindWords = map[string]bool{
	"调休上班日": true, "调休上班": true, "上班": true, "补班": true, "工作日": true, "班": true,
	"working day": true, "make-up working day": true, "workday": true, "work": true,
	"休息日": false, "休息": false, "休": false, "假日": false, "节假日": false, "放假": false, "假": false,
	"holiday": false, "day off": false, "off": false,
}

// WriteCalendarXLSX writes the holidays and make-up working days as an
// .xlsx workbook of one sheet that ReadCalendarXLSX reads back.
func WriteCalendarXLSX(w io.Writer, days []data.CalendarDay) error {
	f := newWorkbook()
	widths := []float64{14, 14, 30}
	cols := make([]xlsxColumn, len(calendarColumns))
	for i, c := range calendarColumns {
		cols[i] = xlsxColumn{label("field." + c), widths[i]}
	}
	rows := make([][]string, len(days))
	for i, d := range days {
		rows[i] = []string{d.Date, label(data.CalendarKindKey(d.Working)), d.Name}
	}
	if err := writeSheet(f, sheetCalendar, cols, rows); err != nil {
		f.Close()
		return fmt.Errorf("calendar workbook: %w", err)
	}
	if err := finishWorkbook(f, w); err != nil {
		return fmt.Errorf("calendar workbook: %w", err)
	}
	return nil
}

// ReadCalendarXLSX reads a holiday list from a workbook: the sheet
// 节假日与调休 if there is one, else the first, with a date, a kind
// (休息日 or 调休上班日; 上班, 补班, 休息, 放假 … are understood too) and
// optionally a name in its first three columns. A first row whose first
// cell is no date is a header and skipped, as are blank rows. Dates may be
// Excel dates or written as 2026-10-01, 2026/10/1, 2026.10.1 or
// 2026年10月1日.
//
// Each bad row — a date that cannot be read, a missing or unknown kind, a
// name too long, a date given twice — is reported as a RowProblem with its
// row number; the days returned are the good ones, in the order of the
// sheet. The error is for a file that is not a readable workbook, or one
// without a single day.
func ReadCalendarXLSX(r io.Reader) ([]data.CalendarDay, []RowProblem, error) {
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, nil, &data.Error{Code: data.EInvalid, Key: "import.err.bad_calendar", Args: map[string]any{"Err": err.Error()}, Err: err}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, &data.Error{Code: data.EInvalid, Key: "import.err.no_days"}
	}
	sheet := sheetName(f, sheetCalendar)
	if !contains(sheets, sheet) {
		sheet = sheets[0]
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, nil, &data.Error{Code: data.EInvalid, Key: "import.err.bad_calendar", Args: map[string]any{"Err": err.Error()}, Err: err}
	}
	rd := &ledgerReader{f: f, date1904: is1904(f)}
	name := strings.TrimSpace(sheet)
	var days []data.CalendarDay
	first := map[string]int{}
	for i, row := range rows {
		cells := make([]string, len(calendarColumns))
		for j := range cells {
			if j < len(row) {
				cells[j] = strings.TrimSpace(row[j])
			}
		}
		if cells[0] == "" && cells[1] == "" && cells[2] == "" {
			continue
		}
		num := i + 1
		d := data.CalendarDay{Date: rd.date(cells[0]), Name: cells[2]}
		if i == 0 && data.ValidDate(d.Date) != nil {
			continue // the header
		}
		if err := data.ValidateCalendarDay(&d); err != nil {
			rd.problem(name, num, cells[0], err)
			continue
		}
		working, ok := kindOf(cells[1])
		if !ok {
			rd.problem(name, num, d.Date, &data.Error{Code: data.EInvalid, Key: "import.err.day_kind",
				Args: map[string]any{"Kind": cells[1], "Holiday": data.LabelArg(data.CalendarKindKey(false)),
					"Working": data.LabelArg(data.CalendarKindKey(true))}, Field: "calendar_kind"})
			continue
		}
		d.Working = working
		if row, dup := first[d.Date]; dup {
			rd.problem(name, num, d.Date, &data.Error{Code: data.EExists, Key: "import.err.duplicate_date",
				Args: map[string]any{"Row": row}, Field: "calendar_date"})
			continue
		}
		first[d.Date] = num
		days = append(days, d)
	}
	if len(days) == 0 && len(rd.problems) == 0 {
		return nil, nil, &data.Error{Code: data.EInvalid, Key: "import.err.no_days"}
	}
	return days, rd.problems, nil
}

// kindOf reads a kind cell: its label in either language, or one of
// kindWords.
func kindOf(cell string) (working, ok bool) {
	c := strings.ToLower(strings.TrimSpace(cell))
	for _, w := range []bool{false, true} {
		for _, l := range []string{data.LangZH, data.LangEN} {
			if c == strings.ToLower(data.T(l, data.CalendarKindKey(w), nil)) {
				return w, true
			}
		}
	}
	working, ok = kindWords[c]
	return working, ok
}
