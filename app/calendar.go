package app

import (
	"bytes"
	"image/color"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
	"upgradedesk/reports"
)

// icsWriter returns the writer of .ics files the case windows export
// with: in the user's language, stamped with the client's clock.
func icsWriter(now func() time.Time) func(io.Writer, []data.ScheduleEntry, func(uint) string) error {
	return func(w io.Writer, entries []data.ScheduleEntry, name func(uint) string) error {
		return reports.WriteICS(w, uikit.Language(), entries, name, now())
	}
}

// Views of the upgrade calendar.
const (
	viewMonth = "month"
	viewWeek  = "week"
)

// monthEntries is how many downtimes a day of the month view lists at
// most, as many as its height allows; the others are counted ("另 3 项"),
// and the day opens in the week view.
// weekEntries is how many a day of the week view lists (the .ics export
// has them all), weekConflicts how many conflicts a downtime there names
// (its case names them all).
const (
	monthEntries  = 6
	weekEntries   = 40
	weekConflicts = 2
)

// calendarTab is the 升级日历 tab: the planned downtime windows of the
// cases and the actual downtimes of their implementations, by day, in a
// month or a week, with the library's blackout periods shaded and named
// and the conflicts marked. A downtime opens its case. Only the range
// shown is read (data.Store.Schedule).
type calendarTab struct {
	s    *session
	item *container.TabItem

	Title  *widget.Label
	Prev   *uikit.Button
	Next   *uikit.Button
	Today  *uikit.Button
	View   *widget.RadioGroup
	Export *uikit.Button
	// Summary counts what the range shows.
	Summary *widget.Label

	view string
	// anchor is a day of the range shown, at local midnight.
	anchor time.Time
	body   *fyne.Container
	// shown is the schedule shown; loading counts the reads, so that only
	// the last one is shown.
	shown   *data.Schedule
	loading atomic.Int64
	// Entries are the downtimes drawn, for tests and for tapping.
	Entries []*calEntry
	// More are the "另 n 项" of the month view's days.
	More []*calEntry
}

func newCalendarTab(s *session) *calendarTab {
	t := &calendarTab{s: s, view: viewMonth, anchor: dayOf(s.c.clock()())}
	t.Title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.Prev = uikit.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { t.move(-1) })
	t.Next = uikit.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { t.move(1) })
	t.Today = uikit.NewButton(lang.L("cal.today"), func() { t.anchor = dayOf(t.s.c.clock()()); t.refresh() })
	t.View = widget.NewRadioGroup([]string{lang.L("cal.month"), lang.L("cal.week")}, func(v string) {
		next := viewMonth
		if v == lang.L("cal.week") {
			next = viewWeek
		}
		if next != t.view {
			t.view = next
			t.refresh()
		}
	})
	t.View.Horizontal = true
	t.View.Required = true
	t.View.SetSelected(lang.L("cal.month"))
	t.Export = uikit.NewButtonWithIcon(lang.L("cal.export"), theme.DownloadIcon(), t.onExport)
	t.Summary = widget.NewLabel("")
	t.Summary.Importance = widget.LowImportance
	t.body = container.NewStack()
	bar := container.NewHBox(t.Prev, t.Today, t.Next, t.Title, layout.NewSpacer(), t.View, t.Export)
	top := container.NewVBox(bar, container.NewHBox(legend(), layout.NewSpacer(), t.Summary))
	t.item = container.NewTabItemWithIcon(lang.L("tab.calendar"), theme.HistoryIcon(),
		container.NewBorder(top, nil, nil, nil, t.body))
	return t
}

func (t *calendarTab) tabItem() *container.TabItem { return t.item }

// dayOf returns the local midnight of t's day.
func dayOf(t time.Time) time.Time {
	t = t.In(time.Local)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.Local)
}

// mondayOf returns the Monday of the week of day.
func mondayOf(day time.Time) time.Time {
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
}

