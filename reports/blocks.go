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
	keep float64 // room the next block needs to start, if known (see leader)
}

// leader is a block that can say how much room its start needs on a
// page: the least of it that is placed rather than moved to the next
// page. A heading before it is kept on the same page as that start.
type leader interface {
	leadHeight(l *layout) float64
}

func (b headingBlock) place(l *layout) {
	size, fill := sizeHeading, greyHeading
	if b.part {
		size, fill = sizePart, greyPart
	}
	r := &rowSpec{size: size, minH: 0, border: true, cells: []cellSpec{
		l.makeCell(b.text, faceBold, size, marginLeft, contentWidth),
	}}
	r.cells[0].shaded, r.cells[0].fill, r.cells[0].vcenter = true, fill, true
	l.ensure(r.partHeight(r.lineCount()) + min(max(keepWithNext, b.keep), maxKeepWithNext))
	l.placeRow(r, nil, 0)
	l.gap(blockGap / 2)
}

// fieldsBlock is a form table of label/value pairs.
type fieldsBlock struct{ fields []Field }

func (b fieldsBlock) leadHeight(l *layout) float64 {
	rows := pairFields(b.fields)
	if len(rows) == 0 {
		return 0
	}
	r := l.fieldRow(rows[0])
	return r.partHeight(r.lineCount())
}

