package forms

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
)

// fieldLabel returns the label of a field of package data's vocabulary
// ("field.<key>").
func fieldLabel(key string) string { return vocab("field", key) }

// vocab returns the translation of the key prefix.name, such as
// field.title or state.draft.
func vocab(prefix, name string) string { return lang.L(prefix + "." + name) }

// fmtTime formats a stored time as a local date and time.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(data.DateTimeLayout)
}

// filledBy says who saved a record last and when.
func filledBy(m *data.Meta) string {
	if m.ID == 0 {
		return ""
	}
	return lang.L("case.filled_by", map[string]any{"By": m.UpdatedBy, "At": fmtTime(m.UpdatedAt)})
}

// fitRows makes every row of t as high as the highest of its cells, each
// cell's text wrapped at the width of its column, so that no row's text
// runs into the next. rows are the cells' texts, widths the columns',
// wrap how the cells' labels wrap. It returns the height of the rows
// together.
func fitRows(t *widget.Table, widths []float32, rows [][]string, wrap fyne.TextWrap) float32 {
	l := widget.NewLabel("")
	l.Wrapping = wrap
	total := float32(0)
	for i, cells := range rows {
		height := float32(0)
		for c, text := range cells {
			l.SetText(text)
			l.Resize(fyne.NewSize(widths[c], l.MinSize().Height))
			height = max(height, l.MinSize().Height)
		}
		t.SetRowHeight(i, height)
		total += height
	}
	return total
}
