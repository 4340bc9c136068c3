package app

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// defaultBackupKeep is how many daily backups are kept unless the
// administrator set another number.
const defaultBackupKeep = 7

// backupPlace returns where the daily backups of s go and how many are
// kept: the folder shared in the database, else the machine's, else the
// folder beside the database.
func (c *Client) backupPlace(s *data.Store) (dir string, keep int) {
	shared, _ := s.Setting(data.SettingBackupDir, "")
	dir = c.backupSetting(s, shared).Value
	keepText, _ := s.Setting(data.SettingBackupKeep, "")
	keep, err := strconv.Atoi(keepText)
	if err != nil || keep < 1 {
		keep = defaultBackupKeep
	}
	return dir, keep
}

// autoBackup makes today's backup of a SQLite database file when the
// client opens it, off the UI goroutine. A failure is logged and told in a
// notification; it never stops the client.
func (c *Client) autoBackup(s *data.Store) {
	if s.Engine() != "sqlite" {
		return
	}
	c.jobs.Go(func() {
		dir, keep := c.backupPlace(s)
		info, err := s.AutoBackup(context.Background(), dir, keep)
		switch {
		case err != nil:
			fyne.LogError("daily backup into "+dir, err)
			c.app.SendNotification(fyne.NewNotification(lang.L("safety.backup_failed"), errorText(err)))
		case info != nil:
			log.Printf("daily backup %s (%d bytes, %v)", info.Path, info.Size, info.Took.Round(time.Millisecond))
		}
	})
}

// safetyPage is the 数据安全 page of 设置: checking the database, backups
// and, for administrators, the backup settings and restoring.
type safetyPage struct {
	s    *session
	root fyne.CanvasObject

	check    *uikit.Button
	backup   *uikit.Button
	restore  *uikit.Button
	dir      *uikit.Entry
	keep     *uikit.Entry
	saveKeep *uikit.Button
	list     *widget.Label
}

func newSafetyPage(s *session) *safetyPage {
	p := &safetyPage{s: s}
	p.check = uikit.NewButtonWithIcon(lang.L("safety.check"), theme.SearchIcon(), p.onCheck)
	p.backup = uikit.NewButtonWithIcon(lang.L("safety.backup_now"), theme.DocumentSaveIcon(), p.onBackup)
	p.restore = uikit.NewButtonWithIcon(lang.L("safety.restore"), theme.HistoryIcon(), p.onRestore)
	p.restore.Importance = widget.DangerImportance
	p.dir = newEntry(data.MaxLen(500))
	p.dir.SetPlaceHolder(data.DefaultBackupDir(s.store.Location()))
	p.keep = newEntry(data.All(data.Required, data.ValidCount))
	p.saveKeep = uikit.NewButtonWithIcon(lang.L("common.save"), theme.DocumentSaveIcon(), p.onSaveBackupSettings)
	p.list = wrappedLabel("")
	p.root = container.NewVScroll(container.NewVBox(p.buildShare(), p.buildCheck(), p.buildBackups()))
	return p
}

// buildShare tells the rules of a shared file when the database is on a
// network share.
func (p *safetyPage) buildShare() fyne.CanvasObject {
	if !p.s.store.OnNetworkShare() {
		return container.NewVBox()
	}
	return widget.NewCard(lang.L("safety.share_title"), "", wrappedLabel(lang.L("safety.share_rules")))
}

func (p *safetyPage) buildCheck() fyne.CanvasObject {
	return widget.NewCard(lang.L("safety.check_title"), lang.L("safety.check_sub"), container.NewHBox(p.check))
}

// buildBackups builds the backup settings, 立即备份 and 从备份恢复; who may
// not use them reads why instead.
func (p *safetyPage) buildBackups() fyne.CanvasObject {
	form := widget.NewForm(
		formItem("safety.backup_dir", p.dir),
		formItem("safety.backup_keep", container.NewBorder(nil, nil, nil, p.saveKeep, p.keep)),
	)
	box := container.NewVBox(form, container.NewHBox(p.backup, p.restore))
	if why := p.s.sharedSettingsLocked(); why != "" {
		lockInputs(p.dir, p.keep)
		for _, b := range []*uikit.Button{p.saveKeep, p.backup, p.restore} {
			b.Hide()
		}
		box.Add(lockedNote(why))
	}
	box.Add(p.list)
	return widget.NewCard(lang.L("safety.backups_title"), lang.L("safety.backups_sub"), box)
}

// refresh reads the backup settings and lists the backups.
func (p *safetyPage) refresh() {
	store := p.s.store
	type state struct {
		dir, keep string
		files     []data.BackupFile
	}
	uikit.Background(p.s.jobs, func() (state, error) {
		var st state
		st.dir, _ = store.Setting(data.SettingBackupDir, "")
		st.keep, _ = store.Setting(data.SettingBackupKeep, strconv.Itoa(defaultBackupKeep))
		dir, _ := p.s.c.backupPlace(store)
		var err error
		st.files, err = data.ListBackups(dir)
		return st, err
	}, func(st state, err error) {
		p.dir.SetText(st.dir)
		p.keep.SetText(st.keep)
		if err != nil {
			p.list.SetText(errorText(err))
			return
		}
		p.list.SetText(describeBackups(st.files))
	})
}

