package reports

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
	"unicode"

	"upgradedesk/assets"
)

// face names one of the two type faces a document uses.
type face uint8

const (
	faceRegular face = iota // Noto Sans SC Regular
	faceBold                // Noto Sans SC Bold
	numFaces
)

// String returns the face's name as used in log and error messages.
func (f face) String() string {
	if f == faceBold {
		return "bold"
	}
	return "regular"
}

// fontFile is the parsed, read-only state of one TrueType font: its tables,
// the metrics a PDF font descriptor needs, and the glyph id and advance
// width of every character it maps. It is built once per process and
// shared by every document.
type fontFile struct {
	data        []byte            // the whole font file
	tables      map[string][]byte // table tag -> table bytes, slices of data
	numGlyphs   int
	numHMetrics int
	unitsPerEm  int
	locaLong    bool
	psName      string // PostScript name, e.g. "NotoSansSC-Regular"
	metrics     fontMetrics

	gid        []uint16        // rune -> glyph id for runes 0..0xFFFF; 0 means no glyph
	adv        []uint16        // rune -> advance width in 1/1000 em, for runes 0..0xFFFF
	supGid     map[rune]uint16 // glyph ids of supplementary-plane runes
	missingAdv uint16          // advance of glyph 0 (.notdef) in 1/1000 em
}

// fontMetrics are the font-wide values of a PDF font descriptor, in 1/1000 em.
type fontMetrics struct {
	ascent, descent, capHeight int
	bbox                       [4]int
	italicAngle                float64 // degrees
	stemV                      int     // estimated from the weight class
	bold                       bool
}

// fontCache holds the parsed faces. Each entry is filled once, on first use,
// under its sync.Once, and never changed afterwards.
var fontCache [numFaces]struct {
	once sync.Once
	file *fontFile
	err  error
}

// faceBytes returns the TrueType bytes of a face.
func faceBytes(f face) []byte {
	if f == faceBold {
		return assets.FontBold
	}
	return assets.FontRegular
}

// loadFace returns the parsed font of a face, parsing it on first use.
// It is safe for concurrent use.
func loadFace(f face) (*fontFile, error) {
	c := &fontCache[f]
	c.once.Do(func() {
		c.file, c.err = parseFont(faceBytes(f))
		if c.err != nil {
			c.err = fmt.Errorf("parse %s font: %w", f, c.err)
		}
	})
	return c.file, c.err
}

// loadFaces returns every face, parsed.
func loadFaces() ([numFaces]*fontFile, error) {
	var out [numFaces]*fontFile
	for f := face(0); f < numFaces; f++ {
		ff, err := loadFace(f)
		if err != nil {
			return out, err
		}
		out[f] = ff
	}
	return out, nil
}

var errFont = errors.New("malformed TrueType font")

// parseFont reads the tables of a TrueType (glyf outline) font that this
// package needs to measure text and to cut subsets from it.
func parseFont(data []byte) (*fontFile, error) {
	tables, err := readTableDirectory(data)
	if err != nil {
		return nil, err
	}
	for _, tag := range requiredTables {
		if tables[tag] == nil {
			return nil, fmt.Errorf("%w: no %q table", errFont, tag)
		}
	}
	ff := &fontFile{data: data, tables: tables}
	if err := ff.parseMetrics(); err != nil {
		return nil, err
	}
	if err := ff.parseCmap(); err != nil {
		return nil, err
	}
	ff.supGid = decodeCmap12(findCmap12(tables["cmap"]), ff.numGlyphs)
	ff.psName = postScriptName(tables["name"])
	ff.metrics = ff.readDescriptorMetrics()
	return ff, nil
}

// requiredTables are the tables parseFont needs.
var requiredTables = []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "post", "name", "OS/2"}

// scale converts font units to 1/1000 em.
func (ff *fontFile) scale(v int) int {
	return int(math.Round(float64(v) * 1000 / float64(ff.unitsPerEm)))
}

