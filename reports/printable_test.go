package reports

import (
	"bytes"
	"os"
	"testing"
	"unicode"

	"upgradedesk/assets"
	"upgradedesk/data"
)

// printableFile is the bitmap of assets.Printable.
const printableFile = "../assets/fonts/printable.bin"

// TestPrintableTable checks that assets.Printable, which data's validators
// read, holds exactly the characters the documents draw: those both faces
// have a glyph for, in the Basic Multilingual Plane, that are not control
// or format characters. Run with -update to rewrite it after a font change.
func TestPrintableTable(t *testing.T) {
	c := newTextCleaner(mustFaces(t))
	want := make([]byte, 1<<16/8)
	for r := rune(0); r <= 0xFFFF; r++ {
		if c.supported(r) && !unicode.IsControl(r) && !isInvisibleFormat(r) {
			want[r/8] |= 1 << (r % 8)
		}
	}
	if *update {
		if err := os.WriteFile(printableFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(assets.Printable, want) {
		t.Fatalf("%s does not match the fonts; run go test ./reports/ -run PrintableTable -update", printableFile)
	}
	for _, r := range []rune{'中', 'A', '，', '𠀀', '𪚥', 0x9FF0, '😀', 0x01} {
		if got := data.Printable(r); got != (r <= 0xFFFF && c.supported(r) && !unicode.IsControl(r)) {
			t.Errorf("data.Printable(%U) = %v", r, got)
		}
	}
}
