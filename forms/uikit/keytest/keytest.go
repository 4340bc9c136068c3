// Package keytest presses keys on a canvas of fyne.io/fyne/v2/test the
// way the desktop driver delivers them, so that UI tests check what a
// user's keyboard does: Tab and Shift+Tab move the focus unless the
// focused widget takes tabs; a key with Ctrl (or Alt, Super) is a
// shortcut for the focused widget, or for the canvas when nothing has the
// focus; any other key is typed into the focused widget, or handed to the
// canvas's typed-key handler.
package keytest

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Press presses key on c without modifiers.
func Press(c fyne.Canvas, key fyne.KeyName) { PressWith(c, key, 0) }

// Ctrl presses Ctrl+key on c.
func Ctrl(c fyne.Canvas, key fyne.KeyName) { PressWith(c, key, fyne.KeyModifierShortcutDefault) }

// PressWith presses key with the modifiers mod on c.
func PressWith(c fyne.Canvas, key fyne.KeyName, mod fyne.KeyModifier) {
	focused := c.Focused()
	other := mod &^ fyne.KeyModifierShift
	if key == fyne.KeyTab && other == 0 {
		if t, ok := focused.(fyne.Tabbable); ok && t.AcceptsTab() {
			focused.TypedKey(&fyne.KeyEvent{Name: key})
			return
		}
		if mod&fyne.KeyModifierShift != 0 {
			c.FocusPrevious()
		} else {
			c.FocusNext()
		}
		return
	}
	if other != 0 {
		s := &desktop.CustomShortcut{KeyName: key, Modifier: mod}
		if sc, ok := focused.(fyne.Shortcutable); ok {
			sc.TypedShortcut(s)
		} else if sc, ok := c.(fyne.Shortcutable); ok {
			sc.TypedShortcut(s)
		}
		return
	}
	ev := &fyne.KeyEvent{Name: key}
	if focused != nil {
		focused.TypedKey(ev)
	} else if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}
