package reports

import "strings"

// Date and time format of the footer.
const generatedLayout = "2006-01-02 15:04"

// placeTitle draws the title block of page 1: the title, centred and bold,
// with the document code and case number under it, and the QR code at the
// top right.
func (d *Doc) placeTitle(l *layout) {
	reserve := 0.0 // room kept free on both sides so the centred title clears the QR code
	if d.qr != nil {
		reserve = qrSize + qrClearance
	}
	x, width := l.left+reserve, l.width-2*reserve
	top := l.y
	y := top + 1
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
	if d.qr != nil {
		l.add(d.qr.ops(qrX, top, qrSize)...)
		y = max(y, top+qrSize)
	}
	l.y = y + blockGap
}

// QR code position on page 1, in millimetres: flush with the right margin,
// at the top of the content area.
const (
	qrX         = pageWidth - marginRight - qrSize
	qrClearance = 4.0 // white space between the QR code and the title
)

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

	// Header: library name on the left, title on the right, a rule below.
	lib := l.truncate(d.info.Library, faceRegular, sizeHeader, l.width/2-2)
	libW := l.textWidth(lib, faceRegular, sizeHeader)
	title := l.truncate(d.info.Title, faceRegular, sizeHeader, l.width-libW-6)
	add(textOp{x: l.left, y: headerBaseline, face: faceRegular, size: sizeHeader, color: greyMuted, s: lib},
		l.alignedText(title, faceRegular, sizeHeader, greyMuted, l.left, l.width, headerBaseline, 'R'),
		lineOp{x1: l.left, y1: headerRuleY, x2: pageWidth - marginRight, y2: headerRuleY, width: thinRuleWidth, color: greyRule})

	// Footer: a rule; case number and code left and page numbers right;
	// the generation time below.
	pages := labelf("report.page.number", map[string]any{"Page": i + 1, "Pages": len(l.pages)})
	pagesW := l.textWidth(pages, faceRegular, sizeFooter)
	ids := l.truncate(d.footerIDs(), faceRegular, sizeFooter, l.width-pagesW-6)
	gen := labelf("report.page.generated", map[string]any{"At": d.info.Generated.Format(generatedLayout)})
	add(lineOp{x1: l.left, y1: footerRuleY, x2: pageWidth - marginRight, y2: footerRuleY, width: thinRuleWidth, color: greyRule},
		textOp{x: l.left, y: footerBaseline, face: faceRegular, size: sizeFooter, color: greyMuted, s: ids},
		l.alignedText(pages, faceRegular, sizeFooter, greyMuted, l.left, l.width, footerBaseline, 'R'),
		textOp{x: l.left, y: footerBaseline2, face: faceRegular, size: sizeFooter, color: greyMuted, s: gen})
}

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
