package reports

import (
	"bytes"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"sync"
	"unicode/utf16"
)

// This file embeds the documents' fonts. fpdf writes the pages, but not
// their fonts: it is given, for each face, a placeholder font of its own
// kind "Core" (a font it neither parses nor embeds, see placeholderFont),
// and the text it draws with it is already encoded as the font's
// character codes (see pdfFont.encode). finishPDFA then writes the
// placeholder's object as a composite font (Type0, Identity-H) and adds
// its descendant CIDFontType2 font, font descriptor, embedded TrueType
// subset (FontFile2), CIDToGIDMap and ToUnicode map.
//
// A document's characters get the codes 1, 2, 3 … in Unicode order, so
// code tables are as long as the document has distinct characters, a few
// hundred, instead of every code point up to the highest one used (the
// Chinese characters start at U+4E00). fpdf, handed a TrueType font,
// parses it, JSON-encodes a table of 65,536 widths for the font's
// identifier, cuts its own subset from it and compresses a 128 KB
// CIDToGIDMap, for every document: a third of a document's time before.
// The ToUnicode map gives every code its character, so text copied from
// the file or extracted by pdftotext is the text that was laid out.

// pdfFont is one face as a document embeds it.
type pdfFont struct {
	ff          *fontFile
	sub         *fontSubset
	name        string // subset tag + "+" + PostScript name, e.g. "ABCDEF+NotoSansSC-Regular"
	placeholder string // the name fpdf knows the face by and writes as its /BaseFont

	// The code of a character of the Basic Multilingual Plane is 1 + the
	// number of the subset's characters below it: bmpBits holds one bit
	// per character, bmpRank the number of bits set in the words before
	// each word. Characters above the plane follow, in order (sup).
	bmpBits [1 << 16 / 64]uint64
	bmpRank [1 << 16 / 64]uint16
	sup     []rune

	// program is the subset compressed, made while the pages are drawn
	// (see compressProgram); done is closed when it is ready.
	program    *bytes.Buffer
	programErr error
	done       chan struct{}
}

// programBuffers are reused for the compressed font programs.
var programBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// compressProgram starts compressing the font program, the largest
// stream of a document and a quarter of the time it takes to write: on
// another core, while fpdf draws the pages, when one is free.
// writeObjects waits for it.
func (p *pdfFont) compressProgram() {
	p.done = make(chan struct{})
	go func() {
		defer close(p.done)
		p.program = programBuffers.Get().(*bytes.Buffer)
		p.program.Reset()
		p.programErr = deflateTo(p.program, p.sub.data)
	}()
}

// maxFontCodes is the most characters one embedded font can encode: codes
// are two bytes and 0 is not used.
const maxFontCodes = 0xFFFF

// newPDFFont cuts the subset of ff that holds runes (sorted) and gives
// each character its code. p names the face to fpdf.
func newPDFFont(f face, ff *fontFile, runes []rune) (*pdfFont, error) {
	sub, err := subsetFont(ff, runes)
	if err != nil {
		return nil, err
	}
	if len(sub.runes) > maxFontCodes {
		return nil, fmt.Errorf("subset font: %d characters, at most %d can be encoded", len(sub.runes), maxFontCodes)
	}
	p := &pdfFont{ff: ff, sub: sub, name: subsetTag(ff.psName, sub.runes) + "+" + ff.psName,
		placeholder: "UpgradeDeskFace" + strconv.Itoa(int(f))}
	for _, r := range sub.runes {
		if r <= 0xFFFF {
			p.bmpBits[r/64] |= 1 << (r % 64)
		} else {
			p.sup = append(p.sup, r)
		}
	}
	n := 0
	for i, w := range p.bmpBits {
		p.bmpRank[i] = uint16(n)
		n += bits.OnesCount64(w)
	}
	return p, nil
}

// code returns the character code of r, or 0 (the missing glyph) if the
// subset does not hold it.
func (p *pdfFont) code(r rune) uint16 {
	if r >= 0 && r <= 0xFFFF {
		w, bit := p.bmpBits[r/64], uint64(1)<<(r%64)
		if w&bit == 0 {
			return 0
		}
		return 1 + p.bmpRank[r/64] + uint16(bits.OnesCount64(w&(bit-1)))
	}
	if i, ok := slices.BinarySearch(p.sup, r); ok {
		return uint16(len(p.sub.runes) - len(p.sup) + i + 1)
	}
	return 0
}

