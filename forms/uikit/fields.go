package uikit

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
)

// Validator turns a validator of package data into one for
// widget.Entry.Validator: its error reads in the user's language, so the
// hint text under a form field says what is wrong.
func Validator(valid func(string) error) fyne.StringValidator {
	if valid == nil {
		return nil
	}
	return func(s string) error {
		if err := valid(s); err != nil {
			return errors.New(data.ErrorMessage(err, Language()))
		}
		return nil
	}
}

// Spec describes one input of a form.
type Spec struct {
	// Key names the input, such as the stored name of the field it edits,
	// so that it can be found again (Fields.Label, RowDialog.Entry).
	Key string
	// Label is the translated label shown beside the input.
	Label string
	// Required marks the label with an asterisk and refuses a blank value.
	Required bool
	// Needed, when set, says whether the input is required now, in place
	// of Required: a field required unless another has some value. See
	// Fields.Relabel.
	Needed func() bool
	// Valid checks the format of the value (a validator of package data).
	Valid func(string) error
	// Lines makes the entry multi-line with that many visible rows.
	Lines int
	// Placeholder is shown in an empty entry, e.g. an example value.
	Placeholder string
	// Hint is shown under the input until the value is invalid.
	Hint string
}

// required reports whether the input is required now.
func (s Spec) required() bool {
	if s.Needed != nil {
		return s.Needed()
	}
	return s.Required
}

// label returns the label text, marked when the field is required.
func (s Spec) label() string {
	if s.required() {
		return s.Label + " *"
	}
	return s.Label
}

// validator combines Required (or Needed) and Valid.
func (s Spec) validator() func(string) error {
	if !s.Required && s.Needed == nil && s.Valid == nil {
		return nil
	}
	return func(v string) error {
		if s.required() {
			if err := data.Required(v); err != nil {
				return err
			}
		}
		if s.Valid != nil {
			return s.Valid(v)
		}
		return nil
	}
}

// NewEntry returns an entry set up after spec: multi-line with word
// wrapping when spec.Lines > 1, with its validator and placeholder.
func NewEntry(spec Spec) *Entry {
	e := NewLineEntry()
	if spec.Lines > 1 {
		e = NewMultiLineEntry()
		e.SetMinRowsVisible(spec.Lines)
	}
	e.Validator = Validator(spec.validator())
	e.SetPlaceHolder(spec.Placeholder)
	return e
}

// LabelText is the label of a form field with the text it shows.
type LabelText struct {
	Label string
	Text  string
}

// field is one tracked input of Fields, or a read-only text (no input).
type field struct {
	spec  Spec
	item  *widget.FormItem
	input input
}

// section is a heading and the labelled inputs under it.
type section struct {
	title string
	items []*widget.FormItem
}

// Fields lays out labelled inputs as sections of a form (labels aligned on
// the left, inputs on the right, hints below) and tracks them: OnChanged is
// called whenever the user changes any of them, SetReadOnly locks them all
// and Texts reads what they show. Build one with NewFields, start sections
// with Section and add inputs with Entry, Choice, Pick, Rated, Check, Rows
// and Static.
type Fields struct {
	// OnChanged is called after any input changed.
	OnChanged func()

	sections []*section
	fields   []field
	content  fyne.CanvasObject
	forms    []*widget.Form
}

// NewFields returns an empty set of fields.
func NewFields() *Fields { return &Fields{} }

// Content returns the widgets of the fields. They are laid out on the
// first call, so that fields not shown yet cost nothing to lay out, and
// after it no more fields may be added.
func (f *Fields) Content() fyne.CanvasObject {
	if f.content != nil {
		return f.content
	}
	box := container.NewVBox()
	for _, s := range f.sections {
		if s.title != "" {
			h := widget.NewLabelWithStyle(s.title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			h.Importance = widget.HighImportance
			box.Add(h)
		}
		if len(s.items) > 0 {
			form := &widget.Form{Items: s.items}
			f.forms = append(f.forms, form)
			box.Add(form)
		}
	}
	f.content = box
	return f.content
}

// Section starts a new section headed by title.
func (f *Fields) Section(title string) {
	f.sections = append(f.sections, &section{title: title})
}

// Entry adds an entry made after spec.
func (f *Fields) Entry(spec Spec) *Entry {
	e := NewEntry(spec)
	f.track(spec, newEntryInput(e), e)
	return e
}

// Choice adds a drop-down of the values of a choice list of package data
// (see data.ChoiceLists).
func (f *Fields) Choice(spec Spec, list string) *Choice {
	c := NewChoice(list, choiceValues(list))
	f.track(spec, choiceInput{c}, c)
	return c
}

// Check adds a check box with the text beside it.
func (f *Fields) Check(spec Spec, text string) *Check {
	c := NewCheck(text, nil)
	f.track(spec, checkInput{c}, c)
	return c
}

// Rows adds a table of rows.
func (f *Fields) Rows(spec Spec, r *Rows) *Rows {
	f.track(spec, rowsInput{r}, r)
	return r
}

// Static adds a read-only text, such as a value the store fills in.
func (f *Fields) Static(spec Spec) *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	item := widget.NewFormItem(spec.Label, l)
	f.append(item)
	f.fields = append(f.fields, field{spec: spec, item: item})
	return l
}

