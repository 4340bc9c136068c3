package reports

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"

	"codeberg.org/go-pdf/fpdf"
)

// Producer is the PDF Producer of every document.
const Producer = "UpgradeDesk reports (go-pdf/fpdf 0.12.0)"

// renderPDF renders laid-out pages as a PDF/A-3b file with fpdf
// (codeberg.org/go-pdf/fpdf v0.12.0) and writes it to w, with files as
// its associated files.
//
// fpdf writes the pages. Their fonts are this package's: for each face
// the pages draw with, a TrueType subset of that face holding only the
// characters the document uses (see subsetFont), under codes of its own
// (see pdffont.go); fpdf knows each face by a placeholder and draws text
// already encoded. A face the document does not draw with is not added
// at all. fpdf's output is then given its fonts and its document-level
// objects for PDF/A (see finishPDFA).
func renderPDF(w io.Writer, info DocInfo, pages []*page, faces [numFaces]*fontFile, files []associatedFile) error {
	runes := collectRunes(pages)
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true) // fonts in a fixed order: identical input, identical bytes
	// The pages' content, which fpdf would compress page by page with a new
	// zlib compressor of about a megabyte each, is compressed by
	// finishPDFA with compressors reused.
	pdf.SetCompression(false)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	// The information dictionary fpdf writes is replaced (finishPDFA);
	// its dates are set so that it does not read the clock.
	pdf.SetCreationDate(info.Generated)
	pdf.SetModificationDate(info.Generated)
	var fonts []*pdfFont
	c := &fpdfCanvas{pdf: pdf, fill: -1, ink: -1, draw: -1, lineW: -1}
	_, c.pageH = pdf.GetPageSize()
	if faces[faceBold] == faces[faceRegular] {
		// Bold text is drawn with the regular face: one font holds both.
		runes[faceRegular] = mergeRunes(runes[faceRegular], runes[faceBold])
		runes[faceBold] = nil
	}
	for f, ff := range faces {
		if len(runes[f]) == 0 {
			continue
		}
		pf, err := newPDFFont(face(f), ff, runes[f])
		if err != nil {
			return fmt.Errorf("%s font: %w", face(f), err)
		}
		pf.compressProgram()
		pdf.AddFontFromBytes(pf.placeholder, "", pf.placeholderFont(), nil)
		if err := pdf.Error(); err != nil {
			return fmt.Errorf("%s font: %w", face(f), err)
		}
		c.family[f], c.fonts[f] = pf.placeholder, pf
		fonts = append(fonts, pf)
	}
	if faces[faceBold] == faces[faceRegular] {
		c.family[faceBold], c.fonts[faceBold] = c.family[faceRegular], c.fonts[faceRegular]
	}
	for _, p := range pages {
		pdf.AddPage()  // carries font, colours and line width over, so c's state stays true
		c.bold = false // but not the text rendering mode: a page starts with plain text
		for _, op := range p.ops {
			op.drawOn(c)
		}
	}
	raw := getBuffer()
	defer putBuffer(raw)
	if err := pdf.Output(raw); err != nil {
		return fmt.Errorf("render PDF: %w", err)
	}
	file := getBuffer()
	defer putBuffer(file)
	err := finishPDFA(file, raw.Bytes(), pdfMeta{title: info.Title, author: info.Library, subject: info.Subject,
		keywords: strings.TrimSpace(info.Code + " " + info.CaseNo), creator: Creator, producer: Producer,
		lang: "zh-CN", created: info.Generated}, files, fonts)
	if err != nil {
		return err
	}
	if _, err := w.Write(file.Bytes()); err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	return nil
}

// buffers are reused for the files being written: fpdf's output and
// the file made from it, a few hundred kilobytes each.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer is the largest buffer kept for reuse: the rare very
// long document's are left to the garbage collector.
const maxPooledBuffer = 4 << 20

func getBuffer() *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		buffers.Put(b)
	}
}

// subsetTag returns the six upper-case letters that PDF (ISO 32000-1
// §9.6.4) puts before the name of a font subset, derived from the subset's
// characters: different subsets get different tags, equal ones equal tags.
func subsetTag(psName string, runes []rune) string {
	h := fnv.New64a()
	h.Write([]byte(psName))
	h.Write([]byte(string(runes)))
	sum := h.Sum64()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + byte(sum%26)
		sum /= 26
	}
	return string(tag)
}

// fpdfCanvas draws display-list operations with fpdf. fpdf writes
// the font, colour and line width to the page each time one is set, so
// the canvas sets them only when they change.
type fpdfCanvas struct {
	pdf    *fpdf.Fpdf
	family [numFaces]string
	// fonts encode the text of each face; with none, text is given to
	// fpdf as it is, for a UTF-8 font fpdf embeds itself.
	fonts [numFaces]*pdfFont
	pageH float64 // the page height in millimetres, as fpdf has it
	codes []byte  // the codes of the text being drawn, reused
	buf   []byte  // the content being written, reused

	font      string  // current family, "" until set
	size      float64 // current size in points
	bold      bool    // text is being filled and stroked
	fill, ink int     // current grey levels of fills and text; -1 unknown
	draw      int     // current grey level of lines; -1 unknown
	lineW     float64 // current line width in mm; -1 unknown
}

