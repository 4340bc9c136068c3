package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Dropdown is a drop-down list of options whose list always fits in its
// window: it opens below the field, or above it when there is more room
// there, as high as the room allows, and scrolls when the options are
// more. It looks and reports like Fyne's Select (Selected, OnChanged,
// SetSelectedIndex), and answers the keyboard: Space or the arrows open
// the list, Enter picks, Esc closes.
type Dropdown struct {
	widget.Select

	popUp *widget.PopUp
	list  *dropList
	// self is the widget the drop-down is part of, such as a Choice; the
	// drop-down itself when it is used alone.
	self fyne.Widget
}

// NewDropdown returns a drop-down of options; changed hears the option
// the user picks.
func NewDropdown(options []string, changed func(string)) *Dropdown {
	d := &Dropdown{}
	d.Options, d.OnChanged = options, changed
	d.extend(d)
	return d
}

// extend makes w, which embeds the drop-down, the widget shown.
func (d *Dropdown) extend(w fyne.Widget) {
	d.self = w
	d.PlaceHolder = lang.L("uikit.choose")
	d.ExtendBaseWidget(w)
}

// obj returns the widget shown: the one that embeds the drop-down.
func (d *Dropdown) obj() fyne.Widget {
	if d.self != nil {
		return d.self
	}
	return d
}

// focus gives the drop-down the focus.
func (d *Dropdown) focus() {
	if c := canvasOf(d.obj()); c != nil {
		if f, ok := d.obj().(fyne.Focusable); ok {
			c.Focus(f)
		}
	}
}

// Tapped opens the list.
func (d *Dropdown) Tapped(*fyne.PointEvent) {
	if d.Disabled() {
		return
	}
	d.focus()
	d.Open()
}

// TypedKey opens the list on Space and the arrows; the window's keys go
// to the window.
func (d *Dropdown) TypedKey(key *fyne.KeyEvent) {
	switch key.Name {
	case fyne.KeySpace, fyne.KeyUp, fyne.KeyDown:
		d.Open()
	default:
		if !forward(d.obj(), key.Name) {
			d.Select.TypedKey(key)
		}
	}
}

// Open shows the list of options.
func (d *Dropdown) Open() {
	c := canvasOf(d.obj())
	if c == nil || d.Disabled() || len(d.Options) == 0 {
		return
	}
	d.list = newDropList(d)
	d.popUp = widget.NewPopUp(container.NewVScroll(d.list), c)
	pos, size := d.placement(c)
	d.popUp.ShowAtPosition(pos)
	d.popUp.Resize(size)
	if i := d.SelectedIndex(); i >= 0 {
		d.list.ScrollTo(i)
	}
	c.Focus(d.list)
}

// IsOpen reports whether the list is open.
func (d *Dropdown) IsOpen() bool { return d.popUp != nil && d.popUp.Visible() }

// pick chooses option i and closes the list.
func (d *Dropdown) pick(i int) {
	d.close()
	d.SetSelectedIndex(i)
	d.focus()
}

func (d *Dropdown) close() {
	if d.popUp != nil {
		d.popUp.Hide()
		d.popUp = nil
	}
}

// placement returns where the list opens and its size: under the field
// when the options fit there or there is more room below than above,
// else above it; never beyond the window.
func (d *Dropdown) placement(c fyne.Canvas) (fyne.Position, fyne.Size) {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(d.obj())
	pad := theme.Padding()
	rowH := d.list.rowHeight()
	want := rowH*float32(len(d.Options)) + 2*pad
	width := max(d.Size().Width, d.list.widest()+4*theme.InnerPadding())
	areaPos, area := c.InteractiveArea()
	below := area.Height + areaPos.Y - (pos.Y + d.Size().Height) - pad
	above := pos.Y - areaPos.Y - pad
	height := min(want, below)
	y := pos.Y + d.Size().Height
	if want > below && above > below {
		height = min(want, above)
		y = pos.Y - height
	}
	x := min(pos.X, area.Width-width)
	return fyne.NewPos(max(x, 0), y), fyne.NewSize(width, max(height, rowH))
}

// dropList is the list of a Dropdown's options.
type dropList struct {
	widget.List
	d *Dropdown
}

func newDropList(d *Dropdown) *dropList {
	l := &dropList{d: d}
	l.Length = func() int { return len(d.Options) }
	l.CreateItem = func() fyne.CanvasObject { return widget.NewLabel("") }
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(d.Options[i]) }
	l.OnSelected = func(i widget.ListItemID) { d.pick(i) }
	l.ExtendBaseWidget(l)
	return l
}

// rowHeight is the height of one option.
func (l *dropList) rowHeight() float32 {
	return widget.NewLabel("Ag").MinSize().Height + theme.Padding()
}

// widest is the width of the widest option.
func (l *dropList) widest() float32 {
	w := float32(0)
	for _, o := range l.d.Options {
		w = max(w, widget.NewLabel(o).MinSize().Width)
	}
	return w
}

// TypedKey moves through the options; Enter picks, Esc closes.
func (l *dropList) TypedKey(key *fyne.KeyEvent) {
	switch key.Name {
	case fyne.KeyEscape:
		l.d.close()
		l.d.focus()
	case fyne.KeyReturn, fyne.KeyEnter:
		l.List.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	default:
		l.List.TypedKey(key)
	}
}
