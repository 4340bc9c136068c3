package uikit

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// FileSpec describes a file dialog of the client.
type FileSpec struct {
	// Title is the dialog's title; empty: 另存为, 打开文件 or 选择文件夹.
	Title string
	// Name is the file name a save dialog suggests.
	Name string
	// Exts, when set, shows only files with these extensions (".pdf").
	Exts []string
	// Start is a file or folder whose folder the dialog opens in, when it
	// exists.
	Start string
}

// AskSaveFile asks where to save a file: the dialog lists files with their
// whole names, speaks the user's language, Esc cancels it and Enter saves.
func AskSaveFile(win fyne.Window, spec FileSpec, done func(fyne.URIWriteCloser, error)) *dialog.FileDialog {
	fd := dialog.NewFileSave(done, win)
	fd.SetFileName(spec.Name)
	showFileDialog(win, fd, spec, "file.save_title")
	return fd
}

// AskOpenFile asks for a file to read, like AskSaveFile.
func AskOpenFile(win fyne.Window, spec FileSpec, done func(fyne.URIReadCloser, error)) *dialog.FileDialog {
	fd := dialog.NewFileOpen(done, win)
	showFileDialog(win, fd, spec, "file.open_title")
	return fd
}

// AskFolder asks for a folder, like AskSaveFile.
func AskFolder(win fyne.Window, spec FileSpec, done func(fyne.ListableURI, error)) *dialog.FileDialog {
	fd := dialog.NewFolderOpen(done, win)
	showFileDialog(win, fd, spec, "file.folder_title")
	return fd
}

// Largest size of a file dialog; a smaller window gets one that fits.
const (
	fileDialogWidth  = 900
	fileDialogHeight = 600
)

// showFileDialog sets up and shows a file dialog of Fyne's: its title,
// the list view (whole file names), the filter and folder, a size that
// fits the window; then it names the places in the user's language and
// gives it the client's keys.
func showFileDialog(win fyne.Window, fd *dialog.FileDialog, spec FileSpec, titleKey string) {
	title := spec.Title
	if title == "" {
		title = lang.L(titleKey)
	}
	fd.SetTitleText(title)
	fd.SetView(dialog.ListView)
	if len(spec.Exts) > 0 {
		fd.SetFilter(storage.NewExtensionFileFilter(spec.Exts))
	}
	if spec.Start != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(startFolder(spec.Start))); err == nil {
			fd.SetLocation(l)
		}
	}
	size := win.Canvas().Size()
	pad := 2 * theme.Padding()
	fd.Resize(fyne.NewSize(min(fileDialogWidth, size.Width-pad), min(fileDialogHeight, size.Height-pad)))
	fd.Show()
	adoptFileDialog(win.Canvas(), fd)
}

// startFolder returns path when it names a folder, else its folder.
func startFolder(path string) string {
	if l, err := storage.CanList(storage.NewFileURI(path)); err == nil && l {
		return path
	}
	return filepath.Dir(path)
}

// adoptFileDialog gives the file dialog on top of c the client's keys (Esc
// cancels, Enter confirms: the focus leaves the file name so that both
// reach the window) and the names of places in the user's language.
func adoptFileDialog(c fyne.Canvas, fd *dialog.FileDialog) {
	top := c.Overlays().Top()
	if top == nil {
		return
	}
	var confirm *widget.Button
	var places *widget.List
	walkVisible(top, func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widget.List:
			if places == nil {
				places = x
			}
		case *widget.Button:
			confirm = x // the confirm button comes last
		}
		return true
	})
	if places != nil {
		translatePlaces(places)
	}
	keys := &dialogKeys{escape: fd.Dismiss}
	if confirm != nil {
		keys.enter = func() {
			if !confirm.Disabled() {
				confirm.OnTapped()
			}
		}
	}
	openDialogs[top] = keys
	fd.SetOnClosed(func() { delete(openDialogs, top) })
	c.Unfocus()
}

// translatePlaces shows the names of the places a file dialog lists
// (Home, Computer, Desktop …) in the user's language.
func translatePlaces(l *widget.List) {
	update := l.UpdateItem
	l.UpdateItem = func(id widget.ListItemID, item fyne.CanvasObject) {
		update(id, item)
		if row, ok := item.(*fyne.Container); ok && len(row.Objects) > 1 {
			if label, ok := row.Objects[1].(*widget.Label); ok {
				label.SetText(placeName(label.Text))
			}
		}
	}
	l.Refresh()
}

// placeName returns the name of a place in the user's language: the
// translation of "file.place.<name>", or the name when there is none.
func placeName(name string) string {
	key := "file.place." + name
	if t := lang.L(key); t != key {
		return t
	}
	return name
}
