package uikit

import (
	"bytes"
	"image"
	"image/color"
	"runtime"
	"testing"

	"github.com/go-text/render"
	"github.com/go-text/typesetting/font"

	"upgradedesk/assets"
	"upgradedesk/reports"
)

// BenchmarkUIFontMemory measures what the client's text renderer keeps of
// one weight of the client's cut of Noto Sans SC (go-text's parser, as
// Fyne calls it for each text style): with the cut's TrueType outlines and
// with the CFF outlines the client uses. MB-kept is the heap still in use
// after the parse, the file's bytes dropped.
func BenchmarkUIFontMemory(b *testing.B) {
	for _, c := range uiFontCuts(b) {
		b.Run(c.name, func(b *testing.B) {
			var kept uint64
			for b.Loop() {
				data := bytes.Clone(c.file)
				before := heapInUse()
				face, err := font.ParseTTF(bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				data = nil
				kept = heapInUse() - before + uint64(len(c.file))
				runtime.KeepAlive(face)
			}
			b.ReportMetric(float64(kept)/1e6, "MB-kept")
			b.ReportMetric(float64(len(c.file))/1e6, "MB-file")
		})
	}
}

// BenchmarkUIFontDraw measures drawing a line of a case window's text
// (36 characters at 14 pixels, as Fyne draws a label into its texture)
// with the cut's TrueType outlines and with its CFF outlines.
func BenchmarkUIFontDraw(b *testing.B) {
	for _, c := range uiFontCuts(b) {
		face, err := font.ParseTTF(bytes.NewReader(c.file))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			img := image.NewRGBA(image.Rect(0, 0, 480, 24))
			r := render.Renderer{FontSize: 14, PixScale: 1, Color: color.Black}
			for b.Loop() {
				r.DrawString("SJ-2026-0091 申请人 王建国 于 2026-11-30 填写", img, face)
			}
		})
	}
}

// uiFontCut is the client's cut of the regular weight with one kind of
// outlines.
type uiFontCut struct {
	name string
	file []byte
}

// uiFontCuts returns the cut with its TrueType outlines and with the CFF
// outlines the client uses.
func uiFontCuts(b *testing.B) []uiFontCut {
	b.Helper()
	ttf, err := reports.SubsetFont(assets.FontRegular, uiRunes().keep)
	if err != nil {
		b.Fatal(err)
	}
	otf, err := reports.ConvertToCFF(ttf)
	if err != nil {
		b.Fatal(err)
	}
	return []uiFontCut{{"TrueType", ttf}, {"CFF", otf}}
}

// heapInUse is the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
