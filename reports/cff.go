package reports

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

// ConvertToCFF returns font (a TrueType font with glyf outlines, such as
// SubsetFont makes) as an OpenType font with the same glyphs in a CFF
// table: the outlines as Type 2 charstrings, each quadratic curve as the
// cubic curve that draws it, the points rounded to whole font units (a
// thousandth of an em in Noto Sans SC). Glyph ids, advance widths, the
// character map, the names and the vertical metrics are unchanged.
//
// The desktop client's text renderer expands every TrueType glyph into its
// points when it loads a font, about 6 MB for each weight of the client's
// cut of Noto Sans SC, but keeps CFF glyphs as the charstrings they are and
// reads each one when it draws it.
func ConvertToCFF(ttf []byte) ([]byte, error) {
	ff, err := parseFont(ttf)
	if err != nil {
		return nil, err
	}
	if ff.tables["glyf"] == nil {
		return nil, fmt.Errorf("convert to CFF: the font has no glyf table")
	}
	face, err := font.ParseTTF(bytes.NewReader(ttf))
	if err != nil {
		return nil, fmt.Errorf("convert to CFF: %w", err)
	}
	charstrings := make([][]byte, ff.numGlyphs)
	for g := range charstrings {
		var segs []ot.Segment
		if out, ok := face.GlyphData(font.GID(g)).(font.GlyphOutline); ok {
			segs = out.Segments
		}
		charstrings[g] = encodeCharstring(segs)
	}
	tables := make(map[string][]byte, len(ff.tables))
	for tag, t := range ff.tables {
		switch tag {
		case "glyf", "loca", "fpgm", "prep", "cvt ", "gasp", "hdmx", "LTSH", "VDMX":
			// TrueType outlines and the hints and tables that go with them
		default:
			tables[tag] = t
		}
	}
	maxp := make([]byte, 6) // version 0.5: the number of glyphs only
	binary.BigEndian.PutUint32(maxp, 0x00005000)
	binary.BigEndian.PutUint16(maxp[4:], uint16(ff.numGlyphs))
	tables["maxp"] = maxp
	tables["CFF "] = buildCFF(ff.psName, headBBox(ff.tables["head"]), charstrings)
	return assembleFont(tables), nil
}

// headBBox returns the font's bounding box from its head table.
func headBBox(head []byte) [4]int {
	if len(head) < 44 {
		return [4]int{}
	}
	var b [4]int
	for i := range b {
		b[i] = int(int16(be.Uint16(head[36+2*i:])))
	}
	return b
}

// Type 2 charstring operators.
const (
	csVMoveTo    = 4
	csRLineTo    = 5
	csHLineTo    = 6
	csVLineTo    = 7
	csRRCurveTo  = 8
	csEndChar    = 14
	csRMoveTo    = 21
	csHMoveTo    = 22
	csVVCurveTo  = 26
	csHHCurveTo  = 27
	csVHCurveTo  = 30
	csHVCurveTo  = 31
	csStackLimit = 48 // the most arguments an operator may take
)

// encodeCharstring writes an outline (in font units) as a Type 2
// charstring without hints or width: the width is the hmtx table's. Every
// point is rounded to the font unit, and every delta is taken between
// rounded points, so the rounding never accumulates along a contour. A
// line back to the contour's start is left out, since a charstring closes
// each contour itself (and the next move is relative to the contour's last
// point, as in the Type 2 interpreters).
func encodeCharstring(segs []ot.Segment) []byte {
	var (
		w          charstringWriter
		cur, start [2]int
		curF       ot.SegmentPoint
	)
	round := func(p ot.SegmentPoint) [2]int {
		return [2]int{int(math.Round(float64(p.X))), int(math.Round(float64(p.Y)))}
	}
	curve := func(c1, c2, end [2]int) {
		w.curve(c1[0]-cur[0], c1[1]-cur[1], c2[0]-c1[0], c2[1]-c1[1], end[0]-c2[0], end[1]-c2[1])
		cur = end
	}
	for i, s := range segs {
		switch s.Op {
		case ot.SegmentOpMoveTo:
			p := round(s.Args[0])
			w.move(p[0]-cur[0], p[1]-cur[1])
			cur, start, curF = p, p, s.Args[0]
		case ot.SegmentOpLineTo:
			p := round(s.Args[0])
			if p == start && (i+1 == len(segs) || segs[i+1].Op == ot.SegmentOpMoveTo) {
				// Closed by the next move, which starts from the point
				// before (the current point stays where the contour ended).
				continue
			}
			w.line(p[0]-cur[0], p[1]-cur[1])
			cur, curF = p, s.Args[0]
		case ot.SegmentOpQuadTo:
			// The cubic with control points two thirds of the way from
			// each end to the quadratic's control point is the same curve.
			c, end := s.Args[0], s.Args[1]
			c1 := ot.SegmentPoint{X: curF.X + 2*(c.X-curF.X)/3, Y: curF.Y + 2*(c.Y-curF.Y)/3}
			c2 := ot.SegmentPoint{X: end.X + 2*(c.X-end.X)/3, Y: end.Y + 2*(c.Y-end.Y)/3}
			curve(round(c1), round(c2), round(end))
			curF = end
		case ot.SegmentOpCubeTo:
			curve(round(s.Args[0]), round(s.Args[1]), round(s.Args[2]))
			curF = s.Args[2]
		}
	}
	w.flush()
	return append(w.out, csEndChar)
}