// span returns the days shown: for a month, whole weeks from the Monday
// of its first day to the Sunday of its last; for a week, Monday to
// Sunday. to is the midnight after the last day.
func (t *calendarTab) span() (from, to time.Time) {
	if t.view == viewWeek {
		from = mondayOf(t.anchor)
		return from, from.AddDate(0, 0, 7)
	}
	first := time.Date(t.anchor.Year(), t.anchor.Month(), 1, 0, 0, 0, 0, time.Local)
	from = mondayOf(first)
	last := first.AddDate(0, 1, -1)
	return from, mondayOf(last).AddDate(0, 0, 7)
}

// move shows the month or week before (-1) or after (1).
func (t *calendarTab) move(n int) {
	if t.view == viewWeek {
		t.anchor = t.anchor.AddDate(0, 0, 7*n)
	} else {
		t.anchor = time.Date(t.anchor.Year(), t.anchor.Month()+time.Month(n), 1, 0, 0, 0, 0, time.Local)
	}
	t.refresh()
}

// title names the range shown.
func (t *calendarTab) title() string {
	if t.view == viewWeek {
		from, to := t.span()
		last := to.AddDate(0, 0, -1)
		return lang.L("cal.week_title", map[string]any{"From": from.Format(data.DateLayout), "To": last.Format(data.DateLayout)})
	}
	return uikit.MonthTitle(t.anchor)
}

// refresh reads the range shown off the UI goroutine and draws it.
func (t *calendarTab) refresh() {
	from, to := t.span()
	t.Title.SetText(t.title())
	n := t.loading.Add(1)
	store := t.s.store
	uikit.Background(t.s.jobs, func() (*data.Schedule, error) {
		return store.Schedule(from, to)
	}, func(sch *data.Schedule, err error) {
		if n != t.loading.Load() {
			return // a later read is coming
		}
		if err != nil {
			t.s.showError("read calendar", err)
			return
		}
		t.show(sch)
	})
}

// show draws sch.
func (t *calendarTab) show(sch *data.Schedule) {
	t.shown, t.Entries, t.More = sch, nil, nil
	var grid fyne.CanvasObject
	if t.view == viewWeek {
		grid = t.weekGrid(sch)
	} else {
		grid = t.monthGrid(sch)
	}
	t.body.Objects = []fyne.CanvasObject{grid}
	t.body.Refresh()
	planned, actual, conflicts := 0, 0, 0
	for _, e := range sch.Entries {
		switch {
		case e.Actual:
			actual++
		default:
			planned++
		}
		if len(e.Conflicts) > 0 {
			conflicts++
		}
	}
	t.Summary.SetText(lang.L("cal.summary", map[string]any{"Planned": planned, "Actual": actual, "Conflicts": conflicts}))
	enable(t.Export, len(sch.Entries) > 0)
}

// entriesOn returns the downtimes of sch touching day.
func entriesOn(sch *data.Schedule, day time.Time) []data.ScheduleEntry {
	end := day.AddDate(0, 0, 1)
	var out []data.ScheduleEntry
	for _, e := range sch.Entries {
		if e.Start.Before(end) && e.End.After(day) {
			out = append(out, e)
		}
	}
	return out
}

// blackoutsOn returns the blackout periods of sch including day.
func blackoutsOn(sch *data.Schedule, day time.Time) []data.BlackoutPeriod {
	var out []data.BlackoutPeriod
	for _, b := range sch.Blackouts {
		if b.Covers(day) {
			out = append(out, b)
		}
	}
	return out
}

