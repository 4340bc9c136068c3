package reports

import (
	"encoding/binary"
	"fmt"
	"sort"
)

// maxCmapSegments is the most segments a format 4 cmap subtable can hold:
// its length field is 16 bits and each segment takes 8 bytes.
const maxCmapSegments = (0xFFFF - 16) / 8

// fontSubset is a TrueType font cut down to the characters of one document.
type fontSubset struct {
	data   []byte          // the TrueType file
	runes  []rune          // the characters it holds, sorted
	gid    map[rune]uint16 // glyph id of each character in the subset
	glyphs []uint16        // for each subset glyph id, the glyph id in the full font
}

// subsetFont returns a TrueType font that holds only the glyphs of the given
// runes (sorted; runes the font lacks are left out) plus glyph 0, with the
// glyphs renumbered compactly in rune order and the components of composite
// glyphs added. Its tables are cmap (one format 4 subtable for the Basic
// Multilingual Plane), glyf, head, hhea, hmtx, loca, maxp, name (kept whole:
// it carries the copyright and licence notice), OS/2 and post (version 3).
// Advance widths and outlines are copied unchanged, so text measures and
// looks the same as with the full font.
func subsetFont(ff *fontFile, runes []rune) (*fontSubset, error) {
	runes = keepCovered(ff, runes)
	glyphs, newID := subsetGlyphs(ff, runes)
	cmap, err := buildCmap4(ff, runes, newID)
	if err != nil {
		return nil, err
	}
	glyf, loca := copyGlyphs(ff, glyphs, newID)
	n := len(glyphs)
	tables := map[string][]byte{
		"cmap": cmap,
		"glyf": glyf,
		"loca": loca,
		"hmtx": buildHmtx(ff, glyphs),
		"head": patch16(ff.tables["head"], 50, 1, 8, 0, 10, 0), // long loca, checkSumAdjustment cleared
		"hhea": patch16(ff.tables["hhea"], 34, uint16(n)),
		"maxp": patch16(ff.tables["maxp"], 4, uint16(n)),
		"post": patch16(ff.tables["post"][:32], 0, 3, 2, 0), // version 3.0: no glyph names
		"name": ff.tables["name"],
		"OS/2": ff.tables["OS/2"],
	}
	gid := make(map[rune]uint16, len(runes))
	for _, r := range runes {
		gid[r] = newID[ff.glyphID(r)]
	}
	return &fontSubset{data: assembleFont(tables), runes: runes, gid: gid, glyphs: glyphs}, nil
}

// keepCovered returns the runes the font has a glyph for.
func keepCovered(ff *fontFile, runes []rune) []rune {
	out := make([]rune, 0, len(runes))
	for _, r := range runes {
		if ff.has(r) {
			out = append(out, r)
		}
	}
	return out
}

// subsetGlyphs lists the old glyph ids to keep, in new-id order, and maps
// old ids to new ones. Glyph 0 comes first, then the glyphs of runes in rune
// order, then components of composite glyphs.
func subsetGlyphs(ff *fontFile, runes []rune) ([]uint16, map[uint16]uint16) {
	glyphs := make([]uint16, 1, len(runes)+1)
	newID := make(map[uint16]uint16, len(runes)+1)
	newID[0] = 0
	add := func(g uint16) {
		if _, ok := newID[g]; !ok {
			newID[g] = uint16(len(glyphs))
			glyphs = append(glyphs, g)
		}
	}
	for _, r := range runes {
		add(ff.glyphID(r))
	}
	for i := 0; i < len(glyphs); i++ { // glyphs grows while components are added
		forEachComponent(ff.glyph(int(glyphs[i])), func(_ int, g uint16) { add(g) })
	}
	return glyphs, newID
}

// glyph returns the outline bytes of a glyph.
func (ff *fontFile) glyph(g int) []byte {
	if g >= ff.numGlyphs {
		return nil
	}
	start, end := ff.glyphRange(g)
	return ff.tables["glyf"][start:end]
}

// Composite glyph flags (OpenType glyf table).
const (
	argsAreWords    = 0x0001
	haveScale       = 0x0008
	moreComponents  = 0x0020
	haveXYScale     = 0x0040
	haveTwoByTwo    = 0x0080
	compositeHeader = 10 // numberOfContours and bounding box
)

// forEachComponent calls fn with the byte offset and glyph id of each
// component of a composite glyph; it does nothing for a simple glyph.
func forEachComponent(data []byte, fn func(off int, g uint16)) {
	if len(data) < compositeHeader || int16(be.Uint16(data)) >= 0 {
		return
	}
	for p := compositeHeader; p+4 <= len(data); {
		flags := be.Uint16(data[p:])
		fn(p+2, be.Uint16(data[p+2:]))
		p += 4 + componentArgsSize(flags)
		if flags&moreComponents == 0 {
			break
		}
	}
}

// componentArgsSize returns the size of a component's arguments and
// transform, which follow its flags and glyph index.
func componentArgsSize(flags uint16) int {
	n := 2
	if flags&argsAreWords != 0 {
		n = 4
	}
	switch {
	case flags&haveScale != 0:
		n += 2
	case flags&haveXYScale != 0:
		n += 4
	case flags&haveTwoByTwo != 0:
		n += 8
	}
	return n
}

