package uikit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The client's inputs are Fyne's with the keys of a Windows program (see
// keys.go): they hand Esc, Enter, F5 and the window's shortcuts they do
// not use to their window, and Tab always moves on to the next input.

// Entry is a text entry: one line, a password or several lines. Tab and
// Shift+Tab leave a multi-line entry too; Enter in a one-line entry
// without OnSubmitted is the window's (it confirms a dialog), Ctrl+Enter
// in any; Esc, F5, Ctrl+S and Ctrl+F are the window's.
type Entry struct {
	widget.Entry
	// wheel, over a multi-line entry, hands the mouse wheel to the form
	// while the text fits (see ForwardWheel).
	wheel *wheelRelay
	// lockedValidator is the validator of an entry locked by its form,
	// which checks nothing meanwhile.
	lockedValidator fyne.StringValidator
	// OnFocusLost, if set, is called when the entry loses the focus.
	OnFocusLost func()
}

// FocusLost is the entry's, then OnFocusLost.
func (e *Entry) FocusLost() {
	e.Entry.FocusLost()
	if e.OnFocusLost != nil {
		e.OnFocusLost()
	}
}

// NewLineEntry returns an empty one-line entry.
func NewLineEntry() *Entry {
	e := &Entry{}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// NewPasswordEntry returns an entry that hides what is typed, with a
// button that shows it.
func NewPasswordEntry() *Entry {
	e := NewLineEntry()
	e.Password = true // the renderer adds the button that shows it
	return e
}

// NewMultiLineEntry returns an entry of several lines, wrapped at words.
func NewMultiLineEntry() *Entry {
	e := &Entry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.wheel = newWheelRelay()
	e.ExtendBaseWidget(e)
	return e
}

// CreateRenderer is the entry's, with the wheel's relay over a multi-line
// entry: Fyne's entry scrolls its text itself and takes the wheel even
// when the text fits, so that the form around it stopped scrolling under
// the mouse.
func (e *Entry) CreateRenderer() fyne.WidgetRenderer {
	r := e.Entry.CreateRenderer()
	if e.wheel == nil {
		return r
	}
	wr := &wheelEntryRenderer{WidgetRenderer: r, relay: e.wheel}
	e.wheel.own = func() fyne.Scrollable { return wr.ownScroll(e) }
	return wr
}

// wheelEntryRenderer is an entry's renderer with a wheelRelay over it.
type wheelEntryRenderer struct {
	fyne.WidgetRenderer
	relay *wheelRelay
}

func (r *wheelEntryRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.relay.Move(fyne.NewPos(0, 0))
	r.relay.Resize(size)
}

func (r *wheelEntryRenderer) Objects() []fyne.CanvasObject {
	objs := r.WidgetRenderer.Objects()
	return append(objs[:len(objs):len(objs)], r.relay)
}

// ownScroll returns the scroll of the entry's text while the text is
// higher than the entry shows, nil while it fits.
func (r *wheelEntryRenderer) ownScroll(e *Entry) fyne.Scrollable {
	pad := theme.InnerPadding()
	size := e.Size()
	l := widget.NewLabel(e.Text)
	l.Wrapping = e.Wrapping
	l.Resize(fyne.NewSize(size.Width, l.MinSize().Height))
	if l.MinSize().Height <= size.Height+pad/2 {
		return nil
	}
	for _, o := range r.WidgetRenderer.Objects() {
		if s, ok := o.(fyne.Scrollable); ok {
			return s
		}
	}
	return nil
}

// AcceptsTab reports false: Tab moves to the next input, also from a
// multi-line entry, as in Windows forms.
func (e *Entry) AcceptsTab() bool { return false }

// TypedKey types key, handing Esc, F5 and an Enter the entry does not use
// to the window.
func (e *Entry) TypedKey(key *fyne.KeyEvent) {
	switch key.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.MultiLine || e.OnSubmitted != nil {
			e.Entry.TypedKey(key)
			return
		}
	}
	if !forward(e, key.Name) {
		e.Entry.TypedKey(key)
	}
}

// TypedShortcut runs the entry's own shortcuts (copy, paste …) and hands
// the window's (Ctrl+S, Ctrl+F, Ctrl+Enter) to the window.
func (e *Entry) TypedShortcut(s fyne.Shortcut) {
	if !forwardShortcut(e, s) {
		e.Entry.TypedShortcut(s)
	}
}

// Button is a button that shows a ring while it has the focus, and that
// Enter presses as Space does; Esc and F5 are the window's.
type Button struct {
	widget.Button
	focused bool
}

// NewButton returns a button labelled text that runs tapped.
func NewButton(text string, tapped func()) *Button {
	return NewButtonWithIcon(text, nil, tapped)
}

// NewButtonWithIcon returns a button with an icon and a label.
func NewButtonWithIcon(text string, icon fyne.Resource, tapped func()) *Button {
	b := &Button{}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// FocusGained shows the ring.
func (b *Button) FocusGained() {
	b.focused = true
	b.Button.FocusGained()
}

// FocusLost hides the ring.
func (b *Button) FocusLost() {
	b.focused = false
	b.Button.FocusLost()
}

// TypedKey presses the button on Space or Enter; Esc and F5 go to the
// window.
func (b *Button) TypedKey(key *fyne.KeyEvent) {
	switch key.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
	default:
		if !forward(b, key.Name) {
			b.Button.TypedKey(key)
		}
	}
}

// CreateRenderer draws Fyne's button with the focus ring over its edge.
func (b *Button) CreateRenderer() fyne.WidgetRenderer {
	ring := canvas.NewRectangle(color.Transparent)
	ring.StrokeColor = color.Transparent
	ring.StrokeWidth = focusRingWidth
	ring.CornerRadius = theme.InputRadiusSize()
	return &ringRenderer{WidgetRenderer: b.Button.CreateRenderer(), ring: ring, b: b}
}

// focusRingWidth is the width of the line around a focused button.
const focusRingWidth = 2

// ringRenderer is a button's renderer with the focus ring added.
type ringRenderer struct {
	fyne.WidgetRenderer
	ring *canvas.Rectangle
	b    *Button
}

func (r *ringRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.ring.Resize(size)
}

func (r *ringRenderer) Objects() []fyne.CanvasObject {
	return append(r.WidgetRenderer.Objects(), r.ring)
}

func (r *ringRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.ring.StrokeColor = color.Transparent
	if r.b.focused {
		r.ring.StrokeColor = ringColor(r.b.Importance)
	}
	r.ring.Refresh()
}

// ringColor is the colour of the ring around a focused button: the
// primary colour around plain buttons, the text colour around coloured
// ones, where the primary colour would not show.
func ringColor(imp widget.Importance) color.Color {
	switch imp {
	case widget.MediumImportance, widget.LowImportance:
		return theme.Color(theme.ColorNamePrimary)
	}
	return theme.Color(theme.ColorNameForeground)
}

// Check is a check box; Enter, Esc and F5 are the window's.
type Check struct {
	widget.Check
}

// NewCheck returns a check box with text beside it.
func NewCheck(text string, changed func(bool)) *Check {
	c := &Check{}
	c.Text, c.OnChanged = text, changed
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey hands the window's keys on; Space ticks the box.
func (c *Check) TypedKey(key *fyne.KeyEvent) {
	if !forward(c, key.Name) {
		c.Check.TypedKey(key)
	}
}
