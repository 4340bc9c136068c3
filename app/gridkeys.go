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
// row. It lies under the table and draws nothing itself: the desktop
// driver gives a click to the last focusable or tappable object under the
// mouse, so a gridKeys over the table would take every click meant for
// its rows. Its ring, a plain rectangle that takes no input, lies over
// the table and shows while the grid has the focus.
type gridKeys struct {
	widget.BaseWidget
	// move selects the row at delta from the selected one (first/last
	// for home and end); open opens the selected row.
	move    func(delta int, home, end bool)
	open    func()
	focused bool
	ring    *canvas.Rectangle
}

func newGridKeys(move func(delta int, home, end bool), open func()) *gridKeys {
	ring := canvas.NewRectangle(color.Transparent)
	ring.StrokeWidth = 2
	k := &gridKeys{move: move, open: open, ring: ring}
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
func (k *gridKeys) FocusGained() { k.focused = true; k.showRing() }

// FocusLost hides the ring.
func (k *gridKeys) FocusLost() { k.focused = false; k.showRing() }

// focus gives the grid the keyboard.
func (k *gridKeys) focus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(k); c != nil {
		c.Focus(k)
	}
}

// showRing draws the ring in the colour of the focus, or hides it.
func (k *gridKeys) showRing() {
	k.ring.StrokeColor = color.Transparent
	if k.focused {
		k.ring.StrokeColor = theme.Color(theme.ColorNamePrimary)
	}
	k.ring.Refresh()
}

// CreateRenderer draws nothing: the ring is laid over the table by the
// grid.
func (k *gridKeys) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
