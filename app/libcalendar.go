package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// libCalendarPage is 设置 → 图书馆日历: the library's blackout periods
// (闭馆日, 考试周, 暑期高峰, 年终盘点 …), in which no system should be down,
// and its opening hours by day of the week; a downtime window in either is
// a conflict, shown in the upgrade calendar and warned of when a plan is
// submitted and approved. Administrators change them; the others see
// them.
type libCalendarPage struct {
	s    *session
	root fyne.CanvasObject

	periods *masterList[data.BlackoutPeriod]
	// open and close are the entries of each day's hours, by weekday.
	open, close map[int]*uikit.Entry
	saveHours   *uikit.Button
}

func newLibCalendarPage(s *session) *libCalendarPage {
	p := &libCalendarPage{s: s, open: map[int]*uikit.Entry{}, close: map[int]*uikit.Entry{}}
	split := container.NewHSplit(p.buildPeriods(), container.NewVScroll(p.buildHours()))
	split.SetOffset(0.62)
	p.root = split
	return p
}

// blackoutField returns the label key of a field of a blackout period.
func blackoutField(key string) string { return data.BlackoutRecord().Field(key).LabelKey() }

// buildPeriods builds the list of blackout periods.
func (p *libCalendarPage) buildPeriods() fyne.CanvasObject {
	s := p.s
	admin := s.sharedSettingsLocked() == ""
	p.periods = newMasterList(s, masterSpec[data.BlackoutPeriod]{
		title: "entity.blackout_periods", stretch: 1,
		cols: []column[data.BlackoutPeriod]{
			{blackoutField("kind"), "", 100, func(b *data.BlackoutPeriod) string { return choiceLabel("blackout_kind", b.Kind) }},
			{blackoutField("name"), "", 180, func(b *data.BlackoutPeriod) string { return b.Name }},
			{blackoutField("from"), "", 104, func(b *data.BlackoutPeriod) string { return b.From }},
			{blackoutField("to"), "", 104, func(b *data.BlackoutPeriod) string { return b.To }},
		},
		load: func() ([]data.BlackoutPeriod, lookups, error) {
			ps, err := s.store.BlackoutPeriods()
			return ps, lookups{}, err
		},
		blank: func() data.BlackoutPeriod { return data.BlackoutPeriod{Kind: data.BlackoutKinds[0]} },
		form:  blackoutForm,
		save:  func(b *data.BlackoutPeriod) error { return s.store.SaveBlackout(s.login, b) },
		actions: []rowAction[data.BlackoutPeriod]{
			{"libcal.delete", theme.DeleteIcon(), deleteBlackout},
		},
		editable: func(*data.BlackoutPeriod) bool { return admin },
	})
	if !admin {
		p.periods.add.Hide()
		p.periods.edit.Hide()
		for _, b := range p.periods.extras {
			b.Hide()
		}
	}
	note := lockedNote(lang.L("libcal.periods_note"))
	return container.NewBorder(note, nil, nil, nil, p.periods.root)
}

// blackoutForm is the form of a blackout period, as its description has
// it.
func blackoutForm(b *binder, bp *data.BlackoutPeriod, _ *lookups) {
	r := data.BlackoutRecord()
	labels := make([]string, len(data.BlackoutKinds))
	for i, k := range data.BlackoutKinds {
		labels[i] = choiceLabel("blackout_kind", k)
	}
	choose(b, blackoutField("kind"), labels, data.BlackoutKinds, &bp.Kind)
	b.text(blackoutField("name"), &bp.Name, data.All(data.Required, r.Field("name").Valid))
	b.date(blackoutField("from"), &bp.From).entry.Validator = validator(data.All(data.Required, data.ValidDate))
	b.date(blackoutField("to"), &bp.To).entry.Validator = validator(data.All(data.Required, data.ValidDate))
}

// deleteBlackout removes a blackout period after asking.
func deleteBlackout(m *masterList[data.BlackoutPeriod], bp data.BlackoutPeriod) {
	s := m.s
	uikit.ShowConfirm(s.win, uikit.ConfirmSpec{Title: lang.L("libcal.delete"),
		Message: lang.L("libcal.delete_confirm", map[string]any{"Name": bp.Name, "From": bp.From, "To": bp.To}),
		Confirm: lang.L("libcal.delete"), Danger: true,
		OnConfirm: func() {
			m.run(func() error { return s.store.DeleteBlackout(s.login, &bp) }, nil)
		}})
}

// buildHours builds the card of the opening hours: a day a row, Monday
// first, its opening and closing times (both empty: closed).
func (p *libCalendarPage) buildHours() fyne.CanvasObject {
	var cells []fyne.CanvasObject
	var inputs []*uikit.Entry
	for _, d := range data.WeekOrder() {
		o, c := newEntry(data.ValidClock), newEntry(data.ValidClock)
		o.SetPlaceHolder("08:30")
		c.SetPlaceHolder("21:00")
		p.open[int(d)], p.close[int(d)] = o, c
		inputs = append(inputs, o, c)
		size := fyne.NewSize(90, o.MinSize().Height)
		cells = append(cells, widget.NewLabelWithStyle(lang.L(data.WeekdayKey(d)), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}),
			container.NewHBox(container.NewGridWrap(size, o), widget.NewLabel("—"), container.NewGridWrap(size, c)))
	}
	p.saveHours = uikit.NewButtonWithIcon(lang.L("common.save"), theme.DocumentSaveIcon(), p.onSaveHours)
	p.saveHours.Importance = widget.HighImportance
	note := widget.NewLabel(lang.L("libcal.hours_note"))
	note.Wrapping = wrapping()
	body := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, container.NewVBox(p.saveHours), note),
		container.New(layout.NewFormLayout(), cells...)}
	if why := p.s.sharedSettingsLocked(); why != "" {
		lockInputs(inputs...)
		p.saveHours.Hide()
		body = append(body, lockedNote(why))
	}
	return widget.NewCard(lang.L("field.opening_hours"), "", container.NewVBox(body...))
}

// hours returns the opening hours as typed.
func (p *libCalendarPage) hours() data.OpeningHours {
	var h data.OpeningHours
	for _, d := range data.WeekOrder() {
		h[d].Open, h[d].Close = p.open[int(d)].Text, p.close[int(d)].Text
	}
	return h
}

// onSaveHours stores the opening hours typed.
func (p *libCalendarPage) onSaveHours() {
	h := p.hours()
	if err := h.Valid(); err != nil {
		p.s.showError("save opening hours", err)
		return
	}
	s := p.s
	uikit.Background(s.jobs, func() (struct{}, error) {
		return struct{}{}, s.store.SetOpeningHours(s.login, h)
	}, func(_ struct{}, err error) {
		if err != nil {
			s.showError("save opening hours", err)
			return
		}
		s.changed(false)
	})
}

// refresh reads the periods and the hours again.
func (p *libCalendarPage) refresh() {
	store := p.s.store
	uikit.Background(p.s.jobs, store.OpeningHours, func(h data.OpeningHours, err error) {
		if err != nil {
			p.s.showError("read opening hours", err)
			return
		}
		for _, d := range data.WeekOrder() {
			p.open[int(d)].SetText(h[d].Open)
			p.close[int(d)].SetText(h[d].Close)
		}
	})
	p.periods.refresh()
}
