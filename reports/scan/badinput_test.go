package scan

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"upgradedesk/data"
)

// nothingStored fails the test when an import left pages behind.
func nothingStored(t *testing.T, s *data.Store) {
	t.Helper()
	u, err := s.UnsortedScans()
	w, err2 := s.WaitingScans("")
	if err != nil || err2 != nil || len(u) != 0 || len(w) != 0 {
		t.Fatalf("stored: %d unsorted, %d waiting (%v %v)", len(u), len(w), err, err2)
	}
}

// importOne imports path and returns its file's error key.
func importOne(t *testing.T, s *data.Store, ss *data.Session, path string) (FileResult, string) {
	t.Helper()
	rep, err := Import(context.Background(), s, ss, []string{path}, nil)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	f := rep.Files[0]
	var key string
	if e, ok := f.Err.(*data.Error); ok {
		key = e.Key
		if msg := data.ErrorMessage(f.Err, data.LangZH); !bytes.Contains([]byte(msg), []byte(filepath.Base(path))) {
			t.Errorf("%s: the message does not name the file: %s", path, msg)
		}
	}
	return f, key
}

// A corrupt PDF, a password-protected one and one with no images are
// refused with a message naming the file; nothing is stored.
func TestBadScanFiles(t *testing.T) {
	need(t, "qpdf")
	s, ss := demo(t, 2)
	dir := t.TempDir()

	text := fpdf.New("P", "mm", "A4", "")
	text.AddPage()
	text.SetFont("Helvetica", "", 12)
	text.Cell(40, 10, "no images here")
	var buf bytes.Buffer
	if err := text.Output(&buf); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "text-only.pdf")
	os.WriteFile(plain, buf.Bytes(), 0o644)
	corrupt := filepath.Join(dir, "corrupt.pdf")
	os.WriteFile(corrupt, append([]byte("%PDF-1.7\n"), buf.Bytes()[200:len(buf.Bytes())/2]...), 0o644)
	locked := filepath.Join(dir, "locked.pdf")
	run(t, "qpdf", "--encrypt", "user", "owner", "256", "--", plain, locked)

	for path, want := range map[string]string{plain: "scan.err.no_images", corrupt: "scan.err.bad_pdf", locked: "scan.err.encrypted"} {
		if _, key := importOne(t, s, ss, path); key != want {
			t.Errorf("%s: %q, want %q", filepath.Base(path), key, want)
		}
	}
	nothingStored(t, s)
}

// A 500-page copier's PDF is read with progress and can be cancelled:
// nothing of the file is stored.
func TestLongImportCancelled(t *testing.T) {
	need(t, "img2pdf")
	s, ss := demo(t, 2)
	dir := t.TempDir()
	img := image.NewGray(image.Rect(0, 0, 200, 280))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, nil)
	page := filepath.Join(dir, "blank.jpg")
	os.WriteFile(page, buf.Bytes(), 0o644)
	args := []string{"-o", filepath.Join(dir, "long.pdf")}
	for i := 0; i < 500; i++ {
		args = append(args, page)
	}
	run(t, "img2pdf", args...)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen, total int
	rep, err := Import(ctx, s, ss, []string{filepath.Join(dir, "long.pdf")}, func(done, of int, file string) {
		seen, total = done, of
		if done == 20 {
			cancel()
		}
	})
	if data.ErrorCode(err) != data.ECancelled || rep == nil {
		t.Fatalf("cancelled import: %v", err)
	}
	if total != 500 || seen < 20 || seen > 21 {
		t.Fatalf("progress: %d of %d", seen, total)
	}
	nothingStored(t, s)
}

// A 50 MB phone photo without a readable code goes to 待归类, stored
// scaled down.
func TestLargePhoto(t *testing.T) {
	s, ss := demo(t, 2)
	rng := rand.New(rand.NewSource(3))
	img := image.NewGray(image.Rect(0, 0, 7000, 5000))
	rng.Read(img.Pix)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	if buf.Len() < 25<<20 {
		t.Fatalf("the photo is only %d MB", buf.Len()>>20)
	}
	path := filepath.Join(t.TempDir(), "photo.jpg")
	os.WriteFile(path, buf.Bytes(), 0o644)
	f, key := importOne(t, s, ss, path)
	if key != "" || f.Unsorted != 1 {
		t.Fatalf("%+v %s", f, key)
	}
	u, _ := s.UnsortedScans()
	stored, err := s.ScanPageImage(u[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(stored))
	if err != nil || max(cfg.Width, cfg.Height) > keepSide {
		t.Fatalf("stored %dx%d, %v", cfg.Width, cfg.Height, err)
	}
}
