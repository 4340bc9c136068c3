package uikit

import (
	"errors"
	"io/fs"
	"net/url"
	"strings"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
)

// WriteAll writes what produce returns to wr and closes it. When anything
// fails the file is removed, so that no half-written file is left behind,
// and the error says in the user's words what went wrong.
func WriteAll(wr fyne.URIWriteCloser, produce func() ([]byte, error)) error {
	b, err := produce()
	if err == nil {
		if _, err = wr.Write(b); err != nil {
			err = writeProblem(wr.URI(), err)
		}
	}
	if cerr := wr.Close(); err == nil && cerr != nil {
		err = writeProblem(wr.URI(), cerr)
	}
	if err != nil {
		if rerr := storage.Delete(wr.URI()); rerr != nil {
			fyne.LogError("write "+wr.URI().String(), err)
			return NewProblem("export.left_incomplete", rerr, "Name", wr.URI().Name())
		}
	}
	return err
}

// writeProblem explains in the user's words why a file could not be
// written.
func writeProblem(u fyne.URI, err error) error {
	why := lang.L("export.io_error")
	switch {
	case errors.Is(err, fs.ErrPermission):
		why = lang.L("export.no_permission")
	case errors.Is(err, syscall.ENOSPC):
		why = lang.L("export.disk_full")
	}
	return NewProblem("export.write_failed", err, "Name", u.Name(), "Why", why)
}

// OfferOpen tells the user where a file went and offers to open it with
// the program the system uses for its kind (a PDF reader, a spreadsheet
// program).
func OfferOpen(a fyne.App, win fyne.Window, u fyne.URI) *Dialog {
	return ShowConfirm(win, ConfirmSpec{Title: lang.L("export.done_title"),
		Message: lang.L("export.done", map[string]any{"Name": u.Name(), "Program": programFor(u)}),
		Confirm: lang.L("export.open"), Dismiss: lang.L("uikit.close"),
		OnConfirm: func() { OpenFile(a, win, u) }})
}

// programFor names the kind of program that opens u, by its extension.
func programFor(u fyne.URI) string {
	switch strings.ToLower(u.Extension()) {
	case ".pdf":
		return lang.L("export.program.pdf")
	case ".xlsx":
		return lang.L("export.program.xlsx")
	}
	return lang.L("export.program.other")
}

// OpenFile opens a file with the program the system uses for it.
func OpenFile(a fyne.App, win fyne.Window, u fyne.URI) {
	link, err := url.Parse(u.String())
	if err == nil {
		err = a.OpenURL(link)
	}
	if err != nil {
		ShowError("open file", NewProblem("export.open_failed", err, "Name", u.Name(), "Program", programFor(u)), win)
	}
}
