// Package scan reads signed paper back: it finds the QR code that every
// page of every document carries (reports/seal.go: the document code, page
// n/N and the check code) on scanned pages, in copiers' PDFs, the
// application's own PDFs and photos, and files the pages with the data
// layer (data/scans.go).
package scan

import (
	"image"
	"image/draw"
	"regexp"
	"strconv"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"upgradedesk/reports"
)

// Code is what a page's QR code says.
type Code struct {
	Doc         string // the document code, "UD-01-SJ-2026-0001"
	Page, Pages int
	Check       string
	// Cover is true for a page of a print pack's cover (Doc is then
	// reports.PackCoverCode): it is left out of an import.
	Cover bool
}

// payloadRE is the QR payload of a case document's page (reports.qrPayload).
var payloadRE = regexp.MustCompile(`^(UD-\d\d-SJ-\d{4}-\d{4,}) (\d{1,4})/(\d{1,4}) ([0-9A-F]{12})$`)

// coverRE is the QR payload of a page of a print pack's cover.
var coverRE = regexp.MustCompile(`^` + reports.PackCoverCode + ` (\d{1,4})/(\d{1,4})$`)

// ParsePayload parses a QR code's text; ok is false for any text that is
// not a page of a case document or of a print pack's cover.
func ParsePayload(s string) (Code, bool) {
	if m := coverRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		of, _ := strconv.Atoi(m[2])
		return Code{Doc: reports.PackCoverCode, Page: n, Pages: of, Cover: true}, n >= 1 && n <= of
	}
	m := payloadRE.FindStringSubmatch(s)
	if m == nil {
		return Code{}, false
	}
	n, _ := strconv.Atoi(m[2])
	of, _ := strconv.Atoi(m[3])
	if n < 1 || n > of {
		return Code{}, false
	}
	return Code{Doc: m[1], Page: n, Pages: of, Check: m[4]}, true
}

// cornerShare is the side of the square searched first in each corner of
// a page, as a share of the page's shorter side: the QR code sits in the
// footer by the right margin (reports/decorate.go), so on a scan turned
// any way it is within this square of one corner.
const cornerShare = 0.3

// Read finds the page's QR code. The corners are tried first (any turn of
// the page puts the code in one of them), each with ZXing's local and
// global binarizers; then the whole page, as a phone photo of a sheet on
// a desk may hold it anywhere. Large images are scaled down first (600
// dpi scans and 50-megapixel photos read as well at half the size). The QR
// detector itself reads codes turned any way and skewed by a few degrees.
func Read(img image.Image) (Code, bool) {
	g := toGray(img)
	if f := g.Bounds().Dx(); min(f, g.Bounds().Dy()) >= 2400 {
		g = shrink(g, min(f, g.Bounds().Dy())/1600)
	}
	b := g.Bounds()
	side := int(float64(min(b.Dx(), b.Dy())) * cornerShare)
	corners := []image.Rectangle{
		image.Rect(b.Max.X-side, b.Max.Y-side, b.Max.X, b.Max.Y), // upright
		image.Rect(b.Min.X, b.Min.Y, b.Min.X+side, b.Min.Y+side), // upside down
		image.Rect(b.Min.X, b.Max.Y-side, b.Min.X+side, b.Max.Y), // turned right
		image.Rect(b.Max.X-side, b.Min.Y, b.Max.X, b.Min.Y+side), // turned left
	}
	for _, hard := range []bool{false, true} {
		for _, r := range corners {
			if c, ok := decode(g.SubImage(r), hard); ok {
				return c, true
			}
		}
	}
	return decode(g, true)
}

// decode tries the hybrid, then the global binarizer on img.
func decode(img image.Image, hard bool) (Code, bool) {
	src := gozxing.NewLuminanceSourceFromImage(img)
	hints := map[gozxing.DecodeHintType]any{}
	if hard {
		hints[gozxing.DecodeHintType_TRY_HARDER] = true
	}
	for _, bin := range []gozxing.Binarizer{gozxing.NewHybridBinarizer(src), gozxing.NewGlobalHistgramBinarizer(src)} {
		bmp, err := gozxing.NewBinaryBitmap(bin)
		if err != nil {
			continue
		}
		res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
		if err != nil {
			continue
		}
		if c, ok := ParsePayload(res.GetText()); ok {
			return c, true
		}
	}
	return Code{}, false
}

// toGray returns img as greyscale.
func toGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	switch src := img.(type) {
	case *image.YCbCr:
		for y := 0; y < b.Dy(); y++ {
			copy(g.Pix[y*g.Stride:y*g.Stride+b.Dx()], src.Y[(y+b.Min.Y-src.Rect.Min.Y)*src.YStride+(b.Min.X-src.Rect.Min.X):])
		}
	default:
		draw.Draw(g, g.Bounds(), img, b.Min, draw.Src)
	}
	return g
}

// shrink scales g down by the whole factor f, averaging f×f blocks.
func shrink(g *image.Gray, f int) *image.Gray {
	if f < 2 {
		return g
	}
	b := g.Bounds()
	w, h := b.Dx()/f, b.Dy()/f
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			sum := 0
			for dy := 0; dy < f; dy++ {
				row := g.Pix[(y*f+dy)*g.Stride+x*f:]
				for dx := 0; dx < f; dx++ {
					sum += int(row[dx])
				}
			}
			out.Pix[y*out.Stride+x] = uint8(sum / (f * f))
		}
	}
	return out
}
