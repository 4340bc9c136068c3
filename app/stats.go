package app

import (
	"bytes"
	"image/color"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
	"upgradedesk/reports"
)

// Statistics settings.
const (
	// statsMonths is how many months the monthly chart covers.
	statsMonths = 12
	// statsSystems is how many systems the by-system chart shows.
	statsSystems = 8
)

// overdueRow is an overdue case with how many days it is late.
type overdueRow struct {
	data.CaseRow
	days int
}

// overdueColumns are the columns of the list of overdue cases.
func overdueColumns() []column[overdueRow] {
	return []column[overdueRow]{
		{"field.no", "", 112, func(r *overdueRow) string { return r.No }},
		{"field.title", "", 100, func(r *overdueRow) string { return r.Title }},
		{"field.state", "", stateWidth(100), func(r *overdueRow) string { return stateName(r.State) }},
		{"field.expected_date", "", 100, func(r *overdueRow) string { return r.ExpectedDate }},
		{"stats.days_late", "", 64, func(r *overdueRow) string {
			return lang.L("stats.days", map[string]any{"N": r.days})
		}},
	}
}

// budgetColumns are the columns of the list of cases over budget.
func budgetColumns() []column[data.BudgetRow] {
	return []column[data.BudgetRow]{
		{"field.no", "", 112, func(r *data.BudgetRow) string { return r.No }},
		{"field.title", "", 100, func(r *data.BudgetRow) string { return r.Title }},
		{"stats.spent", "", 96, func(r *data.BudgetRow) string { return r.Spent.String() }},
		{"stats.over", "", 96, func(r *data.BudgetRow) string { return (r.Spent - r.Budget).String() }},
		{"stats.budget_by", "", 84, func(r *data.BudgetRow) string {
			if r.Approval == nil {
				return lang.L("stats.budget_unapproved")
			}
			return r.Approval.ActorText(uikit.Language())
		}},
	}
}

// stuckColumns are the columns of the list of cases nobody may take
// forward.
func stuckColumns() []column[data.StuckCase] {
	return []column[data.StuckCase]{
		{"field.no", "", 112, func(r *data.StuckCase) string { return r.No }},
		{"field.title", "", 220, func(r *data.StuckCase) string { return r.Title }},
		{"field.state", "", 110, func(r *data.StuckCase) string { return stateName(r.State) }},
		{"stats.step", "", 90, func(r *data.StuckCase) string { return lang.L(r.Action.LabelKeyIn(r.State)) }},
		{"stats.reason", "", 300, func(r *data.StuckCase) string { return uikit.Message(r.Reason) }},
	}
}

// upgradeColumns are the columns of the upgrades of each system (year 0)
// or of each system and year.
func upgradeColumns(years bool) []column[data.UpgradeRow] {
	cols := []column[data.UpgradeRow]{{"field.system", "", 180, func(r *data.UpgradeRow) string { return r.System }}}
	if years {
		cols = append(cols, column[data.UpgradeRow]{"stats.year", "", 60, func(r *data.UpgradeRow) string {
			return strconv.Itoa(r.Year)
		}})
	}
	return append(cols,
		column[data.UpgradeRow]{"stats.upgrades", "", 80, func(r *data.UpgradeRow) string { return formatCount(int(r.Upgrades)) }},
		column[data.UpgradeRow]{"stats.rolled_back", "", 80, func(r *data.UpgradeRow) string { return formatCount(int(r.RolledBack)) }},
		column[data.UpgradeRow]{"stats.rollback_rate", "", 80, func(r *data.UpgradeRow) string { return percent(r.RollbackRate()) }},
		column[data.UpgradeRow]{"stats.downtime_hours", "", 110, func(r *data.UpgradeRow) string { return hours(r.DowntimeHours()) }})
}

// percent shows a share as a percentage with one decimal.
func percent(x float64) string { return strconv.FormatFloat(x*100, 'f', 1, 64) + "%" }

