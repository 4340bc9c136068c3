package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/app/update"
	"upgradedesk/data"
	"upgradedesk/data/semver"
	"upgradedesk/forms/uikit"
)

// updateEvery is how often the signed-in client looks into the update
// folder for a newer version.
const updateEvery = time.Hour

// notesLines is how many lines of release notes the banner shows; the
// rest is behind 版本说明.
const notesLines = 3

// versionBanner is the strip above the tabs that tells of a newer
// version in the update folder: its number, its release notes and where
// its installer is. It never takes the focus and hides until a newer one
// still when closed.
type versionBanner struct {
	s    *session
	root *fyne.Container
	// found is the version shown, nil when none; closed the one the user
	// closed the banner of.
	found  *update.Found
	closed string

	title, notes *widget.Label
	open, more   *uikit.Button
	close        *widget.Button
}

func newVersionBanner(s *session) *versionBanner {
	b := &versionBanner{s: s}
	b.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.title.Wrapping = fyne.TextWrapWord
	b.notes = widget.NewLabel("")
	b.notes.Wrapping = fyne.TextWrapWord
	b.open = uikit.NewButtonWithIcon(lang.L("update.open_folder"), theme.FolderOpenIcon(), func() {
		if b.found != nil {
			openFolder(s.c.app, s.win, b.found.Folder)
		}
	})
	b.open.Importance = widget.HighImportance
	b.more = uikit.NewButtonWithIcon(lang.L("update.notes"), theme.DocumentIcon(), func() {
		if b.found != nil {
			showNotes(s.win, b.found)
		}
	})
	b.close = widget.NewButtonWithIcon("", theme.CancelIcon(), b.onClose)
	b.close.Importance = widget.LowImportance
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	bg.CornerRadius = theme.InputRadiusSize()
	icon := widget.NewIcon(theme.DownloadIcon())
	buttons := container.NewHBox(b.more, b.open, b.close)
	body := container.NewBorder(nil, nil, container.NewVBox(icon), container.NewVBox(buttons),
		container.NewVBox(b.title, b.notes))
	b.root = container.NewStack(bg, container.NewPadded(body))
	b.root.Hide()
	return b
}

// show shows f, a version newer than this one, or hides the banner for
// nil or the version the user closed it for.
func (b *versionBanner) show(f *update.Found) {
	if f == nil || f.Version.String() == b.closed {
		b.found = nil
		b.root.Hide()
		return
	}
	b.found = f
	b.title.SetText(lang.L("update.newer", map[string]any{"Version": f.Version.String(),
		"Mine": b.s.c.cfg.Version, "Folder": f.Folder, "Installers": strings.Join(f.Installers, lang.L("update.list_sep"))}))
	notes, cut := firstLines(f.Notes, notesLines)
	if notes == "" {
		notes = lang.L("update.no_notes")
	}
	b.notes.SetText(notes)
	b.more.Hidden = !cut
	b.root.Show()
	b.root.Refresh()
}

func (b *versionBanner) onClose() {
	if b.found != nil {
		b.closed = b.found.Version.String()
	}
	b.show(nil)
}

// firstLines returns the first n lines of s and whether there were more.
func firstLines(s string, n int) (string, bool) {
	lines := strings.Split(s, "\n")
	if len(lines) <= n {
		return s, false
	}
	return strings.Join(lines[:n], "\n") + "\n…", true
}

// startUpdates looks into the update folder now and then every every (0:
// now only, tests).
func (s *session) startUpdates(every time.Duration) {
	s.lookForUpdate()
	if every <= 0 {
		return
	}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-s.ctx.Done():
				return
			case <-t.C:
				s.jobs.Do(s.lookForUpdate)
			}
		}
	}()
}

// lookForUpdate looks, off the UI goroutine and for at most
// update.Timeout, into the update folder set in the database, and shows
// the banner when it holds a version newer than this one. A folder that
// cannot be read is logged, never put in front of the user.
func (s *session) lookForUpdate() {
	store, ctx, mine := s.store, s.ctx, s.c.cfg.Version
	uikit.Background(s.jobs, func() (*update.Found, error) {
		return newerIn(ctx, store, mine)
	}, func(f *update.Found, err error) {
		if err != nil {
			fyne.LogError("look into the update folder", err)
			return
		}
		s.banner.show(f)
	})
}

// newerIn returns what the update folder set in store holds when it is
// newer than the version mine, else nil.
func newerIn(ctx context.Context, store *data.Store, mine string) (*update.Found, error) {
	dir, err := store.Setting(data.SettingUpdateFolder, "")
	if err != nil || dir == "" {
		return nil, err
	}
	return newerInFolder(ctx, dir, mine)
}

func newerInFolder(ctx context.Context, dir, mine string) (*update.Found, error) {
	f, err := update.Scan(ctx, dir)
	if err != nil || f == nil || !semver.Newer(f.Version.String(), mine) {
		return nil, err
	}
	return f, nil
}

// openFolder opens a folder in the system's file manager.
func openFolder(a fyne.App, win fyne.Window, dir string) {
	uikit.OpenFile(a, win, storage.NewFileURI(dir))
}

// showNotes shows the whole release notes of f.
func showNotes(win fyne.Window, f *update.Found) {
	uikit.ShowInfo(win, lang.L("update.notes_title", map[string]any{"Version": f.Version.String()}), f.Notes, nil)
}

// newerDetails fills box, in the refusal of a database written by a newer
// UpgradeDesk, with what the update folder holds: the version, its notes
// and a button to open the folder. need is the version the database
// needs ("" when it does not say).
func (p *openProblem) newerDetails(box *fyne.Container, folder, need string) {
	if folder == "" {
		return
	}
	c := p.c
	uikit.Background(&c.jobs, func() (*update.Found, error) {
		return newerInFolder(context.Background(), folder, c.cfg.Version)
	}, func(f *update.Found, err error) {
		if err != nil {
			fyne.LogError("look into the update folder", err)
		}
		defer p.dlg.Resize(fyne.NewSize(620, 0))
		open := uikit.NewButtonWithIcon(lang.L("update.open_folder"), theme.FolderOpenIcon(), func() {
			openFolder(c.app, c.win, folder)
		})
		open.Importance = widget.HighImportance
		if f == nil || (need != "" && semver.Newer(need, f.Version.String())) {
			box.Add(wrappedLabel(lang.L("update.not_there", map[string]any{"Folder": folder})))
			box.Add(container.NewHBox(open))
			return
		}
		box.Add(widget.NewLabelWithStyle(lang.L("update.there", map[string]any{"Version": f.Version.String(),
			"Installers": strings.Join(f.Installers, lang.L("update.list_sep"))}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		if f.Notes != "" {
			notes := widget.NewLabel(f.Notes)
			notes.Wrapping = fyne.TextWrapWord
			scroll := container.NewVScroll(notes)
			scroll.SetMinSize(fyne.NewSize(0, 140))
			box.Add(scroll)
		}
		box.Add(container.NewHBox(open))
		p.updateFound = f
	})
}
