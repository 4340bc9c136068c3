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

	"codeberg.org/go-pdf/fpdf"
)

// Producer is the PDF Producer of every document.
const Producer = "UpgradeDesk reports (go-pdf/fpdf 0.12.0)"

// renderPDF renders laid-out pages as a PDF/A-3b file with fpdf
// (codeberg.org/go-pdf/fpdf v0.12.0) and writes it to w, with files as
// its associated files.
//
// fpdf is handed, for each face the pages draw with, a TrueType subset
// of that face holding only the characters the document uses (see
// subsetFont): fpdf parses every font it is given and cuts its own
// subset from it when it writes the file, and both take time in
// proportion to the size of the font it gets, about 80 ms per document
// for the two complete 10 MB faces against a fraction of a millisecond
// for the subsets. A face the document does not draw with is not added at
// all. fpdf writes the pages, fonts and resources through its public API;
// its output is then given its fonts' proper names (see renameFonts) and
// its document-level objects for PDF/A (see finishPDFA).
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
	var names []fontName
	c := &fpdfCanvas{pdf: pdf, fill: -1, ink: -1, draw: -1, lineW: -1}
	if faces[faceBold] == faces[faceRegular] {
		// Bold text is drawn with the regular face: one font holds both.
		runes[faceRegular] = mergeRunes(runes[faceRegular], runes[faceBold])
		runes[faceBold] = nil
	}
	for f, ff := range faces {
		if len(runes[f]) == 0 {
			continue
		}
		sub, err := subsetFont(ff, runes[f])
		if err != nil {
			return fmt.Errorf("%s font: %w", face(f), err)
		}
		n := newFontName(face(f), ff.psName, sub.runes)
		pdf.AddUTF8FontFromBytes(n.family, "", sub.data)
		if err := pdf.Error(); err != nil {
			return fmt.Errorf("%s font: %w", face(f), err)
		}
		c.family[f] = n.family
		names = append(names, n)
	}
	if faces[faceBold] == faces[faceRegular] {
		c.family[faceBold] = c.family[faceRegular]
	}
	for _, p := range pages {
		pdf.AddPage()  // carries font, colours and line width over, so c's state stays true
		c.bold = false // but not the text rendering mode: a page starts with plain text
		for _, op := range p.ops {
			op.drawOn(c)
		}
	}
	var buf bytes.Buffer
	buf.Grow(96 << 10)
	if err := pdf.Output(&buf); err != nil {
		return fmt.Errorf("render PDF: %w", err)
	}
	out := buf.Bytes()
	if err := renameFonts(out, names); err != nil {
		return err
	}
	out, err := finishPDFA(out, pdfMeta{title: info.Title, author: info.Library, subject: info.Subject,
		keywords: strings.TrimSpace(info.Code + " " + info.CaseNo), creator: Creator, producer: Producer,
		lang: "zh-CN", created: info.Generated}, files)
	if err != nil {
		return err
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	return nil
}

// fontName is how one embedded face is named: the family fpdf knows it
// by, the name fpdf gives it in the file, and the name it must have.
type fontName struct {
	family string // passed to AddUTF8FontFromBytes and SetFont
	fpdf   string // "utf8" + the family in lower case: fpdf's /BaseFont
	pdf    string // subset tag + "+" + PostScript name, e.g. "ABCDEF+NotoSansSC-Regular"
}

// newFontName names the subset of a face holding runes. The family is
// padded so that fpdf's name for the font has exactly the length of its
// proper name, which lets renameFonts swap them in place.
func newFontName(f face, psName string, runes []rune) fontName {
	pdfName := subsetTag(psName, runes) + "+" + psName
	family := "udf" + strconv.Itoa(int(f))
	if pad := len(pdfName) - len("utf8") - len(family); pad > 0 {
		family += strings.Repeat("x", pad)
	}
	return fontName{family: family, fpdf: "utf8" + family, pdf: pdfName}
}

// fontNameUses is how often fpdf writes a UTF-8 font's name: as the
// /BaseFont of the Type0 font and of its CIDFontType2 descendant, and as
// the /FontName of its descriptor.
const fontNameUses = 3

// renameFonts gives every embedded font its proper name in a PDF file
// written by fpdf, in place.
//
// fpdf names a UTF-8 font "utf8" followed by the family in lower case
// and offers no way to change that. But the fonts it embeds are subsets,
// and a PDF font subset is named with a tag of six upper-case letters
// and a "+" before its PostScript name (ISO 32000-1, 9.6.4): that is how
// readers and tools such as pdffonts tell a subset from a complete font,
// and how a reader knows it cannot use the font for editing. The two
// names have the same length (see newFontName), so the swap moves no
// byte and fpdf's cross-reference table stays right. Only the three
// places fpdf writes the name, each "/BaseFont /name" or "/FontName
// /name" ending the line, are replaced.
func renameFonts(out []byte, names []fontName) error {
	for _, n := range names {
		if len(n.fpdf) != len(n.pdf) {
			return fmt.Errorf("render PDF: font name %q cannot replace %q in place", n.pdf, n.fpdf)
		}
		found := 0
		for _, key := range []string{"/BaseFont /", "/FontName /"} {
			pattern := []byte(key + n.fpdf + "\n")
			for off := 0; ; {
				i := bytes.Index(out[off:], pattern)
				if i < 0 {
					break
				}
				copy(out[off+i+len(key):], n.pdf)
				off += i + len(pattern)
				found++
			}
		}
		if found != fontNameUses {
			return fmt.Errorf("render PDF: found font %q %d times, want %d", n.fpdf, found, fontNameUses)
		}
	}
	return nil
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
	c.pdf.Text(t.x, t.y, t.s)
}

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