// readDescriptorMetrics reads ascent, descent, cap height, bounding box,
// italic angle and weight from hhea, OS/2, head and post.
func (ff *fontFile) readDescriptorMetrics() fontMetrics {
	head, hhea, os2, post := ff.tables["head"], ff.tables["hhea"], ff.tables["OS/2"], ff.tables["post"]
	s16 := func(b []byte, off int) int { return int(int16(be.Uint16(b[off:]))) }
	m := fontMetrics{
		ascent:      ff.scale(s16(hhea, 4)),
		descent:     ff.scale(s16(hhea, 6)),
		bbox:        [4]int{ff.scale(s16(head, 36)), ff.scale(s16(head, 38)), ff.scale(s16(head, 40)), ff.scale(s16(head, 42))},
		italicAngle: float64(int32(be.Uint32(post[4:]))) / 65536,
	}
	m.capHeight = m.ascent
	weight := 400
	if len(os2) >= 6 {
		weight = int(be.Uint16(os2[4:]))
	}
	if len(os2) >= 90 && be.Uint16(os2) >= 2 {
		m.capHeight = ff.scale(s16(os2, 88))
	}
	m.stemV = 50 + int(math.Pow(float64(weight)/65, 2)) // the usual estimate, as in FPDF
	m.bold = weight >= 600
	return m
}

// readTableDirectory maps each table tag of an sfnt file to its bytes.
func readTableDirectory(data []byte) (map[string][]byte, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("%w: too short", errFont)
	}
	if v := be.Uint32(data); v != 0x00010000 && v != 0x74727565 { // 1.0 or 'true'
		return nil, fmt.Errorf("%w: not TrueType outlines (version %#x)", errFont, v)
	}
	n := int(be.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, fmt.Errorf("%w: truncated table directory", errFont)
	}
	tables := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		off, length := int(be.Uint32(rec[8:])), int(be.Uint32(rec[12:]))
		if off < 0 || length < 0 || off+length > len(data) {
			return nil, fmt.Errorf("%w: table %q out of bounds", errFont, rec[:4])
		}
		tables[string(rec[:4])] = data[off : off+length : off+length]
	}
	return tables, nil
}

var be = binary.BigEndian

// parseMetrics reads head, hhea and maxp and checks hmtx and loca sizes.
func (ff *fontFile) parseMetrics() error {
	head, hhea, maxp := ff.tables["head"], ff.tables["hhea"], ff.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 || len(ff.tables["post"]) < 32 {
		return fmt.Errorf("%w: short head, hhea, maxp or post", errFont)
	}
	ff.numGlyphs = int(be.Uint16(maxp[4:]))
	ff.numHMetrics = int(be.Uint16(hhea[34:]))
	ff.locaLong = be.Uint16(head[50:]) == 1
	locaEntry := 2
	if ff.locaLong {
		locaEntry = 4
	}
	switch {
	case ff.numHMetrics < 1 || ff.numHMetrics > ff.numGlyphs:
		return fmt.Errorf("%w: %d horizontal metrics for %d glyphs", errFont, ff.numHMetrics, ff.numGlyphs)
	case len(ff.tables["hmtx"]) < 4*ff.numHMetrics+2*(ff.numGlyphs-ff.numHMetrics):
		return fmt.Errorf("%w: short hmtx", errFont)
	case len(ff.tables["loca"]) < locaEntry*(ff.numGlyphs+1):
		return fmt.Errorf("%w: short loca", errFont)
	}
	for g := 0; g < ff.numGlyphs; g++ {
		start, end := ff.glyphRange(g)
		if start > end || end > len(ff.tables["glyf"]) {
			return fmt.Errorf("%w: glyph %d out of bounds", errFont, g)
		}
	}
	return nil
}

// parseCmap fills gid and adv from the Unicode BMP (format 4) cmap
// subtable, the only one the PDF library reads.
func (ff *fontFile) parseCmap() error {
	sub, err := findCmap4(ff.tables["cmap"])
	if err != nil {
		return err
	}
	ff.gid = make([]uint16, 1<<16)
	ff.adv = make([]uint16, 1<<16)
	if err := decodeCmap4(sub, ff.gid); err != nil {
		return err
	}
	ff.unitsPerEm = int(be.Uint16(ff.tables["head"][18:]))
	if ff.unitsPerEm == 0 {
		return fmt.Errorf("%w: unitsPerEm is 0", errFont)
	}
	ff.missingAdv = ff.glyphWidth(0)
	for r, g := range ff.gid {
		if g != 0 && int(g) < ff.numGlyphs {
			ff.adv[r] = ff.glyphWidth(g)
		} else {
			ff.gid[r] = 0
		}
	}
	return nil
}

