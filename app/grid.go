package app

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// column is one column of a grid.
type column[T any] struct {
	// title is the translation key of the heading.
	title string
	// sort is the store's sort key of the column; "" when it does not sort.
	sort  string
	width float32
	text  func(*T) string
}

// grid is a read-only, virtualised table of rows of T under a heading row:
// only the rows in view are asked for. A tap selects a row at once, a
// second tap on it within the double-click time opens it, and a tap on a
// sortable heading sorts by that column (again: the other way round).
//
// The cells take taps only, not double taps: Fyne holds back the tap of
// a widget that also takes double taps for the whole double-click time
// (300 ms), to rule out a second one, so a row would be selected that
// much after the click. The grid tells a double click itself instead.
type grid[T any] struct {
	table *widget.Table
	keys  *gridKeys
	root  fyne.CanvasObject
	cols  []column[T]
	count func() int
	// row returns row i, or false while it is not loaded yet.
	row func(i int) (*T, bool)

	selected int
	sortKey  string
	desc     bool
	// stretch is the column that takes the width the others leave.
	stretch int
	// whole are the columns that keep their width in a narrow window, such
	// as case numbers and times, which are no use cut.
	whole map[int]bool

	onSelect func(i int)
	onOpen   func(i int)
	onSort   func(key string, desc bool)
	// warn, when set, says which cells show their text as a warning (a
	// case past its time limit).
	warn func(r *T, col int) bool

	// lastTap is the row tapped last and when; a second tap on it within
	// the double-click time opens it.
	lastTapRow int
	lastTapAt  time.Time
	// now is the clock taps are timed by (tests fix it).
	now func() time.Time
}

// newGrid returns a grid of count() rows; column stretch takes the width
// left over.
func newGrid[T any](cols []column[T], stretch int, count func() int, row func(int) (*T, bool)) *grid[T] {
	g := &grid[T]{cols: cols, count: count, row: row, selected: -1, stretch: stretch, lastTapRow: -1,
		now: time.Now}
	g.table = widget.NewTable(g.length, newCell, g.updateCell)
	g.table.ShowHeaderRow = true
	g.table.CreateHeader = newHeaderCell
	g.table.UpdateHeader = g.updateHeader
	for i, c := range cols {
		g.cols[i].width = max(c.width, headingWidth(c))
		g.table.SetColumnWidth(i, g.cols[i].width)
	}
	g.keys = newGridKeys(g.moveSelection, g.openSelected)
	g.root = container.New(&stretchLayout{fit: g.fitColumns}, g.keys, g.table, g.keys.ring)
	return g
}

// keepWhole marks columns that keep their width in a narrow window.
func (g *grid[T]) keepWhole(cols ...int) *grid[T] {
	if g.whole == nil {
		g.whole = map[int]bool{}
	}
	for _, c := range cols {
		g.whole[c] = true
	}
	return g
}

// moveSelection selects the row delta rows from the selected one, or the
// first (home) or last (end) row, and shows it.
func (g *grid[T]) moveSelection(delta int, home, end bool) {
	n := g.count()
	if n == 0 {
		return
	}
	i := g.selected + delta
	switch {
	case home || g.selected < 0 && delta > 0:
		i = 0
	case end || g.selected < 0:
		i = n - 1
	}
	i = max(0, min(i, n-1))
	g.selectRow(i)
	g.table.ScrollTo(widget.TableCellID{Row: i, Col: 0})
}

// openSelected opens the selected row, if any.
func (g *grid[T]) openSelected() {
	if g.selected >= 0 {
		g.open(g.selected)
	}
}

// headingWidth is the width column c's heading takes, its sort icon
// included, in the current language.
func headingWidth[T any](c column[T]) float32 {
	w := uikit.CellWidth(true, lang.L(c.title))
	if c.sort != "" {
		w += theme.IconInlineSize() + theme.Padding()
	}
	return w
}

// stateWidth is the width of a column of state names: least, or that of
// the longest name in the current language.
func stateWidth(least float32) float32 {
	names := make([]string, len(data.AllStates))
	for i, st := range data.AllStates {
		names[i] = stateName(st)
	}
	return max(least, uikit.CellWidth(false, names...))
}

