package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/app/machine"
	"upgradedesk/forms/uikit"
	"upgradedesk/reports/scan"
)

// prefScanFolder is this PC's watched folder of scans (the copier's
// scan-to-folder share); "" for none.
const prefScanFolder = machine.PrefScanFolder

// scanFolderEvery is how often the signed-in client looks into it.
const scanFolderEvery = 5 * time.Second

// scanSettle is how long a file must rest unchanged before it is taken: a
// copier still writing it is left for the next look.
const scanSettle = 3 * time.Second

// Subfolders of the watched folder the files go to once read: those
// imported, and those that could not be read (with the reason in the
// import's summary). Either way a file is looked at once.
func importedDir() string { return lang.L("scans.folder.done_dir") }
func failedDir() string   { return lang.L("scans.folder.failed_dir") }

// scanFolder looks into the watched folder every few seconds and imports
// the scans put there.
type scanFolder struct {
	s    *session
	dir  string
	mu   sync.Mutex
	busy bool
	done chan struct{}
	once sync.Once
}

// startScanFolder starts watching this PC's folder of scans, if one is
// set; every 0 only sets it up (tests call look).
func (s *session) startScanFolder(every time.Duration) {
	dir := s.c.localSettings("")[2].Value
	if dir == "" || !s.canWrite() {
		s.setFolderNote("")
		return
	}
	f := &scanFolder{s: s, dir: dir, done: make(chan struct{})}
	s.folder = f
	s.setFolderNote(lang.L("scans.folder.watching", map[string]any{"Dir": dir}))
	if every <= 0 {
		return
	}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-f.done:
				return
			case <-t.C:
				s.jobs.Do(f.look)
			}
		}
	}()
}

func (s *session) stopScanFolder() {
	if s.folder != nil {
		s.folder.once.Do(func() { close(s.folder.done) })
		s.folder = nil
	}
}

// setFolderNote shows the watched folder on the 签字件 tab.
func (s *session) setFolderNote(text string) {
	if s.scans != nil {
		s.scans.watchNote.SetText(text)
	}
}

// newScanFiles lists the files of dir the inbox takes that have rested
// since settle ago, in name order.
func newScanFiles(dir string, settle time.Time) ([]string, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range es {
		if e.IsDir() || !isScanFile(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil || info.ModTime().After(settle) {
			continue
		}
		out = append(out, filepath.Join(dir, e.Name()))
	}
	sort.Strings(out)
	return out, nil
}

// look imports the new files of the folder, unless an import is running;
// it runs on the UI goroutine.
func (f *scanFolder) look() {
	f.mu.Lock()
	if f.busy || f.s.c.sess != f.s {
		f.mu.Unlock()
		return
	}
	f.busy = true
	f.mu.Unlock()
	dir, now := f.dir, f.s.c.clock()()
	uikit.Background(f.s.jobs, func() ([]string, error) {
		return newScanFiles(dir, now.Add(-scanSettle))
	}, func(files []string, err error) {
		if err != nil || len(files) == 0 {
			if err != nil {
				f.s.setFolderNote(lang.L("scans.folder.unreadable", map[string]any{"Dir": dir}))
			}
			f.idle()
			return
		}
		f.s.importScans(files, func(r *scan.Report, err error) {
			f.putAway(r)
			f.idle()
		})
	})
}

func (f *scanFolder) idle() {
	f.mu.Lock()
	f.busy = false
	f.mu.Unlock()
}

// putAway moves the files an import read into the subfolder of imported
// files, those it could not read into the other one; files the import did
// not reach (cancelled) stay for the next look.
func (f *scanFolder) putAway(r *scan.Report) {
	if r == nil {
		return
	}
	for _, fr := range r.Files {
		sub := importedDir()
		if fr.Err != nil {
			sub = failedDir()
		}
		if err := moveInto(fr.Path, filepath.Join(f.dir, sub)); err != nil {
			fyne.LogError("put away "+fr.Path, err)
		}
	}
}

// moveInto moves path into dir (made when missing), under a new name when
// the name is taken.
func moveInto(path, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	base := filepath.Base(path)
	ext := filepath.Ext(base)
	for n := 1; n < 1000; n++ {
		name := base
		if n > 1 {
			name = fmt.Sprintf("%s-%d%s", base[:len(base)-len(ext)], n, ext)
		}
		to := filepath.Join(dir, name)
		if _, err := os.Lstat(to); errors.Is(err, fs.ErrNotExist) {
			return os.Rename(path, to)
		}
	}
	return fmt.Errorf("no free name for %s in %s", base, dir)
}

// buildScanFolder builds the setting of this PC's watched folder.
func (t *settingsTab) buildScanFolder() fyne.CanvasObject {
	t.scanFolder = widget.NewLabel("")
	t.scanFolder.Wrapping = fyne.TextWrapBreak
	t.showScanFolder()
	choose := uikit.NewButtonWithIcon(lang.L("settings.browse"), theme.FolderOpenIcon(), func() {
		uikit.AskFolder(t.s.win, uikit.FileSpec{Title: lang.L("scans.folder.pick")}, func(u fyne.ListableURI, err error) {
			if err != nil {
				t.s.showError("choose folder", err)
				return
			}
			if u != nil {
				t.setScanFolder(u.Path())
			}
		})
	})
	clear := uikit.NewButtonWithIcon(lang.L("scans.folder.clear"), theme.ContentClearIcon(), func() {
		t.setScanFolder("")
	})
	item := widget.NewFormItem(lang.L("scans.folder"), container.NewBorder(nil, nil, nil,
		container.NewHBox(choose, clear), t.scanFolder))
	return widget.NewForm(hinted(item, lang.L("scans.folder.hint")))
}

// setScanFolder makes dir this PC's watched folder ("" for none) and
// starts watching it at once.
func (t *settingsTab) setScanFolder(dir string) {
	t.s.c.app.Preferences().SetString(prefScanFolder, dir)
	t.showScanFolder()
	t.s.stopScanFolder()
	t.s.startScanFolder(t.s.c.scanEvery)
	t.refreshOrigins(t.sharedBackup)
}

// showScanFolder shows the folder watched: this PC's user setting, else
// the one set for the machine (see 本机设置的来源).
func (t *settingsTab) showScanFolder() {
	dir := t.s.c.localSettings("")[2].Value
	if dir == "" {
		dir = lang.L("scans.folder.none")
	}
	t.scanFolder.SetText(dir)
}
