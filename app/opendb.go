package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/app/update"
	"upgradedesk/data"
	"upgradedesk/forms/uikit"
	"upgradedesk/reports"
)

// openRequest is one attempt to open a database.
type openRequest struct {
	location string
	opt      data.Options
	// remember saves location as this PC's database once it opened: the
	// user picked it after the configured one failed.
	remember bool
}

// startInfo is what the client needs to know about a freshly opened
// database before anyone signs in.
type startInfo struct {
	empty   bool
	library string
	// witness compares the database with what this PC saw of it last.
	witness *data.WitnessReport
}

// open opens a database off the UI goroutine and continues with the
// first-run or sign-in dialog, or with the choices of openProblem.
func (c *Client) open(location string, opt data.Options) {
	c.openWith(openRequest{location: location, opt: opt})
}

func (c *Client) openWith(req openRequest) {
	c.win.SetContent(newWelcome(req.location, lang.L("open.opening")))
	opt := req.opt
	opt.Now = c.now
	opt.Dossier = reports.ArchiveDossier    // closing a case archives its dossier
	opt.Addendum = reports.AddendumDocument // a cost after archiving files its 费用补记单
	opt.Witness = true                      // the 数据安全 check compares the chain with this PC's witness
	opt.AppVersion = c.cfg.Version          // a database written by a newer UpgradeDesk is refused
	uikit.Background(&c.jobs, func() (*data.Store, error) {
		return data.Open(req.location, opt)
	}, func(s *data.Store, err error) {
		if err != nil {
			fyne.LogError("open database "+req.location, err)
			c.showOpenProblem(req, err)
			return
		}
		c.useStore(s, req)
	})
}

// useStore makes s the client's database and asks it whether it is new.
func (c *Client) useStore(s *data.Store, req openRequest) {
	c.store, c.location = s, req.location
	guardFiles(req.location)
	if req.remember {
		c.app.Preferences().SetString(prefDBPath, req.location)
	}
	uikit.Background(&c.jobs, func() (startInfo, error) {
		empty, err := s.IsEmpty()
		if err != nil {
			return startInfo{}, err
		}
		// This PC's witness of the audit chain: checked, and recorded
		// unless the history was rewritten (see data.Store.Witness).
		w, err := s.Witness(false)
		return startInfo{empty: empty, library: s.LibraryName(), witness: w}, err
	}, func(info startInfo, err error) {
		if err != nil {
			fyne.LogError("read database "+req.location, err)
			if cerr := c.closeStore(); cerr != nil {
				fyne.LogError("close database", cerr)
			}
			c.showOpenProblem(req, err)
			return
		}
		c.library = info.library
		c.win.SetContent(newWelcome(req.location, info.library))
		if info.empty {
			c.showFirstRun()
			return
		}
		c.autoBackup(s)
		c.showLogin(c.prefs.lastUser, "")
		showWitness(c.win, info.witness)
	})
}

// showWitness tells at start what this PC's witness found: history
// rewritten behind the application's back (a warning), or a restore that
// replaced entries this PC had seen.
func showWitness(win fyne.Window, w *data.WitnessReport) {
	f := w.Finding()
	if f == nil {
		return
	}
	title := lang.L("open.witness_note")
	if w.Problem() {
		title = lang.L("open.witness_warning")
	}
	uikit.ShowInfo(win, title, f.Describe(uikit.Language()), nil)
}

// newWelcome is the window's content while nobody is signed in: the
// application's name and a line of status (opening, the library's name)
// above the dialogs, and the database's location at the bottom.
func newWelcome(location, note string) fyne.CanvasObject {
	icon := canvas.NewImageFromResource(uikit.Icon())
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(48))
	name := canvas.NewText(lang.L("app.name"), theme.Color(theme.ColorNameForeground))
	name.TextSize = 28
	name.TextStyle.Bold = true
	sub := widget.NewLabelWithStyle(lang.L("app.subtitle"), fyne.TextAlignCenter, fyne.TextStyle{})
	status := widget.NewLabelWithStyle(note, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	where := widget.NewLabelWithStyle(lang.L("open.location", map[string]any{"Path": location}),
		fyne.TextAlignCenter, fyne.TextStyle{})
	where.Importance = widget.LowImportance
	where.Truncation = fyne.TextTruncateEllipsis
	title := container.NewCenter(container.NewHBox(icon, container.NewCenter(name)))
	top := container.NewVBox(withMinSize(layout.NewSpacer(), 0, 48), title, sub, status)
	return container.NewBorder(top, where, nil, nil)
}

// openProblem tells the user why the database did not open and offers
// what can be done about it.
type openProblem struct {
	c       *Client
	req     openRequest
	dlg     *uikit.Dialog
	message *widget.Label
	content *fyne.Container
	// updateFound is what the update folder holds when the database was
	// written by a newer UpgradeDesk, once looked at.
	updateFound *update.Found
	// The choices; create, readOnly and restore are nil when they do not apply.
	retry, pick, address, create, readOnly, restore, quit *uikit.Button
}

