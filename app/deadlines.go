package app

import (
	"bytes"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
	"upgradedesk/reports"
)

// deadlinesPage is 设置 → 办理时限与节假日: the time limit of each stage in
// working days and after how many days late a case goes to the IT
// director; beside them the holidays and make-up working days of a year,
// typed or imported from .ics or .xlsx. Administrators change them; the
// others see them.
type deadlinesPage struct {
	s    *session
	root fyne.CanvasObject

	// limits are the entries of the stages' limits, by state.
	limits   map[data.State]*uikit.Entry
	escalate *uikit.Entry
	// emergency is how many working days an emergency change has to
	// complete what it went ahead of.
	emergency  *uikit.Entry
	saveLimits *uikit.Button
	// loaded are the limits and escalation days as last read.
	loaded map[string]string

	year      *selectOf[int]
	importBtn *uikit.Button
	exportBtn *uikit.Button
	days      *masterList[calendarRow]
	// shown is the year whose list is shown; the list loads off the UI
	// goroutine.
	shown atomic.Int64
}

// calendarRow is a day of the list; Orig is its date as read, so that an
// edit that changes the date replaces the day.
type calendarRow struct {
	data.CalendarDay
	Orig string
}

// limitStates are the stages that have a time limit, in the order of the
// procedure.
func limitStates() []data.State {
	var out []data.State
	for _, st := range data.AllStates {
		if data.DefaultStageDays(st) > 0 {
			out = append(out, st)
		}
	}
	return out
}

func newDeadlinesPage(s *session) *deadlinesPage {
	p := &deadlinesPage{s: s, limits: map[data.State]*uikit.Entry{}}
	p.shown.Store(int64(s.c.clock()().In(time.Local).Year()))
	left := p.buildLimits()
	right := p.buildCalendar()
	split := container.NewHSplit(container.NewVScroll(left), right)
	split.SetOffset(0.42)
	p.root = split
	return p
}

// buildLimits builds the card of the stages' limits: a stage a row, its
// limit beside its name and the default after it.
func (p *deadlinesPage) buildLimits() fyne.CanvasObject {
	var cells []fyne.CanvasObject
	row := func(label string, e *uikit.Entry, suffix string) {
		unit := widget.NewLabel(suffix)
		unit.Importance = widget.LowImportance
		box := container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(90, e.MinSize().Height), e), nil, unit)
		cells = append(cells, widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}), box)
	}
	for _, st := range limitStates() {
		e := newEntry(optional(data.ValidDays))
		e.SetPlaceHolder(strconv.Itoa(data.DefaultStageDays(st)))
		p.limits[st] = e
		row(stateName(st), e, lang.L("deadline.default", map[string]any{"N": data.DefaultStageDays(st)}))
	}
	p.escalate = newEntry(optional(data.ValidDays))
	p.escalate.SetPlaceHolder(strconv.Itoa(data.DefaultEscalateDays))
	escLabel := widget.NewLabelWithStyle(lang.L("field.escalate_after_days"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	escUnit := widget.NewLabel(lang.L("deadline.escalate_hint", map[string]any{"N": data.DefaultEscalateDays}))
	escUnit.Wrapping = wrapping()
	escUnit.Importance = widget.LowImportance
	esc := container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(90, p.escalate.MinSize().Height), p.escalate),
		nil, escUnit)
	p.emergency = newEntry(optional(data.ValidDays))
	p.emergency.SetPlaceHolder(strconv.Itoa(data.DefaultEmergencyDays))
	emLabel := widget.NewLabelWithStyle(lang.L("field.emergency_days"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	emUnit := widget.NewLabel(lang.L("deadline.emergency_hint", map[string]any{"N": data.DefaultEmergencyDays}))
	emUnit.Wrapping = wrapping()
	emUnit.Importance = widget.LowImportance
	em := container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(90, p.emergency.MinSize().Height), p.emergency),
		nil, emUnit)
	limits := container.New(layout.NewFormLayout(), cells...)
	p.saveLimits = uikit.NewButtonWithIcon(lang.L("common.save"), theme.DocumentSaveIcon(), p.onSaveLimits)
	p.saveLimits.Importance = widget.HighImportance
	note := widget.NewLabel(lang.L("deadline.limits_sub"))
	note.Wrapping = wrapping()
	// 保存 stands beside the explanation, in view however short the
	// window.
	head := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, container.NewVBox(p.saveLimits), note)}
	if why := p.s.sharedSettingsLocked(); why != "" {
		inputs := []*uikit.Entry{p.escalate, p.emergency}
		for _, e := range p.limits {
			inputs = append(inputs, e)
		}
		lockInputs(inputs...)
		p.saveLimits.Hide()
		head = append(head, lockedNote(why))
	}
	body := container.NewVBox(append(head, limits, widget.NewSeparator(), escLabel, esc, emLabel, em)...)
	return widget.NewCard(lang.L("deadline.limits"), "", body)
}

