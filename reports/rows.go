package reports

// cellSpec is one bordered cell of a row: its horizontal extent and its
// wrapped lines of text.
type cellSpec struct {
	x, w    float64
	lines   []string
	face    face
	align   byte // 'L', 'C' or 'R'
	shaded  bool // filled with fill
	fill    gray
	vcenter bool // centre the lines vertically instead of top-aligning them
	// cont, when set, makes the cell a label that every part of a split
	// row shows: its lines on the first part, cont on the others (the
	// label marked as continued).
	cont []string
}

// rowSpec is a row of cells sharing one type size. A row is not split
// across pages unless it flows or is taller than a whole page; a split row
// continues on the next page, line by line, with its borders closed on
// each page.
type rowSpec struct {
	cells  []cellSpec
	size   float64 // points
	minH   float64 // minimum height of the row (or of each of its parts)
	border bool
	flow   bool // free text: split wherever the page ends, leaving at least two lines
}

// lineH returns the row's line pitch.
func (r *rowSpec) lineH() float64 { return lineHeight(r.size) }

// lineCount returns the number of lines of the row's tallest cell.
func (r *rowSpec) lineCount() int {
	n := 0
	for _, c := range r.cells {
		n = max(n, len(c.lines))
	}
	return n
}

// partHeight returns the height of the part of the row that shows n lines.
func (r *rowSpec) partHeight(n int) float64 {
	return max(r.minH, float64(n)*r.lineH()+2*cellPadY)
}

// splittable reports whether the row may be split across pages.
func (r *rowSpec) splittable() bool {
	return r.flow || r.partHeight(r.lineCount()) > maxWholeRow
}

// leadHeight returns the height of the least of the row that is placed
// on a page rather than moved to the next: all of it, or two lines of a
// row that may be split.
func (r *rowSpec) leadHeight() float64 {
	n := r.lineCount()
	if r.splittable() {
		n = min(n, 2)
	}
	return r.partHeight(n)
}

// fitLines returns how many lines of the row fit in height h.
func (r *rowSpec) fitLines(h float64) int {
	return int((h - 2*cellPadY + wrapEpsilon) / r.lineH())
}

// makeCell wraps text into a cell spanning x to x+w.
func (l *layout) makeCell(text string, f face, sizePt, x, w float64) cellSpec {
	return cellSpec{x: x, w: w, face: f, align: 'L', fill: greyLabel,
		lines: l.wrapLines(text, f, sizePt, w-2*cellPadX)}
}

// placeRow places a row at the current position. If it does not fit on the
// current page it moves to a new page, where onNewPage (which may be nil)
// first draws whatever repeats at the top of each page, such as a table's
// header row. A row that may be split (see splittable) is split between
// lines instead, leaving at least two lines on each page.
func (l *layout) placeRow(r *rowSpec, onNewPage func()) { l.placeRowKeep(r, onNewPage, 0) }

// placeRowKeep places a row like placeRow, keeping tail millimetres free
// below its end: a row that may be split then leaves its last two lines
// for the next page rather than end a page without room for what is kept
// with it. (A row that may not be split is moved by its block; see
// keepLast.)
func (l *layout) placeRowKeep(r *rowSpec, onNewPage func(), tail float64) {
	total, split := r.lineCount(), r.splittable()
	fresh := false // whether the current page was started for this row
	for off := 0; ; {
		left := total - off
		h, avail := r.partHeight(left), l.avail()+wrapEpsilon
		if h+tail <= avail || (h <= avail && (!split || left < 4)) {
			l.drawRowPart(r, off, left)
			return
		}
		fit := min(r.fitLines(l.avail()), left-2)
		switch {
		case fit >= 2 && (split || fresh):
			l.drawRowPart(r, off, fit)
			off += fit
		case fresh: // a page holds less than four lines: cannot happen with style.go
			l.drawRowPart(r, off, left)
			return
		}
		l.newPage()
		if onNewPage != nil {
			onNewPage()
		}
		fresh = true
	}
}

// keepLast moves the last row r of a block to a new page, where onNewPage
// (which may be nil) first draws what repeats, when r cannot be split and
// fits on the current page but not with the room l.tail that the blocks
// after it need; the block's earlier rows stay. Nothing moves when r is
// the block's first row (first): the block's start kept that room.
func (l *layout) keepLast(r *rowSpec, first bool, onNewPage func()) {
	h := r.partHeight(r.lineCount())
	if first || r.splittable() || l.tail == 0 || h > l.avail()+wrapEpsilon || h+l.tail <= l.avail()+wrapEpsilon {
		return
	}
	l.newPage()
	if onNewPage != nil {
		onNewPage()
	}
}

// drawRowPart draws lines [from, from+n) of every cell of a row at the
// current position and moves below it.
func (l *layout) drawRowPart(r *rowSpec, from, n int) {
	h, lh := r.partHeight(n), r.lineH()
	for _, c := range r.cells {
		if c.shaded || r.border {
			l.add(rectOp{x: c.x, y: l.y, w: c.w, h: h, fill: c.fill, filled: c.shaded, stroked: r.border})
		}
		lines := c.lines[min(from, len(c.lines)):min(from+n, len(c.lines))]
		switch {
		case c.cont != nil && from > 0:
			lines = c.cont
		case c.cont != nil:
			lines = c.lines
		}
		top := l.y + cellPadY
		if c.vcenter {
			top = l.y + (h-float64(len(lines))*lh)/2
		}
		for i, s := range lines {
			if s == "" {
				continue
			}
			base := top + float64(i)*lh + baselineOffset(lh, r.size)
			l.add(l.alignedText(s, c.face, r.size, greyText, c.x+cellPadX, c.w-2*cellPadX, base, c.align))
		}
	}
	l.y += h
}