// encode appends the codes of the characters of s to dst, two bytes each,
// high byte first, as an Identity-H font's text is shown.
func (p *pdfFont) encode(dst []byte, s string) []byte {
	for _, r := range s {
		c := p.code(r)
		dst = append(dst, byte(c>>8), byte(c))
	}
	return dst
}

// placeholderFont returns the font definition fpdf is given for a face:
// a font of fpdf's kind "Core", which fpdf neither reads nor embeds and
// writes as one small dictionary (see placeholderObject) for finishPDFA
// to replace.
func (p *pdfFont) placeholderFont() []byte {
	return []byte(`{"Tp":"Core","Name":"` + p.placeholder + `"}`)
}

// placeholderObject is the body of the object fpdf writes for the
// placeholder font, after "n 0 obj\n".
func (p *pdfFont) placeholderObject() []byte {
	return []byte("<</Type /Font\n/BaseFont /" + p.placeholder + "\n/Subtype /Type1\n/Encoding /WinAnsiEncoding\n>>\nendobj\n")
}

// fontObjects are the numbers of the objects that describe one font.
type fontObjects struct {
	font       int // the Type0 font: the placeholder's number
	cidFont    int
	descriptor int
	program    int // the FontFile2 stream
	cidToGID   int // 0 when the map is /Identity
	toUnicode  int
}

// identityGIDs reports whether every code is the glyph id of its
// character in the subset, so that the CIDToGIDMap is /Identity. It is
// unless two characters share a glyph.
func (p *pdfFont) identityGIDs() bool {
	for i, r := range p.sub.runes {
		if p.sub.gid[r] != uint16(i+1) {
			return false
		}
	}
	return true
}

// writeType0 writes the Type0 font dictionary, object o.font.
func (p *pdfFont) writeType0(w *pdfWriter, o fontObjects) {
	w.printf("<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>\n",
		p.name, o.cidFont, o.toUnicode)
}

// writeObjects writes the font's objects other than the Type0 font.
func (p *pdfFont) writeObjects(w *pdfWriter, o fontObjects) error {
	dw, widths := p.widths()
	w.begin(o.cidFont)
	w.printf("<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s\n"+
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>\n/FontDescriptor %d 0 R\n/DW %d\n/W [",
		p.name, o.descriptor, dw)
	w.buf.Write(widths)
	if o.cidToGID != 0 {
		w.printf("]\n/CIDToGIDMap %d 0 R>>\n", o.cidToGID)
	} else {
		w.printf("]\n/CIDToGIDMap /Identity>>\n")
	}
	w.end()

	m := p.ff.metrics
	flags := 4 // symbolic: the glyphs are chosen by the CIDToGIDMap, not by a standard encoding
	if m.italicAngle != 0 {
		flags |= 64
	}
	if m.bold {
		flags |= 1 << 18 // ForceBold
	}
	w.begin(o.descriptor)
	w.printf("<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %s\n"+
		"/Ascent %d /Descent %d /CapHeight %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R>>\n",
		p.name, flags, m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3], strconv.FormatFloat(m.italicAngle, 'f', -1, 64),
		m.ascent, m.descent, m.capHeight, m.stemV, p.ff.missingAdv, o.program)
	w.end()

	if p.done == nil {
		p.compressProgram()
	}
	<-p.done
	if p.programErr != nil {
		return p.programErr
	}
	w.begin(o.program)
	w.printf("<</Length1 %d /Filter /FlateDecode /Length %d>>\n", len(p.sub.data), p.program.Len())
	w.stream(p.program.Bytes())
	w.end()
	programBuffers.Put(p.program)
	p.program = nil
	if o.cidToGID != 0 {
		m := make([]byte, 2*(len(p.sub.runes)+1))
		for i, r := range p.sub.runes {
			be.PutUint16(m[2*(i+1):], p.sub.gid[r])
		}
		if err := w.deflateStream(o.cidToGID, "", m); err != nil {
			return err
		}
	}
	return w.deflateStream(o.toUnicode, "", p.toUnicode())
}

