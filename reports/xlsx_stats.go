package reports

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"upgradedesk/data"
)

// The statistics of the 统计 tab as a workbook: the key figures, the
// upgrades of each system (in all and per year) with their rollbacks and
// downtime, the days cases stay in each stage, the kinds of change per
// year, and the cases by state and by month. Counts, hours, days and
// rates are numbers, so that the sheets can be summed and charted.

// statsSheets are the names of the sheets, in their order.
var (
	sheetStatsSummary    = label("report.stats.sheet.summary")
	sheetStatsSystems    = label("report.stats.sheet.systems")
	sheetStatsYears      = label("report.stats.sheet.system_years")
	sheetStatsStages     = label("report.stats.sheet.stages")
	sheetStatsKinds      = label("report.stats.sheet.kinds")
	sheetStatsStates     = label("report.stats.sheet.states")
	sheetStatsMonths     = label("report.stats.sheet.months")
	statsNumberFormats   = map[string]string{"count": "#,##0", "hours": "#,##0.0", "days": "0.0", "rate": "0.0%"}
	statsTextColumnWidth = 28.0
)

// statColumn is one column of a sheet of figures: its header, width and,
// for numbers, their format (statsNumberFormats); "" is text.
type statColumn struct {
	title  string
	width  float64
	format string
}

// WriteStatsXLSX writes the statistics st, computed at at, as an .xlsx
// workbook.
func WriteStatsXLSX(w io.Writer, st *data.Stats, at time.Time) error {
	f := newWorkbook()
	styles, err := statStyles(f)
	if err == nil {
		err = writeStatsSheets(f, styles, st, at)
	}
	if err != nil {
		f.Close()
		return fmt.Errorf("statistics workbook: %w", err)
	}
	if err := finishWorkbook(f, w); err != nil {
		return fmt.Errorf("statistics workbook: %w", err)
	}
	return nil
}

func writeStatsSheets(f *excelize.File, styles map[string]int, st *data.Stats, at time.Time) error {
	u := st.Upgrades
	if u == nil {
		u = &data.UpgradeStats{}
	}
	count := func(key string) statColumn { return statColumn{label(key), 12, "count"} }
	systemCols := []statColumn{{label("field.system"), statsTextColumnWidth, ""}, count("report.stats.upgrades"),
		count("report.stats.rolled_back"), {label("report.stats.rollback_rate"), 10, "rate"},
		{label("report.stats.downtime_hours"), 14, "hours"}}
	upgradeRow := func(r *data.UpgradeRow) []any {
		return []any{r.System, r.Upgrades, r.RolledBack, r.RollbackRate(), r.DowntimeHours()}
	}
	var bySystem, byYear [][]any
	for i := range u.BySystem {
		bySystem = append(bySystem, upgradeRow(&u.BySystem[i]))
	}
	total := upgradeRow(&u.Total)
	total[0] = label("report.stats.total")
	bySystem = append(bySystem, total)
	for i := range u.BySystemYear {
		r := upgradeRow(&u.BySystemYear[i])
		byYear = append(byYear, append([]any{r[0], u.BySystemYear[i].Year}, r[1:]...))
	}
	var stages [][]any
	for _, s := range u.StageTimes {
		stages = append(stages, []any{stateLabel(s.State), s.N, s.Days})
	}
	kindRow := func(k *data.KindYear, first any) []any {
		return []any{first, k.Normal, k.Standard, k.Emergency, k.Total()}
	}
	var kinds [][]any
	for i := range u.KindYears {
		kinds = append(kinds, kindRow(&u.KindYears[i], u.KindYears[i].Year))
	}
	kinds = append(kinds, kindRow(&u.Kinds, label("report.stats.total")))
	var states, months [][]any
	for _, c := range st.ByState {
		states = append(states, []any{stateLabel(data.State(c.Key)), c.N})
	}
	for _, c := range st.ByMonth {
		months = append(months, []any{c.Key, c.N})
	}
	sheets := []struct {
		name string
		cols []statColumn
		rows [][]any
	}{
		{sheetStatsSummary, []statColumn{{label("report.stats.figure"), 34, ""}, {label("report.stats.value"), 16, "count"}},
			summaryRows(st, u, at)},
		{sheetStatsSystems, systemCols, bySystem},
		{sheetStatsYears, append([]statColumn{systemCols[0], {label("report.stats.year"), 8, ""}}, systemCols[1:]...), byYear},
		{sheetStatsStages, []statColumn{{label("report.stats.stage"), 18, ""}, count("report.stats.times"),
			{label("report.stats.average_days"), 14, "days"}}, stages},
		{sheetStatsKinds, []statColumn{{label("report.stats.year"), 10, ""}, {label("change_kind.normal"), 12, "count"},
			{label("change_kind.standard"), 12, "count"}, {label("change_kind.emergency"), 12, "count"}, count("report.stats.total")}, kinds},
		{sheetStatsStates, []statColumn{{label("report.label.state"), 18, ""}, count("report.stats.cases")}, states},
		{sheetStatsMonths, []statColumn{{label("report.stats.month"), 12, ""}, count("report.stats.filed")}, months},
	}
	for _, s := range sheets {
		if err := writeFigures(f, styles, s.name, s.cols, s.rows); err != nil {
			return err
		}
	}
	return nil
}

