package reports

import "strings"

// block is one recorded element of a document, laid out by Write.
type block interface {
	place(l *layout)
}

// continued is appended to a repeated label on the pages a block continues to.
var continued = label("report.continued")

// headingBlock is a section heading: bold text on a shaded bar. A part
// heading (of the dossier) is larger and darker.
type headingBlock struct {
	text string
	part bool
}

// leader is a block that can say how much room its start needs on a
// page: the least of it that is placed rather than moved to the next
// page, given the room tail it keeps below its end for the blocks kept
// with it (see placeBlocks). A heading before it is kept on the same page
// as that start.
type leader interface {
	leadHeight(l *layout, tail float64) float64
}

// follower is a block kept on the same page as the end of the block
// before it: the signatures and the notes.
type follower interface {
	follows()
}

// row returns the heading's bar.
func (b headingBlock) row(l *layout) *rowSpec {
	size, fill := sizeHeading, greyHeading
	if b.part {
		size, fill = sizePart, greyPart
	}
	r := &rowSpec{size: size, minH: 0, border: true, cells: []cellSpec{
		l.makeCell(b.text, faceBold, size, l.left, l.width),
	}}
	r.cells[0].shaded, r.cells[0].fill, r.cells[0].vcenter = true, fill, true
	return r
}

// leadHeight of a heading is the heading with what it keeps below it:
// the start of the next block (tail), at least keepWithNext.
func (b headingBlock) leadHeight(l *layout, tail float64) float64 {
	r := b.row(l)
	return r.partHeight(r.lineCount()) + blockGap/2 + max(keepWithNext, tail)
}

func (b headingBlock) place(l *layout) {
	r := b.row(l)
	l.ensure(r.partHeight(r.lineCount()) + blockGap/2 + max(keepWithNext, l.tail))
	l.placeRow(r, nil)
	l.gap(blockGap / 2)
}

// fieldsBlock is a form table of label/value pairs.
type fieldsBlock struct{ fields []Field }

func (b fieldsBlock) leadHeight(l *layout, tail float64) float64 {
	rows := pairFields(b.fields)
	if len(rows) == 0 {
		return 0
	}
	r := l.fieldRow(rows[0])
	if len(rows) == 1 && !r.splittable() {
		return r.leadHeight() + tail
	}
	return r.leadHeight()
}

func (b fieldsBlock) place(l *layout) {
	rows := pairFields(b.fields)
	for i, row := range rows {
		r := l.fieldRow(row)
		tail := 0.0
		if i == len(rows)-1 {
			tail = l.tail
			if i == 0 && !r.splittable() {
				l.ensure(r.partHeight(r.lineCount()) + tail)
			}
			l.keepLast(r, i == 0, nil)
		}
		l.placeRowKeep(r, nil, tail)
	}
	l.gap(blockGap)
}

// pairFields groups fields into rows: two narrow fields share a row; a wide
// field, or a narrow one with no narrow partner next to it, fills its row.
func pairFields(fields []Field) [][]Field {
	var rows [][]Field
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if !f.Wide && i+1 < len(fields) && !fields[i+1].Wide {
			rows = append(rows, []Field{f, fields[i+1]})
			i++
			continue
		}
		rows = append(rows, []Field{f})
	}
	return rows
}

// fieldRow builds the cells of one form row: a shaded label cell before
// each value cell.
func (l *layout) fieldRow(fields []Field) *rowSpec {
	r := &rowSpec{size: sizeBody, minH: minRowHeight, border: true}
	pairW := l.width / float64(len(fields))
	for i, f := range fields {
		x := l.left + float64(i)*pairW
		r.cells = append(r.cells, l.labelCell(f.Label, x))
		r.cells = append(r.cells, l.makeCell(f.Value, faceRegular, sizeBody, x+fieldLabelW, pairW-fieldLabelW))
	}
	return r
}

// labelCell returns the shaded label cell of a form row at x.
func (l *layout) labelCell(label string, x float64) cellSpec {
	c := l.makeCell(label, faceBold, sizeBody, x, fieldLabelW)
	c.shaded, c.vcenter, c.align = true, true, 'C'
	return c
}

// textBlock is a labelled, bordered box of free text: the label in a
// shaded cell on the left, as in a form row, the text beside it. The box
// is as tall as its text, and leaves room to write when it is empty; long
// text continues across pages with the label, marked as continued,
// beside it on every page.
type textBlock struct {
	label, text string
	joined      bool // the next block is a text box too: no gap, one form
}

