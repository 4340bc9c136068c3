package reports

import (
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// TestQRMatrix checks the module matrix: a version 1-40 size with the
// three finder patterns where the standard puts them.
func TestQRMatrix(t *testing.T) {
	q, err := encodeQR("UD-01-SJ-2026-0001", -1)
	if err != nil {
		t.Fatal(err)
	}
	if q.n < 21 || q.n > 177 || (q.n-21)%4 != 0 {
		t.Fatalf("%d modules per side is no QR code version", q.n)
	}
	finder := []string{"1111111", "1000001", "1011101", "1011101", "1011101", "1000001", "1111111"}
	for _, corner := range [][2]int{{0, 0}, {q.n - 7, 0}, {0, q.n - 7}} {
		for dy, row := range finder {
			for dx, c := range row {
				if q.isDark(corner[0]+dx, corner[1]+dy) != (c == '1') {
					t.Fatalf("finder pattern at %v broken at (%d,%d)", corner, dx, dy)
				}
			}
		}
	}
}

// TestQRPlacement checks that every page of a sealed document draws its
// own QR code (document code, page, check code) in the footer, flush with
// the right margin, module for module.
func TestQRPlacement(t *testing.T) {
	d := sampleDoc(t)
	if _, err := d.sealFiles(); err != nil {
		t.Fatal(err)
	}
	pages := d.layout()
	if len(pages) < 2 {
		t.Fatalf("%d pages", len(pages))
	}
	mask := -1 // page 1's code chooses its mask; the other pages use it
	for i, p := range pages {
		q, err := encodeQR(d.qrPayload(i+1, len(pages)), mask)
		if err != nil {
			t.Fatal(err)
		}
		mask = q.mask
		size := float64(q.n) * qrModule
		if size > qrMaxSize {
			t.Fatalf("the sample's QR code has %d modules, more than the footer takes at %v mm", q.n, qrModule)
		}
		x0 := pageWidth - marginRight - size
		var codes []qrOp
		for _, op := range p.ops {
			if o, ok := op.(qrOp); ok {
				codes = append(codes, o)
			}
		}
		if len(codes) != 1 {
			t.Fatalf("page %d: %d QR codes", i+1, len(codes))
		}
		o := codes[0]
		if math.Abs(o.x-x0) > 1e-9 || math.Abs(o.y-qrTop) > 1e-9 || math.Abs(o.size-size) > 1e-9 {
			t.Errorf("page %d: QR code at (%v, %v), %v mm, want (%v, %v), %v mm", i+1, o.x, o.y, o.size, x0, qrTop, size)
		}
		if o.code.n != q.n || !slices.Equal(o.code.dark, q.dark) {
			t.Fatalf("page %d: the QR code drawn is not the code of %q", i+1, d.qrPayload(i+1, len(pages)))
		}
		drawn := make([]bool, q.n*q.n)
		o.code.runs(func(row, col, n int) {
			for c := col; c < col+n; c++ {
				drawn[row*q.n+c] = true
			}
		})
		if !slices.Equal(drawn, q.dark) {
			t.Errorf("page %d: the runs drawn are not the dark modules", i+1)
		}
		if qrTop+size > pageHeight-4 {
			t.Errorf("page %d: QR code reaches %.1f mm, into the printer's margin", i+1, qrTop+size)
		}
	}
}

// TestQRDecodes renders a page, crops its QR code with the quiet zone
// and decodes it with a pure-Go decoder (gozxing): the alphanumeric
// payload of a case document, and document codes that need the byte mode.
func TestQRDecodes(t *testing.T) {
	for _, code := range []string{
		"UD-01-SJ-2026-0001",
		"https://lib.example.cn/upgradedesk/case/SJ-2026-0001?doc=UD-01",
		"升级报备台 SJ-2026-0001 软件升级需求申请表",
	} {
		t.Run(code, func(t *testing.T) {
			d := newTestDoc(t, func(i *DocInfo) { i.Code = code })
			d.Text("说明", chineseText(3000, 7, true))
			d.sealWith("record.json", sampleRecord)
			path := saveTemp(t, write(t, d))
			pages := pageCount(t, path)
			for n := 1; n <= pages; n++ {
				if got, want := footerQR(t, path, n), d.qrPayload(n, pages); got != want {
					t.Errorf("page %d: QR code says %q, want %q", n, got, want)
				}
			}
		})
	}
}

// footerQR renders the footer of page n of a PDF at 200 dpi and decodes
// its QR code.
func footerQR(t *testing.T, path string, n int) string {
	t.Helper()
	const dpi = 200
	px := func(mm float64) string { return strconv.Itoa(int(mm / 25.4 * dpi)) }
	prefix := filepath.Join(t.TempDir(), "qr")
	left := pageWidth - marginRight - 20
	run(t, "pdftoppm", "-png", "-r", strconv.Itoa(dpi), "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-singlefile",
		"-x", px(left), "-y", px(footerRuleY-2), "-W", px(pageWidth-left), "-H", px(pageHeight-footerRuleY+2), path, prefix)
	bmp, err := gozxing.NewBinaryBitmapFromImage(readPNG(t, prefix+".png"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("page %d: decode the QR code: %v", n, err)
	}
	return res.GetText()
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}
