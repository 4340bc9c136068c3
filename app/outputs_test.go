package app

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/storage"
)

// TestDialogsNeverWriteOverADatabase: whatever a save dialog is given, the
// open database (by its name, another path or a link) and any other
// database are never opened for writing, so never emptied.
func TestDialogsNeverWriteOverADatabase(t *testing.T) {
	f := newFixture(t)
	startClient(t, newTestApp(t), f.path, f.clock)
	before, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "ledger.xlsx")
	os.Symlink(f.path, link)
	hard := filepath.Join(dir, "ledger.pdf")
	os.Link(f.path, hard)
	for _, p := range []string{f.path, filepath.Join(filepath.Dir(f.path), ".", filepath.Base(f.path)), link, hard} {
		w, err := storage.Writer(storage.NewFileURI(p))
		if err == nil {
			w.Close()
			t.Errorf("%s opened for writing", p)
		}
	}
	if after, _ := os.ReadFile(f.path); !bytes.Equal(before, after) {
		t.Fatal("the database changed")
	}
	w, err := storage.Writer(storage.NewFileURI(filepath.Join(dir, "new.xlsx")))
	if err != nil {
		t.Fatalf("a new file: %v", err)
	}
	w.Close()
}