// weekdayHeads are the names of the days, Monday first.
func weekdayHeads(short bool) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, d := range data.WeekOrder() {
		key := data.WeekdayKey(d)
		if short {
			key += ".short"
		}
		out = append(out, widget.NewLabelWithStyle(lang.L(key), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	return out
}

// monthGrid draws the weeks of the month: each day its number, the names
// of its blackout periods on a shaded ground, and its first downtimes.
func (t *calendarTab) monthGrid(sch *data.Schedule) fyne.CanvasObject {
	from, to := t.span()
	today := dayOf(t.s.c.clock()())
	var cells []fyne.CanvasObject
	for day := from; day.Before(to); day = day.AddDate(0, 0, 1) {
		cells = append(cells, t.dayCell(sch, day, day.Month() == t.anchor.Month(), day.Equal(today)))
	}
	head := container.NewGridWithColumns(7, weekdayHeads(true)...)
	return container.NewBorder(head, nil, nil, nil, container.NewGridWithColumns(7, cells...))
}

// dayCell is one day of the month view.
func (t *calendarTab) dayCell(sch *data.Schedule, day time.Time, inMonth, today bool) fyne.CanvasObject {
	bg := canvas.NewRectangle(color.Transparent)
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	numColor := theme.Color(theme.ColorNameForeground)
	if !inMonth {
		numColor = theme.Color(theme.ColorNameDisabled)
	}
	num := newCutText(strconv.Itoa(day.Day()), numColor, true)
	num.minWidth = fyne.MeasureText("00", theme.CaptionTextSize(), fyne.TextStyle{Bold: true}).Width + theme.Padding()
	if today {
		num.color = theme.Color(theme.ColorNamePrimary)
	}
	var names fyne.CanvasObject
	if bs := blackoutsOn(sch, day); len(bs) > 0 {
		bg.FillColor = blackoutFill()
		list := make([]string, len(bs))
		for i, b := range bs {
			list[i] = b.Name
		}
		names = newCutText(strings.Join(list, lang.L("value.list_sep")), theme.Color(theme.ColorNameWarning), false)
	}
	cl := &dayCellLayout{head: container.NewBorder(nil, nil, num, nil, names)}
	es := entriesOn(sch, day)
	for i, e := range es {
		if i == monthEntries {
			cl.beyond = len(es) - monthEntries
			break
		}
		cl.entries = append(cl.entries, t.entryOf(sch, e, []string{t.shortText(sch, e, day)}))
	}
	cl.more = t.newEntry("", entryMore, func() {
		t.anchor, t.view = day, viewWeek
		t.View.SetSelected(lang.L("cal.week"))
		t.refresh()
	})
	t.More = append(t.More, cl.more)
	objs := []fyne.CanvasObject{cl.head}
	for _, e := range cl.entries {
		objs = append(objs, e)
	}
	objs = append(objs, cl.more)
	cl.layout(fyne.NewSize(0, 0)) // the count of what is not listed, until laid out
	return container.NewStack(bg, container.NewPadded(container.New(cl, objs...)))
}

// dayCellLayout lays out a day of the month view in the height the month
// gives it: the day's heading, as many of its downtimes as fit, and "另 n
// 项" counting the others. It asks for the heading and a line only, so
// that six weeks fit a window of a 768-pixel screen however busy they
// are.
type dayCellLayout struct {
	head    fyne.CanvasObject
	entries []*calEntry
	more    *calEntry
	// beyond counts the downtimes of the day not among entries.
	beyond int
}

func (d *dayCellLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	h := d.head.MinSize()
	return fyne.NewSize(h.Width, h.Height+theme.Padding()+d.more.MinSize().Height)
}

func (d *dayCellLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) { d.layout(size) }

// layout places what fits in size; a zero size only sets the count.
func (d *dayCellLayout) layout(size fyne.Size) {
	gap := theme.Padding() / 2
	y := d.head.MinSize().Height
	d.head.Move(fyne.NewPos(0, 0))
	d.head.Resize(fyne.NewSize(size.Width, y))
	y += gap
	line := d.more.MinSize().Height + gap
	fit := len(d.entries) + d.beyond
	if size.Height > 0 {
		fit = max(0, int((size.Height-y+gap)/line))
	}
	shown := len(d.entries)
	if len(d.entries)+d.beyond > fit {
		shown = min(shown, max(fit-1, 0)) // a line for the count
	}
	for i, e := range d.entries {
		if i >= shown {
			e.Hide()
			continue
		}
		e.Show()
		e.Move(fyne.NewPos(0, y))
		e.Resize(fyne.NewSize(size.Width, line-gap))
		y += line
	}
	rest := len(d.entries) - shown + d.beyond
	if rest == 0 {
		d.more.Hide()
		return
	}
	d.more.setText(lang.L("cal.more", map[string]any{"N": rest}))
	d.more.Show()
	d.more.Move(fyne.NewPos(0, y))
	d.more.Resize(fyne.NewSize(size.Width, line-gap))
}

// weekGrid draws the days of the week side by side: each its date, its
// opening hours, its blackout periods and its downtimes in full.
func (t *calendarTab) weekGrid(sch *data.Schedule) fyne.CanvasObject {
	from, to := t.span()
	var cols []fyne.CanvasObject
	for day := from; day.Before(to); day = day.AddDate(0, 0, 1) {
		bg := canvas.NewRectangle(color.Transparent)
		bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
		bg.StrokeWidth = 1
		items := []fyne.CanvasObject{
			newCutText(lang.L("cal.week_day", map[string]any{"Day": lang.L(data.WeekdayKey(day.Weekday())),
				"Date": day.Format("01-02")}), theme.Color(theme.ColorNameForeground), true),
			newCutText(t.hoursText(sch, day), theme.Color(theme.ColorNamePlaceHolder), false),
		}
		for _, b := range blackoutsOn(sch, day) {
			bg.FillColor = blackoutFill()
			items = append(items, newCutText(choiceLabel("blackout_kind", b.Kind)+lang.L("value.colon")+b.Name,
				theme.Color(theme.ColorNameWarning), false))
		}
		es := entriesOn(sch, day)
		for i, e := range es {
			if i == weekEntries {
				more := t.newEntry(lang.L("cal.more_week", map[string]any{"N": len(es) - weekEntries}), entryMore, nil)
				t.More = append(t.More, more)
				items = append(items, more)
				break
			}
			items = append(items, t.entryOf(sch, e, t.longText(sch, e)))
		}
		cols = append(cols, container.NewStack(bg, container.NewPadded(container.NewVScroll(container.NewVBox(items...)))))
	}
	return container.NewGridWithColumns(7, cols...)
}

// hoursText says when the library is open on day: closed on a closing
// day (a blackout period of kind closed) and on days without hours.
func (t *calendarTab) hoursText(sch *data.Schedule, day time.Time) string {
	for _, b := range blackoutsOn(sch, day) {
		if b.Kind == "closed" {
			return lang.L("cal.closed")
		}
	}
	h := sch.Hours[day.Weekday()]
	if h.Open == "" {
		return lang.L("cal.closed")
	}
	return lang.L("cal.open", map[string]any{"Open": h.Open, "Close": h.Close})
}

// systemsText names the systems of a downtime.
func systemsText(sch *data.Schedule, e data.ScheduleEntry) string {
	names := make([]string, len(e.Systems))
	for i, id := range e.Systems {
		names[i] = sch.Names[id]
	}
	return strings.Join(names, lang.L("value.list_sep"))
}

// shortText is a downtime in a day of the month: its time on that day,
// its systems and its case.
func (t *calendarTab) shortText(sch *data.Schedule, e data.ScheduleEntry, day time.Time) string {
	start := e.Start.In(time.Local)
	clock := start.Format("15:04")
	if start.Before(day) {
		clock = uikit.Ellipsis()
	}
	text := clock + " " + systemsText(sch, e) + " " + e.CaseNo
	if len(e.Conflicts) > 0 {
		text = "⚠ " + text
	}
	return text
}

// longText is a downtime in the week view: when, the systems, the case,
// and what it conflicts with.
func (t *calendarTab) longText(sch *data.Schedule, e data.ScheduleEntry) []string {
	kind := lang.L("cal.planned")
	if e.Actual {
		kind = lang.L("cal.actual")
	}
	lines := []string{kind + " " + data.SpanText(e.Start, e.End), systemsText(sch, e), e.CaseNo + " " + e.Title}
	for i, c := range e.Conflicts {
		if i == weekConflicts {
			lines = append(lines, "⚠ "+lang.L("cal.more_conflicts", map[string]any{"N": len(e.Conflicts) - weekConflicts}))
			break
		}
		lines = append(lines, "⚠ "+c.Brief(uikit.Language()))
	}
	return lines
}

// entryOf draws downtime e: planned or actual, with a conflict or not;
// tapping it opens its case.
func (t *calendarTab) entryOf(sch *data.Schedule, e data.ScheduleEntry, lines []string) *calEntry {
	k := entryPlanned
	switch {
	case e.Actual:
		k = entryActual
	case len(e.Conflicts) > 0:
		k = entryConflict
	case e.State.Terminal():
		k = entryEnded
	}
	id := e.CaseID
	en := t.newEntry(strings.Join(lines, "\n"), k, func() { t.s.cases.Open(id) })
	en.CaseID, en.Conflicts = id, len(e.Conflicts)
	t.Entries = append(t.Entries, en)
	return en
}

func (t *calendarTab) newEntry(text string, k entryKind, tap func()) *calEntry {
	e := &calEntry{text: text, kind: k, onTap: tap}
	e.ExtendBaseWidget(e)
	return e
}

// onExport saves the downtimes shown as an .ics file.
func (t *calendarTab) onExport() {
	sch := t.shown
	if sch == nil {
		return
	}
	now := t.s.c.clock()
	from, _ := t.span()
	name := func(id uint) string { return sch.Names[id] }
	t.s.saveFile(lang.L("cal.export"), lang.L("cal.export_file", map[string]any{"From": from.Format("2006-01-02")})+".ics",
		func() ([]byte, error) {
			var buf bytes.Buffer
			err := reports.WriteICS(&buf, uikit.Language(), sch.Entries, name, now())
			return buf.Bytes(), err
		})
}

// blackoutFill is the ground of a day in a blackout period.
func blackoutFill() color.Color {
	r, g, b, _ := theme.Color(theme.ColorNameWarning).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x30}
}

// legend shows what the colours of the calendar mean.
func legend() fyne.CanvasObject {
	item := func(k entryKind, key string) fyne.CanvasObject {
		sw := canvas.NewRectangle(k.fill())
		sw.StrokeColor, sw.StrokeWidth = k.bar(), 2
		return container.NewHBox(container.NewGridWrap(fyne.NewSize(14, 14), sw), widget.NewLabel(lang.L(key)))
	}
	black := canvas.NewRectangle(blackoutFill())
	return container.NewHBox(item(entryPlanned, "cal.planned"), item(entryActual, "cal.actual"),
		item(entryConflict, "cal.conflict"), item(entryEnded, "cal.ended"),
		container.NewHBox(container.NewGridWrap(fyne.NewSize(14, 14), black), widget.NewLabel(lang.L("cal.blackout"))))
}

// entryKind says how a downtime is drawn.
type entryKind int

const (
	entryPlanned  entryKind = iota // a window of an open case's plan
	entryActual                    // the actual downtime of an implementation
	entryConflict                  // a window with conflicts
	entryEnded                     // a window of a case that ended
	entryMore                      // the count of the downtimes not listed
)

// bar is the colour of the downtime's left edge and text.
func (k entryKind) bar() color.Color {
	switch k {
	case entryActual:
		return theme.Color(theme.ColorNameSuccess)
	case entryConflict:
		return theme.Color(theme.ColorNameError)
	case entryEnded, entryMore:
		return theme.Color(theme.ColorNamePlaceHolder)
	}
	return theme.Color(theme.ColorNamePrimary)
}

// fill is the ground of the downtime.
func (k entryKind) fill() color.Color {
	if k == entryMore {
		return color.Transparent
	}
	r, g, b, _ := k.bar().RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x26}
}

