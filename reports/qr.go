package reports

import (
	"fmt"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/encoder"
)

// qrCode is the module matrix of a QR code, without its quiet zone.
type qrCode struct {
	n    int    // modules per side
	mask int    // the mask pattern, 0-7
	dark []bool // row-major, n*n
}

// encodeQR encodes payload as a QR code with error correction level M
// (15 % of the symbol may be damaged), the most compact mode that fits
// (upper-case letters, digits, space and $%*+-./: fit the alphanumeric
// mode, 5.5 bits a character) and, when mask is -1, the mask the
// standard's penalty rules choose; otherwise with mask (0-7). It uses
// ZXing's encoder (gozxing), which takes a quarter of the time of
// github.com/boombuler/barcode for the same symbol.
func encodeQR(payload string, mask int) (*qrCode, error) {
	hints := map[gozxing.EncodeHintType]any{}
	if mask >= 0 {
		hints[gozxing.EncodeHintType_QR_MASK_PATTERN] = mask
	}
	code, err := encoder.Encoder_encode(payload, decoder.ErrorCorrectionLevel_M, hints)
	if err != nil {
		return nil, fmt.Errorf("encode QR code: %w", err)
	}
	m := code.GetMatrix()
	q := &qrCode{n: m.GetWidth(), mask: code.GetMaskPattern(), dark: make([]bool, m.GetWidth()*m.GetHeight())}
	for y, row := range m.GetArray() {
		for x, v := range row {
			q.dark[y*q.n+x] = v == 1
		}
	}
	return q, nil
}

// isDark reports whether the module in column x, row y is dark.
func (q *qrCode) isDark(x, y int) bool { return q.dark[y*q.n+x] }

// qrOp draws a QR code: its dark modules, in black, in a size×size
// square with its top-left corner at (x, y).
type qrOp struct {
	x, y, size float64
	code       *qrCode
}

func (q qrOp) drawOn(c canvas) { c.qr(q) }

// runs calls fn for every horizontal run of dark modules: its row, first
// column and length. Drawn as one rectangle each, they keep the page
// content small.
func (q *qrCode) runs(fn func(row, col, n int)) {
	for row := 0; row < q.n; row++ {
		for col := 0; col < q.n; {
			if !q.isDark(col, row) {
				col++
				continue
			}
			end := col
			for end < q.n && q.isDark(end, row) {
				end++
			}
			fn(row, col, end-col)
			col = end
		}
	}
}
