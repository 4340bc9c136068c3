package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/forms/uikit"
)

// bar is one bar or column of a chart.
type bar struct {
	label string
	value int64
	color color.Color
	// text, when set, is shown for the value instead of its number.
	text string
}

// maxValue returns the largest value of bars, at least 1.
func maxValue(bars []bar) int64 {
	m := int64(1)
	for _, b := range bars {
		m = max(m, b.value)
	}
	return m
}

// chartShapes are the drawn objects of a chart: per bar a label, a
// rectangle and its number.
type chartShapes struct {
	labels, values []*canvas.Text
	rects          []*canvas.Rectangle
	objects        []fyne.CanvasObject
}

// sync makes one label, rectangle and number for each of bars and sets
// their text and colour.
func (s *chartShapes) sync(bars []bar, align fyne.TextAlign) {
	fg := theme.Color(theme.ColorNameForeground)
	if len(s.rects) != len(bars) {
		*s = chartShapes{}
		for range bars {
			l, v, r := canvas.NewText("", fg), canvas.NewText("", fg), canvas.NewRectangle(fg)
			l.Alignment = align
			r.CornerRadius = 2
			s.labels, s.values, s.rects = append(s.labels, l), append(s.values, v), append(s.rects, r)
			s.objects = append(s.objects, r, l, v)
		}
	}
	for i, b := range bars {
		s.labels[i].Text, s.labels[i].Color = b.label, fg
		s.values[i].Text, s.values[i].Color = formatCount(int(b.value)), fg
		if b.text != "" {
			s.values[i].Text = b.text
		}
		s.rects[i].FillColor = b.color
	}
}

// refresh redraws every object.
func (s *chartShapes) refresh() {
	for _, o := range s.objects {
		o.Refresh()
	}
}

// barChart draws one horizontal bar per row: the label, the bar and its
// number. It is made of canvas primitives only.
type barChart struct {
	widget.BaseWidget
	bars []bar
	// labelWidth is the least width of the labels' column; it grows to
	// the widest label, up to half the chart, and longer labels end in
	// "…".
	labelWidth float32
}

func newBarChart(labelWidth float32) *barChart {
	c := &barChart{labelWidth: labelWidth}
	c.ExtendBaseWidget(c)
	return c
}

// setBars shows bars.
func (c *barChart) setBars(bars []bar) {
	c.bars = bars
	c.Refresh()
}

// CreateRenderer returns the chart's renderer.
func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{c: c}
	r.shapes.sync(c.bars, fyne.TextAlignTrailing)
	return r
}

type barRenderer struct {
	c      *barChart
	shapes chartShapes
}

func (r *barRenderer) rowHeight() float32 { return theme.TextSize() * 2 }

// labelColumn returns the width of the labels' column in a chart of the
// given width: the widest label's, at least the chart's labelWidth and
// at most half the chart.
func (r *barRenderer) labelColumn(width float32) float32 {
	lw := r.c.labelWidth
	for _, b := range r.c.bars {
		lw = max(lw, textWidth(b.label))
	}
	return max(min(lw, width/2), min(r.c.labelWidth, width))
}

func (r *barRenderer) Layout(size fyne.Size) {
	pad := theme.Padding()
	rowH := r.rowHeight()
	numW := textWidth("00000")
	lw := r.labelColumn(size.Width)
	room := max(size.Width-lw-2*pad-numW, 1)
	top := maxValue(r.c.bars)
	for i, b := range r.c.bars {
		y := float32(i) * rowH
		l, v, rect := r.shapes.labels[i], r.shapes.values[i], r.shapes.rects[i]
		if t := fitText(b.label, lw); t != l.Text {
			l.Text = t
			l.Refresh()
		}
		l.Move(fyne.NewPos(0, y))
		l.Resize(fyne.NewSize(lw, rowH))
		w := room * float32(b.value) / float32(top)
		if b.value > 0 {
			w = max(w, 2)
		}
		x := lw + pad
		rect.Move(fyne.NewPos(x, y+rowH*0.2))
		rect.Resize(fyne.NewSize(w, rowH*0.6))
		v.Move(fyne.NewPos(x+w+pad, y))
		v.Resize(fyne.NewSize(numW, rowH))
	}
}