// calEntry is one downtime of the calendar: a tinted box with a coloured
// left edge and its text, cut to the box's width, a line each; tapping
// it opens its case.
type calEntry struct {
	widget.BaseWidget
	text  string
	kind  entryKind
	onTap func()
	// CaseID and Conflicts are the case of the downtime and how many
	// conflicts it has.
	CaseID    uint
	Conflicts int
}

// Text returns the entry's text.
func (e *calEntry) Text() string { return e.text }

// setText shows text instead, a line.
func (e *calEntry) setText(text string) {
	if text != e.text {
		e.text = text
		e.Refresh()
	}
}

// Tapped opens the downtime's case.
func (e *calEntry) Tapped(*fyne.PointEvent) {
	if e.onTap != nil {
		e.onTap()
	}
}

// Cursor shows that the entry can be tapped.
func (e *calEntry) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (e *calEntry) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(e.kind.fill())
	bar := canvas.NewRectangle(e.kind.bar())
	var texts []*cutText
	objs := []fyne.CanvasObject{bg, bar}
	for i, line := range strings.Split(e.text, "\n") {
		c := theme.Color(theme.ColorNameForeground)
		if i == 0 || e.kind == entryMore {
			c = e.kind.bar()
		}
		ft := newCutText(line, c, false)
		texts = append(texts, ft)
		objs = append(objs, ft)
	}
	return &calEntryRenderer{e: e, bg: bg, bar: bar, texts: texts, objs: objs}
}

