package reports

import (
	"bytes"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

func mustFaces(t testing.TB) [numFaces]*fontFile {
	t.Helper()
	faces, err := loadFaces()
	if err != nil {
		t.Fatal(err)
	}
	return faces
}

func TestParseFonts(t *testing.T) {
	faces := mustFaces(t)
	for f, ff := range faces {
		want := map[face]string{faceRegular: "NotoSansSC-Regular", faceBold: "NotoSansSC-Bold"}[face(f)]
		if ff.psName != want {
			t.Errorf("%s: PostScript name %q, want %q", face(f), ff.psName, want)
		}
		for _, r := range "中文图书馆，。ABC123□" {
			if !ff.has(r) {
				t.Errorf("%s: no glyph for %q", face(f), r)
			}
		}
		for _, r := range []rune{0x1F600, 0x20000, 0x01} { // 😀, 𠀀, a control character
			if ff.has(r) {
				t.Errorf("%s: unexpected glyph for %U", face(f), r)
			}
		}
		if !ff.has(0x20087) { // 𠂇, one of the supplementary characters the fonts do have
			t.Errorf("%s: no glyph for U+20087", face(f))
		}
		if ff.metrics.ascent <= 0 || ff.metrics.descent >= 0 || ff.metrics.capHeight <= 0 {
			t.Errorf("%s: implausible metrics %+v", face(f), ff.metrics)
		}
	}
	if !faces[faceBold].metrics.bold || faces[faceRegular].metrics.bold {
		t.Error("bold flags wrong")
	}
}

// TestWidthsMatchGofpdf checks the width table against an independent
// implementation: fpdf's GetStringWidth on the full font.
func TestWidthsMatchGofpdf(t *testing.T) {
	faces := mustFaces(t)
	sample := chineseText(2000, 3, false) + "□ABCxyz0123456789（），。、“”《》—…·"
	for f, ff := range faces {
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.AddUTF8FontFromBytes("x", "", ff.data)
		pdf.SetFont("x", "", sizeBody)
		if err := pdf.Error(); err != nil {
			t.Fatal(err)
		}
		l := &layout{faces: faces}
		for _, r := range sample {
			got, want := l.textWidth(string(r), face(f), sizeBody), pdf.GetStringWidth(string(r))
			if diff := got - want; diff > 1e-9 || diff < -1e-9 {
				t.Fatalf("%s: width of %q = %v mm, fpdf says %v mm", face(f), r, got, want)
			}
		}
	}
}

// TestSubsetFont parses a subset with the package's own parser and checks
// that every character keeps its outline and width.
func TestSubsetFont(t *testing.T) {
	faces := mustFaces(t)
	runes := []rune("中文图书馆ABC□，。")
	runes = append(runes, 0x20087)
	sortRunes(runes)
	for f, ff := range faces {
		sub, err := subsetFont(ff, runes)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := parseFont(sub.data)
		if err != nil {
			t.Fatalf("%s: subset does not parse: %v", face(f), err)
		}
		// Every glyph is copied whole, padded with up to three zero bytes.
		if parsed.numGlyphs != len(runes)+1 {
			t.Errorf("%s: %d glyphs, want %d", face(f), parsed.numGlyphs, len(runes)+1)
		}
		if checksum(sub.data) != 0xB1B0AFBA {
			t.Errorf("%s: file checksum %#x, want 0xB1B0AFBA", face(f), checksum(sub.data))
		}
		for _, r := range runes {
			g := sub.gid[r]
			if r <= 0xFFFF && parsed.glyphID(r) != g {
				t.Errorf("%s: cmap maps %q to %d, want %d", face(f), r, parsed.glyphID(r), g)
			}
			orig, got := ff.glyph(int(ff.glyphID(r))), parsed.glyph(int(g))
			if !bytes.HasPrefix(got, orig) || len(got)-len(orig) > 3 || len(bytes.Trim(got[len(orig):], "\x00")) > 0 {
				t.Errorf("%s: outline of %q changed", face(f), r)
			}
			if parsed.glyphWidth(g) != ff.width(r) {
				t.Errorf("%s: width of %q = %d, want %d", face(f), r, parsed.glyphWidth(g), ff.width(r))
			}
		}
	}
}

func sortRunes(rs []rune) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j] < rs[j-1]; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// TestSubsetCompositeGlyph checks that components of composite glyphs are
// kept and renumbered; Noto Sans SC has none, so the font is made up.
func TestSubsetCompositeGlyph(t *testing.T) {
	simple := []byte{0, 1, 0, 0, 0, 0, 0, 10, 0, 10, 0, 0, 0, 0, 1, 0} // one contour, dummy data
	composite := []byte{0xFF, 0xFF, 0, 0, 0, 0, 0, 10, 0, 10,          // numberOfContours -1 and bbox
		0, argsAreWords | moreComponents, 0, 3, 0, 1, 0, 2, // glyph 3, word arguments
		0, haveScale, 0, 1, 5, 6, 0x40, 0} // glyph 1, byte arguments, a scale
	glyf := append(append(append([]byte(nil), simple...), composite...), simple...)
	loca := make([]byte, 4*5)
	for i, off := range []uint32{0, 0, uint32(len(simple)), uint32(len(simple) + len(composite)), uint32(len(glyf))} {
		be.PutUint32(loca[4*i:], off)
	}
	// glyph 0 empty, 1 simple, 2 composite of 3 and 1, 3 simple
	ff := &fontFile{tables: map[string][]byte{"glyf": glyf, "loca": loca}, numGlyphs: 4, locaLong: true,
		gid: make([]uint16, 1<<16)}
	ff.gid['A'] = 2
	glyphs, newID := subsetGlyphs(ff, []rune{'A'})
	if want := []uint16{0, 2, 3, 1}; !equalUint16(glyphs, want) {
		t.Fatalf("glyphs %v, want %v", glyphs, want)
	}
	out, loca2 := copyGlyphs(ff, glyphs, newID)
	start := be.Uint32(loca2[4:])
	var comps []uint16
	forEachComponent(out[start:], func(_ int, g uint16) { comps = append(comps, g) })
	if want := []uint16{newID[3], newID[1]}; !equalUint16(comps, want) {
		t.Errorf("components %v, want %v", comps, want)
	}
	if len(out)%4 != 0 {
		t.Errorf("glyf length %d not padded to 4", len(out))
	}
}

func equalUint16(a, b []uint16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseFontErrors(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":     nil,
		"otf":       []byte("OTTO\x00\x00\x00\x00\x00\x00\x00\x00"),
		"truncated": faceBytes(faceRegular)[:100],
	} {
		if _, err := parseFont(data); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