func (r *barRenderer) MinSize() fyne.Size {
	return fyne.NewSize(r.c.labelWidth+160, r.rowHeight()*float32(len(r.c.bars)))
}

// textWidth is the width of s in the chart's text.
func textWidth(s string) float32 {
	return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{}).Width
}

// fitText returns s, or as much of it as fits width followed by an
// ellipsis.
func fitText(s string, width float32) string {
	if textWidth(s) <= width {
		return s
	}
	runes := []rune(s)
	for n := len(runes) - 1; n > 0; n-- {
		if t := string(runes[:n]) + uikit.Ellipsis(); textWidth(t) <= width {
			return t
		}
	}
	return uikit.Ellipsis()
}

func (r *barRenderer) Refresh() {
	r.shapes.sync(r.c.bars, fyne.TextAlignTrailing)
	r.Layout(r.c.Size())
	r.shapes.refresh()
}

func (r *barRenderer) Objects() []fyne.CanvasObject { return r.shapes.objects }
func (r *barRenderer) Destroy()                     {}

// columnChart draws one column per period over a base line, the number
// above each column and the period's label below it. It is made of canvas
// primitives only.
type columnChart struct {
	widget.BaseWidget
	cols []bar
}

func newColumnChart() *columnChart {
	c := &columnChart{}
	c.ExtendBaseWidget(c)
	return c
}

// setColumns shows cols.
func (c *columnChart) setColumns(cols []bar) {
	c.cols = cols
	c.Refresh()
}

// CreateRenderer returns the chart's renderer.
func (c *columnChart) CreateRenderer() fyne.WidgetRenderer {
	r := &columnRenderer{c: c, base: canvas.NewLine(theme.Color(theme.ColorNameShadow))}
	r.shapes.sync(c.cols, fyne.TextAlignCenter)
	return r
}

type columnRenderer struct {
	c      *columnChart
	shapes chartShapes
	base   *canvas.Line
}

func (r *columnRenderer) Layout(size fyne.Size) {
	textH := theme.TextSize() * 1.6
	plotTop, plotBottom := textH, size.Height-textH
	plotH := max(plotBottom-plotTop, 1)
	n := max(len(r.c.cols), 1)
	slot := size.Width / float32(n)
	colW := slot * 0.56
	top := maxValue(r.c.cols)
	for i, b := range r.c.cols {
		x := float32(i) * slot
		h := plotH * float32(b.value) / float32(top)
		rect := r.shapes.rects[i]
		rect.Move(fyne.NewPos(x+(slot-colW)/2, plotBottom-h))
		rect.Resize(fyne.NewSize(colW, h))
		v, l := r.shapes.values[i], r.shapes.labels[i]
		v.Alignment = fyne.TextAlignCenter
		v.Move(fyne.NewPos(x, plotBottom-h-textH))
		v.Resize(fyne.NewSize(slot, textH))
		l.Move(fyne.NewPos(x, plotBottom))
		l.Resize(fyne.NewSize(slot, textH))
	}
	r.base.Position1 = fyne.NewPos(0, plotBottom)
	r.base.Position2 = fyne.NewPos(size.Width, plotBottom)
}

func (r *columnRenderer) MinSize() fyne.Size {
	return fyne.NewSize(float32(len(r.c.cols))*40, 200)
}

func (r *columnRenderer) Refresh() {
	r.shapes.sync(r.c.cols, fyne.TextAlignCenter)
	r.base.StrokeColor = theme.Color(theme.ColorNameShadow)
	r.Layout(r.c.Size())
	r.shapes.refresh()
	r.base.Refresh()
}

func (r *columnRenderer) Objects() []fyne.CanvasObject {
	return append([]fyne.CanvasObject{r.base}, r.shapes.objects...)
}

func (r *columnRenderer) Destroy() {}