func (b fieldsBlock) place(l *layout) {
	for _, row := range pairFields(b.fields) {
		l.placeRow(l.fieldRow(row), nil, 0)
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
	pairW := contentWidth / float64(len(fields))
	for i, f := range fields {
		x := marginLeft + float64(i)*pairW
		label := l.makeCell(f.Label, faceBold, sizeBody, x, fieldLabelW)
		label.shaded, label.vcenter, label.align = true, true, 'C'
		value := l.makeCell(f.Value, faceRegular, sizeBody, x+fieldLabelW, pairW-fieldLabelW)
		r.cells = append(r.cells, label, value)
	}
	return r
}

// textBlock is a labelled, bordered block of free text.
type textBlock struct{ label, text string }

func (b textBlock) leadHeight(l *layout) float64 {
	bar := l.labelBar(b.label)
	return bar.partHeight(bar.lineCount()) + (&rowSpec{size: sizeBody, minH: minRowHeight * 2}).partHeight(2)
}

func (b textBlock) place(l *layout) {
	body := &rowSpec{size: sizeBody, minH: minRowHeight * 2, border: true, flow: true, cells: []cellSpec{
		l.makeCell(b.text, faceRegular, sizeBody, marginLeft, contentWidth),
	}}
	bar := l.labelBar(b.label)
	barH := bar.partHeight(bar.lineCount())
	firstPart := body.partHeight(min(2, body.lineCount()))
	l.ensure(barH + firstPart)
	l.placeRow(bar, nil, 0)
	repeat := func() { l.placeRow(l.labelBar(b.label+continued), nil, 0) }
	l.placeRow(body, repeat, barH)
	l.gap(blockGap)
}

// labelBar returns a full-width shaded row holding a bold label.
func (l *layout) labelBar(label string) *rowSpec {
	c := l.makeCell(label, faceBold, sizeBody, marginLeft, contentWidth)
	c.shaded, c.vcenter = true, true
	return &rowSpec{size: sizeBody, minH: minRowHeight - 1, border: true, cells: []cellSpec{c}}
}

// tableBlock is a table with a header row repeated on every page, under
// an optional caption.
type tableBlock struct {
	caption string
	cols    []Column
	rows    [][]string
}

// start returns the table's header row, its height, its first body row
// (nil without rows) and the room caption, header and first row need
// together: the header must not stay alone at the bottom of a page.
func (b tableBlock) start(l *layout) (header *rowSpec, headerH float64, first *rowSpec, need float64) {
	xs, ws := columnExtents(b.cols)
	header = b.headerRow(l, xs, ws)
	headerH = header.partHeight(header.lineCount())
	need = headerH
	if b.caption != "" {
		bar := l.labelBar(b.caption)
		need += bar.partHeight(bar.lineCount())
	}
	if len(b.rows) > 0 {
		first = b.bodyRow(l, b.rows[0], xs, ws)
		firstH := first.partHeight(first.lineCount())
		if firstH > contentBottom-contentTop-headerH { // will be split anyway
			firstH = first.partHeight(2)
		}
		need += firstH
	}
	return header, headerH, first, need
}

func (b tableBlock) leadHeight(l *layout) float64 {
	_, _, _, need := b.start(l)
	return need
}

func (b tableBlock) place(l *layout) {
	xs, ws := columnExtents(b.cols)
	header, headerH, first, need := b.start(l)
	l.ensure(need)
	if b.caption != "" {
		l.placeRow(l.labelBar(b.caption), nil, 0)
	}
	l.placeRow(header, nil, 0)
	repeat := func() { l.placeRow(header, nil, 0) }
	for i, cells := range b.rows {
		r := first
		if i > 0 {
			r = b.bodyRow(l, cells, xs, ws)
		}
		l.placeRow(r, repeat, headerH)
	}
	l.gap(blockGap)
}

// columnExtents scales relative column widths to the content width.
func columnExtents(cols []Column) (xs, ws []float64) {
	total := 0.0
	for _, c := range cols {
		total += columnWeight(c)
	}
	x := marginLeft
	for _, c := range cols {
		w := contentWidth * columnWeight(c) / total
		xs, ws = append(xs, x), append(ws, w)
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

// Signature line geometry, in millimetres from the left margin.
const (
	signRoleW      = 62.0  // the role label ("… （签字）：") wraps within this width
	signLineEnd    = 100.0 // the signature line runs to here
	signDateX      = 104.0 // "日期："
	signYearLineW  = 20.0
	signMonthLineW = 11.0
	signDayLineW   = 11.0
)

func (b signaturesBlock) leadHeight(l *layout) float64 {
	total := 0.0
	for _, role := range b.roles {
		lines := l.wrapLines(signLabel(role), faceRegular, sizeBody, signRoleW)
		total += max(signRowHeight, float64(len(lines))*lineHeight(sizeBody)+6)
	}
	return total
}

func (b signaturesBlock) place(l *layout) {
	rows := make([][]string, len(b.roles))
	total := 0.0
	for i, role := range b.roles {
		rows[i] = l.wrapLines(signLabel(role), faceRegular, sizeBody, signRoleW)
		total += max(signRowHeight, float64(len(rows[i]))*lineHeight(sizeBody)+6)
	}
	l.ensure(total)
	for _, lines := range rows {
		h := max(signRowHeight, float64(len(lines))*lineHeight(sizeBody)+6)
		l.ensure(h)
		l.signatureRow(lines, h)
	}
	l.gap(blockGap)
}

// signatureRow draws one role: its label, a signature line and a date with
// blank year, month and day.
func (l *layout) signatureRow(lines []string, h float64) {
	lh := lineHeight(sizeBody)
	last := l.y + h - 3.5 // baseline of the label's last line
	for i, s := range lines {
		l.add(textOp{x: marginLeft, y: last - float64(len(lines)-1-i)*lh, face: faceRegular,
			size: sizeBody, color: greyText, s: s})
	}
	ruleY := last + 1.2
	x := marginLeft + l.textWidth(lines[len(lines)-1], faceRegular, sizeBody) + 1
	l.add(lineOp{x1: x, y1: ruleY, x2: marginLeft + signLineEnd, y2: ruleY, width: signRuleWidth})
	x = marginLeft + signDateX
	date := label("report.sign.date")
	l.add(textOp{x: x, y: last, face: faceRegular, size: sizeBody, color: greyText, s: date})
	x += l.textWidth(date, faceRegular, sizeBody)
	for _, part := range []struct {
		w    float64
		unit string
	}{{signYearLineW, label("report.sign.year")}, {signMonthLineW, label("report.sign.month")}, {signDayLineW, label("report.sign.day")}} {
		l.add(lineOp{x1: x, y1: ruleY, x2: x + part.w, y2: ruleY, width: signRuleWidth})
		x += part.w + 0.8
		l.add(textOp{x: x, y: last, face: faceRegular, size: sizeBody, color: greyText, s: part.unit})
		x += l.textWidth(part.unit, faceRegular, sizeBody) + 0.8
	}
	l.y += h
}

// noteBlock is small grey text that flows across pages line by line.
type noteBlock struct{ text string }

func (b noteBlock) leadHeight(*layout) float64 { return lineHeight(sizeNote) }

func (b noteBlock) place(l *layout) {
	lh := lineHeight(sizeNote)
	for _, s := range l.wrapLines(b.text, faceRegular, sizeNote, contentWidth) {
		l.ensure(lh)
		if s != "" {
			l.add(textOp{x: marginLeft, y: l.y + baselineOffset(lh, sizeNote), face: faceRegular,
				size: sizeNote, color: greyNote, s: s})
		}
		l.y += lh
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
	lines := l.wrapLines(b.text, b.face, b.size, contentWidth)
	l.ensure(float64(len(lines)) * lh)
	for _, s := range lines {
		l.ensure(lh)
		l.add(l.alignedText(s, b.face, b.size, greyText, marginLeft, contentWidth, l.y+baselineOffset(lh, b.size), 'C'))
		l.y += lh
	}
	l.gap(blockGap)
}
