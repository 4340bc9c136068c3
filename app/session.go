package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms"
	"upgradedesk/forms/uikit"
)

// session is the work of one signed-in user: the header, the tabs, the
// case windows and the watcher that notices work done on other PCs.
type session struct {
	c     *Client
	store *data.Store
	user  *data.User
	// login is the user's session: every change is made under it.
	login *data.Session
	dept  string
	win   fyne.Window
	jobs  *uikit.Jobs
	// cases opens the case windows.
	cases *forms.Manager

	header *header
	tabs   *container.AppTabs
	pages  []page
	// stale marks pages that missed a change while hidden.
	stale map[page]bool

	todo     *todoTab
	list     *casesTab
	ledger   *ledgerTab
	stats    *statsTab
	settings *settingsTab
	watch    *watcher
	scans    *scansTab
	// calendar is the upgrade calendar (升级日历).
	calendar *calendarTab
	// folder imports the scans put in the watched folder; nil without one.
	folder *scanFolder
	// banner tells of a newer version in the update folder.
	banner *versionBanner
	// scanReport is the summary of the last import of scans, and its text.
	scanReport     *uikit.Dialog
	scanReportText string
	// mail sends the outbox from this PC; nil when it does not.
	mail *mailSender

	// ctx ends when the session does (sign-out, the window closed): long
	// work started in it (check, backup, restore, import) then stops.
	ctx    context.Context
	cancel context.CancelFunc
	// waitStop is the 取消 of the save waiting for another PC, if one is.
	waitStop *uikit.Button
}

// refresher is anything that reloads what it shows, off the UI goroutine.
type refresher interface {
	refresh()
}

// page is one tab of the main window.
type page interface {
	refresher
	// tabItem returns the tab, built once.
	tabItem() *container.TabItem
}