// charstringWriter writes path operators in the charstring's shortest
// usual forms: horizontal and vertical lines and curves with their zero
// deltas left out, and consecutive operations of one kind under one
// operator (alternating horizontal and vertical ones where the operator
// alternates).
type charstringWriter struct {
	out   []byte
	op    byte // the operator the arguments are collected for, 0 if none
	args  []int
	nextH bool // for the alternating operators: whether the next element starts horizontally
}

func (w *charstringWriter) flush() {
	if w.op != 0 {
		w.out = appendCharstringNumbers(w.out, w.args...)
		w.out = append(w.out, w.op)
		w.op, w.args = 0, w.args[:0]
	}
}

// add collects the arguments of an operation under op, starting a new
// operator unless the pending one is of op's kind, has room for them and,
// if it alternates, expects an element that starts as this one does.
func (w *charstringWriter) add(op byte, startsH bool, args ...int) {
	kind := func(op byte) byte {
		switch op {
		case csVLineTo:
			return csHLineTo
		case csVHCurveTo:
			return csHVCurveTo
		}
		return op
	}
	alternating := kind(op) == csHLineTo || kind(op) == csHVCurveTo
	if w.op == 0 || kind(w.op) != kind(op) || (alternating && w.nextH != startsH) || len(w.args)+len(args) > csStackLimit {
		w.flush()
		w.op = op
	}
	w.args = append(w.args, args...)
	w.nextH = !startsH
}

func (w *charstringWriter) move(dx, dy int) {
	w.flush()
	switch {
	case dy == 0:
		w.out = append(appendCharstringNumbers(w.out, dx), csHMoveTo)
	case dx == 0:
		w.out = append(appendCharstringNumbers(w.out, dy), csVMoveTo)
	default:
		w.out = append(appendCharstringNumbers(w.out, dx, dy), csRMoveTo)
	}
}

func (w *charstringWriter) line(dx, dy int) {
	switch {
	case dx == 0 && dy == 0:
	case dy == 0:
		w.add(csHLineTo, true, dx)
	case dx == 0:
		w.add(csVLineTo, false, dy)
	default:
		w.add(csRLineTo, false, dx, dy)
	}
}

// curve writes a curve by the deltas of its two control points and its end.
func (w *charstringWriter) curve(dxa, dya, dxb, dyb, dxc, dyc int) {
	switch {
	case dya == 0 && dyc == 0:
		w.add(csHHCurveTo, false, dxa, dxb, dyb, dxc)
	case dxa == 0 && dxc == 0:
		w.add(csVVCurveTo, false, dya, dxb, dyb, dyc)
	case dya == 0 && dxc == 0: // leaves horizontally, arrives vertically
		w.add(csHVCurveTo, true, dxa, dxb, dyb, dyc)
	case dxa == 0 && dyc == 0: // leaves vertically, arrives horizontally
		w.add(csVHCurveTo, false, dya, dxb, dyb, dxc)
	default:
		w.add(csRRCurveTo, false, dxa, dya, dxb, dyb, dxc, dyc)
	}
}

// appendCharstringNumbers writes integers in the Type 2 charstring
// encoding.
func appendCharstringNumbers(out []byte, vs ...int) []byte {
	for _, v := range vs {
		out = appendCFFInt(out, v)
	}
	return out
}

// appendCFFInt writes an integer of -32768…32767 in the encoding that CFF
// DICTs and Type 2 charstrings share: one byte for -107…107, two for
// -1131…1131, else three.
func appendCFFInt(out []byte, v int) []byte {
	switch {
	case v >= -107 && v <= 107:
		return append(out, byte(v+139))
	case v >= 108 && v <= 1131:
		v -= 108
		return append(out, byte(v>>8+247), byte(v))
	case v >= -1131 && v <= -108:
		v = -v - 108
		return append(out, byte(v>>8+251), byte(v))
	default:
		return append(out, 28, byte(v>>8), byte(v))
	}
}

