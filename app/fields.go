package app

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// dateField is an entry for a date written YYYY-MM-DD, as every record of
// the procedure writes dates, with a button that picks it from a calendar.
type dateField struct {
	win   fyne.Window
	entry *uikit.Entry
	pick  *uikit.Button
	root  fyne.CanvasObject
	popUp *widget.PopUp
	// onChanged is called with the text whenever it is a valid date or
	// empty.
	onChanged func(string)
}

// newDateField returns a date field; an empty date is valid unless
// required.
func newDateField(win fyne.Window, placeholder string, required bool) *dateField {
	d := &dateField{win: win}
	v := optional(data.ValidDate)
	if required {
		v = data.All(data.Required, data.ValidDate)
	}
	d.entry = newEntry(v)
	d.entry.SetPlaceHolder(placeholder)
	d.entry.OnChanged = d.onEntryChanged
	d.pick = uikit.NewButtonWithIcon("", theme.CalendarIcon(), d.onPick)
	d.pick.Importance = widget.LowImportance
	d.root = container.NewBorder(nil, nil, nil, d.pick, d.entry)
	return d
}

// text returns the date written, trimmed.
func (d *dateField) text() string { return strings.TrimSpace(d.entry.Text) }

func (d *dateField) onEntryChanged(s string) {
	if d.onChanged != nil && optional(data.ValidDate)(strings.TrimSpace(s)) == nil {
		d.onChanged(strings.TrimSpace(s))
	}
}

// onPick shows a calendar under the field, on the date written if any.
func (d *dateField) onPick() {
	start := time.Now()
	if t, err := time.ParseInLocation(data.DateLayout, d.text(), time.Local); err == nil {
		start = t
	}
	cal := uikit.NewCalendar(start, func(t time.Time) {
		d.entry.SetText(t.Format(data.DateLayout))
		d.popUp.Hide()
	})
	d.popUp = widget.NewPopUp(cal, d.win.Canvas())
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(d.root)
	d.popUp.ShowAtPosition(pos.AddXY(0, d.root.Size().Height))
}

// selectOf is a drop-down of labelled values.
type selectOf[V comparable] struct {
	sel    *uikit.Dropdown
	values []V
	// changed is called with the value the user chose.
	changed func(V)
}

// newSelectOf returns a drop-down of the labels with their values.
func newSelectOf[V comparable](labels []string, values []V, changed func(V)) *selectOf[V] {
	s := &selectOf[V]{values: values, changed: changed}
	s.sel = uikit.NewDropdown(labels, func(string) {
		if v, ok := s.value(); ok && s.changed != nil {
			s.changed(v)
		}
	})
	return s
}

// setOptions replaces the choices, keeping the one chosen if it remains.
func (s *selectOf[V]) setOptions(labels []string, values []V) {
	cur, had := s.value()
	s.values = values
	s.sel.SetOptions(labels)
	if had {
		s.setValue(cur)
	}
}

// value returns the value chosen.
func (s *selectOf[V]) value() (V, bool) {
	var zero V
	i := s.sel.SelectedIndex()
	if i < 0 || i >= len(s.values) {
		return zero, false
	}
	return s.values[i], true
}

// setValue chooses v, or nothing when it is not a choice.
func (s *selectOf[V]) setValue(v V) {
	for i, x := range s.values {
		if x == v {
			s.sel.SetSelectedIndex(i)
			return
		}
	}
	s.sel.ClearSelected()
}

// formatCount writes a whole number with thousands separators.
func formatCount(n int) string {
	digits := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}

// placeholderDate is the placeholder of date fields.
func placeholderDate() string { return lang.L("common.date_hint") }
