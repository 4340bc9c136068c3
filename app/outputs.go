package app

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage/repository"

	"upgradedesk/data"
)

// Fyne's save dialog opens (and so empties) the chosen file before the
// client hears which one it is. Every file the client writes goes through
// Fyne's repository of file: URIs, so the client wraps it: a file is
// opened for writing only after data.CheckOutput has passed it, which
// refuses the open database (by any path or link), any other database and
// folders. Replacing another existing file is what the dialog's own
// "Overwrite?" confirmation asks about.

var (
	// guardedDB is the database the client has open, "" before one is.
	guardedMu sync.Mutex
	guardedDB string
)

// guardFiles wraps the file repository (unless it is wrapped already) and
// makes location the database it protects.
func guardFiles(location string) {
	guardedMu.Lock()
	defer guardedMu.Unlock()
	guardedDB = location
	inner, err := repository.ForScheme("file")
	if err != nil {
		fyne.LogError("no file repository to guard", err)
		return
	}
	if _, done := inner.(*guardedFiles); done {
		return
	}
	full, ok := inner.(fileRepository)
	if !ok {
		fyne.LogError("the file repository cannot be guarded", nil)
		return
	}
	repository.Register("file", &guardedFiles{fileRepository: full})
}

// fileRepository is what Fyne's repository of files does.
type fileRepository interface {
	repository.AppendableRepository
	repository.DeleteAllRepository
	repository.ListableRepository
	repository.HierarchicalRepository
	repository.CopyableRepository
	repository.MovableRepository
}

// guardedFiles is the file repository with its writes checked first.
type guardedFiles struct {
	fileRepository
}

func (g *guardedFiles) check(u fyne.URI) error {
	guardedMu.Lock()
	db := guardedDB
	guardedMu.Unlock()
	return data.CheckOutput(u.Path(), true, db)
}

// Writer opens u for writing once CheckOutput passed it.
func (g *guardedFiles) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	if err := g.check(u); err != nil {
		return nil, err
	}
	return g.fileRepository.Writer(u)
}

// Appender opens u for appending once CheckOutput passed it.
func (g *guardedFiles) Appender(u fyne.URI) (fyne.URIWriteCloser, error) {
	if err := g.check(u); err != nil {
		return nil, err
	}
	return g.fileRepository.Appender(u)
}

// Copy copies onto destination once CheckOutput passed it.
func (g *guardedFiles) Copy(source, destination fyne.URI) error {
	if err := g.check(destination); err != nil {
		return err
	}
	return g.fileRepository.Copy(source, destination)
}

// Move moves onto destination once CheckOutput passed it.
func (g *guardedFiles) Move(source, destination fyne.URI) error {
	if err := g.check(destination); err != nil {
		return err
	}
	return g.fileRepository.Move(source, destination)
}
