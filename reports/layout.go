package reports

// gray is a grey level from 0 (black) to 255 (white).
type gray uint8

// canvas is what a laid-out page is drawn on: the PDF backend implements it.
// Coordinates are millimetres from the top-left corner of the page.
type canvas interface {
	text(t textOp)
	rect(r rectOp)
	line(l lineOp)
	qr(q qrOp)
}

// drawOp is one drawing operation of a laid-out page.
type drawOp interface {
	drawOn(c canvas)
}

// textOp draws one line of text starting at (x, y), y being the baseline.
type textOp struct {
	x, y  float64
	face  face
	size  float64 // points
	color gray
	s     string
}

// rectOp draws a rectangle, filled, stroked or both.
type rectOp struct {
	x, y, w, h float64
	fill       gray
	filled     bool
	stroked    bool // with borderWidth, in black
}

// lineOp draws a straight line.
type lineOp struct {
	x1, y1, x2, y2 float64
	width          float64
	color          gray
}

func (t textOp) drawOn(c canvas) { c.text(t) }
func (r rectOp) drawOn(c canvas) { c.rect(r) }
func (l lineOp) drawOn(c canvas) { c.line(l) }

// page is the display list of one laid-out page.
type page struct {
	ops []drawOp
	// parts are the blocks that drew on the page, in order: what the
	// pagination rules are checked against.
	parts []pagePart
}

// pagePart says which block drew ops[op:] of a page, up to the next part.
type pagePart struct {
	block int // index of the block in the document, titleBlock for the title
	op    int
}

// titleBlock is the block index of page 1's title block.
const titleBlock = -1

// layout places blocks on pages, top to bottom, starting new pages as
// needed. It measures text with the parsed fonts.
type layout struct {
	faces [numFaces]*fontFile
	pages []*page
	y     float64 // top of the free space on the current page
	left  float64 // left edge of the content area: the binding margin
	width float64 // width of the content area

	block int     // index of the block being placed
	tail  float64 // room the block being placed keeps below its end for the blocks kept with it

	// wraps holds the lines of every text wrapped so far: blocks wrap
	// their first row to measure it before they place it, and a
	// document with a list of contents is laid out more than once.
	wraps map[wrapKey][]string
}

// wrapKey is what the lines of a wrapped text depend on.
type wrapKey struct {
	s             string
	f             face
	sizePt, width float64
}

// newLayout returns a layout with one empty page whose content area
// starts left millimetres from the left edge.
func newLayout(faces [numFaces]*fontFile, left float64) *layout {
	l := &layout{faces: faces, left: left, width: pageWidth - left - marginRight, block: titleBlock,
		wraps: map[wrapKey][]string{}}
	l.newPage()
	return l
}

// cur returns the current page.
func (l *layout) cur() *page { return l.pages[len(l.pages)-1] }

// add appends drawing operations to the current page for the block being
// placed.
func (l *layout) add(ops ...drawOp) {
	p := l.cur()
	if n := len(p.parts); len(ops) > 0 && (n == 0 || p.parts[n-1].block != l.block) {
		p.parts = append(p.parts, pagePart{block: l.block, op: len(p.ops)})
	}
	p.ops = append(p.ops, ops...)
}

// newPage starts a new page and moves to the top of its content area.
func (l *layout) newPage() {
	l.pages = append(l.pages, &page{})
	l.y = contentTop
}

// avail returns the height left on the current page.
func (l *layout) avail() float64 { return contentBottom - l.y }

// atTop reports whether nothing has been placed on the current page yet.
func (l *layout) atTop() bool { return l.y <= contentTop }

// ensure starts a new page unless h millimetres fit on the current one.
func (l *layout) ensure(h float64) {
	if h > l.avail()+wrapEpsilon && !l.atTop() {
		l.newPage()
	}
}

// gap adds vertical space after a block; it is dropped at the page bottom.
func (l *layout) gap(h float64) { l.y = min(l.y+h, contentBottom) }

// textWidth returns the width of s in millimetres.
func (l *layout) textWidth(s string, f face, sizePt float64) float64 {
	ff, units := l.faces[f], 0
	for _, r := range s {
		units += int(ff.width(r))
	}
	return float64(units) * sizePt * ptToMM / 1000
}

// wrapLines wraps s to width millimetres and returns the lines' text,
// which the caller must not modify.
func (l *layout) wrapLines(s string, f face, sizePt, width float64) []string {
	key := wrapKey{s, f, sizePt, width}
	if out, ok := l.wraps[key]; ok {
		return out
	}
	ff, scale := l.faces[f], sizePt*ptToMM/1000
	lines := wrap(s, width, func(r rune) float64 { return float64(ff.width(r)) * scale })
	out := make([]string, len(lines))
	for i, ln := range lines {
		out[i] = ln.text
	}
	l.wraps[key] = out
	return out
}

// truncate shortens s with a trailing "…" until it fits width.
func (l *layout) truncate(s string, f face, sizePt, width float64) string {
	if l.textWidth(s, f, sizePt) <= width {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && l.textWidth(string(rs)+"…", f, sizePt) > width {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

// alignedText returns a text operation for s placed in a box from x to
// x+width with the given alignment: 'L', 'C' or 'R'.
func (l *layout) alignedText(s string, f face, sizePt float64, color gray, x, width, baseline float64, align byte) textOp {
	switch align {
	case 'C':
		x += (width - l.textWidth(s, f, sizePt)) / 2
	case 'R':
		x += width - l.textWidth(s, f, sizePt)
	}
	return textOp{x: x, y: baseline, face: f, size: sizePt, color: color, s: s}
}