// copyGlyphs builds the glyf and long-format loca tables of the subset,
// renumbering the components of composite glyphs.
func copyGlyphs(ff *fontFile, glyphs []uint16, newID map[uint16]uint16) (glyf, loca []byte) {
	size := 0
	for _, g := range glyphs {
		size += (len(ff.glyph(int(g))) + 3) &^ 3
	}
	glyf = make([]byte, 0, size)
	loca = make([]byte, 4*(len(glyphs)+1))
	for i, g := range glyphs {
		be.PutUint32(loca[4*i:], uint32(len(glyf)))
		start := len(glyf)
		glyf = append(glyf, ff.glyph(int(g))...)
		out := glyf[start:]
		forEachComponent(out, func(off int, old uint16) {
			be.PutUint16(out[off:], newID[old])
		})
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
	}
	be.PutUint32(loca[4*len(glyphs):], uint32(len(glyf)))
	return glyf, loca
}

// buildHmtx returns an hmtx table with a full metric for every glyph.
func buildHmtx(ff *fontFile, glyphs []uint16) []byte {
	out := make([]byte, 4*len(glyphs))
	for i, g := range glyphs {
		be.PutUint16(out[4*i:], ff.advance(int(g)))
		be.PutUint16(out[4*i+2:], ff.leftSideBearing(int(g)))
	}
	return out
}

// buildCmap4 returns a cmap table with one (3,1) format 4 subtable mapping
// each rune of the Basic Multilingual Plane to its new glyph id. Runs of
// consecutive runes with consecutive glyph ids share a segment. (A PDF
// viewer does not use it: the PDF maps character codes to glyph ids itself.)
func buildCmap4(ff *fontFile, runes []rune, newID map[uint16]uint16) ([]byte, error) {
	type segment struct{ start, end, delta uint16 }
	var segs []segment
	for _, r := range runes {
		if r > 0xFFFF {
			break // runes are sorted
		}
		g := newID[ff.glyphID(r)]
		delta := g - uint16(r) // modulo 65536, as the format defines
		if n := len(segs); n > 0 && segs[n-1].end+1 == uint16(r) && segs[n-1].delta == delta {
			segs[n-1].end++
			continue
		}
		segs = append(segs, segment{uint16(r), uint16(r), delta})
	}
	segs = append(segs, segment{0xFFFF, 0xFFFF, 1}) // required final segment
	if len(segs) > maxCmapSegments {
		return nil, fmt.Errorf("subset font: %d cmap segments exceed the format 4 limit of %d", len(segs), maxCmapSegments)
	}
	n := len(segs)
	sub := make([]byte, 16+8*n)
	searchRange, selector := 2, 0
	for searchRange*2 <= 2*n {
		searchRange *= 2
		selector++
	}
	put16(sub, 0, 4, uint16(len(sub)), 0, uint16(2*n), uint16(searchRange), uint16(selector), uint16(2*n-searchRange))
	for i, s := range segs {
		be.PutUint16(sub[14+2*i:], s.end)
		be.PutUint16(sub[16+2*n+2*i:], s.start)
		be.PutUint16(sub[16+4*n+2*i:], s.delta)
		// idRangeOffset (at 16+6n) stays 0: ids come from idDelta alone.
	}
	header := make([]byte, 12)
	put16(header, 0, 0, 1, 3, 1) // version 0, one subtable, Windows Unicode BMP
	binary.BigEndian.PutUint32(header[8:], 12)
	return append(header, sub...), nil
}

// put16 writes consecutive big-endian 16-bit values at off.
func put16(b []byte, off int, vals ...uint16) {
	for i, v := range vals {
		be.PutUint16(b[off+2*i:], v)
	}
}

// patch16 returns a copy of table with 16-bit values replaced: pairs of
// (offset, value).
func patch16(table []byte, pairs ...uint16) []byte {
	out := append([]byte(nil), table...)
	for i := 0; i+1 < len(pairs); i += 2 {
		be.PutUint16(out[pairs[i]:], pairs[i+1])
	}
	return out
}

// assembleFont writes an sfnt file from its tables: the table directory
// sorted by tag with checksums, each table padded to four bytes, and the
// head table's checkSumAdjustment set. Its version is "OTTO" when the
// outlines are in a CFF table, else TrueType's 1.0.
func assembleFont(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 12 + 16*len(tables)
	for tag, t := range tables {
		tags = append(tags, tag)
		size += (len(t) + 3) &^ 3
	}
	sort.Strings(tags)
	out := make([]byte, 12+16*len(tags), size)
	entrySelector := 0
	for 1<<(entrySelector+1) <= len(tags) {
		entrySelector++
	}
	searchRange := 16 << entrySelector
	if _, cff := tables["CFF "]; cff {
		copy(out, "OTTO")
	} else {
		be.PutUint32(out, 0x00010000)
	}
	put16(out, 4, uint16(len(tags)), uint16(searchRange), uint16(entrySelector), uint16(16*len(tags)-searchRange))
	headOff := 0
	for i, tag := range tags {
		t := tables[tag]
		rec := out[12+16*i:]
		copy(rec, tag)
		be.PutUint32(rec[4:], checksum(t))
		be.PutUint32(rec[8:], uint32(len(out)))
		be.PutUint32(rec[12:], uint32(len(t)))
		if tag == "head" {
			headOff = len(out)
		}
		out = append(out, t...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	be.PutUint32(out[headOff+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is the sfnt table checksum: the sum of big-endian 32-bit words,
// the last one padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += be.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var last [4]byte
		copy(last[:], b)
		sum += be.Uint32(last[:])
	}
	return sum
}