// buildCalendar builds the list of a year's holidays and make-up working
// days.
func (p *deadlinesPage) buildCalendar() fyne.CanvasObject {
	s := p.s
	admin := s.sharedSettingsLocked() == ""
	field := func(key string) string { return data.RecordFor("calendar_days").Field(key).LabelKey() }
	p.year = newSelectOf[int](nil, nil, nil)
	p.year.changed = func(y int) {
		p.shown.Store(int64(y))
		p.days.refresh()
	}
	p.importBtn = uikit.NewButtonWithIcon(lang.L("deadline.import"), theme.UploadIcon(), p.onImport)
	p.exportBtn = uikit.NewButtonWithIcon(lang.L("deadline.export"), theme.DownloadIcon(), p.onExport)
	p.days = newMasterList(s, masterSpec[calendarRow]{
		title: "entity.calendar_days", heading: "deadline.days", stretch: 3,
		cols: []column[calendarRow]{
			{field("date"), "", 110, func(r *calendarRow) string { return r.Date }},
			{"deadline.weekday", "", 70, func(r *calendarRow) string { return weekdayName(r.Date) }},
			{field("working"), "", 110, func(r *calendarRow) string { return lang.L(data.CalendarKindKey(r.Working)) }},
			{field("name"), "", 160, func(r *calendarRow) string { return r.Name }},
		},
		load: p.loadDays,
		blank: func() calendarRow {
			return calendarRow{CalendarDay: data.CalendarDay{Date: strconv.Itoa(p.shownYear()) + "-"}}
		},
		form: calendarDayForm,
		save: func(r *calendarRow) error { return saveCalendarDay(s, r) },
		actions: []rowAction[calendarRow]{
			{"deadline.delete_day", theme.DeleteIcon(), deleteCalendarDay},
		},
		editable: func(*calendarRow) bool { return admin },
	})
	if !admin {
		p.days.add.Hide()
		p.days.edit.Hide()
		for _, b := range p.days.extras {
			b.Hide()
		}
		p.importBtn.Hide()
	}
	note := lockedNote(lang.L("deadline.calendar_note"))
	tools := container.NewHBox(p.year.sel, layout.NewSpacer(), p.importBtn, p.exportBtn)
	return container.NewBorder(container.NewVBox(note, tools), nil, nil, nil, p.days.root)
}

// shownYear returns the year whose list is shown.
func (p *deadlinesPage) shownYear() int { return int(p.shown.Load()) }

// weekdayName names the day of the week of a date.
func weekdayName(date string) string {
	t, err := time.Parse(data.DateLayout, date)
	if err != nil {
		return ""
	}
	return lang.L(strings.ToLower(t.Weekday().String()))
}

// loadDays reads the list of the year shown, and the years the list has.
func (p *deadlinesPage) loadDays() ([]calendarRow, lookups, error) {
	all, err := p.s.store.CalendarDays()
	if err != nil {
		return nil, lookups{}, err
	}
	year := p.shownYear()
	var rows []calendarRow
	for _, d := range all {
		if strings.HasPrefix(d.Date, strconv.Itoa(year)+"-") {
			rows = append(rows, calendarRow{CalendarDay: d, Orig: d.Date})
		}
	}
	return rows, lookups{}, nil
}

