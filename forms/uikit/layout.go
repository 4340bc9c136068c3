package uikit

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// CellWidth is the width a table cell needs to show the widest of texts
// whole, in bold for headings: rounded up to whole units with one to
// spare, as the desktop lays cells out on whole pixels and a label a
// fraction too narrow ends its text in "…".
func CellWidth(bold bool, texts ...string) float32 {
	w := float32(0)
	for _, t := range texts {
		w = max(w, fyne.MeasureText(t, theme.TextSize(), fyne.TextStyle{Bold: bold}).Width)
	}
	return float32(math.Ceil(float64(w+2*theme.InnerPadding()))) + 1
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