// startSession shows the main window's content for the signed-in user and
// starts watching for changes.
func (c *Client) startSession(p profile) {
	s := &session{c: c, user: p.user, login: p.login, dept: p.dept, win: c.win, jobs: &c.jobs,
		stale: map[page]bool{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	// Saves that find the database held by another PC past the busy
	// timeout wait, visibly, until it is free or the user stops them.
	s.store = c.store.Patient(s.waitForOthers)
	s.cases = forms.NewManager(&forms.Env{
		App: c.app, Store: s.store, Session: p.login, Docs: newDocsExporter(c.clock()),
		Changed: func(uint) { s.afterOwnWrite() }, Jobs: s.jobs, Places: c.places,
		Calendar: icsWriter(c.clock()), SpareAfter: c.prebuild,
	})
	s.header = newHeader(s)
	s.banner = newVersionBanner(s)
	s.buildTabs()
	c.sess = s
	c.win.SetContent(container.NewBorder(container.NewVBox(s.header.root, s.banner.root), nil, nil, nil, s.tabs))
	if p.todo != nil { // computed ahead: shown with the first frame
		s.todo.show(*p.todo, false)
		s.othersChanged()
	} else {
		s.changed(false) // the first load: 待办 now, each other tab when first shown
	}
	s.watch = newWatcher(c.store.ChangeSeq, c.store.OwnChanges, s.onChangedElsewhere, s.header.setOnline)
	s.startMail(c.mailEvery)
	c.win.SetOnDropped(s.onDropped)
	s.startScanFolder(c.scanEvery)
	s.startUpdates(c.updateEvery)
	poll := c.poll
	c.jobs.Go(func() {
		s.watch.tick() // records where the change sequence stands
		if poll > 0 {
			s.watch.start(poll)
		}
	})
}

// onChangedElsewhere runs on the watcher's goroutine when the database
// changed: the lists refresh and the open case windows reload.
func (s *session) onChangedElsewhere() {
	s.jobs.Do(func() {
		s.changed(true)
		s.cases.Refresh()
	})
}

// changed refreshes the 待办 list and the tab in view; the other tabs
// refresh when they are next shown. Cases new in 待办 are announced when
// the change was made elsewhere.
func (s *session) changed(elsewhere bool) {
	if s.c.sess != s {
		return // signed out meanwhile
	}
	s.todo.load(elsewhere)
	s.othersChanged()
}

// afterOwnWrite brings the lists up to date after a case window's save or
// step, once the window has shown it (Client.ownWrite).
func (s *session) afterOwnWrite() {
	refresh := func() { s.jobs.Do(func() { s.changed(false) }) }
	if s.c.ownWrite > 0 {
		time.AfterFunc(s.c.ownWrite, refresh)
		return
	}
	refresh()
}

// othersChanged refreshes the page in view unless it is 待办, and marks
// the others to be refreshed when shown.
func (s *session) othersChanged() {
	current := s.currentPage()
	for _, pg := range s.pages {
		switch {
		case pg == page(s.todo):
		case pg == current:
			pg.refresh()
			delete(s.stale, pg)
		default:
			s.stale[pg] = true
		}
	}
}

// currentPage returns the page in view.
func (s *session) currentPage() page {
	sel := s.tabs.Selected()
	for _, pg := range s.pages {
		if pg.tabItem() == sel {
			return pg
		}
	}
	return nil
}

// onTabSelected refreshes a page that missed a change while hidden.
func (s *session) onTabSelected(*container.TabItem) {
	if pg := s.currentPage(); pg != nil && s.stale[pg] {
		delete(s.stale, pg)
		pg.refresh()
	}
}

// end closes the case windows, asking about unsaved edits, then stops the
// session and calls then; when the user goes back to a window instead, the
// session goes on.
func (s *session) end(then func()) {
	s.cases.CloseAll(func() {
		if s.c.sess != s {
			return // ended meanwhile
		}
		s.stop()
		s.c.sess = nil
		then()
	})
}

// stop stops watching for changes and the session's long work, and
// records in this PC's witness where the audit chain ends now.
func (s *session) stop() {
	if s.cancel != nil {
		s.cancel()
	}
	s.stopMail()
	s.stopScanFolder()
	if _, err := s.store.Witness(false); err != nil {
		fyne.LogError("record the witness of the audit chain", err)
	}
	if s.watch != nil {
		s.watch.close()
	}
}

// waitForOthers shows 等待其他电脑… with 取消 while a save waits for another
// PC (see data.Store.Patient); 取消, the end of the session and a closed
// window stop the waiting.
func (s *session) waitForOthers(string) (context.Context, func()) {
	ctx, cancel := context.WithCancel(s.ctx)
	var dlg *uikit.Dialog
	s.jobs.Do(func() {
		stop := uikit.NewButton(lang.L("Cancel"), func() {
			cancel()
		})
		text := wrappedLabel(lang.L("wait.text"))
		dlg = uikit.NewDialog(lang.L("wait.title"), container.NewVBox(text, widget.NewProgressBarInfinite()), s.win)
		dlg.SetButtons(stop)
		dlg.OnEscape(cancel)
		dlg.Resize(fyne.NewSize(420, 0))
		s.waitStop = stop
		dlg.Show()
	})
	return ctx, func() {
		cancel()
		s.jobs.Do(func() {
			if dlg != nil {
				dlg.Hide()
			}
			s.waitStop = nil
		})
	}
}

// showError logs err and shows it in the user's language.
func (s *session) showError(op string, err error) { showError(s.win, op, err) }

// notify sends a desktop notification.
func (s *session) notify(title, content string) {
	s.c.app.SendNotification(fyne.NewNotification(title, content))
}

// isAdmin reports whether the user manages accounts and master data.
func (s *session) isAdmin() bool { return s.user.HasRole(data.RoleAdmin) }

// canWrite reports whether the database accepts changes.
func (s *session) canWrite() bool { return !s.store.ReadOnly() }
