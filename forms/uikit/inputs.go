package uikit

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2/lang"

	"upgradedesk/data"
)

// Choice is a drop-down of values shown by their labels: it reports the
// value itself, such as "urgent" shown as 紧急 or a system's ID shown as
// its name.
type Choice struct {
	Dropdown

	values []string
}

// NewChoice returns a drop-down of values whose labels are the
// translations of list+"."+value (data.ChoiceKey).
func NewChoice(list string, values []string) *Choice {
	labels := make([]string, len(values))
	for i, v := range values {
		labels[i] = lang.L(data.ChoiceKey(list, v))
	}
	return NewPick(values, labels)
}

// NewPick returns a drop-down of values shown as labels.
func NewPick(values, labels []string) *Choice {
	c := &Choice{}
	c.extend(c)
	c.SetChoices(values, labels)
	return c
}

// SetChoices replaces the values and their labels, keeping the selected
// value when it is still one of them. It does not call OnChanged.
func (c *Choice) SetChoices(values, labels []string) {
	keep := c.Value()
	c.values = values
	c.Options = labels
	c.Selected = ""
	for i, v := range values {
		if v == keep && keep != "" {
			c.Selected = labels[i]
		}
	}
	c.Refresh()
}

// Value returns the selected value, "" when nothing is selected.
func (c *Choice) Value() string {
	if i := c.SelectedIndex(); i >= 0 {
		return c.values[i]
	}
	return ""
}

// SetValue selects value v; an empty or unknown value clears the choice.
func (c *Choice) SetValue(v string) {
	for i, x := range c.values {
		if x == v {
			c.SetSelectedIndex(i)
			return
		}
	}
	if c.Selected != "" {
		c.ClearSelected()
	}
}

// input is what Fields and the row dialog need of an input widget.
type input interface {
	text() string
	value() string
	setValue(v string)
	setEnabled(on bool)
	onChange(fn func())
}

// entryInput is an entry; its placeholder shows only while it may be
// edited, as a locked entry's placeholder would read like a value.
type entryInput struct {
	e           *Entry
	placeholder string
}

func newEntryInput(e *Entry) entryInput { return entryInput{e: e, placeholder: e.PlaceHolder} }

func (i entryInput) text() string      { return i.e.Text }
func (i entryInput) value() string     { return i.e.Text }
func (i entryInput) setValue(v string) { i.e.SetText(v) }
func (i entryInput) onChange(fn func()) {
	i.e.OnChanged = func(string) { fn() }
}

// setEnabled locks or unlocks the entry. A locked entry shows neither
// its placeholder, which would read as a value, nor what it lacks: a
// record the user cannot fill in has nothing "必填" for them.
func (i entryInput) setEnabled(on bool) {
	e := i.e
	if on {
		e.SetPlaceHolder(i.placeholder)
		if e.Validator == nil && e.lockedValidator != nil {
			e.Validator, e.lockedValidator = e.lockedValidator, nil
			_ = e.Validate()
		}
	} else {
		e.SetPlaceHolder("")
		if e.Validator != nil {
			e.SetValidationError(nil) // while there is a validator: else a no-op
			e.lockedValidator, e.Validator = e.Validator, nil
		}
	}
	setEnabled(e, on)
}

type choiceInput struct{ c *Choice }

func (i choiceInput) text() string       { return i.c.Selected }
func (i choiceInput) value() string      { return i.c.Value() }
func (i choiceInput) setValue(v string)  { i.c.SetValue(v) }
func (i choiceInput) setEnabled(on bool) { setEnabled(i.c, on) }
func (i choiceInput) onChange(fn func()) { i.c.OnChanged = func(string) { fn() } }

type checkInput struct{ c *Check }

func (i checkInput) text() string       { return YesNo(i.c.Checked) }
func (i checkInput) value() string      { return strconv.FormatBool(i.c.Checked) }
func (i checkInput) setValue(v string)  { i.c.SetChecked(v == "true") }
func (i checkInput) setEnabled(on bool) { setEnabled(i.c, on) }
func (i checkInput) onChange(fn func()) { i.c.OnChanged = func(bool) { fn() } }

type rowsInput struct{ r *Rows }

func (i rowsInput) text() string       { return i.r.Text() }
func (i rowsInput) value() string      { return i.r.Text() }
func (i rowsInput) setValue(string)    {}
func (i rowsInput) setEnabled(on bool) { i.r.SetReadOnly(!on) }
func (i rowsInput) onChange(fn func()) { i.r.OnChanged = fn }

// disableable is a widget that can be locked.
type disableable interface {
	Enable()
	Disable()
}

func setEnabled(w disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// choiceValues returns the values of a choice list of package data.
func choiceValues(list string) []string { return data.ChoiceLists[list] }

// pairInput is a choice with a note beside it.
type pairInput struct {
	c *Choice
	e entryInput
}

func (i pairInput) text() string {
	if i.c.Selected == "" {
		return i.e.text()
	}
	return i.c.Selected + lang.L("value.colon") + i.e.text()
}
func (i pairInput) value() string { return i.c.Value() + "\n" + i.e.text() }
func (i pairInput) setValue(v string) {
	c, e, _ := strings.Cut(v, "\n")
	i.c.SetValue(c)
	i.e.setValue(e)
}
func (i pairInput) setEnabled(on bool) {
	setEnabled(i.c, on)
	i.e.setEnabled(on)
}
func (i pairInput) onChange(fn func()) {
	i.c.OnChanged = func(string) { fn() }
	i.e.onChange(fn)
}