// glyphWidth returns the advance width of a glyph in 1/1000 em.
func (ff *fontFile) glyphWidth(g uint16) uint16 {
	return uint16(ff.scale(int(ff.advance(int(g)))))
}

// findCmap4 returns the format 4 subtable for Unicode: Windows Unicode BMP
// (3,1) preferred, any Unicode-platform (0,x) one otherwise.
func findCmap4(cmap []byte) ([]byte, error) {
	if len(cmap) < 4 {
		return nil, fmt.Errorf("%w: short cmap", errFont)
	}
	n := int(be.Uint16(cmap[2:]))
	var found []byte
	for i := 0; i < n && 4+8*i+8 <= len(cmap); i++ {
		rec := cmap[4+8*i:]
		platform, encoding, off := be.Uint16(rec), be.Uint16(rec[2:]), int(be.Uint32(rec[4:]))
		if off+4 > len(cmap) || be.Uint16(cmap[off:]) != 4 {
			continue
		}
		length := int(be.Uint16(cmap[off+2:]))
		if off+length > len(cmap) {
			continue
		}
		if platform == 3 && encoding == 1 {
			return cmap[off : off+length], nil
		}
		if platform == 0 && found == nil {
			found = cmap[off : off+length]
		}
	}
	if found == nil {
		return nil, fmt.Errorf("%w: no format 4 Unicode cmap", errFont)
	}
	return found, nil
}

// findCmap12 returns the format 12 subtable for full Unicode (3,10) or
// (0,4), or nil.
func findCmap12(cmap []byte) []byte {
	n := int(be.Uint16(cmap[2:]))
	for i := 0; i < n && 4+8*i+8 <= len(cmap); i++ {
		rec := cmap[4+8*i:]
		platform, encoding, off := be.Uint16(rec), be.Uint16(rec[2:]), int(be.Uint32(rec[4:]))
		if !(platform == 3 && encoding == 10) && !(platform == 0 && encoding == 4) {
			continue
		}
		if off+16 > len(cmap) || be.Uint16(cmap[off:]) != 12 {
			continue
		}
		length := int(be.Uint32(cmap[off+4:]))
		if off+length <= len(cmap) {
			return cmap[off : off+length]
		}
	}
	return nil
}

// decodeCmap12 returns the glyph ids of the supplementary-plane runes of
// a format 12 subtable (the Basic Multilingual Plane comes from format 4).
func decodeCmap12(sub []byte, numGlyphs int) map[rune]uint16 {
	out := map[rune]uint16{}
	if len(sub) < 16 {
		return out
	}
	groups := int(be.Uint32(sub[12:]))
	for i := 0; i < groups && 16+12*i+12 <= len(sub); i++ {
		g := sub[16+12*i:]
		start, end, gid := be.Uint32(g), be.Uint32(g[4:]), be.Uint32(g[8:])
		for c := max(start, 0x10000); c <= end && c <= unicode.MaxRune; c++ {
			if id := gid + (c - start); id != 0 && int(id) < numGlyphs {
				out[rune(c)] = uint16(id)
			}
		}
	}
	return out
}

// decodeCmap4 fills gid (indexed by rune) from a format 4 cmap subtable.
func decodeCmap4(sub []byte, gid []uint16) error {
	if len(sub) < 14 {
		return fmt.Errorf("%w: short cmap subtable", errFont)
	}
	segs := int(be.Uint16(sub[6:])) / 2
	ends, starts := 14, 16+2*segs
	deltas, rangeOffs := starts+2*segs, starts+4*segs
	if rangeOffs+2*segs > len(sub) {
		return fmt.Errorf("%w: truncated cmap subtable", errFont)
	}
	for s := 0; s < segs; s++ {
		end := int(be.Uint16(sub[ends+2*s:]))
		start := int(be.Uint16(sub[starts+2*s:]))
		delta := be.Uint16(sub[deltas+2*s:])
		ro := int(be.Uint16(sub[rangeOffs+2*s:]))
		for c := start; c <= end && c <= 0xFFFF; c++ {
			if c == 0xFFFF {
				break
			}
			if ro == 0 {
				gid[c] = uint16(c) + delta
				continue
			}
			p := rangeOffs + 2*s + ro + 2*(c-start)
			if p+2 > len(sub) {
				continue
			}
			if g := be.Uint16(sub[p:]); g != 0 {
				gid[c] = g + delta
			}
		}
	}
	return nil
}

