package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// children returns the objects o shows inside it, for the containers and
// widgets the client lays inputs out in (and Fyne's dialogs are made of);
// nil for anything else.
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch x := o.(type) {
	case *fyne.Container:
		return x.Objects
	case *widget.Form:
		out := make([]fyne.CanvasObject, 0, len(x.Items))
		for _, it := range x.Items {
			out = append(out, it.Widget)
		}
		return out
	case *container.Scroll:
		return []fyne.CanvasObject{x.Content}
	case *container.Split:
		return []fyne.CanvasObject{x.Leading, x.Trailing}
	case *widget.Card:
		return []fyne.CanvasObject{x.Content}
	case *widget.PopUp:
		return []fyne.CanvasObject{x.Content}
	}
	return nil
}

// walkVisible calls fn for o and, while fn returns true, for every
// visible object inside it (see children), depth first in layout order.
func walkVisible(o fyne.CanvasObject, fn func(fyne.CanvasObject) bool) {
	if o == nil || !o.Visible() || !fn(o) {
		return
	}
	for _, c := range children(o) {
		walkVisible(c, fn)
	}
}

// FirstInput returns the first input of o that can take the focus: an
// enabled, visible entry, drop-down or check box, in layout order; nil
// when there is none.
func FirstInput(o fyne.CanvasObject) fyne.Focusable {
	var found fyne.Focusable
	walkVisible(o, func(x fyne.CanvasObject) bool {
		if found != nil {
			return false
		}
		switch x.(type) {
		case *Entry, *Choice, *Check, *Dropdown:
			if enabled(x) {
				found = x.(fyne.Focusable)
			}
			return false
		}
		return true
	})
	return found
}

// enabled reports whether o is not a disabled widget.
func enabled(o fyne.CanvasObject) bool {
	d, ok := o.(fyne.Disableable)
	return !ok || !d.Disabled()
}
