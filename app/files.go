package app

import (
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
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

// askDatabaseAddress asks for a database address typed in full: a file
// path (a UNC path such as \\server\share\upgradedesk.db) or a
// postgres:// URL of a database server, and calls onAddress with it.
func askDatabaseAddress(win fyne.Window, current string, onAddress func(string)) {
	e := widget.NewEntry()
	e.SetText(current)
	e.SetPlaceHolder(`\\fileserver\upgrade\upgradedesk.db  /  postgres://user@host/upgradedesk`)
	e.Validator = validator(validDatabaseAddress)
	item := widget.NewFormItem(lang.L("settings.db_address"), e)
	item.HintText = lang.L("settings.db_address_hint")
	d := dialog.NewForm(lang.L("settings.db_address"), lang.L("OK"), lang.L("Cancel"),
		[]*widget.FormItem{item}, func(ok bool) {
			if ok {
				onAddress(strings.TrimSpace(e.Text))
			}
		}, win)
	d.Resize(fyne.NewSize(640, 0))
	d.Show()
}

// validDatabaseAddress accepts a file path or a database server URL.
func validDatabaseAddress(s string) error {
	s = strings.TrimSpace(s)
	if err := data.Required(s); err != nil {
		return err
	}
	if data.IsURL(s) {
		if _, err := url.Parse(s); err != nil {
			return uikit.NewProblem("settings.db_bad_url", err)
		}
	}
	return nil
}