// append adds an item to the last section.
func (f *Fields) append(item *widget.FormItem) {
	if len(f.sections) == 0 {
		f.Section("")
	}
	s := f.sections[len(f.sections)-1]
	s.items = append(s.items, item)
}

func (f *Fields) track(spec Spec, in input, obj fyne.CanvasObject) {
	item := widget.NewFormItem(spec.label(), obj)
	item.HintText = spec.Hint
	f.append(item)
	f.fields = append(f.fields, field{spec: spec, item: item, input: in})
	in.onChange(f.changed)
}

// Label returns the label shown beside the input with key, marked when
// it is required; "" when there is none.
func (f *Fields) Label(key string) string {
	for _, fd := range f.fields {
		if fd.spec.Key == key {
			return fd.item.Text
		}
	}
	return ""
}

// SetHint shows hint under the input with key.
func (f *Fields) SetHint(key, hint string) {
	for _, fd := range f.fields {
		if fd.spec.Key == key && fd.item.HintText != hint {
			fd.item.HintText = hint
			for _, form := range f.forms {
				form.Refresh()
			}
		}
	}
}

// Relabel marks again the labels of the inputs whose Spec.Needed says
// whether they are required now.
func (f *Fields) Relabel() {
	changed := false
	for _, fd := range f.fields {
		if fd.spec.Needed != nil && fd.item.Text != fd.spec.label() {
			fd.item.Text = fd.spec.label()
			changed = true
		}
	}
	if changed {
		for _, form := range f.forms {
			form.Refresh()
		}
	}
}

func (f *Fields) changed() {
	if f.OnChanged != nil {
		f.OnChanged()
	}
}

// SetReadOnly locks or unlocks every tracked input. Locked inputs stay
// readable: the fields use a darker colour for disabled text.
func (f *Fields) SetReadOnly(ro bool) {
	for _, fd := range f.fields {
		if fd.input != nil {
			fd.input.setEnabled(!ro)
		}
	}
}

// Texts returns the label and shown text of every tracked input, in order.
func (f *Fields) Texts() []LabelText {
	var out []LabelText
	for _, fd := range f.fields {
		if fd.input != nil {
			out = append(out, LabelText{Label: fd.spec.Label, Text: fd.input.text()})
		}
	}
	return out
}

// YesNo returns the text of a yes/no value.
func YesNo(b bool) string {
	if b {
		return lang.L("uikit.yes")
	}
	return lang.L("uikit.no")
}

// FirstLine returns the first line of s shortened to n characters, for
// table cells.
func FirstLine(s string, n int) string {
	s, _, cut := strings.Cut(strings.TrimSpace(s), "\n")
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + Ellipsis()
	}
	if cut {
		return s + " " + Ellipsis()
	}
	return s
}

// Pick adds a drop-down made by the caller, such as one built with NewPick.
func (f *Fields) Pick(spec Spec, c *Choice) *Choice {
	f.track(spec, choiceInput{c}, c)
	return c
}

// Rated adds a drop-down of a choice list with a note beside it, such as
// an assessment criterion's rating and the reasons for it.
func (f *Fields) Rated(spec Spec, list string) (*Choice, *Entry) {
	c := NewChoice(list, choiceValues(list))
	note := NewEntry(Spec{Required: spec.Required, Needed: spec.Needed, Valid: spec.Valid, Lines: spec.Lines,
		Placeholder: spec.Placeholder})
	sized := WithMinSize(c, func() fyne.Size { return fyne.NewSize(110, c.MinSize().Height) })
	obj := container.NewBorder(nil, nil, container.NewVBox(sized), nil, note)
	f.track(spec, pairInput{c, newEntryInput(note)}, obj)
	return c, note
}

// Editing reports whether a row dialog of one of the fields is open.
func (f *Fields) Editing() bool {
	for _, fd := range f.fields {
		if ri, ok := fd.input.(rowsInput); ok && ri.r.Editing() {
			return true
		}
	}
	return false
}
