package forms

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
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

// fmtTimePtr formats an optional stored time.
func fmtTimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return fmtTime(*t)
}

// parseTime reads a local date and time of the field key; an empty value
// gives nil.
func parseTime(key, s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	if err := data.ValidDateTime(s); err != nil {
		return nil, uikit.FieldProblem(fieldLabel(key), err)
	}
	t, err := time.ParseInLocation(data.DateTimeLayout, s, time.Local)
	if err != nil {
		return nil, uikit.FieldProblem(fieldLabel(key), err)
	}
	return &t, nil
}

// parseMoney reads an amount of yuan of the field key.
func parseMoney(key, s string) (data.Money, error) {
	m, err := data.ParseMoney(s)
	if err != nil {
		return 0, uikit.FieldProblem(fieldLabel(key), err)
	}
	return m, nil
}

// parseCount reads a whole number of the field key, 0 when empty.
func parseCount(key, s string) (int, error) {
	n, err := data.Atoi(s)
	if err != nil {
		return 0, uikit.FieldProblem(fieldLabel(key), err)
	}
	return n, nil
}

// moneyText formats an amount for an entry: empty for nothing.
func moneyText(m data.Money) string {
	if m == 0 {
		return ""
	}
	return m.String()
}

// countText formats a whole number for an entry: empty for nothing.
func countText[N int | int64](n N) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(int64(n), 10)
}

// idText formats a record ID as a choice value.
func idText(id uint) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatUint(uint64(id), 10)
}

// parseID reads a record ID from a choice value, 0 when empty.
func parseID(s string) uint {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0
	}
	return uint(n)
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
// runs into the next. rows are the cells' texts, widths the columns'.
func fitRows(t *widget.Table, widths []float32, rows [][]string) {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	for i, cells := range rows {
		height := float32(0)
		for c, text := range cells {
			l.SetText(text)
			l.Resize(fyne.NewSize(widths[c], l.MinSize().Height))
			height = max(height, l.MinSize().Height)
		}
		t.SetRowHeight(i, height)
	}
}