type calEntryRenderer struct {
	e     *calEntry
	bg    *canvas.Rectangle
	bar   *canvas.Rectangle
	texts []*cutText
	objs  []fyne.CanvasObject
}

func (r *calEntryRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	if r.e.kind == entryMore {
		r.bar.Resize(fyne.NewSize(0, 0))
	} else {
		r.bar.Resize(fyne.NewSize(3, size.Height))
	}
	y := float32(1)
	for _, t := range r.texts {
		h := t.MinSize().Height
		t.Move(fyne.NewPos(6, y))
		t.Resize(fyne.NewSize(size.Width-8, h))
		y += h
	}
}

func (r *calEntryRenderer) MinSize() fyne.Size {
	h := float32(2)
	for _, t := range r.texts {
		h += t.MinSize().Height
	}
	return fyne.NewSize(24, h)
}

func (r *calEntryRenderer) Refresh() {
	r.bg.FillColor, r.bar.FillColor = r.e.kind.fill(), r.e.kind.bar()
	r.bg.Refresh()
	r.bar.Refresh()
	for i, line := range strings.Split(r.e.text, "\n") {
		if i < len(r.texts) && r.texts[i].full != line {
			r.texts[i].full = line
			r.texts[i].Refresh()
		}
	}
}

func (r *calEntryRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *calEntryRenderer) Destroy()                     {}