// refresh reads the limits and the list again.
func (p *deadlinesPage) refresh() {
	store := p.s.store
	type loaded struct {
		values map[string]string
		years  []int
	}
	uikit.Background(p.s.jobs, func() (loaded, error) {
		limits, err := store.StageDays()
		if err != nil {
			return loaded{}, err
		}
		vals := map[string]string{}
		for _, st := range limitStates() {
			vals[data.SettingStageDays+string(st)] = strconv.Itoa(limits[st])
		}
		esc, err := store.Setting(data.SettingEscalateDays, strconv.Itoa(data.DefaultEscalateDays))
		if err != nil {
			return loaded{}, err
		}
		vals[data.SettingEscalateDays] = esc
		em, err := store.Setting(data.SettingEmergencyDays, strconv.Itoa(data.DefaultEmergencyDays))
		if err != nil {
			return loaded{}, err
		}
		vals[data.SettingEmergencyDays] = em
		days, err := store.CalendarDays()
		if err != nil {
			return loaded{}, err
		}
		var years []int
		for _, d := range days {
			if y, err := strconv.Atoi(d.Date[:4]); err == nil && !slices.Contains(years, y) {
				years = append(years, y)
			}
		}
		return loaded{vals, years}, nil
	}, func(l loaded, err error) {
		if err != nil {
			p.s.showError("read deadlines", err)
			return
		}
		p.loaded = l.values
		for st, e := range p.limits {
			e.SetText(l.values[data.SettingStageDays+string(st)])
		}
		p.escalate.SetText(l.values[data.SettingEscalateDays])
		p.emergency.SetText(l.values[data.SettingEmergencyDays])
		p.setYears(l.years)
	})
	p.days.refresh()
}

// setYears offers the years of the list, this year and the next.
func (p *deadlinesPage) setYears(have []int) {
	now := p.s.c.clock()().In(time.Local).Year()
	years := append([]int{now, now + 1}, have...)
	slices.Sort(years)
	years = slices.Compact(years)
	slices.Reverse(years)
	labels := make([]string, len(years))
	for i, y := range years {
		labels[i] = lang.L("deadline.year_n", map[string]any{"Y": y})
	}
	changed := p.year.changed
	p.year.changed = nil // not a choice of the user's
	p.year.setOptions(labels, years)
	p.year.setValue(p.shownYear())
	p.year.changed = changed
}

// onSaveLimits saves the limits and escalation days that changed, in one
// write.
func (p *deadlinesPage) onSaveLimits() {
	changes := map[string]string{}
	for _, st := range limitStates() {
		e := p.limits[st]
		if err := e.Validate(); err != nil {
			label := lang.L("deadline.limit_of", map[string]any{"State": stateName(st)})
			uikit.ShowErrorText(p.s.win, lang.L("uikit.field_problem", map[string]any{"Field": label, "Msg": err.Error()}), nil)
			return
		}
		v := strings.TrimSpace(e.Text)
		if v == "" {
			v = strconv.Itoa(data.DefaultStageDays(st))
		}
		if key := data.SettingStageDays + string(st); p.loaded[key] != v {
			changes[key] = v
		}
	}
	for _, d := range []struct {
		label, key string
		entry      *uikit.Entry
		def        int
	}{
		{"field.escalate_after_days", data.SettingEscalateDays, p.escalate, data.DefaultEscalateDays},
		{"field.emergency_days", data.SettingEmergencyDays, p.emergency, data.DefaultEmergencyDays},
	} {
		if !validOrSay(p.s.win, d.label, d.entry) {
			return
		}
		v := strings.TrimSpace(d.entry.Text)
		if v == "" {
			v = strconv.Itoa(d.def)
		}
		if p.loaded[d.key] != v {
			changes[d.key] = v
		}
	}
	if len(changes) == 0 {
		uikit.ShowInfo(p.s.win, lang.L("deadline.limits"), lang.L("deadline.unchanged"), nil)
		return
	}
	store, user := p.s.store, p.s.login
	uikit.Background(p.s.jobs, func() (struct{}, error) {
		return struct{}{}, store.SetSettings(user, changes)
	}, func(_ struct{}, err error) {
		p.refresh()
		if err != nil {
			p.s.showError("save deadlines", err)
			return
		}
		p.s.changed(false)
		uikit.ShowInfo(p.s.win, lang.L("deadline.limits"), lang.L("deadline.saved", map[string]any{"N": len(changes)}), nil)
	})
}