// sliceGrid returns a grid over a slice that the caller replaces with
// setRows.
func sliceGrid[T any](cols []column[T], stretch int, rows *[]T) *grid[T] {
	return newGrid(cols, stretch, func() int { return len(*rows) }, func(i int) (*T, bool) {
		if i < 0 || i >= len(*rows) {
			return nil, false
		}
		return &(*rows)[i], true
	})
}

func (g *grid[T]) length() (int, int) { return g.count(), len(g.cols) }

func (g *grid[T]) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*cell)
	text := ""
	warn := false
	if r, ok := g.row(id.Row); ok {
		text = g.cols[id.Col].text(r)
		warn = g.warn != nil && g.warn(r, id.Col)
	} else if id.Col == 0 {
		text = lang.L("common.loading")
	}
	row := id.Row
	c.setWarn(warn)
	c.set(text, row == g.selected)
	c.onTap = func() { g.tapped(row) }
}

// tapped selects row, or opens it when this is the second tap on it
// within the double-click time.
func (g *grid[T]) tapped(row int) {
	g.keys.focus()
	now := g.now()
	if row == g.lastTapRow && now.Sub(g.lastTapAt) < doubleClickTime() {
		g.lastTapRow = -1
		g.open(row)
		return
	}
	g.lastTapRow, g.lastTapAt = row, now
	g.selectRow(row)
}

// doubleClickTime is how close two clicks must be to make a double click.
func doubleClickTime() time.Duration {
	if d := fyne.CurrentApp().Driver().DoubleTapDelay(); d > 0 {
		return d
	}
	return 300 * time.Millisecond
}

func (g *grid[T]) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	h := o.(*headerCell)
	if id.Col < 0 || id.Col >= len(g.cols) {
		h.set("", nil)
		return
	}
	col := g.cols[id.Col]
	var icon fyne.Resource
	if col.sort != "" && col.sort == g.sortKey {
		icon = theme.MenuDropUpIcon()
		if g.desc {
			icon = theme.MenuDropDownIcon()
		}
	}
	h.set(lang.L(col.title), icon)
	h.onTap = func() { g.sortBy(id.Col) }
}

// selectRow selects row i.
func (g *grid[T]) selectRow(i int) {
	g.selected = i
	g.table.Refresh()
	if g.onSelect != nil {
		g.onSelect(i)
	}
}

// open selects and opens row i.
func (g *grid[T]) open(i int) {
	if _, ok := g.row(i); !ok {
		return
	}
	g.selectRow(i)
	if g.onOpen != nil {
		g.onOpen(i)
	}
}

// selectedRow returns the selected row, if any.
func (g *grid[T]) selectedRow() (*T, bool) {
	if g.selected < 0 {
		return nil, false
	}
	return g.row(g.selected)
}

// clearSelection forgets the selected row.
func (g *grid[T]) clearSelection() {
	g.selected = -1
	if g.onSelect != nil {
		g.onSelect(-1)
	}
}

// setSort shows key as the sort column without asking for a new order.
func (g *grid[T]) setSort(key string, desc bool) {
	g.sortKey, g.desc = key, desc
}

// sortBy sorts by column col, or reverses the order if it sorts already.
func (g *grid[T]) sortBy(col int) {
	key := g.cols[col].sort
	if key == "" || g.onSort == nil {
		return
	}
	if key == g.sortKey {
		g.desc = !g.desc
	} else {
		g.sortKey, g.desc = key, false
	}
	g.clearSelection()
	g.table.Refresh()
	g.onSort(g.sortKey, g.desc)
}

// refresh redraws the rows in view.
func (g *grid[T]) refresh() { g.table.Refresh() }

// fitColumns gives the columns their widths in a table of the given
// width (see fitWidths).
func (g *grid[T]) fitColumns(width float32) {
	pad := theme.Padding()
	natural := make([]float32, len(g.cols))
	floor := make([]float32, len(g.cols))
	avail := width - theme.ScrollBarSize() - pad
	for i, c := range g.cols {
		natural[i], floor[i] = c.width, headingWidth(c)
		if g.whole[i] {
			floor[i] = c.width
		}
		avail -= pad
	}
	floor[g.stretch] = max(floor[g.stretch], min(natural[g.stretch], stretchFloor))
	for i, w := range fitWidths(natural, floor, g.stretch, avail) {
		g.table.SetColumnWidth(i, w)
	}
}