// DICT operators of the CFF tables written here.
var (
	dictFontBBox    = []byte{5}
	dictCharset     = []byte{15}
	dictCharStrings = []byte{17}
	dictPrivate     = []byte{18}
	dictDefaultW    = []byte{20}
	dictNominalW    = []byte{21}
	dictROS         = []byte{12, 30}
	dictCIDCount    = []byte{12, 34}
	dictFDArray     = []byte{12, 36}
	dictFDSelect    = []byte{12, 37}
)

// dict builds a CFF DICT. Offsets are written in the five-byte form, so
// that a DICT's size does not depend on the offsets it holds.
type dict []byte

func (d dict) int(v int) dict {
	if v < math.MinInt16 || v > math.MaxInt16 {
		return d.offset(v)
	}
	return appendCFFInt(d, v)
}

func (d dict) offset(v int) dict {
	return append(d, 29, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

func (d dict) op(op []byte) dict { return append(d, op...) }

// cffIndex writes a CFF INDEX of items with four-byte offsets.
func cffIndex(items ...[]byte) []byte {
	if len(items) == 0 {
		return []byte{0, 0}
	}
	size := 0
	for _, it := range items {
		size += len(it)
	}
	out := make([]byte, 3+4*(len(items)+1), 3+4*(len(items)+1)+size)
	be.PutUint16(out, uint16(len(items)))
	out[2] = 4
	off := 1
	for i, it := range items {
		be.PutUint32(out[3+4*i:], uint32(off))
		off += len(it)
	}
	be.PutUint32(out[3+4*len(items):], uint32(off))
	for _, it := range items {
		out = append(out, it...)
	}
	return out
}

// buildCFF writes a CID-keyed CFF font (registry Adobe, ordering
// Identity, CID = glyph id) with one font DICT and no subroutines, as
// CJK OpenType fonts are made.
func buildCFF(name string, bbox [4]int, charstrings [][]byte) []byte {
	n := len(charstrings)
	const sidAdobe, sidIdentity = 391, 392 // the first two strings of the String INDEX
	top := func(charset, fdSelect, chars, fdArray int) []byte {
		return dict(nil).int(sidAdobe).int(sidIdentity).int(0).op(dictROS).
			int(bbox[0]).int(bbox[1]).int(bbox[2]).int(bbox[3]).op(dictFontBBox).
			int(n).op(dictCIDCount).
			offset(charset).op(dictCharset).
			offset(fdSelect).op(dictFDSelect).
			offset(chars).op(dictCharStrings).
			offset(fdArray).op(dictFDArray)
	}
	head := []byte{1, 0, 4, 4} // version 1.0, header size 4, offsets of 4 bytes
	names := cffIndex([]byte(name))
	strs := cffIndex([]byte("Adobe"), []byte("Identity"))
	globalSubrs := cffIndex()
	topSize := len(cffIndex(top(0, 0, 0, 0)))

	// charset format 2: glyphs 1 … n-1 are CIDs 1 … n-1.
	charset := []byte{2}
	if n > 1 {
		charset = append(charset, 0, 1, byte((n-2)>>8), byte(n-2))
	}
	// FDSelect format 3: every glyph uses font DICT 0.
	fdSelect := []byte{3, 0, 1, 0, 0, 0, byte(n >> 8), byte(n)}
	chars := cffIndex(charstrings...)
	private := dict(nil).int(0).op(dictDefaultW).int(0).op(dictNominalW)

	charsetOff := len(head) + len(names) + topSize + len(strs) + len(globalSubrs)
	fdSelectOff := charsetOff + len(charset)
	charsOff := fdSelectOff + len(fdSelect)
	fdArrayOff := charsOff + len(chars)
	fontDict := func(privateOff int) []byte {
		return dict(nil).offset(len(private)).offset(privateOff).op(dictPrivate)
	}
	fdArraySize := len(cffIndex(fontDict(0)))
	fdArray := cffIndex(fontDict(fdArrayOff + fdArraySize))

	out := make([]byte, 0, fdArrayOff+fdArraySize+len(private))
	out = append(out, head...)
	out = append(out, names...)
	out = append(out, cffIndex(top(charsetOff, fdSelectOff, charsOff, fdArrayOff))...)
	out = append(out, strs...)
	out = append(out, globalSubrs...)
	out = append(out, charset...)
	out = append(out, fdSelect...)
	out = append(out, chars...)
	out = append(out, fdArray...)
	return append(out, private...)
}