// calendarDayForm is the form of a day of the list.
func calendarDayForm(b *binder, r *calendarRow, _ *lookups) {
	f := data.RecordFor("calendar_days").Field
	b.date(f("date").LabelKey(), &r.Date).entry.Validator = validator(data.All(data.Required, f("date").Valid))
	kinds := []string{lang.L(data.CalendarKindKey(false)), lang.L(data.CalendarKindKey(true))}
	choose(b, f("working").LabelKey(), kinds, []bool{false, true}, &r.Working)
	b.text(f("name").LabelKey(), &r.Name, f("name").Valid)
}

// saveCalendarDay saves a day typed or changed: the list of its year (and
// of the year it moved from) again, with the day in it.
func saveCalendarDay(s *session, r *calendarRow) error {
	if err := data.ValidateCalendarDay(&r.CalendarDay); err != nil {
		return err
	}
	all, err := s.store.CalendarDays()
	if err != nil {
		return err
	}
	var days []data.CalendarDay
	for _, d := range all {
		if d.Date == r.Date && r.Date != r.Orig {
			return uikit.NewProblem("deadline.day_exists", nil, "Date", d.Date,
				"Kind", lang.L(data.CalendarKindKey(d.Working)))
		}
		if d.Date != r.Orig && d.Date != r.Date {
			days = append(days, d)
		}
	}
	days = append(days, r.CalendarDay)
	return s.store.SaveCalendarDays(s.login, yearsOf(r.Date, r.Orig), inYears(days, yearsOf(r.Date, r.Orig)))
}

// deleteCalendarDay removes a day from the list after asking.
func deleteCalendarDay(m *masterList[calendarRow], r calendarRow) {
	s := m.s
	uikit.ShowConfirm(s.win, uikit.ConfirmSpec{Title: lang.L("deadline.delete_day"),
		Message: lang.L("deadline.delete_confirm", map[string]any{"Date": r.Date, "Kind": lang.L(data.CalendarKindKey(r.Working)),
			"Name": r.Name}),
		Confirm: lang.L("deadline.delete_day"), Danger: true,
		OnConfirm: func() {
			m.run(func() error {
				all, err := s.store.CalendarDays()
				if err != nil {
					return err
				}
				years := yearsOf(r.Orig)
				var days []data.CalendarDay
				for _, d := range inYears(all, years) {
					if d.Date != r.Orig {
						days = append(days, d)
					}
				}
				return s.store.SaveCalendarDays(s.login, years, days)
			}, nil)
		}})
}

// yearsOf returns the years of dates, each once.
func yearsOf(dates ...string) []int {
	var out []int
	for _, d := range dates {
		if len(d) < 4 {
			continue
		}
		if y, err := strconv.Atoi(d[:4]); err == nil && !slices.Contains(out, y) {
			out = append(out, y)
		}
	}
	slices.Sort(out)
	return out
}

// inYears returns the days of days in years.
func inYears(days []data.CalendarDay, years []int) []data.CalendarDay {
	var out []data.CalendarDay
	for _, d := range days {
		if ys := yearsOf(d.Date); len(ys) == 1 && slices.Contains(years, ys[0]) {
			out = append(out, d)
		}
	}
	return out
}

// onImport reads a list from an .ics or .xlsx file and, once the user
// confirmed, replaces the list of the years it covers.
func (p *deadlinesPage) onImport() {
	s := p.s
	uikit.AskOpenFile(s.win, uikit.FileSpec{Title: lang.L("deadline.import_title"), Exts: []string{".ics", ".xlsx"}},
		func(r fyne.URIReadCloser, err error) {
			if err != nil {
				s.showError("choose calendar", err)
				return
			}
			if r == nil {
				return // cancelled
			}
			name := r.URI().Name()
			content, err := io.ReadAll(io.LimitReader(r, data.MaxWorkbookBytes+1))
			if cerr := r.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				s.showError("read calendar", err)
				return
			}
			p.importContent(name, content)
		})
}

