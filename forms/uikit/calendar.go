package uikit

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Calendar picks a date from a month of days, weeks starting on Monday,
// under the month's name in the user's language (2026年11月, November
// 2026) and the buttons to the months before and after.
type Calendar struct {
	widget.BaseWidget

	// Title names the month shown.
	Title *widget.Label
	// Prev and Next show the month before and after.
	Prev, Next *Button

	month    time.Time // the first of the month shown
	selected time.Time
	picked   func(time.Time)
	days     *fyne.Container
}

// weekdayKeys are the translation keys of the days' short names, Monday
// first.
var weekdayKeys = []string{"monday.short", "tuesday.short", "wednesday.short", "thursday.short",
	"friday.short", "saturday.short", "sunday.short"}

// NewCalendar returns a calendar on the month of selected, which it marks;
// picked hears the date the user taps.
func NewCalendar(selected time.Time, picked func(time.Time)) *Calendar {
	c := &Calendar{selected: dayOf(selected), picked: picked}
	c.month = time.Date(selected.Year(), selected.Month(), 1, 0, 0, 0, 0, time.Local)
	c.Title = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	c.Prev = NewButtonWithIcon("", theme.NavigateBackIcon(), func() { c.show(c.month.AddDate(0, -1, 0)) })
	c.Next = NewButtonWithIcon("", theme.NavigateNextIcon(), func() { c.show(c.month.AddDate(0, 1, 0)) })
	c.days = container.NewGridWithColumns(7)
	c.ExtendBaseWidget(c)
	c.show(c.month)
	return c
}

// dayOf returns the day of t at midnight, local time.
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.Local)
}

// MonthTitle names the month of t in the user's language.
func MonthTitle(t time.Time) string {
	return lang.L("calendar.month", map[string]any{"Y": t.Year(), "M": int(t.Month()), "Month": t.Month().String()})
}

// show shows the month starting on first.
func (c *Calendar) show(first time.Time) {
	c.month = first
	c.Title.SetText(MonthTitle(first))
	cells := make([]fyne.CanvasObject, 0, 7*7)
	for _, k := range weekdayKeys {
		cells = append(cells, widget.NewLabelWithStyle(lang.L(k), fyne.TextAlignCenter, fyne.TextStyle{}))
	}
	lead := (int(first.Weekday()) + 6) % 7 // days of the week before the first, Monday first
	for range lead {
		cells = append(cells, widget.NewLabel(""))
	}
	for d := first; d.Month() == first.Month(); d = d.AddDate(0, 0, 1) {
		cells = append(cells, c.dayButton(d))
	}
	c.days.Objects = cells
	c.days.Refresh()
}

// dayButton is the button of day d: the selected day stands out.
func (c *Calendar) dayButton(d time.Time) *Button {
	b := NewButton(strconv.Itoa(d.Day()), func() {
		if c.picked != nil {
			c.picked(d)
		}
	})
	b.Importance = widget.LowImportance
	if d.Equal(c.selected) {
		b.Importance = widget.HighImportance
	}
	return b
}

// CreateRenderer lays the month's name between the buttons over the days.
func (c *Calendar) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, c.Prev, c.Next, c.Title)
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, c.days))
}
