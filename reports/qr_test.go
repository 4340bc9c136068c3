package reports

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// TestQRMatrix checks the module matrix: a version 1-40 size with the
// three finder patterns where the standard puts them.
func TestQRMatrix(t *testing.T) {
	q, err := encodeQR("UD-01-SJ-2026-0001")
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

// TestQRPlacement checks that page 1 draws the QR code as filled
// rectangles inside its square at the top right, module for module.
func TestQRPlacement(t *testing.T) {
	d := sampleDoc(t)
	m := qrSize / float64(d.qr.n)
	drawn := make([]bool, d.qr.n*d.qr.n)
	for _, op := range d.layout()[0].ops {
		r, ok := op.(rectOp)
		if !ok || r.x < qrX-1e-9 || r.y < contentTop-1e-9 || r.y+r.h > contentTop+qrSize+1e-9 {
			continue
		}
		if r.x+r.w > qrX+qrSize+1e-9 || r.fill != 0 || !r.filled || r.stroked {
			t.Fatalf("QR rectangle %+v outside its square or not plain black", r)
		}
		row := int((r.y-contentTop)/m + 0.5)
		for col := int((r.x-qrX)/m + 0.5); col < int((r.x+r.w-qrX)/m+0.5); col++ {
			drawn[row*d.qr.n+col] = true
		}
	}
	for i := range drawn {
		if drawn[i] != d.qr.dark[i] {
			t.Fatalf("module (%d,%d) drawn %v, want %v", i%d.qr.n, i/d.qr.n, drawn[i], d.qr.dark[i])
		}
	}
	if qrX+qrSize != pageWidth-marginRight {
		t.Error("QR code not flush with the right margin")
	}
}

// TestQRDecodes renders page 1, crops the QR code with its quiet zone and
// decodes it with a pure-Go decoder (gozxing, test-only).
func TestQRDecodes(t *testing.T) {
	for _, payload := range []string{
		"UD-01-SJ-2026-0001",
		"https://lib.example.cn/upgradedesk/case/SJ-2026-0001?doc=UD-01",
		"升级报备台 SJ-2026-0001 软件升级需求申请表",
	} {
		t.Run(payload, func(t *testing.T) { testQRDecodes(t, payload) })
	}
}

func testQRDecodes(t *testing.T, payload string) {
	const dpi = 200
	px := func(mm float64) string { return strconv.Itoa(int(mm / 25.4 * dpi)) }
	path := saveTemp(t, write(t, newTestDoc(t, func(i *DocInfo) { i.QRPayload = payload })))
	prefix := filepath.Join(t.TempDir(), "qr")
	run(t, "pdftoppm", "-png", "-r", strconv.Itoa(dpi), "-f", "1", "-l", "1", "-singlefile",
		"-x", px(qrX-4), "-y", px(contentTop-4), "-W", px(qrSize+8), "-H", px(qrSize+8), path, prefix)
	img := readPNG(t, prefix+".png")
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode the QR code: %v", err)
	}
	if res.GetText() != payload {
		t.Errorf("QR code says %q, want %q", res.GetText(), payload)
	}
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