// hours shows hours with one decimal.
func hours(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// statsData is what the 统计 tab shows.
type statsData struct {
	stats *data.Stats
	today time.Time
	// paperDue is the number of signatures on paper outstanding.
	paperDue int
}

// statsTab is the 统计 tab: key figures, cases by state, by month and by
// system as charts, and the overdue cases.
type statsTab struct {
	s    *session
	item *container.TabItem

	total, open, closed, late, overdue *canvas.Text
	byState, bySystem, lateByStage     *barChart
	byMonth                            *columnChart
	overdueRows                        []overdueRow
	overdueGrid                        *grid[overdueRow]
	overdueTitle, lateTitle            *widget.Label
	budgetRows                         []data.BudgetRow
	budgetGrid                         *grid[data.BudgetRow]
	budgetTitle                        *widget.Label
	stuckRows                          []data.StuckCase
	stuckGrid                          *grid[data.StuckCase]
	stuckTitle                         *widget.Label
	// paperDue says how many signatures on paper are outstanding.
	paperDue *widget.Label
	// kinds counts the cases by kind of change, retro says how many
	// emergency changes have steps to complete; stageDays are the days per
	// stage; systemRows and yearRows the upgrades of each system, in all
	// and per year, under upgradesTitle.
	kinds, stageDays     *barChart
	retro                *widget.Label
	systemRows, yearRows []data.UpgradeRow
	systemGrid, yearGrid *grid[data.UpgradeRow]
	upgradesTitle        *widget.Label
	export               *uikit.Button
	shown                *statsData
	// scroll holds the page.
	scroll *container.Scroll
	// loading says that the statistics are being computed; the figures
	// show a dash, not a zero, until they are known.
	loading *widget.Label
}

func newStatsTab(s *session) *statsTab {
	t := &statsTab{s: s}
	t.byState = newBarChart(110)
	t.bySystem = newBarChart(170)
	t.byMonth = newColumnChart()
	t.overdueGrid = sliceGrid(overdueColumns(), 1, &t.overdueRows).keepWhole(0, 3, 4)
	t.overdueGrid.onOpen = func(i int) { s.cases.Open(t.overdueRows[i].ID) }
	t.lateByStage = newBarChart(110)
	t.budgetGrid = sliceGrid(budgetColumns(), 1, &t.budgetRows).keepWhole(0, 2, 3)
	t.budgetGrid.onOpen = func(i int) { s.cases.Open(t.budgetRows[i].ID) }
	t.budgetGrid.warn = func(_ *data.BudgetRow, col int) bool { return col == 3 }
	t.stuckGrid = sliceGrid(stuckColumns(), 4, &t.stuckRows).keepWhole(0)
	t.stuckGrid.onOpen = func(i int) { s.cases.Open(t.stuckRows[i].ID) }
	t.kinds = newBarChart(110)
	t.stageDays = newBarChart(110)
	t.systemGrid = sliceGrid(upgradeColumns(false), 0, &t.systemRows)
	t.yearGrid = sliceGrid(upgradeColumns(true), 0, &t.yearRows)
	t.item = container.NewTabItemWithIcon(lang.L("tab.stats"), theme.InfoIcon(), t.buildUI())
	return t
}

func (t *statsTab) tabItem() *container.TabItem { return t.item }

func (t *statsTab) buildUI() fyne.CanvasObject {
	figures := container.NewGridWithColumns(5,
		t.figure("stats.total", &t.total, theme.ColorNameForeground),
		t.figure("stats.open", &t.open, theme.ColorNamePrimary),
		t.figure("stats.closed", &t.closed, theme.ColorNameSuccess),
		t.figure("stats.late", &t.late, theme.ColorNameError),
		t.figure("stats.overdue", &t.overdue, theme.ColorNameWarning))
	t.overdueTitle = sectionTitle(lang.L("stats.overdue_list"))
	t.lateTitle = sectionTitle(lang.L("stats.late_by_stage", map[string]any{"N": 0}))
	t.budgetTitle = sectionTitle(lang.L("stats.over_budget", map[string]any{"N": 0}))
	t.stuckTitle = sectionTitle(lang.L("stats.stuck", map[string]any{"N": 0}))
	t.loading = widget.NewLabelWithStyle(lang.L("stats.loading"), fyne.TextAlignCenter, fyne.TextStyle{})
	t.loading.Importance = widget.LowImportance
	// The lists take the whole width, so that their columns fit in either
	// language.
	stuck := panel(t.stuckTitle, withMinSize(t.stuckGrid.root, 0, 180))
	t.paperDue = sectionTitle(lang.L("scans.stats", map[string]any{"N": unknownFigure}))
	stuck = container.NewVBox(stuck, panel(t.paperDue, widget.NewLabel(lang.L("scans.due_count_hint"))))
	t.retro = widget.NewLabel("")
	t.retro.Wrapping = wrapping()
	t.upgradesTitle = sectionTitle(lang.L("stats.upgrades_by_system"))
	// The upgrades, kinds and stage times come after the cases by system,
	// before the lists of cases late or over budget.
	charts := container.NewVBox(container.NewGridWithColumns(2,
		panel(sectionTitle(lang.L("stats.by_state")), t.byState),
		panel(sectionTitle(lang.L("stats.by_month", map[string]any{"N": statsMonths})), t.byMonth)),
		panel(sectionTitle(lang.L("stats.by_system")), t.bySystem),
		panel(t.upgradesTitle, withMinSize(t.systemGrid.root, 0, 200)),
		container.NewGridWithColumns(2,
			panel(sectionTitle(lang.L("stats.by_kind")), container.NewVBox(t.kinds, t.retro)),
			panel(sectionTitle(lang.L("stats.stage_days")), t.stageDays)),
		panel(sectionTitle(lang.L("stats.upgrades_by_year")), withMinSize(t.yearGrid.root, 0, 220)),
		panel(t.lateTitle, t.lateByStage),
		panel(t.budgetTitle, withMinSize(t.budgetGrid.root, 0, 220)),
		panel(t.overdueTitle, withMinSize(t.overdueGrid.root, 0, 220)))
	t.export = uikit.NewButtonWithIcon(lang.L("stats.export"), theme.DownloadIcon(), t.onExport)
	t.export.Disable()
	// The note floats over the top right corner, which the figures leave
	// empty: showing and hiding it moves nothing.
	note := container.NewVBox(container.NewHBox(layout.NewSpacer(), t.loading))
	bar := container.NewHBox(layout.NewSpacer(), t.export)
	t.scroll = container.NewVScroll(container.NewVBox(bar, figures, charts, stuck))
	return container.NewStack(t.scroll, note)
}

// onExport writes the statistics shown as a spreadsheet.
func (t *statsTab) onExport() {
	d := t.shown
	if d == nil {
		return
	}
	t.s.saveFile(lang.L("stats.export_title"), lang.L("stats.export_file", map[string]any{
		"Date": d.today.Local().Format(data.DateLayout)})+".xlsx", func() ([]byte, error) {
		var buf bytes.Buffer
		err := reports.WriteStatsXLSX(&buf, d.stats, d.today)
		return buf.Bytes(), err
	})
}

// sectionTitle is the bold title of a panel.
func sectionTitle(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// panel is a titled area on a light background.
func panel(title fyne.CanvasObject, content fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(bg, container.NewPadded(container.NewBorder(title, nil, nil, nil, content)))
}

// figure is one key figure: a big number over its name.
func (t *statsTab) figure(key string, value **canvas.Text, c fyne.ThemeColorName) fyne.CanvasObject {
	*value = canvas.NewText(unknownFigure, theme.Color(c))
	(*value).TextSize = 28
	(*value).TextStyle.Bold = true
	name := widget.NewLabel(lang.L(key))
	inset := theme.InnerPadding()
	number := container.New(layout.NewCustomPaddedLayout(0, inset/2, inset, inset), *value)
	return panel(name, number)
}

// unknownFigure stands for a figure not known yet.
const unknownFigure = "—"

// refresh recomputes the statistics off the UI goroutine, saying so
// meanwhile.
func (t *statsTab) refresh() {
	store := t.s.store
	t.loading.Show()
	uikit.Background(t.s.jobs, func() (statsData, error) {
		st, err := store.Stats(statsMonths)
		if err != nil {
			return statsData{}, err
		}
		due, err := store.PaperOutstanding(data.PaperFilter{})
		return statsData{stats: st, today: store.Now(), paperDue: len(due)}, err
	}, func(d statsData, err error) {
		t.loading.Hide()
		if err != nil {
			t.s.showError("statistics", err)
			return
		}
		t.show(d)
	})
}

// show shows the statistics.
func (t *statsTab) show(d statsData) {
	st := d.stats
	var closed int64
	for _, c := range st.ByState {
		if c.Key == string(data.StateClosed) {
			closed = c.N
		}
	}
	setFigure(t.total, st.Total)
	setFigure(t.open, st.Open)
	setFigure(t.closed, closed)
	setFigure(t.late, st.LateTotal)
	setFigure(t.overdue, st.OverdueTotal)
	t.lateByStage.setBars(lateBars(st.LateByStage))
	t.lateTitle.SetText(lang.L("stats.late_by_stage", map[string]any{"N": st.LateTotal}))
	t.budgetRows = st.OverBudget
	t.budgetTitle.SetText(lang.L("stats.over_budget", map[string]any{"N": len(st.OverBudget)}))
	t.budgetGrid.refresh()
	t.stuckRows = st.Stuck
	t.stuckTitle.SetText(lang.L("stats.stuck", map[string]any{"N": len(st.Stuck)}))
	t.stuckGrid.refresh()
	t.paperDue.SetText(lang.L("scans.stats", map[string]any{"N": d.paperDue}))
	t.byState.setBars(stateBars(st.ByState))
	t.byMonth.setColumns(monthColumns(st.ByMonth))
	t.bySystem.setBars(systemBars(st.BySystem))
	t.overdueRows = overdueRows(st.Overdue, d.today)
	t.overdueTitle.SetText(lang.L("stats.overdue_list_n", map[string]any{"N": st.OverdueTotal}))
	t.overdueGrid.refresh()
	t.showUpgrades(st.Upgrades)
	t.shown = &d
	enable(t.export, true)
	// The charts have as many rows as there are states and systems with
	// cases: the page is laid out again for their new heights.
	t.scroll.Refresh()
}

// showUpgrades shows the kinds of change, the days per stage and the
// upgrades of each system.
func (t *statsTab) showUpgrades(u *data.UpgradeStats) {
	if u == nil {
		return
	}
	kind := func(k string, n int64, c color.Color) bar {
		return bar{label: lang.L(data.ChoiceKey("change_kind", k)), value: n, color: c}
	}
	t.kinds.setBars([]bar{kind(data.ChangeNormal, u.Kinds.Normal, theme.Color(theme.ColorNamePrimary)),
		kind(data.ChangeStandard, u.Kinds.Standard, theme.Color(theme.ColorNameSuccess)),
		kind(data.ChangeEmergency, u.Kinds.Emergency, theme.Color(theme.ColorNameWarning))})
	t.retro.SetText(lang.L("stats.retro", map[string]any{"N": u.RetroOpen, "Late": u.RetroLate}))
	t.retro.Importance = widget.MediumImportance
	if u.RetroLate > 0 {
		t.retro.Importance = widget.DangerImportance
	}
	t.retro.Refresh()
	var stages []bar
	for _, s := range u.StageTimes {
		stages = append(stages, bar{label: stateName(s.State), value: int64(s.Days*10 + 0.5),
			color: theme.Color(theme.ColorNamePrimary), text: lang.L("stats.days_average", map[string]any{"N": oneDecimal(s.Days)})})
	}
	t.stageDays.setBars(stages)
	t.systemRows, t.yearRows = u.BySystem, u.BySystemYear
	t.upgradesTitle.SetText(lang.L("stats.upgrades_total", map[string]any{"N": u.Total.Upgrades, "Back": u.Total.RolledBack,
		"Rate": percent(u.Total.RollbackRate()), "Hours": hours(u.Total.DowntimeHours())}))
	t.systemGrid.refresh()
	t.yearGrid.refresh()
}

// oneDecimal shows x with one decimal.
func oneDecimal(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func setFigure(t *canvas.Text, n int64) {
	t.Text = formatCount(int(n))
	t.Refresh()
}

// stateBars are the states with cases, coloured by how the cases stand.
func stateBars(counts []data.Count) []bar {
	var bars []bar
	for _, c := range counts {
		if c.N > 0 {
			s := data.State(c.Key)
			bars = append(bars, bar{label: stateName(s), value: c.N, color: stateColor(s)})
		}
	}
	return bars
}

// lateBars are the stages with cases past their time limit.
func lateBars(counts []data.Count) []bar {
	var bars []bar
	for _, c := range counts {
		if c.N > 0 {
			bars = append(bars, bar{label: stateName(data.State(c.Key)), value: c.N, color: theme.Color(theme.ColorNameError)})
		}
	}
	return bars
}

// stateColor is the colour of a state in charts: open cases in the
// primary colour, archived ones green, rolled back ones orange and the
// rejected, merged or cancelled grey.
func stateColor(s data.State) color.Color {
	switch {
	case s == data.StateClosed:
		return theme.Color(theme.ColorNameSuccess)
	case s == data.StateRolledBack:
		return theme.Color(theme.ColorNameWarning)
	case s.Terminal():
		return endedGrey
	}
	return theme.Color(theme.ColorNamePrimary)
}

// endedGrey is the colour of rejected, merged and cancelled cases.
var endedGrey = color.NRGBA{R: 0x9e, G: 0xa3, B: 0xab, A: 0xff}

// monthColumns labels the months of the monthly chart.
func monthColumns(counts []data.Count) []bar {
	cols := make([]bar, len(counts))
	for i, c := range counts {
		label := c.Label
		if t, err := time.Parse("2006-01", c.Key); err == nil {
			label = lang.L("stats.month", map[string]any{"Y": t.Year(), "M": int(t.Month()), "Mon": t.Format("Jan")})
		}
		cols[i] = bar{label: label, value: c.N, color: theme.Color(theme.ColorNamePrimary)}
	}
	return cols
}

// systemBars are the systems with the most cases.
func systemBars(counts []data.Count) []bar {
	if len(counts) > statsSystems {
		counts = counts[:statsSystems]
	}
	bars := make([]bar, len(counts))
	for i, c := range counts {
		bars[i] = bar{label: c.Label, value: c.N, color: theme.Color(theme.ColorNamePrimary)}
	}
	return bars
}

// overdueRows adds to each overdue case how many days it is late on today.
func overdueRows(cases []data.CaseRow, today time.Time) []overdueRow {
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	now := day(today.Local())
	rows := make([]overdueRow, len(cases))
	for i, c := range cases {
		rows[i] = overdueRow{CaseRow: c}
		if t, err := time.Parse(data.DateLayout, c.ExpectedDate); err == nil {
			rows[i].days = int(now.Sub(day(t)).Hours() / 24)
		}
	}
	return rows
}

// withMinSize gives o at least the given size.
func withMinSize(o fyne.CanvasObject, w, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, h))
	return container.NewStack(r, o)
}
