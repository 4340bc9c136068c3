package app

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"sync"

	"fyne.io/fyne/v2"

	"upgradedesk/app/machine"
	"upgradedesk/forms/uikit"
)

// The settings of this PC (language, database, where the windows were)
// are Fyne preferences, kept in one file. Fyne's own keeping of that file
// races with itself: it rewrites the file in place (truncating it first)
// when the program ends, while its watcher of the folder reads the file
// back on every change it sees there, so that a read of the emptied file
// logged "Preferences load error: EOF" at about one start in five. The
// client therefore creates its Fyne app without an ID at first, so that
// Fyne keeps its preferences in memory only, and keeps them itself:
// KeepPreferences fills them from the file and writes every change back,
// whole, to a temporary file that then replaces the old one, so that the
// file is never seen half written.

// PreferencesFile returns the file the settings of this PC are kept in:
// where Fyne keeps the preferences of the app with the ID appID, so that
// the settings of earlier versions stay.
func PreferencesFile(appID string) (string, error) {
	return machine.PreferencesFile(appID)
}

// inMemoryPreferences is what Fyne's preferences offer beyond
// fyne.Preferences, to read and fill them as a whole.
type inMemoryPreferences interface {
	ReadValues(func(map[string]any))
	WriteValues(func(map[string]any))
}

// KeepPreferences fills a's preferences from the file path and writes
// them back to it, atomically, whenever one changes.
func KeepPreferences(a fyne.App, path string) error {
	p, ok := a.Preferences().(inMemoryPreferences)
	if !ok {
		return errors.New("the preferences cannot be read as a whole")
	}
	values, err := readPreferences(path)
	if err != nil {
		fyne.LogError("read the settings of this PC from "+path, err)
	}
	p.WriteValues(func(m map[string]any) {
		for k, v := range values {
			m[k] = v
		}
	})
	w := &prefsWriter{path: path, prefs: p}
	a.Preferences().AddChangeListener(w.save)
	return nil
}

// readPreferences reads the file of preferences; a missing file is none.
func readPreferences(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	values := map[string]any{}
	if len(b) == 0 {
		return values, nil
	}
	return values, json.Unmarshal(b, &values)
}

// prefsWriter writes the preferences to their file.
type prefsWriter struct {
	mu    sync.Mutex
	path  string
	prefs inMemoryPreferences
}

// save writes every preference to the file through a temporary file in
// its folder, which then replaces it.
func (w *prefsWriter) save() {
	var b []byte
	var err error
	w.prefs.ReadValues(func(m map[string]any) { b, err = json.Marshal(m) })
	if err == nil {
		w.mu.Lock()
		err = uikit.WriteFileAtomically(w.path, ".preferences-*.tmp", b, 0o700)
		w.mu.Unlock()
	}
	if err != nil {
		fyne.LogError("save the settings of this PC to "+w.path, err)
	}
}
