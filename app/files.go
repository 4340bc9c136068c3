package app

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// databaseFilter shows the files a database is usually saved as.
var databaseFilter = storage.NewExtensionFileFilter([]string{".db", ".sqlite", ".sqlite3"})

// pickDatabase lets the user choose an existing database file, starting
// in the folder of current, and calls onPath with its path.
func pickDatabase(win fyne.Window, current string, onPath func(string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			showError(win, "choose database", err)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		if err := r.Close(); err != nil {
			fyne.LogError("close "+path, err)
		}
		onPath(path)
	}, win)
	d.SetFilter(databaseFilter)
	startIn(d, current)
	d.Show()
}

// newDatabaseFile lets the user name a new database file, starting in the
// folder of current, and calls onPath with its path. The empty file the
// dialog creates is a valid empty database.
func newDatabaseFile(win fyne.Window, current string, onPath func(string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			showError(win, "new database", err)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		if err := w.Close(); err != nil {
			showError(win, "create "+path, err)
			return
		}
		onPath(path)
	}, win)
	d.SetFileName("upgradedesk.db")
	startIn(d, current)
	d.Show()
}

// startIn opens the file dialog in the folder of path when it exists.
func startIn(d *dialog.FileDialog, path string) {
	if path == "" {
		return
	}
	l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(path)))
	if err != nil {
		return // the folder is gone: the dialog starts in its default place
	}
	d.SetLocation(l)
}
