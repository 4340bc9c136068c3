package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// The keyboard of the client works as in any Windows program: Esc cancels
// the dialog on top, Enter confirms it (Ctrl+Enter from a multi-line
// field), Ctrl+S saves, Ctrl+F finds, F5 refreshes, Tab and Shift+Tab move
// between fields.
//
// A key reaches the focused widget first, or the window when nothing has
// the focus. The client's inputs (Entry, Button, Check, Choice, Dropdown)
// hand the keys they have no use for to their window, as window
// shortcuts (see forward); a window answers them after InstallKeys: the
// dialog on top first, else the window's own WindowKeys.

// WindowKeys are what a window does with the keys no dialog took. A nil
// function leaves the key alone.
type WindowKeys struct {
	Enter   func() // Enter outside dialogs, e.g. open the selected case
	Save    func() // Ctrl+S
	Find    func() // Ctrl+F
	Refresh func() // F5
}

// The shortcuts a window answers. Keys without modifiers are shortcuts
// with no modifier: the desktop driver never makes those, so they reach a
// window only through forward and the window's typed-key handler.
var (
	keyEscape    = &desktop.CustomShortcut{KeyName: fyne.KeyEscape}
	keyReturn    = &desktop.CustomShortcut{KeyName: fyne.KeyReturn}
	keyF5        = &desktop.CustomShortcut{KeyName: fyne.KeyF5}
	keyCtrlEnter = &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
	keyCtrlEnt   = &desktop.CustomShortcut{KeyName: fyne.KeyEnter, Modifier: fyne.KeyModifierShortcutDefault}
	keyCtrlS     = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	keyCtrlF     = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
)

// windowShortcuts are the shortcuts with modifiers that inputs hand on to
// their window rather than keep.
var windowShortcuts = []fyne.Shortcut{keyCtrlEnter, keyCtrlEnt, keyCtrlS, keyCtrlF}

// InstallKeys makes win answer the keys of the client: the dialog on top
// takes Esc, Enter and Ctrl+Enter, then k has its turn.
func InstallKeys(win fyne.Window, k WindowKeys) {
	c := win.Canvas()
	enter := func(fyne.Shortcut) {
		if !dialogEnter(c) && k.Enter != nil && !modalOpen(c) {
			k.Enter()
		}
	}
	c.AddShortcut(keyEscape, func(fyne.Shortcut) { dialogEscape(c) })
	c.AddShortcut(keyReturn, enter)
	c.AddShortcut(keyCtrlEnter, func(fyne.Shortcut) { dialogEnter(c) })
	c.AddShortcut(keyCtrlEnt, func(fyne.Shortcut) { dialogEnter(c) })
	c.AddShortcut(keyCtrlS, unlessModal(c, k.Save))
	c.AddShortcut(keyCtrlF, unlessModal(c, k.Find))
	c.AddShortcut(keyF5, unlessModal(c, k.Refresh))
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) { typedOnWindow(c, ev) })
}

// unlessModal returns a shortcut handler calling fn while no dialog is
// open; nil when fn is nil.
func unlessModal(c fyne.Canvas, fn func()) func(fyne.Shortcut) {
	return func(fyne.Shortcut) {
		if fn != nil && !modalOpen(c) {
			fn()
		}
	}
}

// typedOnWindow handles a key typed while nothing has the focus.
func typedOnWindow(c fyne.Canvas, ev *fyne.KeyEvent) {
	if s := plainKey(ev.Name); s != nil {
		shortcutOn(c, s)
	}
}

// plainKey returns the window shortcut of a key without modifiers, nil
// for a key the window does not answer.
func plainKey(name fyne.KeyName) fyne.Shortcut {
	switch name {
	case fyne.KeyEscape:
		return keyEscape
	case fyne.KeyReturn, fyne.KeyEnter:
		return keyReturn
	case fyne.KeyF5:
		return keyF5
	}
	return nil
}

// forward hands a key the focused widget obj has no use for to obj's
// window. It reports whether the window answers that key at all.
func forward(obj fyne.CanvasObject, name fyne.KeyName) bool {
	s := plainKey(name)
	if s == nil {
		return false
	}
	if c := canvasOf(obj); c != nil {
		shortcutOn(c, s)
	}
	return true
}

// forwardShortcut hands a window shortcut (Ctrl+S …) typed in obj to its
// window; it reports false for any other shortcut, which obj keeps.
func forwardShortcut(obj fyne.CanvasObject, s fyne.Shortcut) bool {
	for _, w := range windowShortcuts {
		if w.ShortcutName() == s.ShortcutName() {
			if c := canvasOf(obj); c != nil {
				shortcutOn(c, w)
			}
			return true
		}
	}
	return false
}

// canvasOf returns the canvas obj is shown on, nil when it is not shown.
func canvasOf(obj fyne.CanvasObject) fyne.Canvas {
	if a := fyne.CurrentApp(); a != nil {
		return a.Driver().CanvasForObject(obj)
	}
	return nil
}

// shortcutOn runs the handler c has for s.
func shortcutOn(c fyne.Canvas, s fyne.Shortcut) {
	if sc, ok := c.(fyne.Shortcutable); ok {
		sc.TypedShortcut(s)
	}
}

// modalOpen reports whether a dialog or pop-up covers the window: the
// window's own keys then wait.
func modalOpen(c fyne.Canvas) bool { return c.Overlays().Top() != nil }
