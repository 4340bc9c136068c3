package reports

import (
	"flag"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata (go test ./reports/ -run Golden -update)")

// goldenPage1 is page 1 of the sample document rendered by pdftoppm at 50 dpi.
const goldenPage1 = "testdata/sample_page1.png"

// Tolerances of the golden image comparison: a pixel differs when one of
// its channels is off by more than pixelTolerance; the images match when
// at most maxDiffering of the pixels differ. They absorb anti-aliasing
// differences between poppler and FreeType versions but not a moved line,
// a missing block or different glyphs.
const (
	pixelTolerance = 48
	maxDiffering   = 0.005
)

// TestGoldenPage1 compares page 1 of the sample document with the golden
// image; run with -update to rewrite it after an intended change.
func TestGoldenPage1(t *testing.T) {
	path := saveTemp(t, writeSample(t))
	prefix := filepath.Join(t.TempDir(), "page1")
	run(t, "pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", path, prefix)
	if *update {
		data, err := os.ReadFile(prefix + ".png")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenPage1, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s", goldenPage1)
		return
	}
	got, want := readPNG(t, prefix+".png"), readPNG(t, goldenPage1)
	if got.Bounds() != want.Bounds() {
		t.Fatalf("page is %v, golden image %v", got.Bounds(), want.Bounds())
	}
	if n, total := countDiffering(got, want); float64(n) > maxDiffering*float64(total) {
		t.Errorf("%d of %d pixels differ from %s (more than %.1f%%); if the change is intended, run with -update",
			n, total, goldenPage1, 100*maxDiffering)
	}
}

// countDiffering returns how many pixels of two same-sized images differ
// by more than pixelTolerance in a channel, and the number of pixels.
func countDiffering(a, b image.Image) (n, total int) {
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !similar(a.At(x, y), b.At(x, y)) {
				n++
			}
		}
	}
	return n, r.Dx() * r.Dy()
}

// similar reports whether two colours are within pixelTolerance per channel.
func similar(a, b color.Color) bool {
	ca, cb := color.NRGBAModel.Convert(a).(color.NRGBA), color.NRGBAModel.Convert(b).(color.NRGBA)
	near := func(x, y uint8) bool { return int(x)-int(y) <= pixelTolerance && int(y)-int(x) <= pixelTolerance }
	return near(ca.R, cb.R) && near(ca.G, cb.G) && near(ca.B, cb.B) && near(ca.A, cb.A)
}

// TestGoldenComparisonCatchesChanges checks that the comparison is not too
// tolerant: the sample with one extra line of text must not match.
func TestGoldenComparisonCatchesChanges(t *testing.T) {
	d := newTestDoc(t, func(i *DocInfo) { i.Title = "软件升级需求申请表（修订）" })
	path := saveTemp(t, write(t, d))
	prefix := filepath.Join(t.TempDir(), "changed")
	run(t, "pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", path, prefix)
	got, want := readPNG(t, prefix+".png"), readPNG(t, goldenPage1)
	if n, total := countDiffering(got, want); float64(n) <= maxDiffering*float64(total) {
		t.Errorf("a different page matches the golden image (%d of %d pixels differ)", n, total)
	}
}

// goldenRequest is page 1 of the fixture case's request form
// (软件升级需求申请表) rendered by pdftoppm at 50 dpi.
const goldenRequest = "testdata/request_page1.png"

// TestGoldenRequestForm compares page 1 of the request form of the
// fixture case with the golden image; run with -update to rewrite it
// after an intended change (and look at it first).
func TestGoldenRequestForm(t *testing.T) {
	path := saveTemp(t, writeCase(t, KindRequest, fixtureDossier()))
	prefix := filepath.Join(t.TempDir(), "request1")
	run(t, "pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", path, prefix)
	if *update {
		data, err := os.ReadFile(prefix + ".png")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenRequest, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s", goldenRequest)
		return
	}
	got, want := readPNG(t, prefix+".png"), readPNG(t, goldenRequest)
	if got.Bounds() != want.Bounds() {
		t.Fatalf("page is %v, golden image %v", got.Bounds(), want.Bounds())
	}
	if n, total := countDiffering(got, want); float64(n) > maxDiffering*float64(total) {
		t.Errorf("%d of %d pixels differ from %s (more than %.1f%%); if the change is intended, run with -update",
			n, total, goldenRequest, 100*maxDiffering)
	}
}