// cutText is a line of small text that takes little room: cut to its
// width with an ellipsis, so that the calendar's columns keep their share of the
// window at 1024 pixels as at 1366.
type cutText struct {
	widget.BaseWidget
	full  string
	color color.Color
	bold  bool
	// minWidth is the least width it takes, when more than a little.
	minWidth float32
}

func newCutText(s string, c color.Color, bold bool) *cutText {
	t := &cutText{full: s, color: c, bold: bold}
	t.ExtendBaseWidget(t)
	return t
}

func (t *cutText) CreateRenderer() fyne.WidgetRenderer {
	txt := canvas.NewText(t.full, t.color)
	txt.TextSize = theme.CaptionTextSize()
	txt.TextStyle = fyne.TextStyle{Bold: t.bold}
	return &cutTextRenderer{t: t, txt: txt}
}

type cutTextRenderer struct {
	t   *cutText
	txt *canvas.Text
}

func (r *cutTextRenderer) Layout(size fyne.Size) {
	r.txt.Text = cut(r.t.full, size.Width, r.txt.TextSize, r.txt.TextStyle)
	r.txt.Move(fyne.NewPos(0, 0))
	r.txt.Resize(size)
	r.txt.Refresh()
}

func (r *cutTextRenderer) MinSize() fyne.Size {
	h := fyne.MeasureText("Ag", r.txt.TextSize, r.txt.TextStyle).Height
	return fyne.NewSize(max(16, r.t.minWidth), h)
}

func (r *cutTextRenderer) Refresh() {
	r.txt.Color = r.t.color
	r.Layout(r.t.Size())
}

func (r *cutTextRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.txt} }
func (r *cutTextRenderer) Destroy()                     {}

// cut returns s, or as much of it as fits width followed by an ellipsis.
// It guesses the length from the width of the whole and measures a few
// lengths around the guess, not every one.
func cut(s string, width, size float32, style fyne.TextStyle) string {
	full := fyne.MeasureText(s, size, style).Width
	if width <= 0 || full <= width {
		return s
	}
	rs, dots := []rune(s), uikit.Ellipsis()
	fits := func(n int) bool { return fyne.MeasureText(string(rs[:n])+dots, size, style).Width <= width }
	n := min(len(rs)-1, int(float32(len(rs))*width/full))
	for n > 0 && !fits(n) {
		n--
	}
	for n+1 < len(rs) && fits(n+1) {
		n++
	}
	return string(rs[:max(n, 0)]) + dots
}
