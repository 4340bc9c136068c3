package reports

import "strings"

// Date and time format of the footer.
const generatedLayout = "2006-01-02 15:04"

// placeTitle draws the title block of page 1: the title, centred and bold,
// with the document code and case number under it.
func (d *Doc) placeTitle(l *layout) {
	x, width := l.left, l.width
	y := l.y + 1
	lh := lineHeight(sizeTitle)
	for _, s := range l.wrapLines(d.info.Title, faceBold, sizeTitle, width) {
		l.add(l.alignedText(s, faceBold, sizeTitle, greyText, x, width, y+baselineOffset(lh, sizeTitle), 'C'))
		y += lh
	}
	if meta := d.metaLine(); meta != "" {
		mh := lineHeight(sizeMeta)
		for _, s := range l.wrapLines(meta, faceRegular, sizeMeta, width) {
			l.add(l.alignedText(s, faceRegular, sizeMeta, greyMuted, x, width, y+baselineOffset(mh, sizeMeta), 'C'))
			y += mh
		}
	}
	l.y = y + blockGap + 1
}

// The QR code of every page (see Doc.qrPayload) sits in the footer,
// flush with the right margin, beside the footer rule. Its modules are
// 0.46 mm: 11.5 mm for the usual version 2, which phones and scanners
// read from paper and pdftoppm renders at 150 dpi with almost 3 pixels a
// module. A larger version (a long document code) is scaled down to fit
// qrMaxSize. The white page around it is its quiet zone.
const (
	qrModule    = 0.46
	qrMaxSize   = 13.0
	qrTop       = footerRuleY + 0.6
	qrClearance = 3.0 // between the QR code and the footer text and rule
)

// qrOps returns the QR code of page n of pages and its left edge. The
// penalty rules of the QR standard choose the mask of page 1's code; the
// other pages, whose codes differ from it only in the page number, use
// the same mask, which saves three quarters of the time of encoding them.
func (d *Doc) qrOps(n, pages int) ([]drawOp, float64) {
	mask := -1
	if n > 1 {
		mask = d.qrMask
	}
	q, err := encodeQR(d.qrPayload(n, pages), mask)
	if n == 1 && err == nil {
		d.qrMask = q.mask
	}
	if err != nil {
		d.fail(err)
		return nil, pageWidth - marginRight
	}
	size := min(float64(q.n)*qrModule, qrMaxSize)
	x := pageWidth - marginRight - size
	return []drawOp{qrOp{x: x, y: qrTop, size: size, code: q}}, x
}

// partSep separates the parts of a header or footer line: two
// ideographic spaces, typesetting rather than words.
const partSep = "\u3000\u3000"

// metaLine returns "文档编号：… 　案卷号：…" with the parts that are set.
func (d *Doc) metaLine() string {
	var parts []string
	if d.info.Code != "" {
		parts = append(parts, labelf("report.page.code", map[string]any{"Code": d.info.Code}))
	}
	if d.info.CaseNo != "" {
		parts = append(parts, labelf("report.page.case_no", map[string]any{"No": d.info.CaseNo}))
	}
	return strings.Join(parts, partSep)
}

// decorate adds the header and footer to page i.
func (d *Doc) decorate(l *layout, i int) {
	p := l.pages[i]
	add := func(ops ...drawOp) { p.ops = append(p.ops, ops...) }

	// Header: library name on the left, title on the right, a rule below;
	// a mark such as 副本（非归档件） framed in the middle.
	side := l.width
	if d.info.Mark != "" {
		markW := l.textWidth(d.info.Mark, faceBold, sizeMark)
		side = (l.width-markW)/2 - markPad - 2
		mx := l.left + (l.width-markW)/2
		add(textOp{x: mx, y: headerBaseline, face: faceBold, size: sizeMark, color: greyText, s: d.info.Mark},
			rectOp{x: mx - markPad, y: headerBaseline - sizeMark*ptToMM - 0.6, w: markW + 2*markPad,
				h: sizeMark*ptToMM + 2, stroked: true})
	}
	lib := l.truncate(d.info.Library, faceRegular, sizeHeader, min(l.width/2-2, side))
	libW := l.textWidth(lib, faceRegular, sizeHeader)
	title := l.truncate(d.info.Title, faceRegular, sizeHeader, min(l.width-libW-6, side))
	add(textOp{x: l.left, y: headerBaseline, face: faceRegular, size: sizeHeader, color: greyMuted, s: lib},
		l.alignedText(title, faceRegular, sizeHeader, greyMuted, l.left, l.width, headerBaseline, 'R'),
		lineOp{x1: l.left, y1: headerRuleY, x2: pageWidth - marginRight, y2: headerRuleY, width: thinRuleWidth, color: greyRule})

	// Footer: a rule; case number and code left and page numbers right;
	// the generation time below; the page's QR code at the right.
	right := pageWidth - marginRight
	if d.seal != nil || d.mark != "" {
		qr, x := d.qrOps(i+1, len(l.pages))
		add(qr...)
		right = x - qrClearance
	}
	width := right - l.left
	pages := labelf("report.page.number", map[string]any{"Page": i + 1, "Pages": len(l.pages)})
	pagesW := l.textWidth(pages, faceRegular, sizeFooter)
	ids := l.truncate(d.footerIDs(), faceRegular, sizeFooter, width-pagesW-6)
	gen := labelf("report.page.generated", map[string]any{"At": d.info.Generated.Format(generatedLayout)})
	add(lineOp{x1: l.left, y1: footerRuleY, x2: right, y2: footerRuleY, width: thinRuleWidth, color: greyRule},
		textOp{x: l.left, y: footerBaseline, face: faceRegular, size: sizeFooter, color: greyMuted, s: ids},
		l.alignedText(pages, faceRegular, sizeFooter, greyMuted, l.left, width, footerBaseline, 'R'),
		textOp{x: l.left, y: footerBaseline2, face: faceRegular, size: sizeFooter, color: greyMuted, s: gen})
}

// The mark in the header: bold, framed with markPad around it.
const (
	sizeMark = 9.0
	markPad  = 1.5
)

// footerIDs returns "案卷号：… 　文档编号：…" with the parts that are set.
func (d *Doc) footerIDs() string {
	var parts []string
	if d.info.CaseNo != "" {
		parts = append(parts, labelf("report.page.case_no", map[string]any{"No": d.info.CaseNo}))
	}
	if d.info.Code != "" {
		parts = append(parts, labelf("report.page.code", map[string]any{"Code": d.info.Code}))
	}
	return strings.Join(parts, partSep)
}