// row returns the text box as a row that flows across pages.
func (b textBlock) row(l *layout) *rowSpec {
	label := l.labelCell(b.label, l.left)
	label.cont = l.wrapLines(b.label+continued, faceBold, sizeBody, fieldLabelW-2*cellPadX)
	minH := minRowHeight
	if strings.TrimSpace(b.text) == "" {
		minH = emptyTextHeight
	}
	return &rowSpec{size: sizeBody, minH: minH, border: true, flow: true, cells: []cellSpec{
		label, l.makeCell(b.text, faceRegular, sizeBody, l.left+fieldLabelW, l.width-fieldLabelW),
	}}
}

func (b textBlock) leadHeight(l *layout, tail float64) float64 {
	r := b.row(l)
	if n := r.lineCount(); n < 4 {
		return r.partHeight(n) + tail
	}
	return r.partHeight(2)
}

func (b textBlock) place(l *layout) {
	r := b.row(l)
	l.ensure(b.leadHeight(l, l.tail))
	l.placeRowKeep(r, nil, l.tail)
	if !b.joined {
		l.gap(blockGap)
	}
}

// tableBlock is a table with a header row repeated on every page, under
// an optional caption or group row.
type tableBlock struct {
	caption string
	// group, when set, is a row of fields naming what the rows belong to,
	// such as the system of a version history: it is kept with the header
	// and the first row, and repeats with the header on every page the
	// table continues to, its first label marked as continued.
	group []Field
	cols  []Column
	rows  [][]string
}

// tableParts are the rows of a table being placed.
type tableParts struct {
	lead   []*rowSpec // caption or group row, then the header
	repeat []*rowSpec // what repeats at the top of each further page
	first  *rowSpec   // the first body row, nil without rows
	xs, ws []float64
}

// parts builds the rows that open the table and its first body row.
func (b tableBlock) parts(l *layout) tableParts {
	var p tableParts
	p.xs, p.ws = l.columnExtents(b.cols, b.rows)
	header := b.headerRow(l, p.xs, p.ws)
	switch {
	case b.caption != "":
		p.lead = append(p.lead, l.labelBar(b.caption))
	case len(b.group) > 0:
		g := l.fieldRow(b.group)
		p.lead = append(p.lead, g)
		cont := *g
		cont.cells = append([]cellSpec(nil), g.cells...)
		cont.cells[0] = l.labelCell(b.group[0].Label+continued, cont.cells[0].x)
		p.repeat = append(p.repeat, &cont)
	}
	p.lead = append(p.lead, header)
	p.repeat = append(p.repeat, header)
	if len(b.rows) > 0 {
		p.first = b.bodyRow(l, b.rows[0], p.xs, p.ws)
	}
	return p
}

// leadHeight is what must fit for the table to start on a page: the
// caption or group row, the header and the start of the first row (all of
// the only row with the room kept below it).
func (b tableBlock) leadHeight(l *layout, tail float64) float64 {
	return b.leadHeightOf(b.parts(l), tail)
}

// leadHeightOf is leadHeight for the table's parts p.
func (b tableBlock) leadHeightOf(p tableParts, tail float64) float64 {
	need := 0.0
	for _, r := range p.lead {
		need += r.partHeight(r.lineCount())
	}
	if p.first != nil {
		need += p.first.leadHeight()
		if len(b.rows) == 1 && !p.first.splittable() {
			need += tail
		}
	}
	return need
}

func (b tableBlock) place(l *layout) {
	p := b.parts(l)
	l.ensure(b.leadHeightOf(p, l.tail))
	for _, r := range p.lead {
		l.placeRow(r, nil)
	}
	repeat := func() {
		for _, r := range p.repeat {
			l.placeRow(r, nil)
		}
	}
	for i, cells := range b.rows {
		r := p.first
		if i > 0 {
			r = b.bodyRow(l, cells, p.xs, p.ws)
		}
		tail := 0.0
		if i == len(b.rows)-1 {
			tail = l.tail
			l.keepLast(r, i == 0, repeat)
		}
		l.placeRowKeep(r, repeat, tail)
	}
	l.gap(blockGap)
}

// labelBar returns a full-width shaded row holding a bold label.
func (l *layout) labelBar(label string) *rowSpec {
	c := l.makeCell(label, faceBold, sizeBody, l.left, l.width)
	c.shaded, c.vcenter = true, true
	return &rowSpec{size: sizeBody, minH: minRowHeight - 1, border: true, cells: []cellSpec{c}}
}

// maxTokenShare is the largest share of the content width a column is
// widened to so that its longest token (see tokenWidth) is not broken.
const maxTokenShare = 0.35

