package uikit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// readable is the client's theme with a darker colour for disabled
// widgets: read-only forms are locked, yet their text must stay as easy to
// read as on paper.
type readable struct {
	fyne.Theme
}

func readableTheme() fyne.Theme { return readable{Theme()} }

// readOnlyText is the colour of locked text: a dark grey, clearly lighter
// than what the user may edit.
var readOnlyText = color.NRGBA{R: 0x4a, G: 0x4a, B: 0x4a, A: 0xff}

// Color returns the darker grey for disabled text and the theme's colour
// for everything else.
func (t readable) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameDisabled {
		return readOnlyText
	}
	return t.Theme.Color(n, v)
}

// minSize is a layout that stretches its objects over the container and
// asks for the size its function returns.
type minSize struct {
	size func() fyne.Size
}

// WithMinSize returns obj in a container that asks for at least the size
// the function returns, such as a table that must show a few rows.
func WithMinSize(obj fyne.CanvasObject, size func() fyne.Size) *fyne.Container {
	return &fyne.Container{Layout: minSize{size: size}, Objects: []fyne.CanvasObject{obj}}
}

// Layout gives every object the whole size.
func (l minSize) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize returns the size the function says.
func (l minSize) MinSize([]fyne.CanvasObject) fyne.Size { return l.size() }