// summaryRows are the key figures: label and number; the rates and hours
// carry their own format (a []any of label, value, format).
func summaryRows(st *data.Stats, u *data.UpgradeStats, at time.Time) [][]any {
	closed := int64(0)
	for _, c := range st.ByState {
		if c.Key == string(data.StateClosed) {
			closed = c.N
		}
	}
	return [][]any{
		{label("report.label.counted_at"), dateTime(at)},
		{label("report.stats.cases"), st.Total}, {label("report.stats.open"), st.Open}, {label("report.stats.closed"), closed},
		{label("report.stats.late"), st.LateTotal}, {label("report.stats.overdue"), st.OverdueTotal},
		{label("change_kind.normal"), u.Kinds.Normal}, {label("change_kind.standard"), u.Kinds.Standard},
		{label("change_kind.emergency"), u.Kinds.Emergency},
		{label("report.stats.retro_open"), u.RetroOpen}, {label("report.stats.retro_late"), u.RetroLate},
		{label("report.stats.upgrades"), u.Total.Upgrades}, {label("report.stats.rolled_back"), u.Total.RolledBack},
		{label("report.stats.rollback_rate"), formatted{u.Total.RollbackRate(), "rate"}},
		{label("report.stats.downtime_hours"), formatted{u.Total.DowntimeHours(), "hours"}},
	}
}

// formatted is a number with a format of its own in a column of another.
type formatted struct {
	v      float64
	format string
}

// statStyles makes the styles of the sheets of figures: the header, text
// and each number format.
func statStyles(f *excelize.File) (map[string]int, error) {
	out := map[string]int{}
	var err error
	if out["header"], err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}); err != nil {
		return nil, err
	}
	if out[""], err = f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
		return nil, err
	}
	for name, code := range statsNumberFormats {
		c := code
		if out[name], err = f.NewStyle(&excelize.Style{CustomNumFmt: &c}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// writeFigures writes a sheet of figures: a bold, frozen header row, then
// the rows, numbers as numbers in their column's format.
func writeFigures(f *excelize.File, styles map[string]int, sheet string, cols []statColumn, rows [][]any) error {
	heads := make([]xlsxColumn, len(cols))
	for i, c := range cols {
		heads[i] = xlsxColumn{c.title, c.width}
	}
	sw, err := startSheet(f, sheet, styles["header"], heads)
	if err != nil {
		return err
	}
	for r, row := range rows {
		cells := make([]any, len(cols))
		for i := range cols {
			var v any
			if i < len(row) {
				v = row[i]
			}
			cells[i] = figureCell(styles, cols[i].format, v)
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// figureCell is one cell: text as text, a year as text, numbers in format.
func figureCell(styles map[string]int, format string, v any) excelize.Cell {
	switch x := v.(type) {
	case formatted:
		return excelize.Cell{StyleID: styles[x.format], Value: x.v}
	case string:
		return excelize.Cell{StyleID: styles[""], Value: x}
	case int:
		if format == "" { // a year
			return excelize.Cell{StyleID: styles[""], Value: strconv.Itoa(x)}
		}
		return excelize.Cell{StyleID: styles[format], Value: x}
	case nil:
		return excelize.Cell{StyleID: styles[""], Value: ""}
	}
	return excelize.Cell{StyleID: styles[format], Value: v}
}