// stretchFloor is how narrow the stretching column (a title) may become
// before the other columns give up width.
const stretchFloor = 120

// fitWidths returns the widths of columns of the given natural widths in
// avail: the stretching column takes what the others leave. When that is
// less than its natural width, it shrinks first, down to its floor; then
// the others shrink in proportion to what they have above their floors
// (their headings' widths), so that a narrow window cuts long values
// rather than the last columns. Only a table narrower than the floors
// scrolls sideways.
func fitWidths(natural, floor []float32, stretch int, avail float32) []float32 {
	out := slices.Clone(natural)
	var others, slack float32
	for i, w := range natural {
		if i != stretch {
			others += w
			slack += max(w-floor[i], 0)
		}
	}
	out[stretch] = max(avail-others, natural[stretch])
	short := others + natural[stretch] - avail
	if short <= 0 {
		return out
	}
	give := min(short, max(natural[stretch]-floor[stretch], 0))
	out[stretch] -= give
	short -= give
	if short <= 0 || slack <= 0 {
		return out
	}
	share := min(short/slack, 1)
	for i, w := range natural {
		if i != stretch {
			out[i] = w - max(w-floor[i], 0)*share
		}
	}
	return out
}

// stretchLayout fills its one object and tells fit the width it got.
type stretchLayout struct {
	fit   func(width float32)
	width float32
}

func (l *stretchLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width != l.width {
		l.width = size.Width
		l.fit(size.Width)
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *stretchLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	min := fyne.NewSize(0, 0)
	for _, o := range objs {
		min = min.Max(o.MinSize())
	}
	return min
}

// cell is one cell of a grid: a line of text on a background that marks
// the selected row. It takes taps for its row.
type cell struct {
	widget.BaseWidget
	bg    *canvas.Rectangle
	label *widget.Label

	onTap func()
}

func newCell() fyne.CanvasObject {
	c := &cell{bg: canvas.NewRectangle(theme.Color(theme.ColorNameSelection)), label: widget.NewLabel("")}
	c.label.Truncation = fyne.TextTruncateEllipsis
	c.bg.Hide()
	c.ExtendBaseWidget(c)
	return c
}

// set shows text, on the selection colour when selected.
func (c *cell) set(text string, selected bool) {
	c.label.SetText(text)
	if selected == c.bg.Visible() {
		return
	}
	if selected {
		c.bg.Show()
	} else {
		c.bg.Hide()
	}
}

// setWarn shows the text in the colour of errors, or as usual; the label
// is redrawn by the set that follows.
func (c *cell) setWarn(warn bool) {
	imp := widget.MediumImportance
	if warn {
		imp = widget.DangerImportance
	}
	c.label.Importance = imp
}

// CreateRenderer draws the background under the label.
func (c *cell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.bg, c.label))
}

// Tapped selects the cell's row (or opens it, see grid.tapped).
func (c *cell) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap()
	}
}

// headerCell is a column heading: bold text with the sort direction, if
// the table is sorted by this column. A tap sorts.
type headerCell struct {
	widget.BaseWidget
	label *widget.Label
	icon  *widget.Icon
	onTap func()
}

func newHeaderCell() fyne.CanvasObject {
	h := &headerCell{label: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		icon: widget.NewIcon(nil)}
	h.label.Truncation = fyne.TextTruncateEllipsis
	h.ExtendBaseWidget(h)
	return h
}

// set shows the heading text and a sort icon (nil for none).
func (h *headerCell) set(text string, icon fyne.Resource) {
	h.label.SetText(text)
	h.icon.SetResource(icon)
	if icon == nil {
		h.icon.Hide()
	} else {
		h.icon.Show()
	}
}

// CreateRenderer lays the icon after the text.
func (h *headerCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, h.icon, h.label))
}

// Tapped sorts by the column.
func (h *headerCell) Tapped(*fyne.PointEvent) {
	if h.onTap != nil {
		h.onTap()
	}
}
