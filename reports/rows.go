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
// header row; repeatH is the height onNewPage uses. A row taller than a
// whole page is split between lines.
func (l *layout) placeRow(r *rowSpec, onNewPage func(), repeatH float64) {
	total := r.lineCount()
	pageRoom := contentBottom - contentTop - repeatH
	fresh := false // whether the current page was started for this row
	for off := 0; ; {
		left := total - off
		if r.partHeight(left) <= l.avail()+wrapEpsilon {
			l.drawRowPart(r, off, left)
			return
		}
		fit := r.fitLines(l.avail())
		switch {
		case fresh && fit < 1: // a line taller than a page: cannot happen with style.go
			l.drawRowPart(r, off, left)
			return
		case fresh || ((r.flow || r.partHeight(left) > pageRoom) && fit >= 2):
			l.drawRowPart(r, off, fit)
			off += fit
		}
		l.newPage()
		if onNewPage != nil {
			onNewPage()
		}
		fresh = true
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