func describeBackups(files []data.BackupFile) string {
	if len(files) == 0 {
		return lang.L("safety.no_backups")
	}
	lines := []string{lang.L("safety.backup_list")}
	for _, f := range files {
		lines = append(lines, fmt.Sprintf("%s  %s  %s", filepath.Base(f.Path), formatTime(f.ModTime), data.FormatSize(f.Size)))
	}
	return strings.Join(lines, "\n")
}

// longWork shows a progress dialog titled title with a 取消 button while
// work runs off the UI goroutine in a context that the button, the end of
// the session and a closed window cancel; then done gets the result on the
// UI goroutine. A cancelled run reports nothing.
func longWork[T any](s *session, title string, work func(ctx context.Context) (T, error), done func(T, error)) {
	ctx, cancel := context.WithCancel(s.ctx)
	prog := showBusy(s.win, title, cancel)
	uikit.Background(s.jobs, func() (T, error) { return work(ctx) }, func(v T, err error) {
		prog.Hide()
		cancelled := ctx.Err() != nil
		cancel()
		if cancelled && err != nil {
			return
		}
		done(v, err)
	})
}

// onCheck runs the whole check off the UI goroutine and shows the report.
func (p *safetyPage) onCheck() {
	p.check.Disable()
	store := p.s.store
	longWork(p.s, lang.L("safety.checking"), store.Check, func(rep *data.CheckReport, err error) {
		p.check.Enable()
		if err != nil {
			p.s.showError("check", err)
			return
		}
		p.showReport(rep)
	})
}

func (p *safetyPage) showReport(rep *data.CheckReport) {
	text := reportText(rep)
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	box := container.NewVScroll(label)
	box.SetMinSize(fyne.NewSize(560, 300))
	title := lang.L("safety.check_ok")
	if !rep.OK() {
		title = lang.L("safety.check_problems")
	}
	showScrolling(p.s.win, title, box)
}

// reportText writes a check report for people.
func reportText(rep *data.CheckReport) string {
	code := uikit.Language()
	var b strings.Builder
	section := func(title string, problems []string) {
		if len(problems) == 0 {
			fmt.Fprintf(&b, "✔ %s%s%s\n", title, lang.L("value.colon"), lang.L("safety.ok"))
			return
		}
		fmt.Fprintf(&b, "✘ %s%s%s\n", title, lang.L("value.colon"), lang.L("safety.n_problems", map[string]any{"N": len(problems)}))
		for _, pr := range problems {
			fmt.Fprintf(&b, "    · %s\n", pr)
		}
	}
	integrity := lang.L("safety.integrity")
	if rep.EngineCheck.Key != "" {
		integrity = lang.L("safety.integrity_of", map[string]any{"Check": integrity, "How": rep.EngineCheck.Describe(code)})
	}
	section(integrity, rep.Integrity)
	audit := make([]string, len(rep.Audit))
	for i, a := range rep.Audit {
		audit[i] = a.Describe(code)
	}
	section(lang.L("safety.audit", map[string]any{"N": rep.AuditEntries}), audit)
	refs := make([]string, len(rep.References))
	for i, f := range rep.References {
		refs[i] = f.Describe(code)
	}
	section(lang.L("safety.references", map[string]any{"N": rep.Cases}), refs)
	records := make([]string, len(rep.Records))
	for i, f := range rep.Records {
		records[i] = f.Describe(code)
	}
	if more := rep.RecordProblems - len(rep.Records); more > 0 {
		records = append(records, lang.L("safety.more", map[string]any{"N": more}))
	}
	section(lang.L("safety.records", map[string]any{"N": rep.Sealed}), records)
	if f := rep.Witness.Finding(); f != nil {
		var problems []string
		if rep.Witness.Problem() {
			problems = []string{f.Describe(code)}
		}
		section(lang.L("safety.witness"), problems)
		if !rep.Witness.Problem() {
			fmt.Fprintf(&b, "    · %s\n", f.Describe(code))
		}
	}
	if len(rep.Notices) > 0 {
		fmt.Fprintf(&b, "ℹ %s\n", lang.L("safety.notices", map[string]any{"N": len(rep.Notices)}))
		for _, f := range rep.Notices {
			fmt.Fprintf(&b, "    · %s\n", f.Describe(code))
		}
	}
	return b.String()
}