// advance returns the advance width of a glyph in font units.
func (ff *fontFile) advance(g int) uint16 {
	hmtx := ff.tables["hmtx"]
	if g >= ff.numHMetrics {
		g = ff.numHMetrics - 1
	}
	return be.Uint16(hmtx[4*g:])
}

// leftSideBearing returns the left side bearing of a glyph in font units.
func (ff *fontFile) leftSideBearing(g int) uint16 {
	hmtx := ff.tables["hmtx"]
	if g < ff.numHMetrics {
		return be.Uint16(hmtx[4*g+2:])
	}
	return be.Uint16(hmtx[4*ff.numHMetrics+2*(g-ff.numHMetrics):])
}

// glyphRange returns the byte range of a glyph's outline in the glyf table.
func (ff *fontFile) glyphRange(g int) (start, end int) {
	loca := ff.tables["loca"]
	if ff.locaLong {
		return int(be.Uint32(loca[4*g:])), int(be.Uint32(loca[4*g+4:]))
	}
	return 2 * int(be.Uint16(loca[2*g:])), 2 * int(be.Uint16(loca[2*g+2:]))
}

// glyphID returns the glyph id of r, or 0 if the font has no glyph for it.
func (ff *fontFile) glyphID(r rune) uint16 {
	if r >= 0 && r <= 0xFFFF {
		return ff.gid[r]
	}
	return ff.supGid[r]
}

// has reports whether the font has a glyph for r.
func (ff *fontFile) has(r rune) bool { return ff.glyphID(r) != 0 }

// width returns the advance width of r in 1/1000 em, or the width of the
// missing glyph when the font has none for r.
func (ff *fontFile) width(r rune) uint16 {
	if r >= 0 && r <= 0xFFFF {
		if ff.gid[r] != 0 {
			return ff.adv[r]
		}
	} else if g := ff.supGid[r]; g != 0 {
		return ff.glyphWidth(g)
	}
	return ff.missingAdv
}

// postScriptName returns name ID 6 from a name table, or a fallback.
func postScriptName(name []byte) string {
	const fallback = "NotoSansSC"
	if len(name) < 6 {
		return fallback
	}
	count, strOff := int(be.Uint16(name[2:])), int(be.Uint16(name[4:]))
	for i := 0; i < count && 6+12*i+12 <= len(name); i++ {
		rec := name[6+12*i:]
		platform, id := be.Uint16(rec), be.Uint16(rec[6:])
		length, off := int(be.Uint16(rec[8:])), int(be.Uint16(rec[10:]))
		if id != 6 || strOff+off+length > len(name) {
			continue
		}
		raw := name[strOff+off : strOff+off+length]
		var s []byte
		switch platform {
		case 1: // Macintosh Roman: ASCII for a PostScript name
			s = raw
		case 0, 3: // UTF-16BE
			for j := 1; j < len(raw); j += 2 {
				s = append(s, raw[j])
			}
		}
		if validPostScriptName(s) {
			return string(s)
		}
	}
	return fallback
}

// validPostScriptName reports whether s is a non-empty printable ASCII name
// without PDF delimiters.
func validPostScriptName(s []byte) bool {
	if len(s) == 0 || len(s) > 63 {
		return false
	}
	for _, c := range s {
		if c <= ' ' || c >= 0x7F || c == '/' || c == '(' || c == ')' || c == '[' || c == ']' ||
			c == '<' || c == '>' || c == '{' || c == '}' || c == '%' {
			return false
		}
	}
	return true
}
