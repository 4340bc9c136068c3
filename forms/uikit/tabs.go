package uikit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Tabs shows one of several pages under a row of tabs. The row wraps onto
// a second one when the window is too narrow for every tab, so that every
// tab stays in view and can be told from the others: Fyne's AppTabs put
// the tabs that do not fit into a "…" menu, and a case's fifteen tabs do
// not fit a window of 1,000 pixels in English. Its methods are those of
// AppTabs that the case window uses.
type Tabs struct {
	widget.BaseWidget
	// Items are the pages; change them with SetItems.
	Items []*container.TabItem
	// OnSelected is called when another page is shown.
	OnSelected func(*container.TabItem)

	selected int
	buttons  []*tabButton
}

// NewTabs returns tabs over items, the first one shown.
func NewTabs(items ...*container.TabItem) *Tabs {
	t := &Tabs{selected: -1}
	t.ExtendBaseWidget(t)
	t.SetItems(items)
	return t
}

// SetItems replaces the pages. The page shown stays if it is still there,
// else the first (or last) is shown.
func (t *Tabs) SetItems(items []*container.TabItem) {
	t.Items = items
	t.buttons = make([]*tabButton, len(items))
	for i, it := range items {
		t.buttons[i] = newTabButton(it.Text, func() { t.SelectIndex(i) })
	}
	switch {
	case len(items) == 0:
		t.selected = -1
	case t.selected < 0:
		t.selected = -1
		t.SelectIndex(0)
		return
	case t.selected >= len(items):
		t.selected = -1
		t.SelectIndex(len(items) - 1)
		return
	}
	t.markSelected()
	t.Refresh()
}

// SelectIndex shows page i; OnSelected hears of it if it was not shown.
func (t *Tabs) SelectIndex(i int) {
	if i == t.selected || i < 0 || i >= len(t.Items) {
		return
	}
	t.selected = i
	t.markSelected()
	t.Refresh()
	if t.OnSelected != nil {
		t.OnSelected(t.Items[i])
	}
}

// Select shows the page item.
func (t *Tabs) Select(item *container.TabItem) {
	for i, it := range t.Items {
		if it == item {
			t.SelectIndex(i)
			return
		}
	}
}

// Selected returns the page shown, nil when there is none.
func (t *Tabs) Selected() *container.TabItem {
	if t.selected < 0 || t.selected >= len(t.Items) {
		return nil
	}
	return t.Items[t.selected]
}

// SelectedIndex returns the index of the page shown, -1 when none is.
func (t *Tabs) SelectedIndex() int { return t.selected }

// markSelected marks the button of the page shown.
func (t *Tabs) markSelected() {
	for i, b := range t.buttons {
		b.setSelected(i == t.selected)
	}
}

// CreateRenderer lays the tabs out in rows over the page shown.
func (t *Tabs) CreateRenderer() fyne.WidgetRenderer {
	r := &tabsRenderer{t: t, line: canvas.NewRectangle(theme.Color(theme.ColorNameShadow))}
	r.Refresh()
	return r
}

type tabsRenderer struct {
	t       *Tabs
	line    *canvas.Rectangle
	objects []fyne.CanvasObject
}

// rows places the buttons in rows of the given width from the top left,
// and returns the height they take.
func (r *tabsRenderer) rows(width float32, place bool) float32 {
	pad := theme.Padding()
	x, y, rowH := float32(0), float32(0), float32(0)
	for _, b := range r.t.buttons {
		s := b.MinSize()
		if x > 0 && x+s.Width > width {
			x, y = 0, y+rowH
		}
		if place {
			b.Move(fyne.NewPos(x, y))
			b.Resize(s)
		}
		x += s.Width + pad
		rowH = max(rowH, s.Height)
	}
	return y + rowH
}

func (r *tabsRenderer) Layout(size fyne.Size) {
	h := r.rows(size.Width, true)
	lineH := theme.SeparatorThicknessSize() * 2
	r.line.Move(fyne.NewPos(0, h))
	r.line.Resize(fyne.NewSize(size.Width, lineH))
	if c := r.t.Selected(); c != nil && c.Content != nil {
		top := h + lineH
		c.Content.Move(fyne.NewPos(0, top))
		c.Content.Resize(fyne.NewSize(size.Width, max(size.Height-top, 0)))
	}
}

