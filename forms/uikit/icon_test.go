package uikit

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"testing"

	"golang.org/x/image/draw"

	"upgradedesk/assets"
)

var update = flag.Bool("update", false, "rewrite assets/icon-128.png from assets/icon.png (go test ./forms/uikit/ -run WindowIcon -update)")

// windowIconFile is the file of assets.WindowIcon.
const windowIconFile = "../../assets/icon-128.png"

// scaledIcon is assets.Icon scaled to size×size pixels.
func scaledIcon(t *testing.T, size int) *image.NRGBA {
	t.Helper()
	src, err := png.Decode(bytes.NewReader(assets.Icon))
	if err != nil {
		t.Fatal(err)
	}
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	return dst
}

// TestWindowIconIsTheIconScaled checks that assets.WindowIcon is
// assets.Icon scaled to 128×128, so that the two never differ but in size.
func TestWindowIconIsTheIconScaled(t *testing.T) {
	want := scaledIcon(t, 128)
	if *update {
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, want); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(windowIconFile, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := png.Decode(bytes.NewReader(assets.WindowIcon))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != want.Bounds() {
		t.Fatalf("%s is %v, want %v; run go test ./forms/uikit/ -run WindowIcon -update", windowIconFile, got.Bounds(), want.Bounds())
	}
	for y := 0; y < 128; y++ {
		for x := 0; x < 128; x++ {
			if g, w := color8(got.At(x, y)), color8(want.At(x, y)); g != w {
				t.Fatalf("%s differs from assets/icon.png scaled at (%d,%d): %v, want %v; run go test ./forms/uikit/ -run WindowIcon -update",
					windowIconFile, x, y, g, w)
			}
		}
	}
}

// TestWindowsUseTheSmallIcon checks that the resource the windows and
// screens are given is the 128-pixel icon.
func TestWindowsUseTheSmallIcon(t *testing.T) {
	if got := Icon().Content(); !bytes.Equal(got, assets.WindowIcon) {
		t.Fatalf("Icon() is %d bytes, not assets.WindowIcon (%d bytes)", len(got), len(assets.WindowIcon))
	}
}

func color8(c interface{ RGBA() (r, g, b, a uint32) }) [4]uint8 {
	r, g, b, a := c.RGBA()
	return [4]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}