// importResult is a list read from a file, with its bad rows.
type importResult struct {
	days     []data.CalendarDay
	problems []data.ImportProblem
	// had counts the days the list of each year has now.
	had map[int]int
}

// importContent reads the list in content (a file called name) off the UI
// goroutine and asks before saving it.
func (p *deadlinesPage) importContent(name string, content []byte) {
	s := p.s
	store := s.store
	uikit.Background(s.jobs, func() (importResult, error) {
		var res importResult
		var err error
		if strings.EqualFold(filepath.Ext(name), ".xlsx") {
			if err := data.CheckWorkbook(content); err != nil {
				return res, err
			}
			res.days, res.problems, err = reports.ReadCalendarXLSX(bytes.NewReader(content))
		} else {
			res.days, err = data.ParseCalendarICS(bytes.NewReader(content))
		}
		if err != nil || len(res.problems) > 0 {
			return res, err
		}
		if len(res.days) == 0 {
			return res, uikit.NewProblem("deadline.import_empty", nil, "File", name)
		}
		all, err := store.CalendarDays()
		res.had = map[int]int{}
		for _, d := range all {
			res.had[yearsOf(d.Date)[0]]++
		}
		return res, err
	}, func(res importResult, err error) {
		switch {
		case len(res.problems) > 0:
			p.showProblems(res.problems)
		case err != nil:
			s.showError("import calendar", err)
		default:
			p.confirmImport(res)
		}
	})
}

// showProblems lists every bad row of a workbook; nothing was imported.
func (p *deadlinesPage) showProblems(problems []data.ImportProblem) {
	lines := []string{lang.L("deadline.import_refused", map[string]any{"N": len(problems)})}
	for _, pr := range problems {
		lines = append(lines, "· "+pr.Message(uikit.Language()))
	}
	label := wrappedLabel(strings.Join(lines, "\n"))
	box := container.NewVScroll(label)
	box.SetMinSize(fyne.NewSize(560, 260))
	showScrolling(p.s.win, lang.L("deadline.import_title"), box)
}

// confirmImport says what the import replaces, year by year, and saves it
// when the user agrees.
func (p *deadlinesPage) confirmImport(res importResult) {
	s := p.s
	var years []int
	for _, d := range res.days {
		years = append(years, yearsOf(d.Date)...)
	}
	slices.Sort(years)
	years = slices.Compact(years)
	var lines []string
	for _, y := range years {
		holidays, working := 0, 0
		for _, d := range res.days {
			if yearsOf(d.Date)[0] == y {
				if d.Working {
					working++
				} else {
					holidays++
				}
			}
		}
		lines = append(lines, lang.L("deadline.import_year", map[string]any{"Y": y, "Holidays": holidays,
			"Working": working, "Had": res.had[y]}))
	}
	uikit.ShowConfirm(s.win, uikit.ConfirmSpec{Title: lang.L("deadline.import_title"),
		Message: strings.Join(lines, "\n"), Confirm: lang.L("deadline.import_confirm"),
		OnConfirm: func() {
			store, user := s.store, s.login
			uikit.Background(s.jobs, func() (struct{}, error) {
				return struct{}{}, store.SaveCalendarDays(user, years, res.days)
			}, func(_ struct{}, err error) {
				if err != nil {
					s.showError("import calendar", err)
					return
				}
				p.shown.Store(int64(years[0]))
				p.refresh()
				s.changed(false)
				uikit.ShowInfo(s.win, lang.L("deadline.import_title"),
					lang.L("deadline.imported", map[string]any{"N": len(res.days)}), nil)
			})
		}})
}

// onExport writes the list of the year shown as a workbook, to edit and
// import again.
func (p *deadlinesPage) onExport() {
	store, year := p.s.store, p.shownYear()
	name := lang.L("deadline.export_file", map[string]any{"Y": year}) + ".xlsx"
	p.s.saveFile(lang.L("deadline.export_title"), name, func() ([]byte, error) {
		all, err := store.CalendarDays()
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		err = reports.WriteCalendarXLSX(&buf, inYears(all, []int{year}))
		return buf.Bytes(), err
	})
}
