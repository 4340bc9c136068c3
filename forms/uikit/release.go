package uikit

import (
	"reflect"
	"unsafe" // go:linkname, and widgets kept in unexported fields

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Fyne 2.7 keeps a closed window's content alive for good. Its text
// textures, cached per canvas and keyed by the canvas, are dropped only
// when that canvas is painted again with them unused, or given new
// content: a closed window is neither, so the cache holds its canvas, and
// through it every widget the window had, each form with its case, for
// the rest of the session (about 1 MB a case window). And the renderers
// of the widgets that were not on screen when the window closed (the
// other tabs, closed dialogs, hidden buttons) stay in Fyne's renderer
// cache for another minute; closing even makes some anew, as the tabs'
// renderer, made again to be released, refreshes the tab in view.
//
// ReleaseWindow lets all of it go when a window closes. Fyne offers no
// call for the renderers, so two of its internal functions are used by
// name; they are those of the Fyne version in go.mod, which
// TestFyneInternalsAreThoseOfTheVersionUsed checks, so that an update of
// Fyne gets this file looked at again.

//go:linkname fyneCachedRenderer fyne.io/fyne/v2/internal/cache.CachedRenderer
func fyneCachedRenderer(w fyne.Widget) (fyne.WidgetRenderer, bool)

//go:linkname fyneDestroyRenderer fyne.io/fyne/v2/internal/cache.DestroyRenderer
func fyneDestroyRenderer(w fyne.Widget)

// ReleaseWindow closes win and lets Fyne's caches drop everything of it:
// the window is given empty content first, which drops its canvas's text
// textures and leaves Fyne's closing nothing of ours to walk; then the
// renderers of every widget of its content, its dialogs and roots (what
// the window showed at some time but does not hold now: the other tabs'
// content) are destroyed, hidden ones included. Call it on the UI
// goroutine instead of win.Close, with nothing of win used afterwards.
func ReleaseWindow(win fyne.Window, roots ...fyne.CanvasObject) {
	c := win.Canvas()
	overlays := c.Overlays().List()
	all := append(append([]fyne.CanvasObject{c.Content()}, overlays...), roots...)
	for _, o := range overlays {
		c.Overlays().Remove(o)
	}
	win.SetContent(container.NewWithoutLayout())
	seen := map[fyne.CanvasObject]bool{}
	for _, o := range all {
		releaseTree(o, seen)
	}
	win.Close()
	ReleaseMemorySoon()
}

// releaseTree destroys the renderers of the widgets in o's tree: those
// drawn inside o and those o keeps beside them (a text field's selection
// handler, say), which are in no renderer's objects.
func releaseTree(o fyne.CanvasObject, seen map[fyne.CanvasObject]bool) {
	if o == nil || seen[o] {
		return
	}
	seen[o] = true
	switch x := o.(type) {
	case *fyne.Container:
		for _, child := range x.Objects {
			releaseTree(child, seen)
		}
	case fyne.Widget:
		if r, ok := fyneCachedRenderer(x); ok {
			for _, child := range r.Objects() {
				releaseTree(child, seen)
			}
			fyneDestroyRenderer(x)
		}
		if v := reflect.ValueOf(x); v.Kind() == reflect.Pointer && !v.IsNil() {
			releaseFields(v.Elem(), seen)
		}
	}
}

var widgetType = reflect.TypeFor[fyne.Widget]()

// releaseFields releases the widgets a widget's struct v holds in its
// fields (and those of the structs it embeds), exported or not.
func releaseFields(v reflect.Value, seen map[fyne.CanvasObject]bool) {
	if v.Kind() != reflect.Struct {
		return
	}
	t := v.Type()
	for i := range v.NumField() {
		f := v.Field(i)
		var w reflect.Value
		switch {
		case f.Kind() == reflect.Pointer && !f.IsNil() && f.Type().Implements(widgetType):
			w = reflect.NewAt(f.Type().Elem(), f.UnsafePointer())
		case f.Kind() == reflect.Struct && reflect.PointerTo(f.Type()).Implements(widgetType) && f.CanAddr():
			w = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr()))
		case f.Kind() == reflect.Struct && t.Field(i).Anonymous:
			releaseFields(f, seen)
			continue
		default:
			continue
		}
		releaseTree(w.Interface().(fyne.Widget), seen)
	}
}