// onBackup asks where to save a backup and writes it off the UI goroutine.
func (p *safetyPage) onBackup() {
	name := "upgradedesk-" + p.s.c.clock()().Format("20060102-150405") + ".db"
	uikit.AskSaveFile(p.s.win, uikit.FileSpec{Title: lang.L("safety.backup_now_title"), Name: name},
		func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				p.s.showError("choose backup file", err)
				return
			}
			if w == nil {
				return // cancelled
			}
			path := w.URI().Path()
			// The store writes the copy itself (to a temporary file, then renames).
			if cerr := w.Close(); cerr != nil {
				fyne.LogError("close chosen file", cerr)
			}
			p.writeBackup(path)
		})
}

func (p *safetyPage) writeBackup(path string) {
	// The dialog has made the file, empty (and a file it replaced was
	// confirmed and emptied): the backup takes its name when complete.
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() && st.Size() == 0 {
		os.Remove(path)
	}
	p.backup.Disable()
	store := p.s.store
	longWork(p.s, lang.L("safety.backing_up"), func(ctx context.Context) (*data.BackupInfo, error) {
		return store.Backup(ctx, path)
	}, func(info *data.BackupInfo, err error) {
		p.backup.Enable()
		if err != nil {
			p.s.showError("backup", err)
			return
		}
		uikit.ShowInfo(p.s.win, lang.L("safety.backup_done"), lang.L("safety.backup_done_text",
			map[string]any{"Path": info.Path, "Size": data.FormatSize(info.Size), "SHA": info.SHA256}), nil)
		p.refresh()
	})
}

// onRestore asks for a backup file, confirms, and restores it.
func (p *safetyPage) onRestore() {
	dir, _ := p.s.c.backupPlace(p.s.store)
	uikit.AskOpenFile(p.s.win, uikit.FileSpec{Title: lang.L("safety.restore_pick"), Start: dir + string(os.PathSeparator)},
		func(r fyne.URIReadCloser, err error) {
			if err != nil {
				p.s.showError("choose backup", err)
				return
			}
			if r == nil {
				return // cancelled
			}
			path := r.URI().Path()
			if cerr := r.Close(); cerr != nil {
				fyne.LogError("close chosen file", cerr)
			}
			p.confirmRestore(path)
		})
}

func (p *safetyPage) confirmRestore(path string) {
	uikit.ShowConfirm(p.s.win, uikit.ConfirmSpec{Title: lang.L("safety.restore"),
		Message: lang.L("safety.restore_confirm", map[string]any{"Path": path}),
		Confirm: lang.L("safety.restore_go"), Danger: true,
		OnConfirm: func() { p.doRestore(path, data.RestoreOptions{}) }})
}

// doRestore restores off the UI goroutine, then signs the user out: what
// the session shows belongs to the database as it was. A backup of
// another database is restored only after the user confirms it.
func (p *safetyPage) doRestore(path string, opt data.RestoreOptions) {
	store, user := p.s.store, p.s.login
	dir, _ := p.s.c.backupPlace(store)
	longWork(p.s, lang.L("safety.restoring"), func(ctx context.Context) (string, error) {
		return store.Restore(ctx, user, path, dir, opt)
	}, func(saved string, err error) {
		if err != nil {
			if !opt.OtherDatabase && needsOtherDatabase(err) {
				confirmOtherDatabase(p.s.win, err, func() { p.doRestore(path, data.RestoreOptions{OtherDatabase: true}) })
				return
			}
			p.s.showError("restore", err)
			return
		}
		c := p.s.c
		uikit.ShowInfo(p.s.win, lang.L("safety.restore_done"), lang.L("safety.restore_done_text",
			map[string]any{"Saved": saved}), nil)
		c.signOut()
	})
}

// needsOtherDatabase reports whether a restore was refused only because
// the backup is not known to be one of this database.
func needsOtherDatabase(err error) bool {
	var e *data.Error
	return errors.As(err, &e) && (e.Key == "err.restore_other_database" || e.Key == "err.restore_unknown_database")
}

// confirmOtherDatabase shows why the backup was refused and lets the
// user restore it all the same.
func confirmOtherDatabase(win fyne.Window, err error, again func()) {
	uikit.ShowConfirm(win, uikit.ConfirmSpec{Title: lang.L("safety.other_database"), Message: errorText(err),
		Confirm: lang.L("safety.restore_anyway"), Danger: true, OnConfirm: again})
}

// onSaveBackupSettings saves the backup folder and how many to keep.
func (p *safetyPage) onSaveBackupSettings() {
	if !validOrSay(p.s.win, "safety.backup_keep", p.keep) {
		return
	}
	store, user := p.s.store, p.s.login
	dir, keep := strings.TrimSpace(p.dir.Text), strings.TrimSpace(p.keep.Text)
	uikit.Background(p.s.jobs, func() (struct{}, error) {
		if err := store.SetSetting(user, data.SettingBackupDir, dir); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, store.SetSetting(user, data.SettingBackupKeep, keep)
	}, func(_ struct{}, err error) {
		if err != nil {
			p.s.showError("save backup settings", err)
			return
		}
		p.refresh()
	})
}