// MinSize is as wide as the widest tab and as high as one row of tabs
// over the page.
func (r *tabsRenderer) MinSize() fyne.Size {
	var w, h float32
	for _, b := range r.t.buttons {
		s := b.MinSize()
		w, h = max(w, s.Width), max(h, s.Height)
	}
	if c := r.t.Selected(); c != nil && c.Content != nil {
		m := c.Content.MinSize()
		w = max(w, m.Width)
		h += m.Height
	}
	return fyne.NewSize(w, h+theme.SeparatorThicknessSize()*2)
}

func (r *tabsRenderer) Refresh() {
	r.line.FillColor = theme.Color(theme.ColorNameShadow)
	r.objects = r.objects[:0]
	for _, b := range r.t.buttons {
		r.objects = append(r.objects, b)
	}
	r.objects = append(r.objects, r.line)
	for i, it := range r.t.Items {
		if it.Content == nil {
			continue
		}
		if i == r.t.selected {
			it.Content.Show()
			r.objects = append(r.objects, it.Content)
		} else {
			it.Content.Hide()
		}
	}
	r.Layout(r.t.Size())
	for _, b := range r.t.buttons {
		b.Refresh()
	}
	r.line.Refresh()
	if c := r.t.Selected(); c != nil && c.Content != nil {
		c.Content.Refresh()
	}
}

func (r *tabsRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *tabsRenderer) Destroy()                     {}

// tabButton is one tab: its title, in the primary colour and underlined
// when its page is shown, on the hover colour under the mouse.
type tabButton struct {
	widget.BaseWidget
	text     string
	onTap    func()
	selected bool
	hovered  bool
}

func newTabButton(text string, onTap func()) *tabButton {
	b := &tabButton{text: text, onTap: onTap}
	b.ExtendBaseWidget(b)
	return b
}

func (b *tabButton) setSelected(on bool) {
	if b.selected != on {
		b.selected = on
		b.Refresh()
	}
}

// Tapped shows the tab's page.
func (b *tabButton) Tapped(*fyne.PointEvent) {
	if b.onTap != nil {
		b.onTap()
	}
}

// MouseIn shows the hover colour.
func (b *tabButton) MouseIn(*desktop.MouseEvent) { b.hovered = true; b.Refresh() }

// MouseMoved does nothing.
func (b *tabButton) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides the hover colour.
func (b *tabButton) MouseOut() { b.hovered = false; b.Refresh() }

func (b *tabButton) CreateRenderer() fyne.WidgetRenderer {
	r := &tabButtonRenderer{b: b, bg: canvas.NewRectangle(color.Transparent),
		label: canvas.NewText(b.text, theme.Color(theme.ColorNameForeground)),
		mark:  canvas.NewRectangle(color.Transparent)}
	r.label.TextStyle = fyne.TextStyle{Bold: true}
	r.Refresh()
	return r
}

type tabButtonRenderer struct {
	b        *tabButton
	bg, mark *canvas.Rectangle
	label    *canvas.Text
}

// markHeight is the height of the line under the tab shown.
const markHeight = 3

func (r *tabButtonRenderer) MinSize() fyne.Size {
	in := theme.InnerPadding()
	s := fyne.MeasureText(r.b.text, theme.TextSize(), r.label.TextStyle)
	return fyne.NewSize(s.Width+2*in, s.Height+2*in+markHeight)
}

func (r *tabButtonRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	ts := r.label.MinSize()
	r.label.Move(fyne.NewPos((size.Width-ts.Width)/2, (size.Height-markHeight-ts.Height)/2))
	r.label.Resize(ts)
	r.mark.Move(fyne.NewPos(0, size.Height-markHeight))
	r.mark.Resize(fyne.NewSize(size.Width, markHeight))
}

func (r *tabButtonRenderer) Refresh() {
	r.label.Text = r.b.text
	r.label.TextSize = theme.TextSize()
	r.label.Color = theme.Color(theme.ColorNameForeground)
	r.mark.FillColor = color.Transparent
	if r.b.selected {
		r.label.Color = theme.Color(theme.ColorNamePrimary)
		r.mark.FillColor = theme.Color(theme.ColorNamePrimary)
	}
	r.bg.FillColor = color.Transparent
	if r.b.hovered {
		r.bg.FillColor = theme.Color(theme.ColorNameHover)
	}
	r.Layout(r.b.Size())
	r.bg.Refresh()
	r.label.Refresh()
	r.mark.Refresh()
}

func (r *tabButtonRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.label, r.mark}
}

func (r *tabButtonRenderer) Destroy() {}