// showOpenProblem shows what went wrong opening req in the user's
// language, with the choices that fit the error.
func (c *Client) showOpenProblem(req openRequest, err error) {
	c.win.SetContent(newWelcome(req.location, ""))
	p := &openProblem{c: c, req: req}
	p.message = wrappedLabel(errorText(err))
	content := container.NewVBox(p.message)
	p.content = content
	if !strings.Contains(p.message.Text, req.location) {
		where := widget.NewLabel(lang.L("open.location", map[string]any{"Path": req.location}))
		where.Wrapping = fyne.TextWrapBreak
		content.Add(where)
	}
	if need, folder, ok := data.NewerNeeds(err); ok {
		p.newerDetails(content, folder, need)
	}
	p.dlg = uikit.NewDialog(lang.L("open.failed"), content, c.win)
	p.dlg.SetButtons(p.buttons(data.ErrorCode(err))...)
	p.dlg.OnEnter(p.onRetry) // Esc does nothing: the only way out is 退出
	p.dlg.Resize(fyne.NewSize(620, 0))
	c.problem = p
	p.dlg.Show()
}

// buttons returns the choices that fit an error of the given code: quit,
// pick another file, create the missing file, open a read-only file
// read-only, and retry.
func (p *openProblem) buttons(code string) []fyne.CanvasObject {
	p.quit = uikit.NewButton(lang.L("open.quit"), p.c.app.Quit)
	p.pick = uikit.NewButtonWithIcon(lang.L("open.pick"), theme.FolderOpenIcon(), p.onPick)
	p.address = uikit.NewButtonWithIcon(lang.L("settings.type_address"), theme.DocumentCreateIcon(), p.onAddress)
	p.retry = uikit.NewButtonWithIcon(lang.L("open.retry"), theme.ViewRefreshIcon(), p.onRetry)
	p.retry.Importance = widget.HighImportance
	buttons := []fyne.CanvasObject{p.quit, p.pick, p.address}
	switch code {
	case data.ECorrupt:
		p.restore = uikit.NewButtonWithIcon(lang.L("open.restore"), theme.HistoryIcon(), p.onRestore)
		buttons = append(buttons, p.restore)
	case data.ENoDB:
		p.create = uikit.NewButtonWithIcon(lang.L("open.create"), theme.ContentAddIcon(), p.onCreate)
		buttons = append(buttons, p.create)
	case data.EReadOnly:
		p.readOnly = uikit.NewButtonWithIcon(lang.L("open.readonly"), theme.VisibilityIcon(), p.onReadOnly)
		buttons = append(buttons, p.readOnly)
	}
	return append(buttons, p.retry)
}

func (p *openProblem) again(req openRequest) {
	p.dlg.Hide()
	p.c.problem = nil
	p.c.openWith(req)
}

func (p *openProblem) onRetry() {
	p.again(openRequest{location: p.req.location, remember: p.req.remember})
}

func (p *openProblem) onCreate() {
	p.again(openRequest{location: p.req.location, opt: data.Options{Create: true}, remember: p.req.remember})
}

func (p *openProblem) onReadOnly() {
	p.again(openRequest{location: p.req.location, opt: data.Options{ReadOnly: true}, remember: p.req.remember})
}

func (p *openProblem) onAddress() {
	askDatabaseAddress(p.c.win, p.req.location, func(address string) {
		p.again(openRequest{location: address, remember: true})
	})
}

func (p *openProblem) onPick() {
	pickDatabase(p.c.win, p.req.location, func(path string) {
		p.again(openRequest{location: path, remember: true})
	})
}

// onRestore replaces a damaged database file with a backup: the
// administrator picks the backup and signs in against it; the damaged
// file is saved in the backup folder first (data.RestoreDamaged).
func (p *openProblem) onRestore() {
	file := newEntry(data.Required)
	file.SetPlaceHolder(data.DefaultBackupDir(p.req.location))
	choose := uikit.NewButtonWithIcon("", theme.FolderOpenIcon(), func() {
		pickDatabase(p.c.win, data.DefaultBackupDir(p.req.location)+"/", file.SetText)
	})
	user, pw := newEntry(data.Required), newPasswordEntry(data.Required)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("open.restore_file"), container.NewBorder(nil, nil, nil, choose, file)),
		widget.NewFormItem(lang.L("field.username"), user),
		widget.NewFormItem(lang.L("field.password"), pw),
	}
	items[0].HintText = lang.L("open.restore_hint")
	d := uikit.NewFormDialog(lang.L("open.restore_title"), lang.L("open.restore"), items, func(ok bool) {
		if ok {
			p.doRestore(file.Text, user.Text, pw.Text)
		}
	}, p.c.win)
	d.ShowWidth(620)
}

func (p *openProblem) doRestore(backup, user, pw string) {
	p.restoreWith(backup, user, pw, data.RestoreOptions{})
}

// restoreWith replaces the damaged file; a backup not known to be one of
// this database is restored only after the user confirms it.
func (p *openProblem) restoreWith(backup, user, pw string, opt data.RestoreOptions) {
	location := p.req.location
	busy := showBusy(p.c.win, lang.L("open.restoring"), nil)
	uikit.Background(&p.c.jobs, func() (string, error) {
		return data.RestoreDamaged(context.Background(), location, backup, data.DefaultBackupDir(location), user, pw, opt)
	}, func(saved string, err error) {
		busy.Hide()
		if err != nil {
			if !opt.OtherDatabase && needsOtherDatabase(err) {
				confirmOtherDatabase(p.c.win, err, func() { p.restoreWith(backup, user, pw, data.RestoreOptions{OtherDatabase: true}) })
				return
			}
			showError(p.c.win, "restore damaged database", err)
			return
		}
		uikit.ShowInfo(p.c.win, lang.L("open.restore"), lang.L("open.restore_done", map[string]any{"Saved": saved}), nil)
		p.onRetry()
	})
}