// widths returns the default width of the CIDFont (the most common one)
// and the elements of its /W array for the other codes: each run of
// consecutive codes as its first code and the array of their widths.
// The widths are those the layout measured with, the advance widths of
// the glyphs in 1/1000 em.
func (p *pdfFont) widths() (int, []byte) {
	count := map[uint16]int{}
	ws := make([]uint16, len(p.sub.runes))
	for i, r := range p.sub.runes {
		ws[i] = p.ff.width(r)
		count[ws[i]]++
	}
	dw, most := uint16(1000), 0
	for w, n := range count {
		if n > most || n == most && w < dw {
			dw, most = w, n
		}
	}
	var b []byte
	for i := 0; i < len(ws); {
		if ws[i] == dw {
			i++
			continue
		}
		if len(b) > 0 {
			b = append(b, '\n')
		}
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, " ["...)
		for start := i; i < len(ws) && ws[i] != dw; i++ {
			if i > start {
				b = append(b, ' ')
			}
			b = strconv.AppendInt(b, int64(ws[i]), 10)
		}
		b = append(b, ']')
	}
	return int(dw), b
}

// toUnicode returns the font's ToUnicode CMap: each code to its
// character, in UTF-16BE. Consecutive codes of consecutive characters
// share a bfrange (within one block of 256 codes and 256 characters, as
// a range may vary only its last byte); 100 entries at most per block.
func (p *pdfFont) toUnicode() []byte {
	type entry struct {
		code uint16
		r    rune
		n    int // characters in the range
	}
	var ranges, chars []entry
	runes := p.sub.runes
	for i := 0; i < len(runes); {
		code, r := uint16(i+1), runes[i]
		n := 1
		for i+n < len(runes) && runes[i+n] == r+rune(n) && r <= 0xFFFF &&
			(int(code)+n)&0xFF != 0 && (int(r)+n)&0xFF != 0 {
			n++
		}
		if n > 1 {
			ranges = append(ranges, entry{code, r, n})
		} else {
			chars = append(chars, entry{code, r, 1})
		}
		i += n
	}
	b := make([]byte, 0, 400+14*len(chars)+21*len(ranges))
	b = append(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"+
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"+
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"+
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"...)
	for len(chars) > 0 {
		n := min(len(chars), 100)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " beginbfchar\n"...)
		for _, e := range chars[:n] {
			b = appendHex16(b, e.code)
			b = append(b, ' ')
			b = appendUTF16(b, e.r)
			b = append(b, '\n')
		}
		b = append(b, "endbfchar\n"...)
		chars = chars[n:]
	}
	for len(ranges) > 0 {
		n := min(len(ranges), 100)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " beginbfrange\n"...)
		for _, e := range ranges[:n] {
			b = appendHex16(b, e.code)
			b = append(b, ' ')
			b = appendHex16(b, e.code+uint16(e.n-1))
			b = append(b, ' ')
			b = appendUTF16(b, e.r)
			b = append(b, '\n')
		}
		b = append(b, "endbfrange\n"...)
		ranges = ranges[n:]
	}
	return append(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"...)
}

// appendHex16 appends <XXXX>, v in four upper-case hexadecimal digits.
func appendHex16(b []byte, v uint16) []byte {
	return append(appendHex4(append(b, '<'), v), '>')
}

// appendUTF16 appends r in UTF-16BE as a hexadecimal string: <XXXX>, or
// <XXXXYYYY> for a surrogate pair.
func appendUTF16(b []byte, r rune) []byte {
	b = append(b, '<')
	if r > 0xFFFF {
		hi, lo := utf16.EncodeRune(r)
		b = appendHex4(appendHex4(b, uint16(hi)), uint16(lo))
	} else {
		b = appendHex4(b, uint16(r))
	}
	return append(b, '>')
}

// appendHex4 appends v in four upper-case hexadecimal digits.
func appendHex4(b []byte, v uint16) []byte {
	const digits = "0123456789ABCDEF"
	return append(b, digits[v>>12], digits[v>>8&15], digits[v>>4&15], digits[v&15])
}
