package reports

import (
	"fmt"
	"image/color"

	"github.com/boombuler/barcode/qr"
)

// qrCode is the module matrix of a QR code, without its quiet zone.
type qrCode struct {
	n    int    // modules per side
	dark []bool // row-major, n*n
}

// encodeQR encodes payload as a QR code with error correction level M
// (15 % of the symbol may be damaged) and the most compact mode that fits.
func encodeQR(payload string) (*qrCode, error) {
	code, err := qr.Encode(payload, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("encode QR code: %w", err)
	}
	b := code.Bounds()
	q := &qrCode{n: b.Dx(), dark: make([]bool, b.Dx()*b.Dy())}
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			g := color.GrayModel.Convert(code.At(b.Min.X+x, b.Min.Y+y)).(color.Gray)
			q.dark[y*q.n+x] = g.Y < 128
		}
	}
	return q, nil
}

// isDark reports whether the module in column x, row y is dark.
func (q *qrCode) isDark(x, y int) bool { return q.dark[y*q.n+x] }

// ops draws the code as filled black rectangles in a size×size square with
// its top-left corner at (x, y). Horizontal runs of dark modules become one
// rectangle each, which keeps the page content small.
func (q *qrCode) ops(x, y, size float64) []drawOp {
	m := size / float64(q.n)
	var ops []drawOp
	for row := 0; row < q.n; row++ {
		for col := 0; col < q.n; {
			if !q.isDark(col, row) {
				col++
				continue
			}
			run := col
			for run < q.n && q.isDark(run, row) {
				run++
			}
			ops = append(ops, rectOp{x: x + float64(col)*m, y: y + float64(row)*m,
				w: float64(run-col) * m, h: m, fill: 0, filled: true})
			col = run
		}
	}
	return ops
}
