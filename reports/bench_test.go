package reports

import (
	"bytes"
	"io"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

// BenchmarkDocument builds and writes the typical two-page sample document
// (sampleDoc) as Doc.Write does: layout, per-document font subsets and
// fpdf. The fonts are parsed once, before timing, as in a running
// program ("warm").
//
//	go test -run='^$' -bench=. -benchmem -count=5 ./reports/
func BenchmarkDocument(b *testing.B) {
	benchmarkRender(b, func(w io.Writer, d *Doc) error {
		return d.Write(w)
	})
}

// BenchmarkDocumentGofpdfFullFonts is the baseline: the same display list
// rendered by fpdf with the complete font files, as a plain fpdf
// program does (AddUTF8FontFromBytes parses both 10 MB fonts per document).
func BenchmarkDocumentGofpdfFullFonts(b *testing.B) {
	benchmarkRender(b, func(w io.Writer, d *Doc) error {
		return renderFullFonts(w, d)
	})
}

// renderFullFonts renders a document with fpdf and the complete fonts.
func renderFullFonts(w io.Writer, d *Doc) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetAutoPageBreak(false, 0)
	c := &fpdfCanvas{pdf: pdf, fill: -1, ink: -1, draw: -1, lineW: -1}
	for f, ff := range d.faces {
		c.family[f] = face(f).String()
		pdf.AddUTF8FontFromBytes(c.family[f], "", ff.data)
	}
	for _, p := range d.layout() {
		pdf.AddPage()
		for _, op := range p.ops {
			op.drawOn(c)
		}
	}
	return pdf.Output(w)
}

// benchmarkRender times building the sample document and rendering it
// with render, and reports the size of the output.
func benchmarkRender(b *testing.B, render func(io.Writer, *Doc) error) {
	if _, err := loadFaces(); err != nil { // parse the fonts once, outside the timing
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := render(&buf, sampleDoc(b)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}

// BenchmarkSubsetFont measures cutting the sample document's regular-face
// subset out of the full font.
func BenchmarkSubsetFont(b *testing.B) {
	d := sampleDoc(b)
	runes := collectRunes(d.layout())[faceRegular]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := subsetFont(d.faces[faceRegular], runes); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLayout measures laying out the sample document.
func BenchmarkLayout(b *testing.B) {
	d := sampleDoc(b)
	b.ReportAllocs()
	for b.Loop() {
		d.layout()
	}
}

// BenchmarkCaseDocument writes each document of the fixture case (every
// record filled in) with WriteCase, warm.
func BenchmarkCaseDocument(b *testing.B) {
	if _, err := loadFaces(); err != nil {
		b.Fatal(err)
	}
	d := fixtureDossier()
	for _, k := range CaseKinds {
		if !has(k, d) {
			continue
		}
		b.Run(string(k), func(b *testing.B) {
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := WriteCase(&buf, k, d, sampleGenerated); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "pdf-bytes")
		})
	}
}

// BenchmarkConvertToCFF measures giving the client's cut of the regular
// face (Latin, symbols and GB 2312's ideographs) CFF outlines, which the
// client does once per PC and weight, on its first start.
func BenchmarkConvertToCFF(b *testing.B) {
	ttf, err := SubsetFont(faceBytes(faceRegular), func(r rune) bool {
		return r < 0x3400 || r >= 0xA000 || (r >= 0x4E00 && r < 0x6600)
	})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(ttf)))
	for b.Loop() {
		if _, err := ConvertToCFF(ttf); err != nil {
			b.Fatal(err)
		}
	}
}