// columnExtents scales relative column widths to the content width,
// widening a column whose title would otherwise wrap, or whose cells hold
// a token (an e-mail address, a phone number, a version …) that would
// otherwise be broken, to that width (up to maxTokenShare of the content
// width), at the expense of the others in proportion to their weights, as
// far as the content width allows.
func (l *layout) columnExtents(cols []Column, rows [][]string) (xs, ws []float64) {
	ws = make([]float64, len(cols))
	least := make([]float64, len(cols))
	ff, scale := l.faces[faceRegular], sizeTable*ptToMM/1000
	measure := func(r rune) float64 { return float64(ff.width(r)) * scale }
	for _, row := range rows {
		for i, cell := range row {
			least[i] = max(least[i], min(tokenWidth(cell, measure), maxTokenShare*l.width))
		}
	}
	titles := make([]float64, len(cols))
	sum, sumTitles := 0.0, 0.0
	for i, c := range cols {
		titles[i] = l.textWidth(c.Title, faceBold, sizeTable) + 2*cellPadX
		least[i] = max(least[i]+2*cellPadX, titles[i])
		sum, sumTitles = sum+least[i], sumTitles+titles[i]
	}
	if sum > l.width { // not every token fits: keep the titles whole at least
		least, sum = titles, sumTitles
	}
	fixed := make([]bool, len(cols))
	for changed := true; changed; {
		changed = false
		room, total := l.width, 0.0
		for i, c := range cols {
			if fixed[i] {
				room -= ws[i]
			} else {
				total += columnWeight(c)
			}
		}
		for i, c := range cols {
			if fixed[i] {
				continue
			}
			ws[i] = room * columnWeight(c) / total
			if ws[i] < least[i] && sum <= l.width {
				ws[i], fixed[i], changed = least[i], true, true
			}
		}
	}
	x := l.left
	for _, w := range ws {
		xs = append(xs, x)
		x += w
	}
	return xs, ws
}

// columnWeight returns a column's relative width; zero or negative counts as 1.
func columnWeight(c Column) float64 {
	if c.Width <= 0 {
		return 1
	}
	return c.Width
}

// headerRow builds the shaded, bold, centred header row.
func (b tableBlock) headerRow(l *layout, xs, ws []float64) *rowSpec {
	r := &rowSpec{size: sizeTable, minH: minRowHeight, border: true}
	for i, c := range b.cols {
		cell := l.makeCell(c.Title, faceBold, sizeTable, xs[i], ws[i])
		cell.shaded, cell.vcenter, cell.align = true, true, 'C'
		r.cells = append(r.cells, cell)
	}
	return r
}

// bodyRow builds one body row; missing cells are empty.
func (b tableBlock) bodyRow(l *layout, cells []string, xs, ws []float64) *rowSpec {
	r := &rowSpec{size: sizeTable, minH: minRowHeight - 1, border: true}
	for i, c := range b.cols {
		var text string
		if i < len(cells) {
			text = cells[i]
		}
		cell := l.makeCell(text, faceRegular, sizeTable, xs[i], ws[i])
		cell.align = alignOf(c.Align)
		r.cells = append(r.cells, cell)
	}
	return r
}

// alignOf maps Column.Align to 'L', 'C' or 'R'; anything else is 'L'.
func alignOf(a string) byte {
	switch strings.ToUpper(strings.TrimSpace(a)) {
	case "C":
		return 'C'
	case "R":
		return 'R'
	}
	return 'L'
}

// signLabel returns the label before a signature line, "role（签字）：".
func signLabel(role string) string { return labelf("report.sign.role", map[string]any{"Role": role}) }

// signaturesBlock is a group of blank signature lines, kept on one page.
type signaturesBlock struct{ roles []string }

// Signature line geometry, in millimetres. The date ends at the right
// margin; the signature line runs from the role label to signDateGap
// before the date.
const (
	signRoleW      = 62.0 // the role label ("… （签字）：") wraps within this width
	signDateGap    = 4.0
	signYearLineW  = 20.0
	signMonthLineW = 11.0
	signDayLineW   = 11.0
)

func (signaturesBlock) follows() {}

// rows returns the wrapped label of each role and the height of its row.
func (b signaturesBlock) rows(l *layout) (labels [][]string, heights []float64, total float64) {
	for _, role := range b.roles {
		lines := l.wrapLines(signLabel(role), faceRegular, sizeBody, signRoleW)
		h := max(signRowHeight, float64(len(lines))*lineHeight(sizeBody)+6)
		labels, heights, total = append(labels, lines), append(heights, h), total+h
	}
	return labels, heights, total
}

// leadHeight of the signatures is all of them: they are kept together,
// and with the room kept below them.
func (b signaturesBlock) leadHeight(l *layout, tail float64) float64 {
	_, _, total := b.rows(l)
	return total + blockGap + tail
}

func (b signaturesBlock) place(l *layout) {
	labels, heights, total := b.rows(l)
	l.ensure(total + blockGap + l.tail)
	for i, lines := range labels {
		l.ensure(heights[i])
		l.signatureRow(lines, heights[i])
	}
	l.gap(blockGap)
}

