package reports

import (
	"bytes"
	"math"
	"testing"
	"unicode"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

// cffTestRunes keeps what the client's cut of a font holds in kind: Latin,
// punctuation and symbols, and a block of ideographs.
func cffTestRunes(r rune) bool {
	return r < 0x3400 || (r >= 0x4E00 && r < 0x5200) || unicode.Is(unicode.Hangul, r) && r < 0xAC80
}

// TestConvertToCFFKeepsTheGlyphs converts a cut of each face and checks,
// with the client's font parser, that every glyph draws the same outline
// (each point within half a font unit, each curve's control points within
// one), and that the character map and advance widths are unchanged.
func TestConvertToCFFKeepsTheGlyphs(t *testing.T) {
	for f := face(0); f < numFaces; f++ {
		t.Run(f.String(), func(t *testing.T) {
			ttf, err := SubsetFont(faceBytes(f), cffTestRunes)
			if err != nil {
				t.Fatal(err)
			}
			otf, err := ConvertToCFF(ttf)
			if err != nil {
				t.Fatal(err)
			}
			if string(otf[:4]) != "OTTO" {
				t.Fatalf("version %q, want OTTO", otf[:4])
			}
			tt, err := font.ParseTTF(bytes.NewReader(ttf))
			if err != nil {
				t.Fatal(err)
			}
			cf, err := font.ParseTTF(bytes.NewReader(otf))
			if err != nil {
				t.Fatal(err)
			}
			ld, err := ot.NewLoader(bytes.NewReader(otf))
			if err != nil {
				t.Fatal(err)
			}
			for _, tag := range []string{"glyf", "loca"} {
				if _, err := ld.RawTable(ot.MustNewTag(tag)); err == nil {
					t.Errorf("the converted font still has a %s table", tag)
				}
			}
			if tt.Upem() != cf.Upem() {
				t.Errorf("units per em %d, want %d", cf.Upem(), tt.Upem())
			}
			runes := 0
			for r := rune(0); r <= 0xFFFF; r++ {
				g, ok := tt.NominalGlyph(r)
				if !ok {
					continue
				}
				runes++
				if got, _ := cf.NominalGlyph(r); got != g {
					t.Fatalf("%U: glyph %d, want %d", r, got, g)
				}
			}
			if runes < 1000 {
				t.Fatalf("only %d characters in the cut", runes)
			}
			glyphs, curves := 0, 0
			for g := font.GID(0); ; g++ {
				want, ok := tt.GlyphData(g).(font.GlyphOutline)
				if !ok {
					break
				}
				glyphs++
				got, ok := cf.GlyphData(g).(font.GlyphOutline)
				if !ok {
					t.Fatalf("glyph %d: no outline in the converted font", g)
				}
				if tt.HorizontalAdvance(g) != cf.HorizontalAdvance(g) {
					t.Fatalf("glyph %d: advance %v, want %v", g, cf.HorizontalAdvance(g), tt.HorizontalAdvance(g))
				}
				curves += compareOutlines(t, g, cubicContours(got.Segments), cubicContours(want.Segments))
			}
			if glyphs < runes/2 || curves == 0 {
				t.Fatalf("compared %d glyphs, %d curves", glyphs, curves)
			}
			t.Logf("%d glyphs, %d curves; TrueType %d bytes, CFF %d bytes", glyphs, curves, len(ttf), len(otf))
		})
	}
}

// cubicSeg is a line (c1 = c2 = start) or a cubic curve.
type cubicSeg struct {
	line       bool
	c1, c2, to ot.SegmentPoint
}

// cubicContours returns an outline's contours as lines and cubic curves,
// quadratic curves raised to cubics, without zero-length lines or a last
// line back to the contour's start.
func cubicContours(segs []ot.Segment) [][]cubicSeg {
	var (
		out        [][]cubicSeg
		cur, start ot.SegmentPoint
	)
	closeContour := func() {
		if n := len(out); n > 0 {
			c := out[n-1]
			if k := len(c); k > 0 && c[k-1].line && c[k-1].to == start {
				out[n-1] = c[:k-1]
			}
		}
	}
	for _, s := range segs {
		switch s.Op {
		case ot.SegmentOpMoveTo:
			closeContour()
			out = append(out, nil)
			cur, start = s.Args[0], s.Args[0]
			continue
		case ot.SegmentOpLineTo:
			if s.Args[0] != cur {
				out[len(out)-1] = append(out[len(out)-1], cubicSeg{line: true, to: s.Args[0]})
			}
			cur = s.Args[0]
		case ot.SegmentOpQuadTo:
			c, to := s.Args[0], s.Args[1]
			out[len(out)-1] = append(out[len(out)-1], cubicSeg{
				c1: ot.SegmentPoint{X: cur.X + 2*(c.X-cur.X)/3, Y: cur.Y + 2*(c.Y-cur.Y)/3},
				c2: ot.SegmentPoint{X: to.X + 2*(c.X-to.X)/3, Y: to.Y + 2*(c.Y-to.Y)/3},
				to: to})
			cur = to
		case ot.SegmentOpCubeTo:
			out[len(out)-1] = append(out[len(out)-1], cubicSeg{c1: s.Args[0], c2: s.Args[1], to: s.Args[2]})
			cur = s.Args[2]
		}
	}
	closeContour()
	return out
}

// compareOutlines fails the test where got and want differ and returns how
// many curves it compared.
func compareOutlines(t *testing.T, g font.GID, got, want [][]cubicSeg) int {
	t.Helper()
	near := func(a, b ot.SegmentPoint, d float64) bool {
		return math.Abs(float64(a.X-b.X)) <= d && math.Abs(float64(a.Y-b.Y)) <= d
	}
	if len(got) != len(want) {
		t.Fatalf("glyph %d: %d contours, want %d", g, len(got), len(want))
	}
	curves := 0
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("glyph %d, contour %d: %d segments, want %d", g, i, len(got[i]), len(want[i]))
		}
		for j, w := range want[i] {
			s := got[i][j]
			if s.line != w.line || !near(s.to, w.to, 0.5) {
				t.Fatalf("glyph %d, contour %d, segment %d: %+v, want %+v", g, i, j, s, w)
			}
			if !w.line {
				curves++
				if !near(s.c1, w.c1, 1) || !near(s.c2, w.c2, 1) {
					t.Fatalf("glyph %d, contour %d, curve %d: %+v, want %+v", g, i, j, s, w)
				}
			}
		}
	}
	return curves
}

// TestCharstringNumbers checks the number encoding against the Type 2
// charstring specification's ranges.
func TestCharstringNumbers(t *testing.T) {
	for _, c := range []struct {
		v    int
		want []byte
	}{
		{0, []byte{139}}, {107, []byte{246}}, {-107, []byte{32}},
		{108, []byte{247, 0}}, {1131, []byte{250, 255}},
		{-108, []byte{251, 0}}, {-1131, []byte{254, 255}},
		{1132, []byte{28, 4, 108}}, {-1132, []byte{28, 0xFB, 0x94}}, {32767, []byte{28, 0x7F, 0xFF}},
	} {
		if got := appendCFFInt(nil, c.v); !bytes.Equal(got, c.want) {
			t.Errorf("%d: % x, want % x", c.v, got, c.want)
		}
	}
}