func (c *fpdfCanvas) text(t textOp) {
	if t.s == "" {
		return
	}
	if fam := c.family[t.face]; fam != c.font || t.size != c.size {
		c.pdf.SetFont(fam, "", t.size)
		c.font, c.size = fam, t.size
	}
	// fpdf wraps text in q … Q with its own colour whenever the text and
	// fill colours differ; making them equal keeps the content stream short.
	c.setFill(t.color)
	if int(t.color) != c.ink {
		g := int(t.color)
		c.pdf.SetTextColor(g, g, g)
		c.ink = g
	}
	c.setBold(t.face == faceBold, t)
	pf := c.fonts[t.face]
	if pf == nil {
		c.pdf.Text(t.x, t.y, t.s)
		return
	}
	// As fpdf's Text writes it, with the codes of the characters in a
	// literal string.
	b := append(c.buf[:0], "BT "...)
	b = strconv.AppendFloat(b, t.x*pointsPerMM, 'f', 2, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, (c.pageH-t.y)*pointsPerMM, 'f', 2, 64)
	b = append(b, " Td ("...)
	c.codes = pf.encode(c.codes[:0], t.s)
	for _, ch := range c.codes {
		switch ch {
		case '(', ')', '\\':
			b = append(b, '\\', ch)
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, ch)
		}
	}
	b = append(b, ") Tj ET"...)
	c.pdf.RawWriteStr(string(b))
	c.buf = b
}

// pointsPerMM is the scale of the page content: fpdf's for millimetres.
const pointsPerMM = 72 / 25.4

// boldStroke is the width of the outline that makes regular glyphs bold,
// as a fraction of the font size: about the difference in stem width
// between Noto Sans SC Regular and Bold.
const boldStroke = 0.028

// setBold switches between plain text and text filled and stroked with
// an outline in the text's colour, which is how the documents print bold.
func (c *fpdfCanvas) setBold(bold bool, t textOp) {
	if bold {
		c.setStroke(t.size*boldStroke*ptToMM, t.color)
	}
	if bold == c.bold {
		return
	}
	mode := 0
	if bold {
		mode = 2 // fill, then stroke
	}
	c.pdf.SetTextRenderingMode(mode)
	c.bold = bold
}

func (c *fpdfCanvas) rect(r rectOp) {
	style := ""
	if r.filled {
		style += "F"
		c.setFill(r.fill)
	}
	if r.stroked {
		style += "D"
		c.setStroke(borderWidth, greyBorder)
	}
	if style != "" {
		c.pdf.Rect(r.x, r.y, r.w, r.h, style)
	}
}

// qr draws a QR code as one path: in a coordinate system whose unit is
// a module, with y running down the code, a rectangle for each run of
// dark modules in a row, filled black. The graphics state is saved and
// restored around it, so the canvas's state stays true.
func (c *fpdfCanvas) qr(q qrOp) {
	const k = pointsPerMM
	m := q.size / float64(q.code.n) * k
	b := c.buf[:0]
	b = append(b, "q 0 g "...)
	b = strconv.AppendFloat(b, m, 'f', 4, 64)
	b = append(b, " 0 0 "...)
	b = strconv.AppendFloat(b, -m, 'f', 4, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, q.x*k, 'f', 2, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, (c.pageH-q.y)*k, 'f', 2, 64)
	b = append(b, " cm\n"...)
	q.code.runs(func(row, col, n int) {
		b = strconv.AppendInt(b, int64(col), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(row), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " 1 re\n"...)
	})
	b = append(b, "f Q"...)
	c.pdf.RawWriteStr(string(b))
	c.buf = b
}

func (c *fpdfCanvas) line(l lineOp) {
	c.setStroke(l.width, l.color)
	c.pdf.Line(l.x1, l.y1, l.x2, l.y2)
}

func (c *fpdfCanvas) setFill(g gray) {
	if int(g) != c.fill {
		c.pdf.SetFillColor(int(g), int(g), int(g))
		c.fill = int(g)
	}
}

func (c *fpdfCanvas) setStroke(widthMM float64, g gray) {
	if widthMM != c.lineW {
		c.pdf.SetLineWidth(widthMM)
		c.lineW = widthMM
	}
	if int(g) != c.draw {
		c.pdf.SetDrawColor(int(g), int(g), int(g))
		c.draw = int(g)
	}
}

// runeSet is a set of runes: a bitmap over the Basic Multilingual Plane
// and a map for the rest.
type runeSet struct {
	bmp [1 << 16 / 64]uint64
	sup map[rune]bool
}

func (s *runeSet) add(r rune) {
	switch {
	case r >= 0 && r <= 0xFFFF:
		s.bmp[r/64] |= 1 << (r % 64)
	case s.sup == nil:
		s.sup = map[rune]bool{r: true}
	default:
		s.sup[r] = true
	}
}

// sorted returns the runes of the set in increasing order.
func (s *runeSet) sorted() []rune {
	var out []rune
	for i, word := range s.bmp {
		for ; word != 0; word &= word - 1 {
			out = append(out, rune(i*64+bits.TrailingZeros64(word)))
		}
	}
	sup := make([]rune, 0, len(s.sup))
	for r := range s.sup {
		sup = append(sup, r)
	}
	slices.Sort(sup)
	return append(out, sup...)
}

// mergeRunes returns the sorted union of two sorted rune lists.
func mergeRunes(a, b []rune) []rune {
	out := make([]rune, 0, len(a)+len(b))
	out = append(out, a...)
	out = append(out, b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// collectRunes returns, per face, the sorted runes the pages draw with it.
func collectRunes(pages []*page) [numFaces][]rune {
	var sets [numFaces]runeSet
	for _, p := range pages {
		for _, op := range p.ops {
			if t, ok := op.(textOp); ok {
				for _, r := range t.s {
					sets[t.face].add(r)
				}
			}
		}
	}
	var out [numFaces][]rune
	for f := range sets {
		out[f] = sets[f].sorted()
	}
	return out
}