// signatureRow draws one role: its label, a signature line and a date with
// blank year, month and day.
func (l *layout) signatureRow(lines []string, h float64) {
	lh := lineHeight(sizeBody)
	last := l.y + h - 3.5 // baseline of the label's last line
	for i, s := range lines {
		l.add(textOp{x: l.left, y: last - float64(len(lines)-1-i)*lh, face: faceRegular,
			size: sizeBody, color: greyText, s: s})
	}
	ruleY := last + 1.2
	date := label("report.sign.date")
	parts := []struct {
		w    float64
		unit string
	}{{signYearLineW, label("report.sign.year")}, {signMonthLineW, label("report.sign.month")}, {signDayLineW, label("report.sign.day")}}
	dateW := l.textWidth(date, faceRegular, sizeBody)
	for _, part := range parts {
		dateW += part.w + 1.6 + l.textWidth(part.unit, faceRegular, sizeBody)
	}
	dateX := l.left + l.width - dateW
	x := l.left + l.textWidth(lines[len(lines)-1], faceRegular, sizeBody) + 1
	l.add(lineOp{x1: x, y1: ruleY, x2: dateX - signDateGap, y2: ruleY, width: signRuleWidth})
	x = dateX
	l.add(textOp{x: x, y: last, face: faceRegular, size: sizeBody, color: greyText, s: date})
	x += l.textWidth(date, faceRegular, sizeBody)
	for _, part := range parts {
		l.add(lineOp{x1: x, y1: ruleY, x2: x + part.w, y2: ruleY, width: signRuleWidth})
		x += part.w + 0.8
		l.add(textOp{x: x, y: last, face: faceRegular, size: sizeBody, color: greyText, s: part.unit})
		x += l.textWidth(part.unit, faceRegular, sizeBody) + 0.8
	}
	l.y += h
}

// noteBlock is small grey text, kept on the page where the block before
// it ends. A short note is kept whole; a longer one flows across pages
// line by line, leaving at least two lines on each page.
type noteBlock struct{ text string }

func (noteBlock) follows() {}

// leadHeight of a note is all of it with the room kept below it, or two
// lines of a note that may be split.
func (b noteBlock) leadHeight(l *layout, tail float64) float64 {
	lh := lineHeight(sizeNote)
	h := float64(len(l.wrapLines(b.text, faceRegular, sizeNote, l.width))) * lh
	if h > maxWholeNote {
		return 2 * lh
	}
	return h + tail
}

func (b noteBlock) place(l *layout) {
	lh := lineHeight(sizeNote)
	lines := l.wrapLines(b.text, faceRegular, sizeNote, l.width)
	l.ensure(b.leadHeight(l, l.tail))
	for i := 0; i < len(lines); {
		left := len(lines) - i
		fit := int((l.avail() + wrapEpsilon) / lh)
		n := left
		switch {
		case float64(left)*lh+l.tail <= l.avail()+wrapEpsilon:
		case fit >= left && left < 4, l.atTop() && fit < 4: // keep the last lines together
		default:
			n = min(fit, left-2)
		}
		if n < left && n < 2 && !l.atTop() {
			l.newPage()
			continue
		}
		for _, s := range lines[i : i+n] {
			if s != "" {
				l.add(textOp{x: l.left, y: l.y + baselineOffset(lh, sizeNote), face: faceRegular,
					size: sizeNote, color: greyNote, s: s})
			}
			l.y += lh
		}
		if i += n; i < len(lines) {
			l.newPage()
		}
	}
	l.gap(blockGap)
}

// pageBreakBlock starts a new page unless the current one is still empty.
type pageBreakBlock struct{}

func (pageBreakBlock) place(l *layout) {
	if !l.atTop() {
		l.newPage()
	}
}

// spaceBlock is vertical white space; it ends at the bottom of a page.
type spaceBlock struct{ h float64 }

func (b spaceBlock) place(l *layout) {
	if !l.atTop() || b.h > 0 {
		l.gap(b.h)
	}
}

// centredBlock is a line of text centred on the page, wrapped if long,
// such as the case title on the dossier's cover.
type centredBlock struct {
	text string
	face face
	size float64
}

func (b centredBlock) place(l *layout) {
	lh := lineHeight(b.size)
	lines := l.wrapLines(b.text, b.face, b.size, l.width)
	l.ensure(float64(len(lines)) * lh)
	for _, s := range lines {
		l.ensure(lh)
		l.add(l.alignedText(s, b.face, b.size, greyText, l.left, l.width, l.y+baselineOffset(lh, b.size), 'C'))
		l.y += lh
	}
	l.gap(blockGap)
}
