package app

import (
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// databaseExts are the extensions a database is usually saved with.
var databaseExts = []string{".db", ".sqlite", ".sqlite3"}

// pickDatabase lets the user choose an existing database file, starting
// in the folder of current, and calls onPath with its path.
func pickDatabase(win fyne.Window, current string, onPath func(string)) {
	spec := uikit.FileSpec{Title: lang.L("settings.pick_db"), Exts: databaseExts, Start: current}
	uikit.AskOpenFile(win, spec, func(r fyne.URIReadCloser, err error) {
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
	})
}

// newDatabaseFile lets the user name a new database file, starting in the
// folder of current, and calls onPath with its path. The empty file the
// dialog creates is a valid empty database.
func newDatabaseFile(win fyne.Window, current string, onPath func(string)) {
	spec := uikit.FileSpec{Title: lang.L("settings.new_db_title"), Name: "upgradedesk.db", Start: current}
	uikit.AskSaveFile(win, spec, func(w fyne.URIWriteCloser, err error) {
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
	})
}

// askDatabaseAddress asks for a database address typed in full: a file
// path (a UNC path such as \\server\share\upgradedesk.db) or a
// postgres:// URL of a database server, and calls onAddress with it.
func askDatabaseAddress(win fyne.Window, current string, onAddress func(string)) {
	e := newEntry(validDatabaseAddress)
	e.SetText(current)
	e.SetPlaceHolder(`\\fileserver\upgrade\upgradedesk.db  /  postgres://user@host/upgradedesk`)
	item := widget.NewFormItem(lang.L("settings.db_address"), e)
	item.HintText = lang.L("settings.db_address_hint")
	d := uikit.NewFormDialog(lang.L("settings.db_address"), lang.L("OK"), []*widget.FormItem{item}, func(ok bool) {
		if ok {
			onAddress(strings.TrimSpace(e.Text))
		}
	}, win)
	d.ShowWidth(640)
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
