package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// gridKeys takes the keyboard for a grid, as a list in any Windows
// program: a click on a row gives it the focus, the arrows, Page Up/Down,
// Home and End move the selection, Enter and Space open the selected
// row. It lies over the grid and draws a ring around it while it has the
// focus; taps and the wheel pass through to the table below.
type gridKeys struct {
	widget.BaseWidget
	// move selects the row at delta from the selected one (first/last
	// for home and end); open opens the selected row.
	move    func(delta int, home, end bool)
	open    func()
	focused bool
}

func newGridKeys(move func(delta int, home, end bool), open func()) *gridKeys {
	k := &gridKeys{move: move, open: open}
	k.ExtendBaseWidget(k)
	return k
}

// pageRows is how many rows Page Up and Page Down move.
const pageRows = 10

// TypedKey moves the selection or opens the selected row; the window's
// keys (Esc, F5) go to the window.
func (k *gridKeys) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		k.move(1, false, false)
	case fyne.KeyUp:
		k.move(-1, false, false)
	case fyne.KeyPageDown:
		k.move(pageRows, false, false)
	case fyne.KeyPageUp:
		k.move(-pageRows, false, false)
	case fyne.KeyHome:
		k.move(0, true, false)
	case fyne.KeyEnd:
		k.move(0, false, true)
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		k.open()
	case fyne.KeyEscape, fyne.KeyF5:
		if c := fyne.CurrentApp().Driver().CanvasForObject(k); c != nil {
			if h := c.OnTypedKey(); h != nil {
				h(ev)
			}
		}
	}
}

// TypedRune ignores typed text.
func (k *gridKeys) TypedRune(rune) {}

// FocusGained shows the ring.
func (k *gridKeys) FocusGained() { k.focused = true; k.Refresh() }

// FocusLost hides the ring.
func (k *gridKeys) FocusLost() { k.focused = false; k.Refresh() }

// focus gives the grid the keyboard.
func (k *gridKeys) focus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(k); c != nil {
		c.Focus(k)
	}
}

// CreateRenderer draws the focus ring.
func (k *gridKeys) CreateRenderer() fyne.WidgetRenderer {
	ring := canvas.NewRectangle(color.Transparent)
	ring.StrokeWidth = 2
	return &gridKeysRenderer{k: k, ring: ring}
}

type gridKeysRenderer struct {
	k    *gridKeys
	ring *canvas.Rectangle
}

func (r *gridKeysRenderer) Layout(size fyne.Size)        { r.ring.Resize(size) }
func (r *gridKeysRenderer) MinSize() fyne.Size           { return fyne.NewSize(0, 0) }
func (r *gridKeysRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.ring} }
func (r *gridKeysRenderer) Destroy()                     {}

func (r *gridKeysRenderer) Refresh() {
	r.ring.StrokeColor = color.Transparent
	if r.k.focused {
		r.ring.StrokeColor = theme.Color(theme.ColorNamePrimary)
	}
	r.ring.Refresh()
}
