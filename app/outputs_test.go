package app

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
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

// TestRewrittenHistoryIsToldAtStart: when this PC saw an entry of the
// audit chain that the database no longer holds, the client says so when
// it opens the database.
func TestRewrittenHistoryIsToldAtStart(t *testing.T) {
	f := newFixture(t)
	startClient(t, newTestApp(t), f.path, f.clock).Close()
	// What this PC saw is now an entry the database never had.
	b, err := os.ReadFile(data.WitnessPath())
	if err != nil {
		t.Fatal(err)
	}
	var w struct {
		Databases map[string]map[string]any `json:"databases"`
		Places    map[string]string         `json:"places"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		t.Fatal(err)
	}
	id, _ := f.store.DatabaseID()
	w.Databases[id]["hash"] = strings.Repeat("ab", 32)
	b, _ = json.Marshal(w)
	os.WriteFile(data.WitnessPath(), b, 0o600)

	c := startClient(t, newTestApp(t), f.path, f.clock)
	if !overlayShows(c.win.Canvas().Overlays().List(), "审计链被改写") {
		t.Fatal("no warning at start")
	}
}

// overlayShows reports whether any text of the overlays contains s.
func overlayShows(objs []fyne.CanvasObject, s string) bool {
	for _, o := range objs {
		switch x := o.(type) {
		case *widget.Label:
			if strings.Contains(x.Text, s) {
				return true
			}
		case *canvas.Text:
			if strings.Contains(x.Text, s) {
				return true
			}
		case fyne.Widget:
			if overlayShows(test.WidgetRenderer(x).Objects(), s) {
				return true
			}
		case *fyne.Container:
			if overlayShows(x.Objects, s) {
				return true
			}
		}
	}
	return false
}
